"""Copying a congress's set-up into a new one: this area's part (zones), and the shared helper.

``clone_setup`` (app/events/services.py) calls each area's ``setup.copy(source, target,
copied, shift)`` in the order of ``app.AREAS``; ``copied`` maps ``(table, old id)`` to the
new row's id, so a later area can point at what an earlier one copied (a gate at its zone).
Set-up only: never people, applications, badges, scans, releases or coverage.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.events.models import Event, Zone
from app.extensions import db


def copy_rows(model, source: Event, target: Event, copied: dict, columns: tuple[str, ...], refs=None) -> int:
    """Copy ``model``'s rows of ``source`` into ``target``: the ``columns`` as they are, and each
    column of ``refs`` (column → table) pointed at the copy of what it referred to."""
    refs = refs or {}
    rows = db.session.scalars(select(model).where(model.event_id == source.id).order_by(model.id)).all()
    for row in rows:
        values = {name: getattr(row, name) for name in columns}
        for name, table in refs.items():
            old = getattr(row, name)
            values[name] = copied.get((table, old)) if old is not None else None
        new = model(event_id=target.id, **values)
        db.session.add(new)
        db.session.flush()
        copied[(model.__tablename__, row.id)] = new.id
    return len(rows)


def copy(source: Event, target: Event, copied: dict, shift: timedelta) -> int:
    """Copy the zones."""
    return copy_rows(Zone, source, target, copied, ("code", "name", "sort_order"))
