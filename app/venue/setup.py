"""Copying a congress's set-up into a new one: member units, locations and the decoration
checklist as tasks with their deadlines moved to the new dates (see app/events/setup.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.events.models import Event
from app.events.setup import copy_rows
from app.extensions import db
from app.venue.models import Location, Task, Unit

UNIT_COLUMNS = ("name", "name_key", "contact_name", "contact_phone", "contact_email")
TASK_COLUMNS = ("title", "spec", "quantity", "description", "category_id", "priority", "template_id")


def copy(source: Event, target: Event, copied: dict, shift: timedelta) -> int:
    """Copy units, locations and tasks (as new work: to do, unassigned, no evidence)."""
    count = copy_rows(Unit, source, target, copied, UNIT_COLUMNS)
    count += copy_rows(Location, source, target, copied, ("name", "kind", "address", "sort_order"))
    for task in db.session.scalars(select(Task).where(Task.event_id == source.id).order_by(Task.id)).all():
        new = Task(
            event_id=target.id,
            location_id=copied[("locations", task.location_id)],
            unit_id=copied.get(("units", task.unit_id)) if task.unit_id else None,
            due_at=task.due_at + shift,
            **{name: getattr(task, name) for name in TASK_COLUMNS},
        )
        new.refresh_search_key()
        db.session.add(new)
        count += 1
    db.session.flush()
    return count
