"""Copying a congress's set-up into a new one: the press-conference rooms (see app/events/setup.py)."""

from __future__ import annotations

from datetime import timedelta

from app.briefings.models import Room
from app.events.models import Event
from app.events.setup import copy_rows


def copy(source: Event, target: Event, copied: dict, shift: timedelta) -> int:
    """Copy the rooms with their gates; speakers and conferences are never copied."""
    return copy_rows(
        Room, source, target, copied, ("name", "location", "capacity", "active"), {"gate_id": "gates"}
    )
