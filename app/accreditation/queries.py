"""Read-only questions other areas ask about accreditation (briefings, releases, dashboard)."""

from __future__ import annotations

from sqlalchemy import select

from app.accreditation.models import Application, MediaOrganisation
from app.events.services import current_event_id, scoped
from app.extensions import db


def accredited_application(user_id: int | None) -> Application | None:
    """The user's approved application, or None when they are not accredited."""
    if user_id is None:
        return None
    return db.session.scalar(
        scoped(Application).where(Application.user_id == user_id, Application.status == "approved")
    )


def is_accredited(user) -> bool:
    """Whether a signed-in user is an accredited journalist."""
    return bool(getattr(user, "is_authenticated", False)) and accredited_application(user.id) is not None


def press_level(user_id: int | None) -> str | None:
    """The level (central, local, foreign) of an accredited journalist's organisation."""
    if user_id is None:
        return None
    return db.session.scalar(
        select(MediaOrganisation.level)
        .join(Application, Application.organisation_id == MediaOrganisation.id)
        .where(
            Application.user_id == user_id,
            Application.status == "approved",
            Application.event_id == current_event_id(),
        )
    )
