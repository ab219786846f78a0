"""The help desk: journalists' requests and their replies, lost badges, equipment and its loans,
lost and found."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

CATEGORIES = ("wifi", "printing", "documents", "lost_found", "badge", "equipment", "transport", "other")
# new → in_progress → waiting (for the journalist) → solved; see services.TRANSITIONS.
STATES = ("new", "in_progress", "waiting", "solved")
EQUIPMENT_KINDS = ("charger", "cable", "headset", "tripod", "sim", "power_bank", "adapter", "other")


class HelpRequest(EventOwned, db.Model):
    """A journalist's request to the help desk, worked by staff through its states."""

    __tablename__ = "helpdesk_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The journalist who asks (also when the desk files it on their behalf).
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), nullable=True)
    category: Mapped[str] = mapped_column(String(16), nullable=False)
    place: Mapped[str] = mapped_column(String(120), nullable=False, default="")  # e.g. from the QR poster
    text: Mapped[str] = mapped_column(Text, nullable=False)
    photo_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    photo_thumb_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="new", index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    # Staff member who filed it for the journalist at the desk; None when the journalist did.
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    first_response_at: Mapped[datetime | None] = mapped_column(nullable=True)  # first staff reply
    solved_at: Mapped[datetime | None] = mapped_column(nullable=True)  # last time it became solved
    # A lost-badge report names the badge version reported lost, and once the desk has
    # replaced it, the new version it issued.
    lost_badge_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id"), nullable=True)
    replacement_badge_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id"), nullable=True)

    requester = relationship("User", foreign_keys=[requester_id])
    assignee = relationship("User", foreign_keys=[assignee_id])
    application = relationship("Application")
    replies = relationship(
        "HelpReply", order_by="HelpReply.created_at, HelpReply.id", back_populates="request"
    )
    lost_badge = relationship("Badge", foreign_keys=[lost_badge_id])
    replacement_badge = relationship("Badge", foreign_keys=[replacement_badge_id])

    @property
    def is_lost_badge(self) -> bool:
        return self.lost_badge_id is not None


class HelpReply(EventOwned, db.Model):
    """One message in a request's thread: from the desk (e-mailed to the journalist) or from the journalist."""

    __tablename__ = "helpdesk_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("helpdesk_requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    from_staff: Mapped[bool] = mapped_column(nullable=False, default=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    request = relationship(HelpRequest, back_populates="replies")
    author = relationship("User")


class EquipmentItem(EventOwned, db.Model):
    """A kind of thing the desk lends (e.g. 10 USB-C chargers); ``count`` is how many it holds."""

    __tablename__ = "helpdesk_equipment"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    label: Mapped[str] = mapped_column(String(120), nullable=False)  # unique per event
    count: Mapped[int] = mapped_column(nullable=False, default=1)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)

    __table_args__ = (UniqueConstraint("event_id", "label", name="uq_helpdesk_equipment_event_label"),)


class Loan(EventOwned, db.Model):
    """One piece of equipment lent to a badge holder, until it is returned."""

    __tablename__ = "helpdesk_loans"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("helpdesk_equipment.id"), nullable=False, index=True)
    # The badge version shown when lending; the application names the borrower across reprints.
    badge_id: Mapped[int] = mapped_column(ForeignKey("badges.id"), nullable=False)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), nullable=False, index=True)
    lent_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    lent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    due_at: Mapped[datetime] = mapped_column(nullable=False)  # UTC
    returned_at: Mapped[datetime | None] = mapped_column(nullable=True)
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(nullable=True)  # last overdue e-mail

    item = relationship(EquipmentItem)
    badge = relationship("Badge")
    application = relationship("Application")

    __table_args__ = (Index("ix_helpdesk_loans_open", "item_id", "returned_at"),)

    @property
    def is_open(self) -> bool:
        return self.returned_at is None


class FoundItem(EventOwned, db.Model):
    """Something found at the congress and kept at the desk, until it is returned against a badge."""

    __tablename__ = "helpdesk_found_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    place: Mapped[str] = mapped_column(String(120), nullable=False, default="")  # where it was found
    photo_key: Mapped[str] = mapped_column(String(255), nullable=False)
    photo_thumb_key: Mapped[str] = mapped_column(String(255), nullable=False)
    found_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(nullable=True)
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # The badge scanned on return, and whose it is: who took the item away.
    returned_badge_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id"), nullable=True)
    returned_application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), nullable=True)

    returned_application = relationship("Application")
    returned_badge = relationship("Badge")
