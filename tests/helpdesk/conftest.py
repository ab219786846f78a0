"""Help-desk fixtures: accredited journalists with a badge, the desk's officers, a JPEG photo."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from app.badges.services import issue_badge
from app.core.models import AuditEvent, OutboxMessage
from app.extensions import db as _db


def jpeg(size=(640, 480)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def officer(make_user):
    """An accreditation officer: works the help desk and may replace badges."""
    return make_user("accreditation_officer", full_name="Phạm Thu Trang")


@pytest.fixture
def accredited(db, make_application, officer):
    """Factory: an approved journalist with an issued badge → (user, application, badge)."""

    def make(full_name: str = "Nguyễn Văn Ánh", **overrides):
        application = make_application(status="approved", full_name=full_name, **overrides)
        application.user.full_name = full_name
        badge = issue_badge(application, officer)
        db.session.commit()
        return application.user, application, badge

    return make


def audit_actions() -> list[str]:
    return list(_db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def outbox() -> list[OutboxMessage]:
    return list(_db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
