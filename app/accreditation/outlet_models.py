"""Outlets nominate their people (issue 19): focal points, nominations, quotas, vetting, collection.

The tables live in the accreditation layer because badges read one of them: a badge is
printable only once its holder is cleared when the congress vets (``clearance_conditions``,
used by ``app.badges.services``, the one place that decides printability). The outlets area
(``app/outlets``) holds the rules and pages.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint, exists, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

FOCAL_STATUSES = ("requested", "active", "refused")
QUOTA_CATEGORIES = ("reporter", "photographer", "camera", "technician")
VETTING_STATUSES = ("in_vetting", "cleared", "not_cleared")
REQUEST_STATUSES = ("requested", "granted", "refused")
# Places per category for an outlet of each level, until the desk sets the outlet's own.
DEFAULT_QUOTAS = {
    "central": {"reporter": 4, "photographer": 2, "camera": 2, "technician": 2},
    "local": {"reporter": 2, "photographer": 1, "camera": 1, "technician": 1},
    "foreign": {"reporter": 2, "photographer": 1, "camera": 1, "technician": 1},
}


class OutletSettings(EventOwned, db.Model):
    """One congress's outlet rules: whether it vets, and the default places per outlet level."""

    __tablename__ = "outlet_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    vetting_required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    default_quotas_json: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (UniqueConstraint("event_id", name="uq_outlet_settings_event"),)

    @property
    def default_quotas(self) -> dict[str, dict[str, int]]:
        stored = json.loads(self.default_quotas_json) if self.default_quotas_json else {}
        return {
            level: {cat: int(stored.get(level, {}).get(cat, places)) for cat, places in cats.items()}
            for level, cats in DEFAULT_QUOTAS.items()
        }

    @default_quotas.setter
    def default_quotas(self, value: dict) -> None:
        self.default_quotas_json = json.dumps(value, sort_keys=True)


class FocalPoint(EventOwned, db.Model):
    """An outlet's focal point (đầu mối) in one congress: invited by the desk, or requested and decided."""

    __tablename__ = "focal_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("media_organisations.id"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="requested", index=True)
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    position: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    message: Mapped[str] = mapped_column(Text, nullable=False, default="")
    invited: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    user = relationship("User", foreign_keys=[user_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    organisation = relationship("MediaOrganisation")

    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_focal_points_event_user"),)


class Nomination(EventOwned, db.Model):
    """A person an outlet put forward: their application, and whether it waits for places."""

    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), nullable=False, unique=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("media_organisations.id"), nullable=False, index=True
    )
    focal_point_id: Mapped[int] = mapped_column(ForeignKey("focal_points.id"), nullable=False, index=True)
    # Over the outlet's quota for its category: the desk cannot approve it until places are granted.
    held: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    application = relationship("Application")
    focal_point = relationship(FocalPoint)


class OutletQuota(EventOwned, db.Model):
    """The places the desk set for one outlet and category (else the level's default)."""

    __tablename__ = "outlet_quotas"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("media_organisations.id"), nullable=False)
    category: Mapped[str] = mapped_column(String(16), nullable=False)
    places: Mapped[int] = mapped_column(nullable=False, default=0)

    __table_args__ = (
        UniqueConstraint("event_id", "organisation_id", "category", name="uq_outlet_quotas_event_org_cat"),
    )


class QuotaRequest(EventOwned, db.Model):
    """An outlet asks for more places in a category; the desk grants or refuses with a reason."""

    __tablename__ = "quota_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("media_organisations.id"), nullable=False, index=True
    )
    category: Mapped[str] = mapped_column(String(16), nullable=False)
    places: Mapped[int] = mapped_column(nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="requested", index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decision_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    organisation = relationship("MediaOrganisation")
    requested_by = relationship("User", foreign_keys=[requested_by_id])


class VettingRecord(EventOwned, db.Model):
    """Security vetting (thẩm định) of one approved application: sent, then cleared or not."""

    __tablename__ = "vetting_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), nullable=False, unique=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="in_vetting", index=True)
    reference: Mapped[str | None] = mapped_column(String(64), nullable=True)
    exported_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    exported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    application = relationship("Application")


class BadgeCollection(EventOwned, db.Model):
    """A badge handed over at the desk: to whom (the holder or someone for them), by which officer."""

    __tablename__ = "badge_collections"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), nullable=False, unique=True)
    badge_id: Mapped[int] = mapped_column(ForeignKey("badges.id"), nullable=False)
    collected_by_name: Mapped[str] = mapped_column(String(120), nullable=False)
    handed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    collected_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    handed_by = relationship("User")


# ----------------------------------------------------------------------------- clearance
def vetting_required(event_id: int | None) -> bool:
    """Whether this congress vets every holder before a badge is printed."""
    if event_id is None:
        return False
    return bool(
        db.session.scalar(select(OutletSettings.vetting_required).where(OutletSettings.event_id == event_id))
    )


def cleared_clause(application_id_column):
    """SQL: the application of ``application_id_column`` is cleared by vetting."""
    return exists().where(
        VettingRecord.application_id == application_id_column, VettingRecord.status == "cleared"
    )


def clearance_of(application) -> str | None:
    """What vetting still says about an approved application: None (nothing holds it: no
    vetting in this congress, or cleared), ``"pending"`` or ``"not_cleared"``."""
    if application is None or application.status != "approved" or not vetting_required(application.event_id):
        return None
    status = db.session.scalar(
        select(VettingRecord.status).where(VettingRecord.application_id == application.id)
    )
    if status == "cleared":
        return None
    return "not_cleared" if status == "not_cleared" else "pending"
