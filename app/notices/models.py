"""Live notices: a short message to the people of a congress, its deliveries per person and
channel, the journalists' Web Push subscriptions and muted channels, and the congress's
notice settings (automatic notices, the hall screen's address)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

BODY_MAX = 400  # characters, Vietnamese and English each
# Who a notice goes to; ``target_value`` names the group, zone or level where one is needed.
TARGETS = ("all", "category", "zone", "level", "onsite")
# Why a notice was sent: by hand, or automatically on an event of another area.
KINDS = (
    "manual",
    "release_published",
    "embargo_lifted",
    "conference_changed",
    "conference_cancelled",
    "album_published",
)
AUTO_KINDS = KINDS[1:]
CHANNELS = ("page", "email", "push")
# pending → sent, or failed after MAX_ATTEMPTS; muted: the person muted the channel;
# none: nothing to send it to (no push subscription).
DELIVERY_STATES = ("pending", "sent", "failed", "muted", "none")


class Notice(EventOwned, db.Model):
    """A short notice (thông báo nhanh) sent to a target of the congress's people."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(BODY_MAX), nullable=False)  # Vietnamese, the official text
    body_en: Mapped[str] = mapped_column(String(BODY_MAX), nullable=False, default="")
    target: Mapped[str] = mapped_column(String(16), nullable=False)
    target_value: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(24), nullable=False, default="manual")
    # What an automatic notice is about, e.g. "release:12" or "conference:4:3" (id, sequence):
    # one automatic notice per cause, even when the cause's hook runs twice.
    cause: Mapped[str | None] = mapped_column(String(64), nullable=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    recipients: Mapped[int] = mapped_column(nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False, index=True)

    author = relationship("User")

    __table_args__ = (UniqueConstraint("event_id", "cause", name="uq_notices_event_cause"),)


class NoticeDelivery(EventOwned, db.Model):
    """One notice to one person on one channel, with its state: at most one row per
    (notice, person, channel), so a retry can never deliver twice."""

    __tablename__ = "notice_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    channel: Mapped[str] = mapped_column(String(8), nullable=False)
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The e-mail channel hands the message to the one outbox; this is its row.
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"), nullable=True)

    notice = relationship(Notice)
    user = relationship("User")

    __table_args__ = (
        UniqueConstraint("notice_id", "user_id", "channel", name="uq_notice_deliveries_once"),
        Index("ix_notice_deliveries_due", "channel", "status", "next_attempt_at"),
    )


class PushSubscription(EventOwned, db.Model):
    """A browser's Web Push subscription (endpoint and its RFC 8291 keys) for one journalist."""

    __tablename__ = "notice_push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    endpoint: Mapped[str] = mapped_column(String(1000), nullable=False)
    p256dh: Mapped[str] = mapped_column(String(200), nullable=False)  # the browser's public key, base64url
    auth: Mapped[str] = mapped_column(String(64), nullable=False)  # the shared auth secret, base64url
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    __table_args__ = (UniqueConstraint("event_id", "endpoint", name="uq_notice_push_endpoint"),)


class NoticeMute(EventOwned, db.Model):
    """A channel a journalist has muted in this congress (the notices page always shows them)."""

    __tablename__ = "notice_mutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    channel: Mapped[str] = mapped_column(String(8), nullable=False)

    __table_args__ = (UniqueConstraint("event_id", "user_id", "channel", name="uq_notice_mutes"),)


class NoticeSettings(EventOwned, db.Model):
    """A congress's notice settings: which events send a notice on their own, and the hall
    screen's address (a token recomputed from ``screen_nonce``; a new nonce retires the old URL)."""

    __tablename__ = "notice_settings"
    # Automatic notices are off until the staff switch them on: a published release and a moved
    # conference already e-mail their own readers, and a notice would e-mail them twice.

    id: Mapped[int] = mapped_column(primary_key=True)
    auto_release_published: Mapped[bool] = mapped_column(nullable=False, default=False)
    auto_embargo_lifted: Mapped[bool] = mapped_column(nullable=False, default=False)
    auto_conference_changed: Mapped[bool] = mapped_column(nullable=False, default=False)
    auto_conference_cancelled: Mapped[bool] = mapped_column(nullable=False, default=False)
    auto_album_published: Mapped[bool] = mapped_column(nullable=False, default=False)
    screen_nonce: Mapped[str] = mapped_column(String(64), nullable=False)
    screen_rotated_at: Mapped[datetime | None] = mapped_column(nullable=True)

    __table_args__ = (UniqueConstraint("event_id", name="uq_notice_settings_event"),)
