"""Tables of the dashboard area: the coverage log (tin, bài phản ánh)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.text import fold
from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

# How a piece reached its audience; the closing report counts each medium separately.
MEDIA = ("print", "online", "tv", "radio")

URL_MAX = 1000
TITLE_MAX = 300
OUTLET_MAX = 200


class CoverageItem(EventOwned, db.Model):
    """A published piece about the congress (article, broadcast report, news item), with its link."""

    __tablename__ = "coverage_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The journalist who made the piece; None when staff logged a piece found by press monitoring.
    journalist_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    # http(s) link, normalised (scheme and host lower-cased, no fragment); one entry per piece.
    url: Mapped[str] = mapped_column(String(URL_MAX), nullable=False)  # unique per event
    title: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False)
    # The outlet's name as reported; the journalist's organisation by default.
    outlet: Mapped[str] = mapped_column(String(OUTLET_MAX), nullable=False, index=True)
    # fold(title + outlet): accent-insensitive search on both databases
    search_key: Mapped[str] = mapped_column(String(520), nullable=False, default="", index=True)
    published_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)  # local date
    medium: Mapped[str] = mapped_column(String(8), nullable=False, index=True)  # one of MEDIA
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    journalist = relationship("User", foreign_keys=[journalist_id])

    __table_args__ = (
        Index("ix_coverage_items_day_medium", "published_on", "medium"),
        UniqueConstraint("event_id", "url", name="uq_coverage_items_event_url"),
    )

    def refresh_search_key(self) -> None:
        """Recompute the folded key after the title or the outlet changed."""
        self.search_key = fold(f"{self.title} {self.outlet}")[:520]
