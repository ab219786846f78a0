"""Briefing rules for staff: rooms, speakers, and conferences (create, series, change, cancel).

A room holds one conference at a time and a speaker speaks at one at a time; a clash is
refused with a message naming the other conference. Every change raises the iCalendar
SEQUENCE; a change of time or room, or a cancellation, e-mails everyone signed up.
Sign-ups, the waitlist and questions live in ``signups.py``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from blinker import signal
from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from app.briefings.models import Conference, Room, Signup, Speaker, conference_speakers
from app.core import audit
from app.core.locking import lock_row
from app.core.outbox import queue_email
from app.core.timeutil import format_datetime, from_local, to_local, utcnow
from app.events.scope import get_in_event
from app.events.services import scoped
from app.extensions import db

MAX_SERIES = 26


# Sent after a conference's time or room changed, and after a cancellation; live notices
# (app/notices/hooks.py) listen, so this area never imports them.
conference_changed = signal("briefings.conference_changed")
conference_cancelled = signal("briefings.conference_cancelled")


class BriefingError(ValueError):
    """A refused briefing operation; ``messages`` are for the user, in their language."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass
class ConferenceData:
    """What a press officer typed for a conference (times already in naive UTC)."""

    title: str
    room_id: int
    starts_at: datetime
    ends_at: datetime
    topic: str = ""
    description: str = ""
    title_en: str = ""
    description_en: str = ""
    speaker_ids: list[int] = field(default_factory=list)
    capacity: int | None = None  # None: the room's capacity
    visibility: str = "accredited"


def when(conference: Conference) -> str:
    """The conference's date and times (dd/mm/yyyy HH:MM–HH:MM, local) for messages and e-mails."""
    end = to_local(conference.ends_at)
    return f"{format_datetime(conference.starts_at)}–{end.strftime('%H:%M') if end else ''}"


# ----------------------------------------------------------------------------- rooms and speakers
def save_room(
    room: Room | None, *, name: str, capacity: int, location: str, gate_id: int | None, active: bool, actor
) -> Room:
    """Create (``room`` None) or change a room; names are unique."""
    clash = db.session.scalar(scoped(Room).where(func.lower(Room.name) == name.lower()))
    if clash is not None and clash is not room:
        raise BriefingError(_("A room named %(name)s already exists.", name=name))
    if gate_id is not None:
        from app.checkin.models import Gate

        if get_in_event(Gate, gate_id) is None:
            raise BriefingError(_("Please choose a gate from the list."))
    created = room is None
    room = room or Room()
    room.name, room.capacity, room.location, room.gate_id, room.active = (
        name,
        capacity,
        location,
        gate_id,
        active,
    )
    db.session.add(room)
    db.session.flush()
    audit.record(
        "briefings.room." + ("create" if created else "update"),
        room,
        actor=actor,
        details={"name": name, "capacity": capacity, "gate_id": gate_id},
    )
    return room


def save_speaker(
    speaker: Speaker | None, *, full_name: str, position: str, organisation: str, active: bool, actor
) -> Speaker:
    """Create (``speaker`` None) or change a speaker."""
    created = speaker is None
    speaker = speaker or Speaker()
    speaker.full_name, speaker.position, speaker.organisation, speaker.active = (
        full_name,
        position,
        organisation,
        active,
    )
    db.session.add(speaker)
    db.session.flush()
    audit.record(
        "briefings.speaker." + ("create" if created else "update"),
        speaker,
        actor=actor,
        details={"name": full_name},
    )
    return speaker


# ----------------------------------------------------------------------------- checks
def _load_speakers(speaker_ids: list[int]) -> tuple[list[Speaker], list[str]]:
    wanted = sorted(set(speaker_ids))
    if not wanted:
        return [], []
    found = db.session.scalars(
        select(Speaker).where(Speaker.id.in_(wanted)).order_by(Speaker.id).with_for_update()
    ).all()
    errors = []
    if len(found) != len(wanted) or any(not s.active for s in found):
        errors.append(_("One of the chosen speakers does not exist (any more). Please choose from the list."))
    return list(found), errors


def clashes(
    room_id: int,
    speaker_ids: list[int],
    starts_at: datetime,
    ends_at: datetime,
    exclude_id: int | None = None,
) -> list[str]:
    """Messages naming each conference that already uses the room or a speaker at that time."""
    overlap = and_(
        Conference.starts_at < ends_at,
        Conference.ends_at > starts_at,
        Conference.status != "cancelled",
    )
    if exclude_id is not None:
        overlap = and_(overlap, Conference.id != exclude_id)
    messages = []
    for other in db.session.scalars(
        select(Conference).where(overlap, Conference.room_id == room_id).order_by(Conference.starts_at)
    ):
        messages.append(
            _(
                "The room is already booked at that time for “%(title)s” (%(when)s).",
                title=other.title,
                when=when(other),
            )
        )
    if speaker_ids:
        rows = db.session.execute(
            select(Speaker.full_name, Conference)
            .join(conference_speakers, conference_speakers.c.speaker_id == Speaker.id)
            .join(Conference, Conference.id == conference_speakers.c.conference_id)
            .where(overlap, Speaker.id.in_(speaker_ids))
            .order_by(Conference.starts_at, Speaker.full_name)
        ).all()
        for name, other in rows:
            messages.append(
                _(
                    "%(speaker)s already speaks at “%(title)s” (%(when)s).",
                    speaker=name,
                    title=other.title,
                    when=when(other),
                )
            )
    return messages


def _check(
    data: ConferenceData,
    room: Room | None,
    *,
    now: datetime,
    time_changed: bool = True,
    exclude_id: int | None = None,
    registered: int = 0,
) -> tuple[list[Speaker], list[str]]:
    errors: list[str] = []
    if room is None or not room.active:
        errors.append(_("Please choose a room from the list."))
    speakers, speaker_errors = _load_speakers(data.speaker_ids)
    errors += speaker_errors
    if data.visibility not in ("accredited", "public"):
        errors.append(_("Please choose who may see the conference."))
    if data.ends_at <= data.starts_at:
        errors.append(_("The conference must end after it starts."))
    if time_changed and data.starts_at < now:
        errors.append(_("The start time is in the past."))
    if room is not None:
        capacity = data.capacity if data.capacity is not None else room.capacity
        if capacity < 1 or capacity > room.capacity:
            errors.append(
                _("The capacity must be between 1 and the room's %(seats)s seats.", seats=room.capacity)
            )
        elif capacity < registered:
            errors.append(
                _(
                    "%(count)s journalists already have a seat; the capacity cannot be lower than that.",
                    count=registered,
                )
            )
    if not errors:
        errors += clashes(data.room_id, [s.id for s in speakers], data.starts_at, data.ends_at, exclude_id)
    return speakers, errors


# ----------------------------------------------------------------------------- conferences
def _apply(conference: Conference, data: ConferenceData, room: Room, speakers: list[Speaker]) -> None:
    conference.title = data.title
    conference.topic = data.topic
    conference.description = data.description
    conference.title_en = data.title_en
    conference.description_en = data.description_en
    conference.room_id = room.id
    conference.room = room
    conference.starts_at = data.starts_at
    conference.ends_at = data.ends_at
    conference.capacity = data.capacity if data.capacity is not None else room.capacity
    conference.visibility = data.visibility
    conference.speakers = speakers


def create_conference(
    data: ConferenceData, actor, *, now: datetime | None = None, series_key: str | None = None
) -> Conference:
    """Schedule one conference; raises BriefingError (nothing saved) on any problem or clash."""
    now = now or utcnow()
    room = lock_row(Room, data.room_id)  # two bookings of one room decided in turn
    speakers, errors = _check(data, room, now=now)
    if errors:
        raise BriefingError(errors)
    conference = Conference(created_by_id=getattr(actor, "id", None), series_key=series_key, updated_at=now)
    _apply(conference, data, room, speakers)
    db.session.add(conference)
    db.session.flush()
    audit.record(
        "briefings.conference.create",
        conference,
        actor=actor,
        details={"title": data.title, "room": room.name, "starts_at": data.starts_at.isoformat()},
    )
    return conference


def series_times(
    first_day: date, start: time, end: time, *, every_days: int, count: int
) -> list[tuple[datetime, datetime]]:
    """(starts_at, ends_at) in UTC for ``count`` occurrences, ``every_days`` apart, typed in local time."""
    times = []
    for n in range(count):
        day = first_day + timedelta(days=every_days * n)
        times.append((from_local(datetime.combine(day, start)), from_local(datetime.combine(day, end))))
    return times


def create_series(
    data: ConferenceData, times: list[tuple[datetime, datetime]], actor, *, now: datetime | None = None
) -> list[Conference]:
    """Create every occurrence of a series or none: all problems are reported together."""
    now = now or utcnow()
    if not 2 <= len(times) <= MAX_SERIES:
        raise BriefingError(_("A series has 2 to %(max)s conferences.", max=MAX_SERIES))
    room = lock_row(Room, data.room_id)
    errors: list[str] = []
    plans = []
    for starts_at, ends_at in times:
        occurrence = ConferenceData(**{**data.__dict__, "starts_at": starts_at, "ends_at": ends_at})
        speakers, problems = _check(occurrence, room, now=now)
        day = format_datetime(starts_at, with_time=False)
        errors += [f"{day}: {problem}" for problem in problems]
        plans.append((occurrence, speakers))
    if errors:
        raise BriefingError(errors)
    key = secrets.token_hex(8)
    created = [create_conference(occurrence, actor, now=now, series_key=key) for occurrence, _s in plans]
    audit.record(
        "briefings.series.create",
        created[0],
        actor=actor,
        details={"series_key": key, "count": len(created), "ids": [c.id for c in created]},
    )
    return created


def lock_conference(conference_id: int) -> Conference | None:
    """The conference, row-locked on PostgreSQL while seats are counted or it is changed."""
    return lock_row(Conference, conference_id)


def registered_count(conference_id: int) -> int:
    """How many journalists hold a seat."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Signup)
            .where(Signup.conference_id == conference_id, Signup.status == "registered")
        )
        or 0
    )


def signed_up(conference_id: int) -> list[Signup]:
    """Everyone registered or on the waitlist (they hear about changes), with their accounts."""
    from sqlalchemy.orm import joinedload

    return list(
        db.session.scalars(
            select(Signup)
            .options(joinedload(Signup.user))
            .where(Signup.conference_id == conference_id, Signup.status.in_(("registered", "waitlisted")))
            .order_by(Signup.id)
        )
    )


def notify(conference: Conference, template: str, **context) -> int:
    """Queue ``briefings/<template>`` for everyone signed up (registered and waitlisted)."""
    signups = signed_up(conference.id)
    for signup in signups:
        queue_email(
            signup.user.email,
            f"briefings/{template}",
            language=signup.user.language,
            user=signup.user,
            conference=conference,
            signup=signup,
            **context,
        )
    return len(signups)


def update_conference(
    conference_id: int, data: ConferenceData, actor, *, now: datetime | None = None
) -> Conference:
    """Change a conference: SEQUENCE goes up; a new time or room e-mails everyone signed up."""
    from app.briefings.signups import promote_waitlist

    now = now or utcnow()
    conference = lock_conference(conference_id)
    if conference is None:
        raise BriefingError(_("This conference does not exist."))
    if conference.is_cancelled:
        raise BriefingError(_("This conference was cancelled; it cannot be changed."))
    time_changed = (data.starts_at, data.ends_at) != (conference.starts_at, conference.ends_at)
    room_changed = data.room_id != conference.room_id
    room = lock_row(Room, data.room_id)
    speakers, errors = _check(
        data,
        room,
        now=now,
        time_changed=time_changed,
        exclude_id=conference.id,
        registered=registered_count(conference.id),
    )
    if errors:
        raise BriefingError(errors)
    before = {
        "title": conference.title,
        "topic": conference.topic,
        "description": conference.description,
        "title_en": conference.title_en,
        "description_en": conference.description_en,
        "room_id": conference.room_id,
        "starts_at": conference.starts_at,
        "ends_at": conference.ends_at,
        "capacity": conference.capacity,
        "visibility": conference.visibility,
        "speakers": sorted(s.id for s in conference.speakers),
    }
    old_room_name, old_when = conference.room.name, when(conference)
    _apply(conference, data, room, speakers)
    after = {
        "title": conference.title,
        "topic": conference.topic,
        "description": conference.description,
        "title_en": conference.title_en,
        "description_en": conference.description_en,
        "room_id": conference.room_id,
        "starts_at": conference.starts_at,
        "ends_at": conference.ends_at,
        "capacity": conference.capacity,
        "visibility": conference.visibility,
        "speakers": sorted(s.id for s in speakers),
    }
    changed = sorted(key for key in before if before[key] != after[key])
    if not changed:
        return conference
    conference.sequence += 1
    conference.updated_at = now
    notified = 0
    if time_changed or room_changed:
        conference.status = "changed"
        db.session.flush()
        notified = notify(
            conference,
            "changed",
            old_when=old_when,
            old_room=old_room_name,
            time_changed=time_changed,
            room_changed=room_changed,
        )
    db.session.flush()
    if conference.capacity > before["capacity"]:
        promote_waitlist(conference, now=now)
    audit.record(
        "briefings.conference.update",
        conference,
        actor=actor,
        details={"changed": changed, "sequence": conference.sequence, "notified": notified},
    )
    if time_changed or room_changed:
        conference_changed.send(conference, old_when=old_when, old_room=old_room_name)
    return conference


def cancel_conference(
    conference_id: int, actor, *, reason: str = "", now: datetime | None = None
) -> Conference:
    """Cancel a conference and e-mail everyone signed up; calendars show it as cancelled."""
    now = now or utcnow()
    conference = lock_conference(conference_id)
    if conference is None:
        raise BriefingError(_("This conference does not exist."))
    if conference.is_cancelled:
        raise BriefingError(_("This conference is already cancelled."))
    conference.status = "cancelled"
    conference.cancelled_at = now
    conference.cancel_reason = reason or None
    conference.sequence += 1
    conference.updated_at = now
    db.session.flush()
    notified = notify(conference, "cancelled", reason=reason)
    audit.record(
        "briefings.conference.cancel",
        conference,
        actor=actor,
        details={"reason": reason, "notified": notified, "sequence": conference.sequence},
    )
    conference_cancelled.send(conference, reason=reason)
    return conference
