"""Events (congresses), per-event staff memberships, the zones of an event, and the owned-row mixin."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import DEFAULT_TZ, utcnow
from app.extensions import db

LEVELS = ("national", "provincial", "district", "other")
# draft → open (accepting applications) → running (press centre open) → closed → archived (read-only).
STATUSES = ("draft", "open", "running", "closed", "archived")


class Event(db.Model):
    """A congress (or another press event) with its own press centre, staff and data."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short and URL-safe (letters, digits, "-"), e.g. "DH16"; also written into every badge's QR payload.
    code: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    level: Mapped[str] = mapped_column(String(16), nullable=False, default="provincial")
    host: Mapped[str | None] = mapped_column(String(255), nullable=True)  # e.g. "Ban Tuyên giáo Tỉnh ủy"
    place: Mapped[str | None] = mapped_column(String(255), nullable=True)
    timezone: Mapped[str] = mapped_column(String(64), nullable=False, default=DEFAULT_TZ)  # IANA name
    # The press centre's first and last day (badges and devices are valid within them).
    first_day: Mapped[date | None] = mapped_column(nullable=True)
    last_day: Mapped[date | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="draft")
    # Names this event's signing keys (app/core/tokens.py); the keys come from the master key
    # in instance/, never from the database. A new id re-keys the event's badges and links.
    key_id: Mapped[str] = mapped_column(String(32), nullable=False, default=lambda: secrets.token_hex(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    @property
    def is_archived(self) -> bool:
        """An archived event is read-only (enforced from step 2 of issue 15)."""
        return self.status == "archived"

    def __repr__(self) -> str:
        return f"<Event {self.code}>"


def _event_id_default(context) -> int | None:
    """Column default of owned rows: the current event (step 1 of issue 15 serves one event)."""
    from app.events.services import current_event_id

    return current_event_id(context.connection)


class EventOwned:
    """Mixin for a table whose rows belong to one event: an ``event_id`` that is never null.

    Rows created without an explicit event get the current event (see ``services.current_event``).
    """

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id"), nullable=False, index=True, default=_event_id_default
    )


class Membership(db.Model):
    """A user's staff role in one event (used from step 3 of issue 15)."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    __table_args__ = (UniqueConstraint("user_id", "event_id", "role", name="uq_memberships_user_event_role"),)


class Zone(EventOwned, db.Model):
    """An area a badge can open: press centre, hall gallery, conference room, photo pool, broadcast."""

    __tablename__ = "zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(
        String(8), nullable=False
    )  # printed on badges, e.g. "HT"; unique per event
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    sort_order: Mapped[int] = mapped_column(default=0, nullable=False)

    __table_args__ = (UniqueConstraint("event_id", "code", name="uq_zones_event_code"),)
