"""Gates, paired devices and the append-only scan log (zones belong to app.events)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.events.models import EventOwned, Zone
from app.extensions import db

DIRECTIONS = ("in", "out", "both")
# What a scan meant at the gate: an entry or an exit (a "both" gate decides by the holder's state).
SCAN_DIRECTIONS = ("in", "out")
RESULTS = ("accepted", "duplicate", "denied")


class Gate(EventOwned, db.Model):
    """A controlled entrance or exit of a zone."""

    __tablename__ = "gates"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    direction: Mapped[str] = mapped_column(String(8), nullable=False, default="both")
    active: Mapped[bool] = mapped_column(default=True, nullable=False)
    # The hall session this gate admits to (app/positions): only holders of a place in it pass.
    hall_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("hall_sessions.id", ondelete="SET NULL"), nullable=True
    )

    zone = relationship(Zone, lazy="joined")


class Scan(EventOwned, db.Model):
    """One badge presentation at a gate and the decision taken (append-only)."""

    __tablename__ = "scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        default=utcnow, nullable=False
    )  # when the server recorded it
    scanned_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)  # when the badge was shown
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False)  # SHA-256 of the presented token
    badge_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id"), nullable=True)
    gate_id: Mapped[int] = mapped_column(ForeignKey("gates.id"), nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)  # staff member
    result: Mapped[str] = mapped_column(String(10), nullable=False)
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)  # why denied, e.g. "revoked"
    # Set by offline clients so a re-sent batch is recorded once.
    client_uuid: Mapped[str | None] = mapped_column(String(36), unique=True, nullable=True)
    offline: Mapped[bool] = mapped_column(default=False, nullable=False)
    # The paired device that scanned (user_id is then null); null for staff sessions.
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True, index=True)
    # "in" or "out": what the gate's screen said (occupancy follows it).
    direction: Mapped[str | None] = mapped_column(String(3), nullable=True)
    # An offline scan the device admitted and the server denied when it was synced.
    overturned: Mapped[bool] = mapped_column(default=False, nullable=False)

    gate = relationship(Gate)
    badge = relationship("Badge")

    __table_args__ = (
        Index("ix_scans_badge_gate_time", "badge_id", "gate_id", "scanned_at"),
        Index("ix_scans_gate_time", "gate_id", "scanned_at"),
    )


device_gates = Table(
    "device_gates",
    db.metadata,
    Column("device_id", ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True),
    Column("gate_id", ForeignKey("gates.id", ondelete="CASCADE"), primary_key=True),
)


class Device(EventOwned, db.Model):
    """A phone or tablet paired to one or more gates: it scans with a token, not a person's sign-in.

    Only SHA-256 hashes of the one-time pairing code and of the device token are stored.
    """

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    pairing_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    pairing_expires_at: Mapped[datetime | None] = mapped_column(nullable=True)
    paired_at: Mapped[datetime | None] = mapped_column(nullable=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    expires_at: Mapped[datetime] = mapped_column(nullable=False)  # the token's end (end of the congress)
    last_seen_at: Mapped[datetime | None] = mapped_column(nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    gates = relationship(Gate, secondary=device_gates, lazy="selectin", order_by=Gate.name)


class ScanAlarm(EventOwned, db.Model):
    """On the duty officer's list until handled: an offline admission the server overturned,
    or a scan of a badge reported lost."""

    __tablename__ = "scan_alarms"

    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id"), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    handled_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    note: Mapped[str | None] = mapped_column(String(1000), nullable=True)

    scan = relationship(Scan, lazy="joined")
    handled_by = relationship("User")
