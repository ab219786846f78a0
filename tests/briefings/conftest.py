"""Factories for the briefings tests: rooms, speakers, conferences, accredited journalists."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.briefings.models import Conference, Room, Signup, Speaker
from app.core.timeutil import from_local, local_today, utcnow


def local_morning(days: int = 2) -> datetime:
    """09:00 local time ``days`` ahead, as stored (UTC): an edit of an hour or two never crosses local midnight."""
    day = datetime.combine(local_today() + timedelta(days=days), datetime.min.time())
    return from_local(day) + timedelta(hours=9)


@pytest.fixture
def make_room(db):
    """Factory: ``make_room(name=..., capacity=..., gate=None)``."""
    counter = {"n": 0}

    def make(name: str | None = None, capacity: int = 50, gate=None, **overrides) -> Room:
        counter["n"] += 1
        room = Room(
            name=name or f"Phòng họp báo số {counter['n']}",
            capacity=capacity,
            gate_id=gate.id if gate is not None else None,
            location=overrides.pop("location", "Tầng 2, Trung tâm báo chí"),
            **overrides,
        )
        db.session.add(room)
        db.session.commit()
        return room

    return make


@pytest.fixture
def make_speaker(db):
    """Factory: ``make_speaker(full_name=..., position=...)``."""
    counter = {"n": 0}

    def make(full_name: str | None = None, position: str = "Người phát ngôn", **overrides) -> Speaker:
        counter["n"] += 1
        speaker = Speaker(
            full_name=full_name or f"Diễn giả {counter['n']}",
            position=position,
            organisation=overrides.pop("organisation", "Tỉnh ủy"),
            **overrides,
        )
        db.session.add(speaker)
        db.session.commit()
        return speaker

    return make


@pytest.fixture
def make_conference(db, make_room):
    """Factory: a scheduled conference starting ``starts_in`` from now (default: tomorrow)."""
    counter = {"n": 0}

    def make(
        room: Room | None = None,
        *,
        starts_at: datetime | None = None,
        starts_in: timedelta = timedelta(days=1),
        minutes: int = 60,
        capacity: int | None = None,
        visibility: str = "accredited",
        speakers=(),
        **overrides,
    ) -> Conference:
        counter["n"] += 1
        room = room or make_room()
        start = starts_at or (utcnow() + starts_in).replace(second=0, microsecond=0)
        conference = Conference(
            title=overrides.pop("title", f"Họp báo số {counter['n']}"),
            topic=overrides.pop("topic", "Công tác chuẩn bị Đại hội"),
            room_id=room.id,
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            capacity=capacity or room.capacity,
            visibility=visibility,
            **overrides,
        )
        conference.speakers = list(speakers)
        db.session.add(conference)
        db.session.commit()
        return conference

    return make


@pytest.fixture
def accredited(make_application):
    """Factory: a journalist with an approved application (returns the user)."""

    def make(**overrides):
        return make_application(status="approved", **overrides).user

    return make


@pytest.fixture
def signups_of(db):
    """The sign-up rows of a conference, fresh from the database."""
    from sqlalchemy import select

    def read(conference_id: int) -> list[Signup]:
        db.session.expire_all()
        return list(
            db.session.scalars(
                select(Signup).where(Signup.conference_id == conference_id).order_by(Signup.id)
            )
        )

    return read
