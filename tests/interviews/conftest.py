"""Interview fixtures: accredited journalists, a press officer, a room, people on the desk's list."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from app.briefings.models import Room
from app.core.models import AuditEvent, OutboxMessage
from app.core.timeutil import from_local, local_today
from app.extensions import db as _db
from app.interviews import services


@pytest.fixture
def officer(make_user):
    """A press officer: brokers interviews."""
    return make_user("press_officer", full_name="Lê Thị Mai")


@pytest.fixture
def accredited(db, make_application):
    """Factory: an approved journalist of this congress → (user, application)."""

    def make(full_name: str = "Nguyễn Văn Ánh", **overrides):
        application = make_application(status="approved", full_name=full_name, **overrides)
        application.user.full_name = full_name
        db.session.commit()
        return application.user, application

    return make


@pytest.fixture
def room(db):
    room = Room(name="Phòng phỏng vấn số 1", location="Tầng 2, Trung tâm báo chí", capacity=6)
    db.session.add(room)
    db.session.commit()
    return room


@pytest.fixture
def person(db, officer):
    """A spokesperson on the desk's list, with an e-mail for appointments."""
    interviewee = services.save_interviewee(
        None,
        services.IntervieweeData(
            full_name="Trần Thị Hoa",
            title="Phó Chủ tịch UBND tỉnh",
            organisation="UBND tỉnh",
            kind="official",
            languages=("vi", "en"),
            email="tranthihoa@nghean.gov.vn",
            phone="+84238123456",
        ),
        officer,
    )
    db.session.commit()
    return interviewee


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """Naive UTC for a local day ``days`` from today at ``hour:minute``."""
    return from_local(datetime.combine(local_today() + timedelta(days=days), time(hour, minute)))


def local_day(days: int) -> str:
    return (local_today() + timedelta(days=days)).strftime("%d/%m/%Y")


def audit_actions() -> list[str]:
    return list(_db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def outbox() -> list[OutboxMessage]:
    return list(_db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.fixture
def make_request(db):
    """Factory: a request filed through the service (one preferred time, 2 days ahead at 10:00)."""

    def make(
        user, interviewee=None, *, name: str = "", when=None, minutes: int = 30, topic: str = "Chuyển đổi số"
    ):
        request = services.file_request(
            user,
            services.RequestData(
                topic=topic,
                medium="tv",
                language="vi",
                duration_minutes=minutes,
                preferred=[when or at(2, 10)],
                interviewee_id=interviewee.id if interviewee is not None else None,
                interviewee_name=name,
            ),
        )
        db.session.commit()
        return request

    return make


@pytest.fixture
def accepted(make_request, officer, db):
    """Factory: a request contacted and consented to, ready to schedule."""

    def make(user, interviewee=None, **kwargs):
        request = make_request(user, interviewee, **kwargs)
        services.contact(request, officer)
        services.record_consent(
            request, officer, consent_by=request.person, consent_at=at(0, 0), channel="phone"
        )
        db.session.commit()
        return request

    return make
