"""Position rules: sessions and their positions, journalists' requests, the allocation, the release.

Each session closes for requests at its deadline (``deadline_hours`` before the start, T−24 h by
default); the allocation then runs once (the outbox worker's pass, or the desk's button) by the
published rules, position by position:

1. **priority classes**: outlets on the desk's priority list (the host broadcaster, the national
   news agency), by rank, each up to its ``guaranteed`` places per position;
2. **rotation**: the other requests one at a time, always to the outlet with the lowest score so
   far — places it holds in sessions already allocated, plus one for every no-show (a place with
   no scan in the hall) — the earlier request first between equals;
3. **waitlist**: the rest, numbered in the same rotation order.

A holder confirms the place; unconfirmed places are released ``release_hours`` before the start
(T−2 h) and the waitlist moves up in its order. A holder who cancels frees the place at once
for the next on the waitlist. Every decision is audited and e-mailed through the outbox. Writes
that change a session's places first lock the session row (``lock_row``), so requests, the
allocation, the release and cancellations of one session happen one after the other on
PostgreSQL; SQLite serialises write transactions anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.accreditation.models import Application, MediaOrganisation
from app.accreditation.queries import accredited_application
from app.badges.models import Badge
from app.checkin.models import Gate, Scan
from app.core import audit
from app.core.locking import lock_row
from app.core.outbox import queue_email, register_periodic
from app.core.timeutil import format_datetime, to_local, utcnow
from app.events.models import Event, Zone
from app.events.scope import get_in_event, in_event
from app.extensions import db
from app.interviews.services import interviewee_busy, journalist_busy, journalist_clashes
from app.positions.models import (
    HOLDING,
    OPEN,
    POSITION_KINDS,
    SESSION_KINDS,
    STATES,
    HallSession,
    Position,
    PositionRequest,
    PriorityOutlet,
)

SESSION_KIND_LABELS = {
    "opening": _l("Opening session"),
    "plenary": _l("Plenary session"),
    "closing": _l("Closing session"),
    "press_event": _l("Press event"),
}
POSITION_KIND_LABELS = {
    "tv_riser": _l("TV riser"),
    "photo": _l("Photo position"),
    "pool_writer": _l("Pool writer"),
    "pool_photo": _l("Pool photographer"),
    "radio": _l("Radio position"),
}
STATE_LABELS = {
    "requested": _l("Request received"),
    "allocated": _l("Place given, please confirm"),
    "confirmed": _l("Place confirmed"),
    "waitlisted": _l("On the waitlist"),
    "released": _l("Released (not confirmed in time)"),
    "cancelled": _l("Cancelled"),
}
ALLOCATED_BY_LABELS = {
    "priority": _l("Priority class"),
    "rotation": _l("Rotation"),
    "waitlist": _l("Waitlist"),
}
assert set(SESSION_KIND_LABELS) == set(SESSION_KINDS) and set(POSITION_KIND_LABELS) == set(POSITION_KINDS)
assert set(STATE_LABELS) == set(STATES)

NO_SHOW_PENALTY = 1  # a no-show weighs as much as a place held, in the rotation's score
SCAN_WINDOW_BEFORE = timedelta(hours=3)  # a scan into the hall this long before the start counts
MAX_PLACES = 500


class PositionError(ValueError):
    """A refused position action; ``messages`` are for the user, in their language."""

    def __init__(self, messages: list | str):
        self.messages = [str(m) for m in ([messages] if not isinstance(messages, list) else messages)]
        super().__init__("; ".join(self.messages))


def deadline_of(session: HallSession) -> datetime:
    """When requests close and the allocation runs (UTC)."""
    return session.starts_at - timedelta(hours=session.deadline_hours)


def release_time_of(session: HallSession) -> datetime:
    """When unconfirmed places go to the waitlist (UTC)."""
    return session.starts_at - timedelta(hours=session.release_hours)


def when(session: HallSession) -> str:
    """dd/mm/yyyy HH:MM–HH:MM in the event's time zone."""
    return f"{format_datetime(session.starts_at)}–{to_local(session.ends_at).strftime('%H:%M')}"


@journalist_busy.connect
def _positions_at(user_id: int, *, starts_at: datetime, ends_at: datetime, own: bool, **_kw) -> list[str]:
    """The journalist's open requests and places in sessions overlapping that time: an
    interview cannot be put there, nor a position in another session."""
    sessions = db.session.scalars(
        select(HallSession)
        .join(PositionRequest, PositionRequest.session_id == HallSession.id)
        .where(
            PositionRequest.journalist_id == user_id,
            PositionRequest.status.in_(OPEN),
            HallSession.starts_at < ends_at,
            HallSession.ends_at > starts_at,
        )
        .order_by(HallSession.starts_at)
    )
    return [
        _(
            "You already asked for a position in “%(title)s” at that time (%(when)s).",
            title=s.title,
            when=when(s),
        )
        if own
        else _(
            "The journalist has asked for a position in “%(title)s” at that time (%(when)s).",
            title=s.title,
            when=when(s),
        )
        for s in sessions
    ]


@interviewee_busy.connect
def _sittings_at(interviewee, *, starts_at: datetime, ends_at: datetime, **_kw) -> list[str]:
    """A delegate is in the hall during the congress's sittings (opening, plenary, closing)."""
    if interviewee.kind != "delegate":
        return []
    sittings = db.session.scalars(
        select(HallSession)
        .where(
            HallSession.kind != "press_event",
            HallSession.starts_at < ends_at,
            HallSession.ends_at > starts_at,
        )
        .order_by(HallSession.starts_at)
    )
    return [
        _(
            "%(person)s is a delegate in the hall for “%(title)s” at that time (%(when)s).",
            person=interviewee.full_name,
            title=s.title,
            when=when(s),
        )
        for s in sittings
    ]


# ----------------------------------------------------------------------------- the desk's set-up
@dataclass
class SessionData:
    """What the desk typed for a session."""

    title: str
    kind: str
    starts_at: datetime | None
    ends_at: datetime | None
    zone_id: int | None = None
    deadline_hours: int = 24
    release_hours: int = 2


def save_session(session: HallSession | None, data: SessionData, actor) -> HallSession:
    """Add a session (``session`` None) or change one; refused with every problem at once."""
    errors = []
    if not data.title.strip():
        errors.append(_l("Please enter the session's title."))
    if data.kind not in SESSION_KINDS:
        errors.append(_l("Please choose what kind of session this is."))
    if data.starts_at is None or data.ends_at is None:
        errors.append(_l("Please enter when the session starts and ends."))
    elif data.ends_at <= data.starts_at:
        errors.append(_l("The session must end after it starts."))
    if not 1 <= data.deadline_hours <= 24 * 14:
        errors.append(_l("The request deadline must be 1 to 336 hours before the start."))
    if not 0 <= data.release_hours < data.deadline_hours:
        errors.append(_l("The release of unconfirmed places must come after the request deadline."))
    if data.zone_id is not None and get_in_event(Zone, data.zone_id) is None:
        errors.append(_l("Please choose a zone from the list."))
    if session is not None and session.allocated_at is not None:
        if data.starts_at != session.starts_at or data.deadline_hours != session.deadline_hours:
            errors.append(_l("The places are allocated: the start and the deadline can no longer change."))
    if errors:
        raise PositionError(errors)
    created = session is None
    session = session or HallSession()
    session.title = data.title.strip()
    session.kind = data.kind
    session.starts_at, session.ends_at = data.starts_at, data.ends_at
    session.zone_id = data.zone_id
    session.deadline_hours, session.release_hours = data.deadline_hours, data.release_hours
    db.session.add(session)
    db.session.flush()
    audit.record(
        "positions.session." + ("create" if created else "update"),
        session,
        actor=actor,
        details={"title": session.title, "starts_at": session.starts_at.isoformat()},
    )
    return session


def save_position(session: HallSession, kind: str, places: int, note: str, actor) -> Position:
    """Offer ``places`` places of ``kind`` in the session (a kind already offered is changed)."""
    if kind not in POSITION_KINDS:
        raise PositionError(_l("Please choose a kind of position from the list."))
    if not 1 <= places <= MAX_PLACES:
        raise PositionError(_("The number of places must be 1 to %(max)s.", max=MAX_PLACES))
    session = _lock_session(session.id)
    position = db.session.scalar(
        select(Position).where(Position.session_id == session.id, Position.kind == kind)
    )
    if position is not None and session.allocated_at is not None and places < _holders(position.id):
        raise PositionError(_l("More places are already given than that: cancel some first."))
    created = position is None
    position = position or Position(session_id=session.id, kind=kind)
    position.places, position.note = places, (note or "").strip()
    db.session.add(position)
    db.session.flush()
    audit.record(
        "positions.position." + ("create" if created else "update"),
        position,
        actor=actor,
        details={"kind": kind, "places": places, "session": session.title},
    )
    if session.allocated_at is not None:
        _fill_from_waitlist(session, position, actor, utcnow())
    return position


def save_priority(organisation_id: int, class_name: str, rank: int, guaranteed: int, actor) -> PriorityOutlet:
    """Put an outlet in a priority class (or change its class)."""
    errors = []
    if db.session.get(MediaOrganisation, organisation_id) is None:
        errors.append(_l("Please choose an outlet from the list."))
    if not class_name.strip():
        errors.append(_l("Please name the priority class."))
    if not 1 <= rank <= 99:
        errors.append(_l("The rank must be 1 to 99."))
    if not 1 <= guaranteed <= 20:
        errors.append(_l("The guaranteed places must be 1 to 20."))
    if errors:
        raise PositionError(errors)
    row = db.session.scalar(select(PriorityOutlet).where(PriorityOutlet.organisation_id == organisation_id))
    created = row is None
    row = row or PriorityOutlet(organisation_id=organisation_id)
    row.class_name, row.rank, row.guaranteed = class_name.strip(), rank, guaranteed
    db.session.add(row)
    db.session.flush()
    audit.record(
        "positions.priority." + ("create" if created else "update"),
        row,
        actor=actor,
        details={"organisation_id": organisation_id, "class": row.class_name, "rank": rank},
    )
    return row


def remove_priority(row: PriorityOutlet, actor) -> None:
    """Take an outlet off the priority list."""
    audit.record(
        "positions.priority.remove",
        row,
        actor=actor,
        details={"organisation_id": row.organisation_id, "class": row.class_name},
    )
    db.session.delete(row)
    db.session.flush()


def priorities() -> list[PriorityOutlet]:
    """The priority list, by rank then outlet."""
    return list(
        db.session.scalars(
            select(PriorityOutlet)
            .options(joinedload(PriorityOutlet.organisation))
            .join(MediaOrganisation, MediaOrganisation.id == PriorityOutlet.organisation_id)
            .order_by(PriorityOutlet.rank, MediaOrganisation.name)
        )
    )


def bind_gate(gate: Gate, session: HallSession | None, actor) -> Gate:
    """Bind a gate to a session (only holders of a place in it pass), or unbind it (None)."""
    old = gate.hall_session_id
    gate.hall_session_id = session.id if session is not None else None
    db.session.flush()
    audit.record(
        "positions.gate_bind" if session is not None else "positions.gate_unbind",
        gate,
        actor=actor,
        details={
            "gate": gate.name,
            "session": session.title if session else None,
            "previous_session_id": old,
        },
    )
    return gate


# ----------------------------------------------------------------------------- the journalist's request
def _lock_session(session_id: int) -> HallSession:
    session = lock_row(HallSession, session_id)
    if session is None:
        raise PositionError(_l("This session no longer exists."))
    return session


def _open_request_of(session_id: int, user_id: int) -> PositionRequest | None:
    return db.session.scalar(
        select(PositionRequest).where(
            PositionRequest.session_id == session_id, PositionRequest.journalist_id == user_id
        )
    )


def request_position(
    user, session: HallSession, position_id: int, *, now: datetime | None = None, by=None
) -> PositionRequest:
    """An accredited journalist asks for a position in a session, before its deadline; or
    ``by`` their outlet's focal point for them (the same rules; audited as the focal point's).

    Refused after the deadline, for a position of another session, twice in one session, or
    when the session overlaps the journalist's other sessions, interviews or press conferences.
    """
    now = now or utcnow()
    application = accredited_application(user.id)
    if application is None:
        raise PositionError(_l("Only journalists with an approved accreditation can request positions."))
    session = _lock_session(session.id)
    if now >= deadline_of(session) or session.allocated_at is not None:
        raise PositionError(
            _(
                "Requests for this session closed at %(when)s; the places have been allocated.",
                when=format_datetime(deadline_of(session)),
            )
        )
    position = get_in_event(Position, position_id)
    if position is None or position.session_id != session.id:
        raise PositionError(_l("Please choose a position of this session from the list."))
    existing = _open_request_of(session.id, user.id)
    if existing is not None and existing.status in OPEN:
        if by is not None:
            raise PositionError(
                _("%(name)s has already asked for a position in this session.", name=user.full_name)
            )
        raise PositionError(_l("You have already asked for a position in this session."))
    # the journalist's other sessions (answered by _positions_at below), interviews and press conferences
    errors = journalist_clashes(user.id, session.starts_at, session.ends_at, own=by is None)
    if errors:
        raise PositionError(errors)
    row = existing or PositionRequest(session_id=session.id, journalist_id=user.id)
    row.position_id = position.id
    row.application_id = application.id
    row.organisation_id = application.organisation_id
    row.status = "requested"
    row.created_at = row.updated_at = now
    row.allocated_by = row.allocated_at = row.confirmed_at = row.waitlist_rank = row.moved_up_at = None
    db.session.add(row)
    db.session.flush()
    audit.record(
        "positions.request",
        row,
        actor=by or user,
        details={"session": session.title, "kind": position.kind, **({"for": user.full_name} if by else {})},
    )
    _tell(row, "received")
    return row


def outlet_people(organisation_id: int) -> list[Application]:
    """The outlet's accredited people in this congress (approved applications), by name:
    whom its focal point may ask positions for."""
    return list(
        db.session.scalars(
            select(Application)
            .options(joinedload(Application.user))
            .where(Application.organisation_id == organisation_id, Application.status == "approved")
            .order_by(Application.full_name, Application.id)
        )
    )


def outlet_requests(organisation_id: int) -> list[PositionRequest]:
    """Every request of the outlet's people, by session then name (one statement)."""
    return list(
        db.session.scalars(
            select(PositionRequest)
            .join(PositionRequest.session)
            .options(
                joinedload(PositionRequest.session),
                joinedload(PositionRequest.position),
                joinedload(PositionRequest.application),
            )
            .where(PositionRequest.organisation_id == organisation_id)
            .order_by(HallSession.starts_at, PositionRequest.id)
        )
    )


def confirm(row: PositionRequest, user, *, now: datetime | None = None) -> PositionRequest:
    """The holder confirms a place before the release time."""
    now = now or utcnow()
    session = _lock_session(row.session_id)
    row = lock_row(PositionRequest, row.id)
    if row is None or row.journalist_id != user.id:
        raise PositionError(_l("This request no longer exists."))
    if row.status == "confirmed":
        raise PositionError(_l("Your place is already confirmed."))
    if row.status != "allocated":
        raise PositionError(_l("Only a place given to you can be confirmed."))
    if now >= release_time_of(session):
        raise PositionError(_l("Too late: unconfirmed places have been released."))
    row.status, row.confirmed_at, row.updated_at = "confirmed", now, now
    db.session.flush()
    audit.record("positions.confirm", row, actor=user, details={"session": session.title})
    return row


def cancel(row: PositionRequest, user, *, now: datetime | None = None) -> PositionRequest:
    """The journalist withdraws a request; a place held goes to the next on the waitlist."""
    now = now or utcnow()
    session = _lock_session(row.session_id)
    row = lock_row(PositionRequest, row.id)
    if row is None or row.journalist_id != user.id:
        raise PositionError(_l("This request no longer exists."))
    if row.status not in OPEN:
        raise PositionError(_l("This request is no longer open."))
    if now >= session.starts_at:
        raise PositionError(_l("The session has started; the desk can change places."))
    held = row.status in HOLDING
    old = row.status
    row.status, row.updated_at, row.waitlist_rank = "cancelled", now, None
    db.session.flush()
    audit.record("positions.cancel", row, actor=user, details={"session": session.title, "from": old})
    if held:
        _fill_from_waitlist(session, row.position, user, now)
    return row


# ----------------------------------------------------------------------------- allocation
def _holders(position_id: int) -> int:
    return db.session.scalar(
        select(func.count(PositionRequest.id)).where(
            PositionRequest.position_id == position_id, PositionRequest.status.in_(HOLDING)
        )
    )


def no_show_ids(session_ids=None, *, now: datetime | None = None) -> set[int]:
    """Ids of requests holding a place in a session that has ended, whose holder never scanned
    into the hall: no accepted scan at a gate of the session's zone, or a gate bound to it, from
    three hours before the start to the end (one query per ended session; the window is computed
    here, as SQLite has no interval arithmetic)."""
    now = now or utcnow()
    query = select(HallSession).where(HallSession.ends_at < now).order_by(HallSession.id)
    if session_ids is not None:
        query = query.where(HallSession.id.in_(list(session_ids)))
    missed: set[int] = set()
    for session in db.session.scalars(query):
        scanned = exists(
            select(Scan.id)
            .join(Badge, Badge.id == Scan.badge_id)
            .join(Gate, Gate.id == Scan.gate_id)
            .where(
                Badge.application_id == PositionRequest.application_id,
                Scan.result.in_(("accepted", "duplicate")),
                or_(Gate.zone_id == session.zone_id, Gate.hall_session_id == session.id),
                Scan.scanned_at >= session.starts_at - SCAN_WINDOW_BEFORE,
                Scan.scanned_at <= session.ends_at,
            )
        )
        missed.update(
            db.session.scalars(
                select(PositionRequest.id).where(
                    PositionRequest.session_id == session.id, PositionRequest.status.in_(HOLDING), ~scanned
                )
            )
        )
    return missed


def outlet_scores(exclude_session_id: int | None, *, now: datetime) -> dict[int, int]:
    """Each outlet's rotation score: places held in sessions already allocated, plus no-shows."""
    query = (
        select(PositionRequest.organisation_id, func.count(PositionRequest.id))
        .join(HallSession, HallSession.id == PositionRequest.session_id)
        .where(PositionRequest.status.in_(HOLDING), HallSession.allocated_at.is_not(None))
        .group_by(PositionRequest.organisation_id)
    )
    if exclude_session_id is not None:
        query = query.where(HallSession.id != exclude_session_id)
    scores = dict(db.session.execute(query).all())
    missed = no_show_ids(now=now)
    if missed:
        for org_id, count in db.session.execute(
            select(PositionRequest.organisation_id, func.count(PositionRequest.id))
            .where(PositionRequest.id.in_(missed), PositionRequest.session_id != (exclude_session_id or 0))
            .group_by(PositionRequest.organisation_id)
        ):
            scores[org_id] = scores.get(org_id, 0) + NO_SHOW_PENALTY * count
    return scores


def allocate(session: HallSession, actor, *, now: datetime | None = None, force: bool = False) -> dict:
    """Allocate a session's places once its deadline has passed: priority, rotation, waitlist.

    Runs once per session (a second call, or one racing it, finds ``allocated_at`` set and does
    nothing). Returns counts of places given and requests waitlisted.
    """
    now = now or utcnow()
    session = _lock_session(session.id)
    if session.allocated_at is not None:
        return {"allocated": 0, "waitlisted": 0, "already": True}
    if now < deadline_of(session) and not force:
        raise PositionError(
            _(
                "Requests are open until %(when)s: allocate after that.",
                when=format_datetime(deadline_of(session)),
            )
        )
    ranks = {p.organisation_id: p for p in priorities()}
    scores = outlet_scores(session.id, now=now)
    given = waitlisted = 0
    for position in session.positions:
        pending = list(
            db.session.scalars(
                select(PositionRequest)
                .where(PositionRequest.position_id == position.id, PositionRequest.status == "requested")
                .order_by(PositionRequest.created_at, PositionRequest.id)
                .with_for_update()
            )
        )
        free = position.places - _holders(position.id)
        per_outlet: dict[int, int] = {}
        # 1. priority classes, by rank, each outlet up to its guaranteed places
        for row in sorted(
            (r for r in pending if r.organisation_id in ranks),
            key=lambda r: (ranks[r.organisation_id].rank, r.created_at, r.id),
        ):
            if free <= 0:
                break
            if per_outlet.get(row.organisation_id, 0) >= ranks[row.organisation_id].guaranteed:
                continue
            _give(row, "priority", now)
            per_outlet[row.organisation_id] = per_outlet.get(row.organisation_id, 0) + 1
            scores[row.organisation_id] = scores.get(row.organisation_id, 0) + 1
            free -= 1
            given += 1
        # 2. rotation, then 3. the waitlist in the same order
        rest = [r for r in pending if r.status == "requested"]
        order = dict(scores)
        rank = 0
        while rest:
            row = min(rest, key=lambda r: (order.get(r.organisation_id, 0), r.created_at, r.id))
            rest.remove(row)
            order[row.organisation_id] = order.get(row.organisation_id, 0) + 1
            if free > 0:
                _give(row, "rotation", now)
                scores[row.organisation_id] = scores.get(row.organisation_id, 0) + 1
                free -= 1
                given += 1
            else:
                rank += 1
                row.status, row.waitlist_rank, row.updated_at = "waitlisted", rank, now
                waitlisted += 1
    session.allocated_at = now
    db.session.flush()
    audit.record(
        "positions.allocate",
        session,
        actor=actor,
        details={"session": session.title, "allocated": given, "waitlisted": waitlisted},
    )
    for row in db.session.scalars(
        select(PositionRequest).where(
            PositionRequest.session_id == session.id, PositionRequest.status.in_(("allocated", "waitlisted"))
        )
    ):
        _tell(row, row.status)
    return {"allocated": given, "waitlisted": waitlisted, "already": False}


def _give(row: PositionRequest, by: str, now: datetime, *, confirmed: bool = False) -> None:
    row.status = "confirmed" if confirmed else "allocated"
    row.allocated_by, row.allocated_at, row.updated_at = by, now, now
    row.confirmed_at = now if confirmed else None


def _fill_from_waitlist(session: HallSession, position: Position, actor, now: datetime) -> int:
    """Give the position's free places to the waitlist in order; returns how many moved up.

    Before the release time a moved-up holder must still confirm; after it, the place is theirs.
    """
    free = position.places - _holders(position.id)
    moved = 0
    if free <= 0 or now >= session.starts_at:
        return 0
    waiting = db.session.scalars(
        select(PositionRequest)
        .where(PositionRequest.position_id == position.id, PositionRequest.status == "waitlisted")
        .order_by(PositionRequest.waitlist_rank, PositionRequest.id)
        .limit(free)
        .with_for_update()
    ).all()
    for row in waiting:
        _give(row, "waitlist", now, confirmed=now >= release_time_of(session))
        row.moved_up_at = now
        moved += 1
        audit.record(
            "positions.move_up",
            row,
            actor=actor,
            details={"session": session.title, "rank": row.waitlist_rank},
        )
        _tell(row, "moved_up")
    db.session.flush()
    return moved


def release(session: HallSession, actor, *, now: datetime | None = None, force: bool = False) -> dict:
    """At the release time: unconfirmed places go, the waitlist moves up in order. Runs once."""
    now = now or utcnow()
    session = _lock_session(session.id)
    if session.released_at is not None or session.allocated_at is None:
        return {"released": 0, "moved_up": 0, "already": True}
    if now < release_time_of(session) and not force:
        raise PositionError(
            _(
                "Unconfirmed places are released at %(when)s.",
                when=format_datetime(release_time_of(session)),
            )
        )
    released = db.session.scalars(
        select(PositionRequest)
        .where(PositionRequest.session_id == session.id, PositionRequest.status == "allocated")
        .order_by(PositionRequest.id)
        .with_for_update()
    ).all()
    for row in released:
        row.status, row.updated_at = "released", now
        _tell(row, "released")
    session.released_at = now
    db.session.flush()
    moved = sum(
        _fill_from_waitlist(session, position, actor, max(now, release_time_of(session)))
        for position in session.positions
    )
    audit.record(
        "positions.release",
        session,
        actor=actor,
        details={"session": session.title, "released": len(released), "moved_up": moved},
    )
    return {"released": len(released), "moved_up": moved, "already": False}


def run_due(now: datetime | None = None) -> int:
    """Allocate every session whose deadline has passed and release every one whose release time
    has, in the current congress; returns how many sessions were worked."""
    now = now or utcnow()
    done = 0
    due = db.session.scalars(
        select(HallSession)
        .where(HallSession.allocated_at.is_(None), HallSession.starts_at > now)
        .order_by(HallSession.starts_at, HallSession.id)
    ).all()
    for session in due:
        if now >= deadline_of(session):
            allocate(session, None, now=now)
            done += 1
    to_release = db.session.scalars(
        select(HallSession)
        .where(
            HallSession.allocated_at.is_not(None),
            HallSession.released_at.is_(None),
            HallSession.starts_at > now,
        )
        .order_by(HallSession.starts_at, HallSession.id)
    ).all()
    for session in to_release:
        if now >= release_time_of(session):
            release(session, None, now=now)
            done += 1
    return done


@register_periodic
def run_due_everywhere(now: datetime | None = None) -> int:
    """The outbox worker's pass: allocations and releases that are due, in every congress not
    archived, each in its own scope; only congresses with an unfinished session are entered."""
    now = now or utcnow()
    event_ids = db.session.scalars(
        select(HallSession.event_id)
        .where(HallSession.released_at.is_(None), HallSession.starts_at > now)
        .execution_options(across_events=True)
        .distinct()
    ).all()
    done = 0
    for event in db.session.scalars(select(Event).where(Event.id.in_(event_ids))) if event_ids else ():
        if event.is_archived:
            continue
        with in_event(event):
            done += run_due(now)
    return done


# ----------------------------------------------------------------------------- e-mails
def _tell(row: PositionRequest, change: str) -> None:
    """E-mail the journalist what happened to their request (outbox, in their language)."""
    user = row.journalist
    queue_email(
        user.email,
        "positions/journalist",
        language=user.language or "vi",
        user=user,
        row=row,
        change=change,
        session_when=when(row.session),
        kind_label=POSITION_KIND_LABELS[row.position.kind],
        release_at=release_time_of(row.session),
    )


# ----------------------------------------------------------------------------- reading
def sessions() -> list[HallSession]:
    """The congress's sessions by time, with their positions (one more statement, not one per session)."""
    return list(
        db.session.scalars(
            select(HallSession)
            .options(selectinload(HallSession.positions))
            .order_by(HallSession.starts_at, HallSession.id)
        )
    )


def requests_of_session(session: HallSession) -> list[PositionRequest]:
    """A session's requests: holders by kind, then the waitlist in order, then the rest."""
    order = {"confirmed": 0, "allocated": 0, "waitlisted": 1, "requested": 2, "released": 3, "cancelled": 4}
    rows = list(
        db.session.scalars(
            select(PositionRequest)
            .options(
                joinedload(PositionRequest.application),
                joinedload(PositionRequest.organisation),
                joinedload(PositionRequest.position),
            )
            .where(PositionRequest.session_id == session.id)
        )
    )
    kinds = {kind: n for n, kind in enumerate(POSITION_KINDS)}
    rows.sort(
        key=lambda r: (
            kinds[r.position.kind],
            order[r.status],
            r.waitlist_rank or 0,
            r.application.full_name,
            r.id,
        )
    )
    return rows


def requests_of(user_id: int) -> list[PositionRequest]:
    """A journalist's own requests in this congress, by session time."""
    return list(
        db.session.scalars(
            select(PositionRequest)
            .options(joinedload(PositionRequest.session), joinedload(PositionRequest.position))
            .join(HallSession, HallSession.id == PositionRequest.session_id)
            .where(PositionRequest.journalist_id == user_id)
            .order_by(HallSession.starts_at, PositionRequest.id)
        )
    )


def holders_count(session: HallSession) -> dict[int, int]:
    """Places held per position of the session."""
    return dict(
        db.session.execute(
            select(PositionRequest.position_id, func.count(PositionRequest.id))
            .where(PositionRequest.session_id == session.id, PositionRequest.status.in_(HOLDING))
            .group_by(PositionRequest.position_id)
        ).all()
    )


def bound_gates(session: HallSession) -> list[Gate]:
    return list(
        db.session.scalars(select(Gate).where(Gate.hall_session_id == session.id).order_by(Gate.name))
    )


def place_holders(session_id: int) -> list[int]:
    """Application ids holding a place in the session: the gate pack's list (one query)."""
    return list(
        db.session.scalars(
            select(PositionRequest.application_id)
            .where(PositionRequest.session_id == session_id, PositionRequest.status.in_(HOLDING))
            .order_by(PositionRequest.application_id)
        )
    )


@dataclass
class FairnessRow:
    """One outlet and kind in the fairness report."""

    outlet: str
    kind: str
    requested: int = 0
    given: int = 0
    waitlisted: int = 0
    moved_up: int = 0
    released: int = 0
    no_shows: int = 0


def fairness(*, now: datetime | None = None) -> list[FairnessRow]:
    """Per outlet and kind: places requested and given, waitlist moves, releases, no-shows."""
    now = now or utcnow()
    missed = no_show_ids(now=now)
    rows: dict[tuple[str, str], FairnessRow] = {}
    query = (
        select(
            MediaOrganisation.name,
            Position.kind,
            PositionRequest.id,
            PositionRequest.status,
            PositionRequest.allocated_by,
            PositionRequest.waitlist_rank,
            PositionRequest.moved_up_at,
        )
        .join(MediaOrganisation, MediaOrganisation.id == PositionRequest.organisation_id)
        .join(Position, Position.id == PositionRequest.position_id)
        .where(PositionRequest.status != "cancelled")
    )
    for outlet, kind, request_id, status, _by, rank, moved_up_at in db.session.execute(query):
        row = rows.setdefault((outlet, kind), FairnessRow(outlet, kind))
        row.requested += 1
        row.given += status in HOLDING
        row.waitlisted += rank is not None
        row.moved_up += moved_up_at is not None
        row.released += status == "released"
        row.no_shows += request_id in missed
    kinds = {kind: n for n, kind in enumerate(POSITION_KINDS)}
    return sorted(rows.values(), key=lambda r: (r.outlet, kinds[r.kind]))


def scanned_in(session: HallSession, *, now: datetime | None = None) -> set[int]:
    """Request ids of holders who came (the session's attendance on the print page)."""
    holders = {r.id for r in requests_of_session(session) if r.status in HOLDING}
    if session.ends_at >= (now or utcnow()):
        return set()
    return holders - no_show_ids([session.id], now=now)
