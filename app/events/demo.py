"""The demo's congresses, in a believable season: the provincial congress (running, the rest
of the demo), the district congress of Diễn Châu two weeks earlier (now archived, with some of
the same reporters and their coverage) and the next congress, of Vinh city, in draft.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.core.timeutil import local_today
from app.events.models import Event
from app.events.services import clone_setup, create_event, first_event_from_config
from app.extensions import db

DISTRICT = "DC29"
NEXT = "TPV"


def seed() -> None:
    """The provincial congress the rest of the demo belongs to."""
    event = first_event_from_config(status="running")
    event.status = "running"  # a fresh installation's first event starts open; the demo's is under way
    event.level = "provincial"
    event.host = event.host or "Ban Tuyên giáo Tỉnh ủy"
    event.place = event.place or "Hội trường Trung tâm Hội nghị tỉnh"


def provincial() -> Event:
    return db.session.scalar(select(Event).order_by(Event.id).limit(1))


def district() -> Event | None:
    return db.session.scalar(select(Event).where(Event.code == DISTRICT))


def seed_season() -> None:
    """The district congress before (closed for now: the other areas add its people) and the next one."""
    main = provincial()
    opening = main.first_day or local_today()
    before = create_event(
        DISTRICT,
        "Đại hội đại biểu Đảng bộ huyện Diễn Châu lần thứ XXIX, nhiệm kỳ 2025–2030",
        level="district",
        status="closed",
        timezone=main.timezone,
        first_day=opening - timedelta(days=14),
        last_day=opening - timedelta(days=12),
        host="Ban Tuyên giáo Huyện ủy Diễn Châu",
        place="Hội trường Trung tâm Chính trị huyện Diễn Châu",
    )
    clone_setup(main, before)
    after = create_event(
        NEXT,
        "Đại hội đại biểu Đảng bộ thành phố Vinh lần thứ XXIII, nhiệm kỳ 2025–2030",
        level="district",
        status="draft",
        timezone=main.timezone,
        first_day=opening + timedelta(days=21),
        last_day=opening + timedelta(days=23),
        host="Ban Tuyên giáo Thành ủy Vinh",
        place="Trung tâm Hội nghị thành phố Vinh",
    )
    clone_setup(main, after)


def seed_close() -> None:
    """The district congress is over: archived, read-only."""
    event = district()
    if event is not None:
        event.status = "archived"
