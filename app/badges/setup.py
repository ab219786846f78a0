"""Badges in a congress's set-up (see app/events/setup.py): nothing is copied (a badge is a
person's), and a new key for the congress re-issues its badges."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accreditation.models import Application
from app.badges import services
from app.badges.models import Badge
from app.events.models import Event
from app.extensions import db


def copy(source: Event, target: Event, copied: dict, shift: timedelta) -> int:
    """Badges belong to people: a new congress starts with none."""
    return 0


def rekey(event: Event, actor) -> int:
    """Re-issue every current badge of ``event`` under its new key (run inside the event):
    each old version stops opening gates at once and its holder is e-mailed. Returns how many."""
    current = db.session.scalars(
        select(Badge)
        .join(Application, Application.id == Badge.application_id)
        .where(Badge.superseded_at.is_(None), Badge.revoked_at.is_(None), Application.status == "approved")
        .order_by(Badge.id)
    ).all()
    for badge in current:
        services.reprint_badge(badge, actor, reason="key rotation")
    return len(current)
