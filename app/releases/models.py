"""Official releases, their revisions, proposed corrections, attachments, download log and feed secrets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.i18n import reader_text
from app.core.text import fold
from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

CATEGORIES = ("press_release", "speech", "resolution", "photo_set", "press_kit", "programme")
# Who may read a release: everyone, every accredited journalist, or the journalists of one
# press level (the level of their accredited organisation: central, local or foreign press).
AUDIENCE_GROUPS = ("central", "local", "foreign")
AUDIENCES = ("public", "accredited", *AUDIENCE_GROUPS)
# draft → in_review → approved → published, then possibly withdrawn (also from approved).
STATUSES = ("draft", "in_review", "approved", "published", "withdrawn")
# A proposed correction waits for an approver (proposed), then goes live (approved) or back (returned).
CORRECTION_STATUSES = ("proposed", "approved", "returned")

TITLE_MAX = 200
SUMMARY_MAX = 1000
BODY_MAX = 50_000


class Release(EventOwned, db.Model):
    """An official release (thông cáo, speech, resolution...) with its current text."""

    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")  # Markdown
    # Optional English title and summary, shown to readers of English (and in their feeds);
    # the text itself stays Vietnamese, the official version.
    title_en: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False, default="", server_default="")
    summary_en: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    # fold(title + summary + body): accent-insensitive search on both databases
    search_key: Mapped[str] = mapped_column(Text, nullable=False, default="")
    category: Mapped[str] = mapped_column(String(16), nullable=False, default="press_release", index=True)
    audience: Mapped[str] = mapped_column(String(16), nullable=False, default="public")
    # What the author asked for: not before this moment (naive UTC); None = as soon as approved.
    embargo_until: Mapped[datetime | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="draft", index=True)
    # Set on approval: the moment the release becomes (or became) public to its audience,
    # i.e. the embargo time, or the approval time when there is no embargo still ahead.
    publish_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, nullable=False)
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # When the publication step ran (e-mails queued); may lag publish_at by a worker pass.
    published_at: Mapped[datetime | None] = mapped_column(nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(nullable=True)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The approver's note when sending a release back to its author.
    review_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Number of the current revision (1 = as approved; more = corrected after publication).
    revision_number: Mapped[int] = mapped_column(default=0, nullable=False)
    corrected_at: Mapped[datetime | None] = mapped_column(nullable=True)

    author = relationship("User", foreign_keys=[author_id])
    approver = relationship("User", foreign_keys=[approver_id])
    attachments = relationship(
        "Attachment", back_populates="release", order_by="Attachment.id", cascade="all, delete-orphan"
    )
    revisions = relationship(
        "ReleaseRevision",
        back_populates="release",
        order_by="ReleaseRevision.number",
        cascade="all, delete-orphan",
    )
    corrections = relationship(
        "ReleaseCorrection",
        back_populates="release",
        order_by="ReleaseCorrection.id",
        cascade="all, delete-orphan",
    )

    __table_args__ = (Index("ix_releases_live", "status", "publish_at"),)

    def set_text(self, title: str, summary: str, body: str, title_en: str = "", summary_en: str = "") -> None:
        """Replace the text and refresh the folded search key (English title and summary included)."""
        self.title = title
        self.summary = summary
        self.body = body
        self.title_en = title_en
        self.summary_en = summary_en
        self.search_key = fold(f"{title} {summary} {body} {title_en} {summary_en}")

    @property
    def shown_title(self) -> str:
        """The title in the reader's language (English when given, else Vietnamese)."""
        return reader_text(self.title, self.title_en)

    @property
    def shown_summary(self) -> str:
        return reader_text(self.summary, self.summary_en)

    @property
    def corrected(self) -> bool:
        """Whether the text was corrected after publication."""
        return self.revision_number > 1


class ReleaseRevision(EventOwned, db.Model):
    """The text of a release as approved (number 1) or as corrected later, with a change note.

    Every revision was written by one person and approved by another: the release's
    author and approver for number 1, a correction's proposer and approver after that.
    """

    __tablename__ = "release_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(nullable=False)
    title: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    change_note: Mapped[str | None] = mapped_column(Text, nullable=True)  # None on revision 1
    # When and by whom the text was written (the author, or the correction's proposer).
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # When and by whom it was approved: from then on readers saw this text.
    approved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    release = relationship(Release, back_populates="revisions")
    created_by = relationship("User", foreign_keys=[created_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])

    __table_args__ = (UniqueConstraint("release_id", "number", name="uq_release_revisions_number"),)


class ReleaseCorrection(EventOwned, db.Model):
    """A corrected text proposed for a published release, waiting for an approver.

    Readers keep seeing the release's approved text until an approver other than the
    proposer approves; then the text becomes the release's next revision.
    """

    __tablename__ = "release_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("releases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    title_en: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False, default="", server_default="")
    summary_en: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    change_note: Mapped[str] = mapped_column(Text, nullable=False)  # shown to readers once approved
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="proposed", index=True)
    # The revision the proposal corrects; approval refuses a proposal made on an older text.
    base_revision: Mapped[int] = mapped_column(nullable=False)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    review_note: Mapped[str | None] = mapped_column(Text, nullable=True)  # the reason when sent back
    # The revision it became once approved.
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("release_revisions.id"), nullable=True)

    release = relationship(Release, back_populates="corrections")
    proposed_by = relationship("User", foreign_keys=[proposed_by_id])
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])
    revision = relationship(ReleaseRevision)


class Attachment(EventOwned, db.Model):
    """A file given out with a release (PDF, DOCX or image), checked by content at upload."""

    __tablename__ = "release_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("releases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(200), nullable=False)  # shown and used on download
    storage_key: Mapped[str] = mapped_column(String(128), nullable=False)
    mimetype: Mapped[str] = mapped_column(String(100), nullable=False)
    size_bytes: Mapped[int] = mapped_column(nullable=False, default=0)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    release = relationship(Release, back_populates="attachments")


class DownloadLog(EventOwned, db.Model):
    """One download of a file handed out: who (None = anonymous reader), their outlet, and when
    (append-only).

    The file is a release's attachment or an item of the media library (app/newsroom), exactly
    one of the two; a library item fetched inside an album's ZIP also names the album.
    """

    __tablename__ = "release_downloads"

    id: Mapped[int] = mapped_column(primary_key=True)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("release_attachments.id", ondelete="CASCADE"), nullable=True, index=True
    )
    media_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("library_items.id", ondelete="CASCADE"), nullable=True, index=True
    )
    album_id: Mapped[int | None] = mapped_column(
        ForeignKey("library_albums.id", ondelete="SET NULL"), nullable=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # The outlet of the reader's accreditation in this congress at the time (None: no outlet).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_organisations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    downloaded_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False, index=True)

    attachment = relationship(Attachment)
    user = relationship("User")
    organisation = relationship("MediaOrganisation")


class FeedSecret(EventOwned, db.Model):
    """The nonce behind a user's private Atom feed URL.

    One per user and event. The URL's token signs the user id and nonce with the event's
    key (app/core/tokens.py), so the page can show it again; only its SHA-256 is looked
    up, and a reset (new nonce) kills the old URL at once.
    """

    __tablename__ = "release_feed_secrets"
    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_release_feed_secrets_event_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    nonce: Mapped[str] = mapped_column(String(64), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    user = relationship("User")
