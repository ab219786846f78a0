"""Badges: one row per printed version; a reprint supersedes the previous version."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db


class Badge(EventOwned, db.Model):
    """A press badge version with its QR token (only the token's SHA-256 is stored)."""

    __tablename__ = "badges"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), nullable=False, index=True)
    serial: Mapped[str] = mapped_column(
        String(16), nullable=False, index=True
    )  # e.g. "PC-0042", kept on reprint
    version: Mapped[int] = mapped_column(nullable=False, default=1)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    token_nonce: Mapped[str] = mapped_column(String(32), nullable=False)  # see badges/qr.py
    # Zone codes this badge opens, comma-separated ("PC,HT"): read on every scan, so no join.
    zone_codes: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    valid_until: Mapped[date] = mapped_column(Date, nullable=False)
    colour: Mapped[str] = mapped_column(String(7), nullable=False, default="#1f4e9c")  # category band
    issued_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    printed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    printed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # Set when a reprint replaced this version: it opens nothing any more.
    superseded_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Set with superseded_at when the reprint replaced a copy reported lost: whoever shows
    # it at a gate is not its holder, so the scan raises the duty officer's alarm.
    lost_at: Mapped[datetime | None] = mapped_column(nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    revoke_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    application = relationship("Application", backref="badges")
    printed_by = relationship("User", foreign_keys=[printed_by_id])

    __table_args__ = (
        # Serials are numbered per event.
        UniqueConstraint("event_id", "serial", "version", name="uq_badges_event_serial_version"),
        # At most one version of an application's badge is not superseded.
        Index(
            "uq_badges_one_current",
            "application_id",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
    )

    @property
    def zones(self) -> list[str]:
        return [code for code in self.zone_codes.split(",") if code]

    @property
    def is_current(self) -> bool:
        """Neither superseded by a reprint nor revoked."""
        return self.superseded_at is None and self.revoked_at is None
