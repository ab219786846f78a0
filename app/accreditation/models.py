"""Media organisations and journalists' accreditation applications."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.text import fold
from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

ORGANISATION_KINDS = ("newspaper", "tv", "radio", "online", "agency")
ORGANISATION_LEVELS = ("central", "local", "foreign")
CATEGORIES = ("reporter", "photographer", "camera", "technician", "editor")
STATUSES = ("submitted", "approved", "rejected", "changes_requested")

# Requested zones of an application (zones belong to the check-in area).
application_zones = Table(
    "application_zones",
    db.metadata,
    Column("application_id", ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True),
    Column("zone_id", ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True),
)


class MediaOrganisation(db.Model):
    """A newspaper, station, portal or agency whose journalists apply."""

    __tablename__ = "media_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    name_key: Mapped[str] = mapped_column(String(200), index=True, nullable=False, default="")  # fold(name)
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="newspaper")
    level: Mapped[str] = mapped_column(String(16), nullable=False, default="local")
    # False while proposed by a journalist and not yet confirmed by an officer.
    confirmed: Mapped[bool] = mapped_column(default=True, nullable=False)
    # Set when merged into another record as a duplicate; merged records are hidden.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("media_organisations.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    def set_name(self, name: str) -> None:
        self.name = name
        self.name_key = fold(name)


class Application(EventOwned, db.Model):
    """A journalist's accreditation request for this event (one per person)."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    # fold(full_name + organisation + national id + card): accent-insensitive search
    search_key: Mapped[str] = mapped_column(String(400), nullable=False, default="", index=True)
    date_of_birth: Mapped[date] = mapped_column(Date, nullable=False)
    national_id: Mapped[str] = mapped_column(String(12), nullable=False)  # số CCCD
    press_card_number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("media_organisations.id"), nullable=False, index=True
    )
    position: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    category: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    phone: Mapped[str] = mapped_column(String(20), nullable=False)  # E.164, e.g. +84912345678
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    photo_key: Mapped[str | None] = mapped_column(String(128), nullable=True)  # printed size (300×400)
    photo_thumb_key: Mapped[str | None] = mapped_column(String(128), nullable=True)
    letter_key: Mapped[str | None] = mapped_column(String(128), nullable=True)  # giấy giới thiệu (PDF)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="submitted", index=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, nullable=False)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # The rejection reason or the message asking for changes.
    decision_message: Mapped[str | None] = mapped_column(Text, nullable=True)

    user = relationship("User", foreign_keys=[user_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    organisation = relationship(MediaOrganisation)
    zones = relationship("Zone", secondary=application_zones, order_by="Zone.sort_order")

    __table_args__ = (
        Index("ix_applications_name_dob", "search_key", "date_of_birth"),
        # The desk's queue: one congress's applications in one status, oldest first (its
        # count and its first page read the index only; issue 18).
        Index("ix_applications_event_status_submitted", "event_id", "status", "submitted_at"),
        # One application per person per event: by account, national ID and press card.
        UniqueConstraint("event_id", "user_id", name="uq_applications_event_user"),
        UniqueConstraint("event_id", "national_id", name="uq_applications_event_national_id"),
        UniqueConstraint("event_id", "press_card_number", name="uq_applications_event_press_card"),
    )

    def refresh_search_key(self) -> None:
        """Recompute the folded search key after a change of name, organisation or numbers."""
        org = self.organisation.name if self.organisation else ""
        self.search_key = fold(
            " ".join([self.full_name, org, self.national_id, self.press_card_number or ""])
        )[:400]
