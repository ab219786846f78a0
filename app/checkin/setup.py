"""Copying a congress's set-up into a new one: the gates (see app/events/setup.py)."""

from __future__ import annotations

from datetime import timedelta

from app.checkin.models import Gate
from app.events.models import Event
from app.events.setup import copy_rows


def copy(source: Event, target: Event, copied: dict, shift: timedelta) -> int:
    """Copy the gates, each at the copy of its zone; paired devices are never copied."""
    return copy_rows(Gate, source, target, copied, ("name", "direction", "active"), {"zone_id": "zones"})
