"""The current event and the queries scoped to it.

Step 1 of issue 15: one installation serves one event at a time. The current event is
the running one (else the open one, else the first one); it is looked up once per app
context and cached in ``g``. Step 2 resolves it from the URL instead.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from flask import current_app, g, has_app_context, has_request_context, session
from sqlalchemy import Select, bindparam, case, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import aliased

from app.core import eventinfo, tokens
from app.core.timeutil import DEFAULT_TZ
from app.events.models import LEVELS, STATUSES, Event, Membership
from app.events.scope import EVENT_ROW_KEY
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
    # The session holds its objects weakly: without a reference kept here, every call would
    # load the row again (the iCal feed asked 200 times per render; issue 18).
    kept = g.get(EVENT_ROW_KEY)
    if kept is not None and kept in db.session and sa_inspect(kept).identity == (event_id,):
        return kept
    event = db.session.get(Event, event_id)
    setattr(g, EVENT_ROW_KEY, event)
    return event


def forget_current_event() -> None:
    """Drop the cached current event (after creating or changing events)."""
    eventinfo.forget()
    if has_app_context():
        g.pop(EVENT_ROW_KEY, None)


def scoped(model, event: Event | None = None) -> Select:
    """``select(model)`` limited to one event's rows (the current event unless given)."""
    event_id = event.id if event is not None else current_event_id()
    return select(model).where(model.event_id == event_id)


def settings_row(model, **defaults):
    """The current congress's one row of a per-congress settings table (``model``, unique on
    ``event_id``), made with ``defaults`` on first use."""
    row = db.session.scalar(scoped(model))
    if row is None:
        row = model(**defaults)
        db.session.add(row)
        db.session.flush()
    return row


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

    @app.context_processor
    def _switcher():
        from flask_login import current_user

        # called by the navigation bar only when someone is signed in (one query)
        return {"switch_events": lambda: switchable_events(current_user)}


def event_of(row) -> Event:
    """The event an owned row belongs to (the current event while the row is not yet flushed)."""
    event_id = getattr(row, "event_id", None)
    return db.session.get(Event, event_id) if event_id else current_event()


# ----------------------------------------------------------------------------- memberships
_ROLES_KEY = "event_roles"


def _roles_event_id() -> int | None:
    """The event whose staff roles count now: the URL's, on an event page; none on a site page;
    the current event outside a request (CLI, worker, tests)."""
    from app.events import scope

    event_id = scope.scope_id()
    if event_id is None and not has_request_context():
        event_id = current_event_id()
    return event_id


def roles_in_event(user_id: int, event_id: int | None = None) -> tuple[str, ...]:
    """The user's staff roles in ``event_id`` (the event of the URL by default), cached per request."""
    event_id = event_id if event_id is not None else _roles_event_id()
    if event_id is None or not has_app_context():
        return ()
    cache = g.setdefault(_ROLES_KEY, {})
    key = (user_id, event_id)
    if key not in cache:
        cache[key] = tuple(
            db.session.scalars(
                select(Membership.role).where(Membership.user_id == user_id, Membership.event_id == event_id)
            )
        )
    return cache[key]


def member_ids(roles, event_id: int | None = None) -> Select:
    """``SELECT user_id`` of the members of an event (the current one) holding one of ``roles``."""
    event_id = event_id if event_id is not None else (_roles_event_id() or current_event_id())
    return select(Membership.user_id).where(Membership.event_id == event_id, Membership.role.in_(list(roles)))


def appoint(user_id: int, event: Event, role: str) -> Membership:
    """Give a user a staff role in an event (flushed); an existing appointment is kept."""
    existing = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user_id, Membership.event_id == event.id, Membership.role == role
        )
    )
    if existing is not None:
        return existing
    membership = Membership(user_id=user_id, event_id=event.id, role=role)
    db.session.add(membership)
    db.session.flush()
    g.pop(_ROLES_KEY, None)
    return membership


def events_of(user_id: int) -> list[Event]:
    """The events where the user holds a staff role, newest first."""
    ids = select(Membership.event_id).where(Membership.user_id == user_id)
    return list(db.session.scalars(select(Event).where(Event.id.in_(ids)).order_by(Event.id.desc())))


def event_choices() -> list[tuple[int, str]]:
    """(id, "CODE — name") of every event not archived, newest first (form choices)."""
    rows = db.session.execute(
        select(Event.id, Event.code, Event.name).where(Event.status != "archived").order_by(Event.id.desc())
    )
    return [(event_id, f"{code} — {name}") for event_id, code, name in rows]


def appointments_of(user_id: int) -> list[tuple[Event, str]]:
    """(event, role) of every staff role the user holds, newest event first."""
    rows = db.session.execute(
        select(Event, Membership.role)
        .join(Membership, Membership.event_id == Event.id)
        .where(Membership.user_id == user_id)
        .order_by(Event.id.desc(), Membership.role)
    )
    return [(event, role) for event, role in rows]


# ----------------------------------------------------------------------------- new congress from an earlier one
def clone_setup(source: Event, target: Event, *, actor=None) -> int:
    """Copy ``source``'s set-up into ``target`` (zones, gates, rooms, member units, locations and
    the decoration tasks with deadlines moved by the difference of the first days); returns the
    number of rows copied. Never people, applications, badges, scans, releases or coverage."""
    from datetime import timedelta

    from app.core import audit

    shift = timedelta(0)
    if source.first_day and target.first_day:
        shift = target.first_day - source.first_day
    copied: dict = {}
    count = sum(copy(source, target, copied, shift) for copy in current_app.extensions.get("event_setup", []))
    audit.record(
        "event.clone", target, actor=actor, details={"from": source.code, "rows": count, "days": shift.days}
    )
    return count


class EventLink(NamedTuple):
    """A congress in the bar's switcher."""

    code: str
    name: str


_LINKS_KEY = "event_links"


def switchable_events(user) -> list[EventLink]:
    """The congresses a signed-in user can switch between, newest first: every one for the
    site administrator and the central overview, else those where they hold a staff role
    (read with the user, see :func:`load_with_roles`). Plain rows: the bar of every page
    shows them (issue 18)."""
    from app.core.permissions import Permission

    query = select(Event.code, Event.name).order_by(Event.id.desc())
    if not user.can(Permission.VIEW_OVERVIEW):
        kept = g.get(_LINKS_KEY, {}).get(user.id) if has_app_context() else None
        if kept is not None:
            return kept
        query = query.where(Event.id.in_(select(Membership.event_id).where(Membership.user_id == user.id)))
    return [EventLink(code, name) for code, name in db.session.execute(query)]


_PREFETCHED_KEY = "user_rows"
# The two statements that read a user with their memberships, built once the user model is
# known (:func:`register_user_model`) and run with their values: building them on every
# request (an aliased congress, a dozen joins and columns) cost more than running them,
# 0.8 ms of every page (issue 18).
_STATEMENTS: dict[str, Select] = {}
_EVENT_BY_CODE = select(Event).where(Event.code == bindparam("code"))


def register_user_model(model) -> None:
    """Tell this area which model signs in (the accounts area, which sits above it)."""
    _STATEMENTS["user"] = _membership_rows(select(model).where(model.id == bindparam("user_id")), model)
    _STATEMENTS["event_and_user"] = _membership_rows(
        select(Event, model)
        .select_from(Event)
        .outerjoin(model, model.id == bindparam("user_id"))
        .where(Event.code == bindparam("code")),
        model,
    )


def _membership_rows(query: Select, model) -> Select:
    """``query`` (which selects the user ``model``) joined to every membership of the user and
    the congress it is in: one row per membership, or one row with none."""
    held_in = aliased(Event)
    return (
        query.outerjoin(Membership, Membership.user_id == model.id)
        .outerjoin(held_in, held_in.id == Membership.event_id)
        .add_columns(Membership.event_id, Membership.role, held_in.code, held_in.name)
        .order_by(Membership.event_id.desc())
    )


def event_for_url(code: str) -> Event | None:
    """The event with this URL code (already upper case) and, in the same statement, the
    session's signed-in user with their memberships, kept for :func:`load_with_roles`: a
    congress's page reads both in one round trip (issue 18). Who the user is, and whether
    their session still holds, is decided where it always was (Flask-Login's loader,
    ``accounts.services.load_user``); this only reads ahead."""
    raw = session.get("_user_id") if has_request_context() and _STATEMENTS else None
    user_id = raw.partition(":")[0] if isinstance(raw, str) else ""
    if not (user_id.isdigit() and len(user_id) < 19):
        return db.session.scalar(_EVENT_BY_CODE, {"code": code})
    rows = db.session.execute(_STATEMENTS["event_and_user"], {"user_id": int(user_id), "code": code}).all()
    if not rows:
        return None
    if rows[0][1] is not None:
        g.setdefault(_PREFETCHED_KEY, {})[int(user_id)] = [row[1:] for row in rows]
    return rows[0][0]


def load_with_roles(user_model, user_id: int):
    """The signed-in user and, in the same query, their staff roles in every congress: those
    in the event of the URL (kept for :func:`roles_in_event`) and the congresses they hold
    one in (kept for :func:`switchable_events`), so no page spends another query on
    permissions or on the bar's switcher. On a congress's page the rows were read with the
    congress (:func:`event_for_url`)."""
    if not has_app_context():
        return db.session.get(user_model, user_id)
    rows = g.get(_PREFETCHED_KEY, {}).pop(user_id, None)
    if rows is None:
        rows = db.session.execute(_STATEMENTS["user"], {"user_id": user_id}).all()
    if not rows:
        return None
    event_id = _roles_event_id()
    if event_id is not None:
        roles = tuple(role for _user, held_in, role, _code, _name in rows if held_in == event_id)
        g.setdefault(_ROLES_KEY, {})[(user_id, event_id)] = roles
    links: dict[int, EventLink] = {}
    for _user, held_in, _role, code, name in rows:
        if held_in is not None:
            links.setdefault(held_in, EventLink(code, name))
    g.setdefault(_LINKS_KEY, {})[user_id] = list(links.values())
    return rows[0][0]


def rotate_key(event: Event, *, actor=None) -> int:
    """Give ``event`` a new key id: its badges are re-issued (old versions denied at once) and
    its private feed links change; no other congress is touched. Returns the badges re-issued."""
    import secrets

    from app.core import audit
    from app.events.scope import in_event

    event.key_id = secrets.token_hex(8)
    db.session.flush()
    forget_current_event()
    with in_event(event):
        count = sum(rekey(event, actor) for rekey in current_app.extensions.get("event_rekey", []))
    audit.record("event.rotate_key", event, actor=actor, details={"badges_reissued": count})
    return count
