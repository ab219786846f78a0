"""The media library: albums (a session or a topic) and the photos, videos and documents in them.

An item carries the same ``audience``, ``embargo_until``, ``status`` and ``publish_at``
columns as a release, and readers see it through the releases' query layer
(``app.releases.queries.visible`` / ``readable``): one visibility rule for both.
Downloads are logged in the releases' download log (``release_downloads``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.i18n import reader_text
from app.core.text import fold
from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

ALBUM_KINDS = ("session", "topic")
ITEM_KINDS = ("photo", "video", "document")
# An item is live from the moment it is added (or its embargo time); staff may withdraw it.
ITEM_STATUSES = ("published", "withdrawn")
USAGE_TERMS = ("editorial_credit", "editorial_no_alter", "free_credit", "congress_only")

TITLE_MAX = 200
CAPTION_MAX = 1000
CREDIT_MAX = 100
SHORT_CODE_LENGTH = 8


class Album(EventOwned, db.Model):
    """A group of library items: one session of the congress (Phiên khai mạc) or one topic."""

    __tablename__ = "library_albums"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False)
    title_en: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="session")
    # The random code of its short link (/<event>/ma/<code>), printed as a QR code.
    short_code: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    items = relationship("MediaItem", back_populates="album", order_by="MediaItem.id")

    @property
    def shown_title(self) -> str:
        return reader_text(self.title, self.title_en)


class MediaItem(EventOwned, db.Model):
    """One photo (JPEG), short video (MP4) or document (PDF/DOCX) with caption, credit and terms."""

    __tablename__ = "library_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    album_id: Mapped[int] = mapped_column(
        ForeignKey("library_albums.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    caption: Mapped[str] = mapped_column(Text, nullable=False)  # Vietnamese, required
    caption_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    credit: Mapped[str] = mapped_column(String(CREDIT_MAX), nullable=False)  # "Ảnh: TTXVN"
    terms: Mapped[str] = mapped_column(String(32), nullable=False)  # one of USAGE_TERMS
    # Audience and embargo exactly as a release (app/releases/models.py).
    audience: Mapped[str] = mapped_column(String(16), nullable=False, default="public")
    embargo_until: Mapped[datetime | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="published")
    # When readers of its audience see it: the embargo time, or the moment it was added.
    publish_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # fold(caption, English caption, credit, file name, album title): accent-insensitive search
    search_key: Mapped[str] = mapped_column(Text, nullable=False, default="")
    filename: Mapped[str] = mapped_column(String(200), nullable=False)  # shown and used on download
    storage_key: Mapped[str] = mapped_column(String(128), nullable=False)  # the full file
    # Photos only: the web preview (≤ 1280 px) and the list thumbnail (≤ 400 px).
    preview_key: Mapped[str | None] = mapped_column(String(128), nullable=True)
    thumb_key: Mapped[str | None] = mapped_column(String(128), nullable=True)
    mimetype: Mapped[str] = mapped_column(String(100), nullable=False)
    size_bytes: Mapped[int] = mapped_column(nullable=False, default=0)
    width: Mapped[int | None] = mapped_column(nullable=True)
    height: Mapped[int | None] = mapped_column(nullable=True)
    short_code: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, nullable=False)
    withdrawn_at: Mapped[datetime | None] = mapped_column(nullable=True)

    album = relationship(Album, back_populates="items")
    uploaded_by = relationship("User", foreign_keys=[uploaded_by_id])

    __table_args__ = (
        Index("ix_library_items_live", "status", "publish_at"),
        Index("ix_library_items_album_live", "album_id", "status", "publish_at"),
    )

    def refresh_search_key(self) -> None:
        """Recompute the folded search text (after the caption, credit or album title change)."""
        album_title = f"{self.album.title} {self.album.title_en}" if self.album is not None else ""
        self.search_key = fold(
            f"{self.caption} {self.caption_en} {self.credit} {self.filename} {album_title}"
        )

    @property
    def shown_caption(self) -> str:
        """The caption in the reader's language (English when given, else Vietnamese)."""
        return reader_text(self.caption, self.caption_en)
