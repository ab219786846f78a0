"""The current event and the queries scoped to it.

Step 1 of issue 15: one installation serves one event at a time. The current event is
the running one (else the open one, else the first one); it is looked up once per app
context and cached in ``g``. Step 2 resolves it from the URL instead.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, g, has_app_context
from sqlalchemy import Select, case, select

from app.core import eventinfo, tokens
from app.core.timeutil import DEFAULT_TZ
from app.events.models import LEVELS, STATUSES, Event
from app.extensions import db

# Running first, then open: the event the press centre is working for now.
_STATUS_RANK = case((Event.status == "running", 0), (Event.status == "open", 1), else_=2)


def _lookup(connection=None) -> eventinfo.EventInfo | None:
    query = (
        select(
            Event.id, Event.code, Event.name, Event.timezone, Event.first_day, Event.last_day, Event.key_id
        )
        .order_by(_STATUS_RANK, Event.id)
        .limit(1)
    )
    row = (connection or db.session).execute(query).first()
    return eventinfo.EventInfo(*row) if row else None


def current_event_info(connection=None) -> eventinfo.EventInfo | None:
    """The current event's plain facts, cached for the app context once found."""
    if not has_app_context():
        return None
    info = g.get(eventinfo.CACHE_KEY)
    if info is None:
        info = _lookup(connection)
        if info is not None:
            setattr(g, eventinfo.CACHE_KEY, info)
    return info


def current_event_id(connection=None) -> int | None:
    """The current event's id (None before any event exists)."""
    info = current_event_info(connection)
    return info.id if info else None


def current_event() -> Event:
    """The installation's event: the running one, else the open one, else the first one.

    Raises LookupError when the database has no event at all (``flask init-db`` creates one).
    """
    event_id = current_event_id()
    if event_id is None:
        raise LookupError("no event in the database: run `flask init-db`")
    return db.session.get(Event, event_id)


def forget_current_event() -> None:
    """Drop the cached current event (after creating or changing events)."""
    eventinfo.forget()


def scoped(model, event: Event | None = None) -> Select:
    """``select(model)`` limited to one event's rows (the current event unless given)."""
    event_id = event.id if event is not None else current_event_id()
    return select(model).where(model.event_id == event_id)


def create_event(
    code: str,
    name: str,
    *,
    level: str = "provincial",
    status: str = "draft",
    timezone: str = DEFAULT_TZ,
    first_day: date | None = None,
    last_day: date | None = None,
    host: str | None = None,
    place: str | None = None,
    key_id: str | None = None,
) -> Event:
    """Add an event (flushed, not committed); the code is stored upper-case."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    event = Event(
        code=code.strip().upper(),
        name=name,
        level=level,
        status=status,
        timezone=timezone,
        first_day=first_day,
        last_day=last_day,
        host=host,
        place=place,
    )
    if key_id:
        event.key_id = key_id
    db.session.add(event)
    db.session.flush()
    forget_current_event()
    return event


def first_event_from_config(status: str = "running") -> Event:
    """The first event, named by the legacy ``EVENT_*`` settings (``flask init-db``, seed-demo)."""
    existing = db.session.scalar(select(Event).order_by(Event.id).limit(1))
    if existing is not None:
        return existing
    config = current_app.config
    return create_event(
        config.get("EVENT_CODE") or "DH16",
        config.get("EVENT_NAME") or "Press centre",
        status=status,
        timezone=config.get("EVENT_TIMEZONE") or DEFAULT_TZ,
        first_day=_iso(config.get("EVENT_FIRST_DAY")),
        last_day=_iso(config.get("EVENT_LAST_DAY")),
        key_id=tokens.SITE_KEY_ID,  # the installation's first event keeps the first key id
    )


def _iso(value) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def init_app(app) -> None:
    """Tell core (time zone, templates, outbox, audit, backup) how to find the current event."""
    from app.events import scope

    eventinfo.set_provider(app, current_event_info)
    scope.init_app(app)


def event_of(row) -> Event:
    """The event an owned row belongs to (the current event while the row is not yet flushed)."""
    event_id = getattr(row, "event_id", None)
    return db.session.get(Event, event_id) if event_id else current_event()
