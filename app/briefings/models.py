"""Rooms, speakers, press conferences, sign-ups with a waitlist, questions and calendar feeds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.i18n import reader_text
from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

VISIBILITIES = ("accredited", "public")
CONFERENCE_STATUSES = ("scheduled", "changed", "cancelled")
SIGNUP_STATUSES = ("registered", "waitlisted", "cancelled")
QUESTION_STATUSES = ("pending", "approved", "rejected")


class Room(EventOwned, db.Model):
    """A room where press conferences are held; its gate's scans tell who attended."""

    __tablename__ = "briefing_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)  # unique per event
    location: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # building, floor
    capacity: Mapped[int] = mapped_column(nullable=False)  # seats for journalists
    # The check-in gate at the room's door; accepted scans there mark attendance.
    gate_id: Mapped[int | None] = mapped_column(ForeignKey("gates.id"), nullable=True, index=True)
    active: Mapped[bool] = mapped_column(default=True, nullable=False)

    gate = relationship("Gate")

    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_briefing_rooms_event_name"),)


class Speaker(EventOwned, db.Model):
    """A person who speaks at press conferences (a spokesperson, a leader)."""

    __tablename__ = "briefing_speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    position: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    organisation: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    active: Mapped[bool] = mapped_column(default=True, nullable=False)


conference_speakers = Table(
    "conference_speakers",
    db.metadata,
    Column("conference_id", ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True),
    Column("speaker_id", ForeignKey("briefing_speakers.id", ondelete="CASCADE"), primary_key=True),
)


class Conference(EventOwned, db.Model):
    """A press conference or press information meeting in a room, at a time."""

    __tablename__ = "conferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    # Optional English title and description, shown to readers of English (and in their feeds).
    title_en: Mapped[str] = mapped_column(String(200), nullable=False, default="", server_default="")
    topic: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    description_en: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    room_id: Mapped[int] = mapped_column(ForeignKey("briefing_rooms.id"), nullable=False, index=True)
    starts_at: Mapped[datetime] = mapped_column(nullable=False, index=True)  # UTC
    ends_at: Mapped[datetime] = mapped_column(nullable=False)  # UTC
    capacity: Mapped[int] = mapped_column(nullable=False)
    visibility: Mapped[str] = mapped_column(String(16), nullable=False, default="accredited")
    # scheduled → changed (time or room moved) → cancelled
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="scheduled", index=True)
    # iCalendar SEQUENCE: raised on every change so calendar clients replace their copy.
    sequence: Mapped[int] = mapped_column(nullable=False, default=0)
    # Shared by the conferences created together as a series (e.g. every Tuesday).
    series_key: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    cancelled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    room = relationship(Room)
    speakers = relationship(Speaker, secondary=conference_speakers, order_by=Speaker.full_name)

    __table_args__ = (Index("ix_conferences_room_time", "room_id", "starts_at", "ends_at"),)

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def shown_title(self) -> str:
        """The title in the reader's language (English when given, else Vietnamese)."""
        return reader_text(self.title, self.title_en)

    @property
    def shown_description(self) -> str:
        return reader_text(self.description, self.description_en)


class Signup(EventOwned, db.Model):
    """A journalist's seat (or place on the waitlist) at a conference; one row per person."""

    __tablename__ = "conference_signups"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conferences.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # registered, waitlisted, cancelled
    # Place on the waitlist (1 = next to get a seat); None unless waitlisted.
    position: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    promoted_at: Mapped[datetime | None] = mapped_column(nullable=True)  # moved up from the waitlist
    cancelled_at: Mapped[datetime | None] = mapped_column(nullable=True)

    conference = relationship(Conference)
    user = relationship("User")

    __table_args__ = (
        UniqueConstraint("conference_id", "user_id", name="uq_conference_signups_conference_user"),
        Index("ix_conference_signups_status", "conference_id", "status", "position"),
    )


class Question(EventOwned, db.Model):
    """A question sent in advance by a signed-up journalist, approved or rejected by staff."""

    __tablename__ = "conference_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conferences.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    conference = relationship(Conference)
    user = relationship("User", foreign_keys=[user_id])


class CalendarFeed(EventOwned, db.Model):
    """A journalist's private calendar feed: the URL token is derived, only its hash is stored.

    One per user and event. The token signs the user id and nonce with the event's key (see
    ``briefings/ical.py``), so the server can show the URL again while the database
    alone cannot; a reset draws a new nonce and the old URL stops working at once.
    """

    __tablename__ = "briefing_feeds"
    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_briefing_feeds_event_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    nonce: Mapped[str] = mapped_column(String(32), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
