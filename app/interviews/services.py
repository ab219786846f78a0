"""Interview rules: the list of interviewees, a journalist's request, and the desk's state machine.

A request moves ``received → contacting → accepted | declined``, then ``accepted → scheduled
→ done | no_show``; any open request can be cancelled (see :data:`TRANSITIONS`). It is
scheduled only with the interviewee's consent on record (who agreed, when, by which channel)
and without a clash: the room against press conferences and other interviews, the
interviewee against their other interviews and the conferences they speak at, the journalist
against their other interviews and the conferences they signed up for. Every change is
audited, e-mailed to the journalist through the outbox (and to the interviewee, when the desk
knows their e-mail, once there is an appointment), and raises the appointment's iCalendar
SEQUENCE so the journalist's private calendar feed follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from blinker import signal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.accreditation.models import Application
from app.accreditation.queries import accredited_application
from app.briefings import services as briefings
from app.briefings.models import Conference, Room, Signup, Speaker
from app.core import audit
from app.core.locking import lock_row
from app.core.outbox import queue_email
from app.core.timeutil import format_datetime, from_local, to_local, utcnow
from app.events.scope import get_in_event
from app.events.services import settings_row
from app.extensions import db
from app.interviews.models import (
    CHANNELS,
    KINDS,
    LANGUAGES,
    MEDIA,
    OPEN_STATES,
    STATES,
    Interviewee,
    InterviewRequest,
    InterviewSettings,
    PreferredTime,
)

MIN_DURATION, MAX_DURATION = 5, 180  # minutes
MAX_PREFERRED = 3

STATE_LABELS = {
    "received": _l("Received"),
    "contacting": _l("Contacting the interviewee"),
    "accepted": _l("Consent given"),
    "declined": _l("Declined"),
    "scheduled": _l("Scheduled"),
    "done": _l("Interview held"),
    "no_show": _l("No-show"),
    "cancelled": _l("Cancelled"),
}
KIND_LABELS = {
    "delegate": _l("Delegate"),
    "spokesperson": _l("Spokesperson"),
    "official": _l("Official"),
    "other": _l("Other"),
}
LANGUAGE_LABELS = {
    "vi": _l("Vietnamese"),
    "en": _l("English"),
    "fr": _l("French"),
    "zh": _l("Chinese"),
    "ru": _l("Russian"),
    "lo": _l("Lao"),
    "km": _l("Khmer"),
    "other": _l("Another language"),
}
MEDIUM_LABELS = {
    "print": _l("Print newspaper"),
    "online": _l("Online newspaper"),
    "tv": _l("Television"),
    "radio": _l("Radio"),
}
CHANNEL_LABELS = {"phone": _l("Phone"), "email": _l("E-mail"), "in_person": _l("In person")}
# Where the desk may move a request from each open state ("scheduled" again: a new time or room).
TRANSITIONS = {
    "received": ("contacting", "declined", "cancelled"),
    "contacting": ("accepted", "declined", "cancelled"),
    "accepted": ("scheduled", "declined", "cancelled"),
    "scheduled": ("scheduled", "done", "no_show", "cancelled"),
}
assert set(STATE_LABELS) == set(STATES) and set(KIND_LABELS) == set(KINDS)
assert set(LANGUAGE_LABELS) == set(LANGUAGES) and set(MEDIUM_LABELS) == set(MEDIA)
assert set(CHANNEL_LABELS) == set(CHANNELS) and set(TRANSITIONS) == set(OPEN_STATES)


class InterviewError(ValueError):
    """A refused interview action; ``messages`` are for the user, in their language."""

    def __init__(self, messages: list | str):
        self.messages = [str(m) for m in ([messages] if not isinstance(messages, list) else messages)]
        super().__init__("; ".join(self.messages))


def when(starts_at: datetime, ends_at: datetime) -> str:
    """dd/mm/yyyy HH:MM–HH:MM in the event's time zone, for messages and e-mails."""
    return f"{format_datetime(starts_at)}–{to_local(ends_at).strftime('%H:%M')}"


# ----------------------------------------------------------------------------- interviewees
@dataclass
class IntervieweeData:
    """What the desk typed for a person on its list."""

    full_name: str
    title: str = ""
    organisation: str = ""
    kind: str = "delegate"
    languages: tuple[str, ...] = ("vi",)
    email: str = ""
    phone: str = ""
    speaker_id: int | None = None
    active: bool = True


def save_interviewee(interviewee: Interviewee | None, data: IntervieweeData, actor) -> Interviewee:
    """Add a person to the desk's list (``interviewee`` None) or change one; audited."""
    errors = []
    if not data.full_name.strip():
        errors.append(_l("Please enter the person's full name."))
    if data.kind not in KINDS:
        errors.append(_l("Please choose what kind of person this is."))
    languages = [code for code in LANGUAGES if code in set(data.languages)]
    if not languages or len(languages) != len(set(data.languages)):
        errors.append(_l("Please choose at least one language from the list."))
    if data.speaker_id is not None:
        speaker = get_in_event(Speaker, data.speaker_id)
        if speaker is None:
            errors.append(_l("Please choose a speaker from the list."))
    if errors:
        raise InterviewError(errors)
    created = interviewee is None
    interviewee = interviewee or Interviewee()
    interviewee.full_name = data.full_name.strip()
    interviewee.title = data.title.strip()
    interviewee.organisation = data.organisation.strip()
    interviewee.kind = data.kind
    interviewee.language_codes = ",".join(languages)
    interviewee.email = data.email.strip().lower()
    interviewee.phone = data.phone.strip()
    interviewee.speaker_id = data.speaker_id
    interviewee.active = data.active
    db.session.add(interviewee)
    db.session.flush()
    audit.record(
        "interviews.interviewee." + ("create" if created else "update"),
        interviewee,
        actor=actor,
        details={"name": interviewee.full_name, "active": interviewee.active},
    )
    return interviewee


def settings() -> InterviewSettings:
    """This congress's interview rules (made on first use)."""
    return settings_row(InterviewSettings, list_closed=False)


def list_is_closed() -> bool:
    row = db.session.scalar(select(InterviewSettings.list_closed))
    return bool(row)


def close_list(closed: bool, actor) -> None:
    """Open or close the list: closed, journalists ask only for people on it."""
    row = settings()
    if row.list_closed == closed:
        return
    row.list_closed = closed
    db.session.flush()
    audit.record("interviews.list_closed" if closed else "interviews.list_opened", row, actor=actor)


def interviewees(*, active_only: bool = False) -> list[Interviewee]:
    """The desk's list, by name."""
    query = select(Interviewee).order_by(Interviewee.full_name, Interviewee.id)
    if active_only:
        query = query.where(Interviewee.active.is_(True))
    return list(db.session.scalars(query))


# ----------------------------------------------------------------------------- clashes
# Other areas' bookings, asked for by the clash checks below so that this area never imports
# them (the positions area answers both with the hall's sessions: app/positions/services.py).
# Each receiver returns a list of messages (empty when free).
#   journalist_busy.send(user_id, starts_at=, ends_at=, own=)   the journalist's places in the hall
#   interviewee_busy.send(interviewee, starts_at=, ends_at=)    sittings a delegate is in the hall for
journalist_busy = signal("interviews.journalist_busy")
interviewee_busy = signal("interviews.interviewee_busy")


def _answers(sent) -> list[str]:
    return [message for _receiver, messages in sent for message in messages or ()]


def _overlap(model, starts_at: datetime, ends_at: datetime):
    return and_(model.starts_at < ends_at, model.ends_at > starts_at)


def _scheduled_overlapping(starts_at: datetime, ends_at: datetime, exclude_id: int | None):
    query = (
        select(InterviewRequest)
        .options(joinedload(InterviewRequest.interviewee))
        .where(InterviewRequest.state == "scheduled", _overlap(InterviewRequest, starts_at, ends_at))
        .order_by(InterviewRequest.starts_at, InterviewRequest.id)
    )
    if exclude_id is not None:
        query = query.where(InterviewRequest.id != exclude_id)
    return query


def journalist_clashes(
    user_id: int, starts_at: datetime, ends_at: datetime, *, exclude_id: int | None = None, own: bool = False
) -> list[str]:
    """Messages naming the journalist's interviews, press conferences and places in the hall
    (:data:`journalist_busy`) at that time.

    ``own``: worded for the journalist (“You already …”) rather than for the desk.
    """
    messages = []
    for other in db.session.scalars(
        _scheduled_overlapping(starts_at, ends_at, exclude_id).where(
            InterviewRequest.journalist_id == user_id
        )
    ):
        values = {"person": other.person, "when": when(other.starts_at, other.ends_at)}
        messages.append(
            _("You already have an interview with %(person)s at that time (%(when)s).", **values)
            if own
            else _(
                "The journalist already has an interview with %(person)s at that time (%(when)s).", **values
            )
        )
    conferences = db.session.scalars(
        select(Conference)
        .join(Signup, Signup.conference_id == Conference.id)
        .where(
            Signup.user_id == user_id,
            Signup.status.in_(("registered", "waitlisted")),
            Conference.status != "cancelled",
            _overlap(Conference, starts_at, ends_at),
        )
        .order_by(Conference.starts_at)
    )
    for conference in conferences:
        values = {"title": conference.title, "when": when(conference.starts_at, conference.ends_at)}
        messages.append(
            _("You are signed up for the press conference “%(title)s” at that time (%(when)s).", **values)
            if own
            else _(
                "The journalist is signed up for the press conference “%(title)s” at that time (%(when)s).",
                **values,
            )
        )
    return messages + _answers(journalist_busy.send(user_id, starts_at=starts_at, ends_at=ends_at, own=own))


def appointment_clashes(
    request: InterviewRequest, room_id: int, starts_at: datetime, ends_at: datetime
) -> list[str]:
    """Every clash of a planned appointment: the room, the interviewee, the journalist."""
    interviewee = request.interviewee
    speaker_ids = [interviewee.speaker_id] if interviewee is not None and interviewee.speaker_id else []
    # press conferences in the room, and those the interviewee speaks at (briefings' own check)
    messages = briefings.clashes(room_id, speaker_ids, starts_at, ends_at)
    others = list(db.session.scalars(_scheduled_overlapping(starts_at, ends_at, request.id)))
    for other in others:
        if other.room_id == room_id:
            messages.append(
                _(
                    "The room is already booked at that time for an interview with %(person)s (%(when)s).",
                    person=other.person,
                    when=when(other.starts_at, other.ends_at),
                )
            )
    for other in others:
        if _same_person(request, other):
            messages.append(
                _(
                    "%(person)s already has an interview at that time (%(when)s).",
                    person=other.person,
                    when=when(other.starts_at, other.ends_at),
                )
            )
    if interviewee is not None:
        messages += _answers(interviewee_busy.send(interviewee, starts_at=starts_at, ends_at=ends_at))
    messages += journalist_clashes(request.journalist_id, starts_at, ends_at, exclude_id=request.id)
    return messages


def _same_person(one: InterviewRequest, other: InterviewRequest) -> bool:
    if one.interviewee_id is not None or other.interviewee_id is not None:
        return one.interviewee_id == other.interviewee_id
    return one.interviewee_name.strip().casefold() == other.interviewee_name.strip().casefold()


# ----------------------------------------------------------------------------- the journalist's request
@dataclass
class RequestData:
    """What a journalist typed: who, about what, for which medium, and when they could."""

    topic: str
    medium: str
    language: str
    duration_minutes: int
    preferred: list[datetime]  # naive UTC
    interviewee_id: int | None = None
    interviewee_name: str = ""


def file_request(user, data: RequestData, *, now: datetime | None = None) -> InterviewRequest:
    """An accredited journalist asks for an interview; refused with every problem at once."""
    now = now or utcnow()
    application = accredited_application(user.id)
    if application is None:
        raise InterviewError(_l("Only journalists with an approved accreditation can request interviews."))
    errors = []
    interviewee = None
    name = (data.interviewee_name or "").strip()
    if data.interviewee_id:
        interviewee = get_in_event(Interviewee, data.interviewee_id)
        if interviewee is None or not interviewee.active:
            errors.append(_l("Please choose a person from the list, or type a name."))
        name = ""
    elif list_is_closed():
        errors.append(
            _l("Please choose a person from the list: the desk arranges interviews only with them.")
        )
    elif not name:
        errors.append(_l("Please choose a person from the list, or type a name."))
    if not (data.topic or "").strip():
        errors.append(_l("Please describe the topic of the interview."))
    if data.medium not in MEDIA:
        errors.append(_l("Please choose a medium from the list."))
    if data.language not in LANGUAGES:
        errors.append(_l("Please choose a language from the list."))
    if not MIN_DURATION <= data.duration_minutes <= MAX_DURATION:
        errors.append(
            _("The duration must be %(min)s to %(max)s minutes.", min=MIN_DURATION, max=MAX_DURATION)
        )
    times = sorted(set(data.preferred))
    if not times:
        errors.append(_l("Please give at least one time that would suit you."))
    if len(times) > MAX_PREFERRED:
        errors.append(_("At most %(n)s preferred times, please.", n=MAX_PREFERRED))
    for starts_at in times:
        if starts_at <= now:
            errors.append(_("The time %(when)s is in the past.", when=format_datetime(starts_at)))
    if not errors:
        for starts_at in times:
            ends_at = starts_at + timedelta(minutes=data.duration_minutes)
            errors += journalist_clashes(user.id, starts_at, ends_at, own=True)
    if errors:
        raise InterviewError(errors)
    request = InterviewRequest(
        journalist_id=user.id,
        application_id=application.id,
        interviewee_id=interviewee.id if interviewee is not None else None,
        interviewee_name=name,
        topic=data.topic.strip(),
        medium=data.medium,
        language=data.language,
        duration_minutes=data.duration_minutes,
        state="received",
        created_at=now,
        updated_at=now,
        state_changed_at=now,
    )
    request.preferred_times = [PreferredTime(starts_at=starts_at) for starts_at in times]
    db.session.add(request)
    db.session.flush()
    audit.record(
        "interviews.request",
        request,
        actor=user,
        details={"interviewee_id": request.interviewee_id, "name": request.person, "times": len(times)},
    )
    _tell(request, "received")
    return request


# ----------------------------------------------------------------------------- the desk's state machine
def _lock(request: InterviewRequest) -> InterviewRequest:
    """Re-read the request under a row lock (PostgreSQL; SQLite write requests are serialised)."""
    locked = lock_row(InterviewRequest, request.id)
    if locked is None:
        raise InterviewError(_l("This interview request no longer exists."))
    return locked


def _move(request: InterviewRequest, state: str, now: datetime) -> str:
    """Check that ``state`` follows from the request's state, then move it; returns the old state."""
    old = request.state
    if state not in TRANSITIONS.get(old, ()):
        raise InterviewError(
            _(
                "A request that is “%(old)s” cannot become “%(new)s”.",
                old=STATE_LABELS[old],
                new=STATE_LABELS.get(state, state),
            )
        )
    request.state = state
    request.updated_at = now
    if state != old:
        request.state_changed_at = now
    return old


def contact(request: InterviewRequest, actor, *, now: datetime | None = None) -> InterviewRequest:
    """The desk starts asking the interviewee (received → contacting)."""
    now = now or utcnow()
    request = _lock(request)
    old = _move(request, "contacting", now)
    db.session.flush()
    audit.record("interviews.contact", request, actor=actor, details={"from": old})
    _tell(request, "contacting")
    return request


def record_consent(
    request: InterviewRequest,
    actor,
    *,
    consent_by: str,
    consent_at: datetime,
    channel: str,
    now: datetime | None = None,
) -> InterviewRequest:
    """The interviewee agreed: who said yes, when, by which channel (contacting → accepted)."""
    now = now or utcnow()
    errors = []
    if not (consent_by or "").strip():
        errors.append(_l("Please write who agreed to the interview."))
    if channel not in CHANNELS:
        errors.append(_l("Please choose how the consent was given."))
    if consent_at is None or consent_at > now + timedelta(minutes=5):
        errors.append(_l("The consent cannot be given in the future."))
    if errors:
        raise InterviewError(errors)
    request = _lock(request)
    old = _move(request, "accepted", now)
    request.consent_by = consent_by.strip()
    request.consent_at = consent_at
    request.consent_channel = channel
    request.consent_recorded_by_id = actor.id
    db.session.flush()
    audit.record(
        "interviews.consent",
        request,
        actor=actor,
        details={
            "from": old,
            "consent_by": request.consent_by,
            "channel": channel,
            "consent_at": consent_at.isoformat(),
        },
    )
    _tell(request, "accepted")
    return request


def decline(
    request: InterviewRequest,
    actor,
    *,
    reason: str = "",
    consent_by: str = "",
    channel: str | None = None,
    now: datetime | None = None,
) -> InterviewRequest:
    """The interviewee said no (or cannot): the request is declined and the journalist told why."""
    now = now or utcnow()
    if channel is not None and channel not in CHANNELS:
        raise InterviewError(_l("Please choose how the answer was given."))
    request = _lock(request)
    old = _move(request, "declined", now)
    request.declined_reason = (reason or "").strip()
    request.consent_by = (consent_by or "").strip()
    request.consent_channel = channel
    request.consent_at = now
    request.consent_recorded_by_id = actor.id
    db.session.flush()
    audit.record(
        "interviews.decline",
        request,
        actor=actor,
        details={"from": old, "reason": request.declined_reason, "channel": channel},
    )
    _tell(request, "declined")
    return request


def schedule(
    request: InterviewRequest,
    actor,
    *,
    starts_at: datetime,
    duration_minutes: int,
    room_id: int,
    now: datetime | None = None,
) -> InterviewRequest:
    """Give an accepted request (or a scheduled one, anew) a time and a room, clash-checked.

    Refused without the interviewee's recorded consent. The journalist and the interviewee
    (when the desk knows their e-mail) are told; the calendar copy's SEQUENCE goes up.
    """
    now = now or utcnow()
    request = _lock(request)
    if request.state not in ("accepted", "scheduled"):
        if request.state in OPEN_STATES:
            raise InterviewError(
                _l("Record the interviewee's consent first: only an accepted request can be scheduled.")
            )
        _move(request, "scheduled", now)  # raises the "cannot become" message
    if request.consent_at is None or not request.consent_by:
        raise InterviewError(
            _l("Record the interviewee's consent first: only an accepted request can be scheduled.")
        )
    errors = []
    room = lock_row(Room, room_id)
    if room is None or not room.active:
        errors.append(_l("Please choose a room from the list."))
    if not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        errors.append(
            _("The duration must be %(min)s to %(max)s minutes.", min=MIN_DURATION, max=MAX_DURATION)
        )
    if starts_at <= now:
        errors.append(_l("The start time is in the past."))
    if errors:
        raise InterviewError(errors)
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    if request.interviewee is not None:  # serialise bookings of one person (PostgreSQL)
        db.session.execute(
            select(Interviewee.id).where(Interviewee.id == request.interviewee_id).with_for_update()
        )
    db.session.execute(
        select(Application.id).where(Application.id == request.application_id).with_for_update()
    )
    errors = appointment_clashes(request, room.id, starts_at, ends_at)
    if errors:
        raise InterviewError(errors)
    rescheduled = request.state == "scheduled"
    if rescheduled and (request.room_id, request.starts_at, request.ends_at) == (room.id, starts_at, ends_at):
        raise InterviewError(_l("The interview is already scheduled at this time in this room."))
    old = _move(request, "scheduled", now)
    request.room_id, request.room = room.id, room
    request.starts_at, request.ends_at = starts_at, ends_at
    request.duration_minutes = duration_minutes
    request.scheduled_by_id = actor.id
    request.sequence += 1
    db.session.flush()
    audit.record(
        "interviews.reschedule" if rescheduled else "interviews.schedule",
        request,
        actor=actor,
        details={
            "from": old,
            "room": room.name,
            "starts_at": starts_at.isoformat(),
            "minutes": duration_minutes,
            "sequence": request.sequence,
        },
    )
    change = "rescheduled" if rescheduled else "scheduled"
    _tell(request, change)
    _tell_interviewee(request, change)
    return request


def close(request: InterviewRequest, actor, outcome: str, *, now: datetime | None = None) -> InterviewRequest:
    """After the appointment: it took place (``done``) or the journalist did not come (``no_show``)."""
    now = now or utcnow()
    if outcome not in ("done", "no_show"):
        raise InterviewError(_l("Please choose what happened."))
    request = _lock(request)
    if request.state == "scheduled" and now < request.starts_at:
        raise InterviewError(_l("The interview has not started yet: mark it after its time."))
    old = _move(request, outcome, now)
    db.session.flush()
    audit.record("interviews." + outcome, request, actor=actor, details={"from": old})
    _tell(request, outcome)
    return request


def cancel(
    request: InterviewRequest,
    actor,
    *,
    reason: str = "",
    by_journalist: bool = False,
    now: datetime | None = None,
) -> InterviewRequest:
    """Cancel an open request: by the desk, or by the journalist who asked (their own only)."""
    now = now or utcnow()
    request = _lock(request)
    if by_journalist and request.journalist_id != actor.id:
        raise InterviewError(_l("This interview request no longer exists."))
    if by_journalist and request.state == "scheduled" and request.starts_at <= now:
        raise InterviewError(_l("The interview has already started; the desk can close it."))
    had_appointment = request.state == "scheduled"
    old = _move(request, "cancelled", now)
    request.cancel_reason = (reason or "").strip()
    request.cancelled_by_journalist = by_journalist
    if had_appointment:
        request.sequence += 1
    db.session.flush()
    audit.record(
        "interviews.cancel",
        request,
        actor=actor,
        details={"from": old, "reason": request.cancel_reason, "by_journalist": by_journalist},
    )
    if not by_journalist:
        _tell(request, "cancelled")
    if had_appointment:
        _tell_interviewee(request, "cancelled")
    return request


# ----------------------------------------------------------------------------- e-mails
def _tell(request: InterviewRequest, change: str) -> None:
    """E-mail the journalist what changed (outbox, in their language)."""
    user = request.journalist
    queue_email(
        user.email,
        "interviews/journalist",
        language=user.language or "vi",
        user=user,
        request=request,
        change=change,
        state_labels=STATE_LABELS,
        channel_labels=CHANNEL_LABELS,
    )


def _tell_interviewee(request: InterviewRequest, change: str) -> None:
    """E-mail the interviewee an appointment or its cancellation, when the desk knows the address."""
    interviewee = request.interviewee
    if interviewee is None or not interviewee.email:
        return
    queue_email(
        interviewee.email,
        "interviews/interviewee",
        language="vi",
        interviewee=interviewee,
        request=request,
        change=change,
        medium_labels=MEDIUM_LABELS,
        language_labels=LANGUAGE_LABELS,
    )


# ----------------------------------------------------------------------------- reading
def _with_people(query):
    return query.options(
        joinedload(InterviewRequest.journalist),
        joinedload(InterviewRequest.application).joinedload(Application.organisation),
        joinedload(InterviewRequest.interviewee),
        joinedload(InterviewRequest.room),
        selectinload(InterviewRequest.preferred_times),
    )


CLOSED_SHOWN = 30  # the most recent closed requests on the board


def board() -> dict[str, list[InterviewRequest]]:
    """The requests by state: open ones oldest first (scheduled by time), closed ones latest first."""
    columns: dict[str, list[InterviewRequest]] = {state: [] for state in STATES}
    open_query = select(InterviewRequest).where(InterviewRequest.state.in_(OPEN_STATES))
    for request in db.session.scalars(
        _with_people(open_query.order_by(InterviewRequest.created_at, InterviewRequest.id))
    ):
        columns[request.state].append(request)
    columns["scheduled"].sort(key=lambda r: (r.starts_at, r.id))
    closed = _with_people(
        select(InterviewRequest)
        .where(InterviewRequest.state.not_in(OPEN_STATES))
        .order_by(InterviewRequest.state_changed_at.desc(), InterviewRequest.id.desc())
        .limit(CLOSED_SHOWN)
    )
    for request in db.session.scalars(closed):
        columns[request.state].append(request)
    return columns


def waiting_minutes(request: InterviewRequest, now: datetime) -> int:
    """How long the journalist has waited for an answer: until now while the request is still
    received or being contacted, else until the desk's last answer."""
    end = now if request.state in ("received", "contacting") else request.state_changed_at
    return max(0, int((end - request.created_at).total_seconds() // 60))


def requests_of(user_id: int) -> list[InterviewRequest]:
    """A journalist's own requests in this congress, newest first."""
    return list(
        db.session.scalars(
            _with_people(
                select(InterviewRequest)
                .where(InterviewRequest.journalist_id == user_id)
                .order_by(InterviewRequest.created_at.desc(), InterviewRequest.id.desc())
            )
        )
    )


def day_list(interviewee: Interviewee, day: date) -> list[InterviewRequest]:
    """The interviewee's scheduled (and held) appointments on one local day, by time."""
    start = from_local(datetime.combine(day, time()))
    end = from_local(datetime.combine(day + timedelta(days=1), time()))
    return list(
        db.session.scalars(
            _with_people(
                select(InterviewRequest)
                .where(
                    InterviewRequest.interviewee_id == interviewee.id,
                    InterviewRequest.state.in_(("scheduled", "done", "no_show")),
                    InterviewRequest.starts_at >= start,
                    InterviewRequest.starts_at < end,
                )
                .order_by(InterviewRequest.starts_at, InterviewRequest.id)
            )
        )
    )


def open_count() -> int:
    """Requests still waiting for the desk (received, contacting, accepted)."""
    return (
        db.session.scalar(
            select(func.count(InterviewRequest.id)).where(
                InterviewRequest.state.in_(("received", "contacting", "accepted"))
            )
        )
        or 0
    )


def calendar_requests(user_id: int) -> list[InterviewRequest]:
    """The journalist's interviews that have (or had) an appointment, for their private calendar."""
    return list(
        db.session.scalars(
            select(InterviewRequest)
            .options(joinedload(InterviewRequest.interviewee), joinedload(InterviewRequest.room))
            .where(
                InterviewRequest.journalist_id == user_id,
                InterviewRequest.starts_at.is_not(None),
                or_(
                    InterviewRequest.state.in_(("scheduled", "done", "no_show")),
                    and_(InterviewRequest.state == "cancelled", InterviewRequest.sequence > 0),
                ),
            )
            .order_by(InterviewRequest.starts_at, InterviewRequest.id)
        )
    )
