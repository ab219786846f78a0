"""The interview desk in a congress's set-up (see app/events/setup.py): the standing list of
spokespeople and officials is copied, and whether the list is closed (a province's spokespeople answer the press congress after
congress); delegates are elected for one congress and are not, nor is any request."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.events.models import Event
from app.events.setup import copy_rows
from app.extensions import db
from app.interviews.models import Interviewee, InterviewSettings

COLUMNS = ("full_name", "title", "organisation", "kind", "language_codes", "email", "phone", "active")


def copy(source: Event, target: Event, copied: dict, shift: timedelta) -> int:
    """Copy whether the list is closed, and the spokespeople, officials and others (not
    delegates); their speaker link is not copied, as speakers are not."""
    copy_rows(InterviewSettings, source, target, copied, ("list_closed",))
    rows = db.session.scalars(
        select(Interviewee)
        .where(Interviewee.event_id == source.id, Interviewee.kind != "delegate")
        .order_by(Interviewee.id)
    ).all()
    for row in rows:
        new = Interviewee(event_id=target.id, **{name: getattr(row, name) for name in COLUMNS})
        db.session.add(new)
        db.session.flush()
        copied[(Interviewee.__tablename__, row.id)] = new.id
    return len(rows)
