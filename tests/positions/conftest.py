"""Positions fixtures: accredited journalists of named outlets, a press officer, sessions with positions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.models import AuditEvent, OutboxMessage
from app.core.timeutil import utcnow
from app.extensions import db as _db
from app.positions import services
from app.positions.models import PositionRequest
from tests.checkin.conftest import api, make_gate, payload_of  # noqa: F401  (the gate's fixtures)


@pytest.fixture
def officer(make_user):
    """A press officer: runs the positions desk."""
    return make_user("press_officer", full_name="Lê Thị Mai")


@pytest.fixture
def reporter(db, make_application, make_organisation):
    """Factory: an approved journalist of the outlet named → (user, application)."""
    outlets = {}

    def make(outlet: str = "Báo Nhân Dân", full_name: str = "Nguyễn Văn Ánh", **overrides):
        if outlet not in outlets:
            outlets[outlet] = make_organisation(outlet)
        application = make_application(
            status="approved", organisation=outlets[outlet], full_name=full_name, **overrides
        )
        application.user.full_name = full_name
        db.session.commit()
        return application.user, application

    make.outlets = outlets
    return make


@pytest.fixture
def make_session(db, officer):
    """Factory: a session starting ``hours`` from now, with positions {kind: places}."""

    def make(title: str = "Phiên khai mạc", *, hours: float = 48, length: float = 3, places=None, **data):
        starts_at = (utcnow() + timedelta(hours=hours)).replace(microsecond=0)
        session = services.save_session(
            None,
            services.SessionData(
                title=title,
                kind=data.pop("kind", "opening"),
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=length),
                **data,
            ),
            officer,
        )
        for kind, count in (places or {"photo": 1}).items():
            services.save_position(session, kind, count, "", officer)
        db.session.commit()
        return session

    return make


def position_of(session, kind: str = "photo"):
    return next(p for p in session.positions if p.kind == kind)


def ask(user, session, kind: str = "photo", **kwargs) -> PositionRequest:
    row = services.request_position(user, session, position_of(session, kind).id, **kwargs)
    _db.session.commit()
    return row


def rows_of(session) -> list[PositionRequest]:
    _db.session.expire_all()
    return list(
        _db.session.scalars(
            select(PositionRequest)
            .where(PositionRequest.session_id == session.id)
            .order_by(PositionRequest.id)
        )
    )


def audit_actions() -> list[str]:
    return list(_db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def outbox() -> list[OutboxMessage]:
    return list(_db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
