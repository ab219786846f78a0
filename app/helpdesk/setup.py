"""The help desk in a congress's set-up (see app/events/setup.py): the equipment inventory is
copied (the desk takes the same chargers and headsets to the next congress); requests and
loans belong to people and are never copied."""

from __future__ import annotations

from datetime import timedelta

from app.events.models import Event
from app.events.setup import copy_rows
from app.helpdesk.models import EquipmentItem


def copy(source: Event, target: Event, copied: dict, shift: timedelta) -> int:
    """Copy the inventory lines (kind, name, count, lent out or not)."""
    return copy_rows(EquipmentItem, source, target, copied, ("kind", "label", "count", "active"))
