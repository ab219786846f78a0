"""Positions in a congress's set-up (see app/events/setup.py): the priority classes are copied (the
host broadcaster and the national news agency come first congress after congress); sessions,
positions and requests belong to one congress's programme and people and are not."""

from __future__ import annotations

from datetime import timedelta

from app.events.models import Event
from app.events.setup import copy_rows
from app.positions.models import PriorityOutlet


def copy(source: Event, target: Event, copied: dict, shift: timedelta) -> int:
    """Copy the priority list (outlet, class, rank, guaranteed places)."""
    return copy_rows(
        PriorityOutlet, source, target, copied, ("organisation_id", "class_name", "rank", "guaranteed")
    )
