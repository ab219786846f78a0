"""Demo positions: the priority classes, the congress's sessions (the opening with every kind of
position, a plenary, the closing), requests from the demo's journalists, and tomorrow morning's
flower ceremony already allocated with a waitlist."""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.accreditation.models import Application, MediaOrganisation
from app.core.timeutil import from_local, local_today, utcnow
from app.events import scope
from app.events.models import Zone
from app.events.services import current_event
from app.extensions import db
from app.positions import services

PRESS_OFFICER = "baochi@demo.presscentre.vn"
# (outlet, class, rank): the host broadcaster and the national news agency come first
PRIORITIES = [
    ("Đài Phát thanh và Truyền hình Nghệ An", "Đài chủ nhà (truyền hình trực tiếp)", 1),
    ("Thông tấn xã Việt Nam", "Hãng thông tấn quốc gia", 2),
    ("Đài Truyền hình Việt Nam (VTV)", "Đài truyền hình quốc gia", 3),
]
OPENING_PLACES = {"tv_riser": 3, "photo": 6, "pool_writer": 4, "pool_photo": 2, "radio": 2}


def _at(day, hour: int, minute: int = 0) -> datetime:
    return from_local(datetime.combine(day, time(hour, minute)))


def seed() -> None:
    """Sessions with positions and requests in the current (demo) congress."""
    with scope.in_event(current_event()):
        _seed()


def _seed() -> None:
    desk = db.session.scalar(select(User).where(User.email == PRESS_OFFICER))
    applications = db.session.scalars(
        select(Application).where(Application.status == "approved").order_by(Application.id)
    ).all()
    if desk is None or len(applications) < 12:
        return
    for name, class_name, rank in PRIORITIES:
        outlet = db.session.scalar(select(MediaOrganisation).where(MediaOrganisation.name == name))
        if outlet is not None:
            services.save_priority(outlet.id, class_name, rank, 1, desk)
    hall = db.session.scalar(select(Zone).where(Zone.code == "HT"))
    opening_day = local_today() + timedelta(days=2)  # as the briefings demo: the congress opens in two days
    now = utcnow()

    def session(title, kind, starts_at, ends_at, places, **extra):
        row = services.save_session(
            None,
            services.SessionData(
                title=title,
                kind=kind,
                starts_at=starts_at,
                ends_at=ends_at,
                zone_id=hall.id if hall else None,
                **extra,
            ),
            desk,
        )
        for kind_, count in places.items():
            services.save_position(row, kind_, count, "", desk)
        return row

    # tomorrow morning's flower ceremony: requests closed within the last hour, places allocated
    ceremony_start = _at(local_today() + timedelta(days=1), 7)
    hours_left = max(3, math.ceil((ceremony_start - now).total_seconds() / 3600))
    ceremony = session(
        "Lễ dâng hoa tại Quảng trường Hồ Chí Minh",
        "press_event",
        ceremony_start,
        ceremony_start + timedelta(hours=1),
        {"tv_riser": 2, "photo": 3},
        deadline_hours=hours_left,
        release_hours=2,
    )
    opening = session(
        "Phiên khai mạc Đại hội",
        "opening",
        _at(opening_day, 8),
        _at(opening_day, 11, 30),
        OPENING_PLACES,
    )
    session(
        "Phiên làm việc toàn thể: thảo luận các văn kiện",
        "plenary",
        _at(opening_day, 14),
        _at(opening_day, 17),
        {"tv_riser": 2, "photo": 4, "pool_writer": 3},
    )
    session(
        "Phiên bế mạc Đại hội",
        "closing",
        _at(opening_day + timedelta(days=2), 14),
        _at(opening_day + timedelta(days=2), 16, 30),
        OPENING_PLACES,
    )
    db.session.flush()

    def kind_for(application) -> str:
        return {"camera": "tv_riser", "photographer": "photo"}.get(application.category, "pool_writer")

    asked = min(now, services.deadline_of(ceremony)) - timedelta(hours=6)
    for n, application in enumerate(applications[:14]):
        kind = kind_for(application) if kind_for(application) != "pool_writer" else "photo"
        position = next(p for p in ceremony.positions if p.kind == kind)
        _ask(application, ceremony, position, asked + timedelta(minutes=n))
    services.allocate(ceremony, desk, now=now)
    for n, application in enumerate(applications[14:34]):
        position = next(p for p in opening.positions if p.kind == kind_for(application))
        _ask(application, opening, position, now - timedelta(hours=20 - n))
    db.session.flush()


def _ask(application, session, position, at) -> None:
    """A journalist's request; one whose own bookings clash (an interview, a conference) is skipped."""
    try:
        services.request_position(application.user, session, position.id, now=at)
    except services.PositionError:
        pass
