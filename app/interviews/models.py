"""Interview requests: the desk's list of interviewees, journalists' requests and their appointments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

KINDS = ("delegate", "spokesperson", "official", "other")
LANGUAGES = ("vi", "en", "fr", "zh", "ru", "lo", "km", "other")
MEDIA = ("print", "online", "tv", "radio")
CHANNELS = ("phone", "email", "in_person")
# received → contacting → accepted | declined; accepted → scheduled → done | no_show; any open
# state → cancelled. The rules (and who may move what) live in services.TRANSITIONS.
STATES = ("received", "contacting", "accepted", "declined", "scheduled", "done", "no_show", "cancelled")
OPEN_STATES = ("received", "contacting", "accepted", "scheduled")


class InterviewSettings(EventOwned, db.Model):
    """One congress's interview rules: whether journalists may only ask for people on the
    desk's list (a closed list: no typed names)."""

    __tablename__ = "interview_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_closed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    __table_args__ = (UniqueConstraint("event_id", name="uq_interview_settings_event"),)


class Interviewee(EventOwned, db.Model):
    """A person the desk arranges interviews with: a delegate, a spokesperson, an official."""

    __tablename__ = "interviewees"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    title: Mapped[str] = mapped_column(
        String(200), nullable=False, default=""
    )  # position, e.g. "Phó Chủ tịch UBND tỉnh"
    organisation: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="delegate")
    # Languages the person gives interviews in: codes of LANGUAGES joined by commas ("vi,en").
    language_codes: Mapped[str] = mapped_column(String(64), nullable=False, default="vi")
    # Contact for the desk only (never shown to journalists); the e-mail also receives appointments.
    email: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    # The same person as a press-conference speaker, so their conferences count as clashes.
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("briefing_speakers.id"), nullable=True)
    active: Mapped[bool] = mapped_column(default=True, nullable=False)  # offered to journalists

    speaker = relationship("Speaker")

    @property
    def languages(self) -> list[str]:
        return [code for code in self.language_codes.split(",") if code]


class InterviewRequest(EventOwned, db.Model):
    """A journalist's request for an interview, worked by the desk from received to done."""

    __tablename__ = "interview_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    journalist_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), nullable=False)
    # A listed person, or (None) a name typed by the journalist in ``interviewee_name``.
    interviewee_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviewees.id"), nullable=True, index=True
    )
    interviewee_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    topic: Mapped[str] = mapped_column(Text, nullable=False)
    medium: Mapped[str] = mapped_column(String(16), nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False, default="vi")
    duration_minutes: Mapped[int] = mapped_column(nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="received", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    state_changed_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    # The interviewee's answer: who agreed (or refused), when, by which channel; who wrote it down.
    consent_by: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    consent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    consent_channel: Mapped[str | None] = mapped_column(String(16), nullable=True)
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    declined_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The appointment (UTC), set when scheduled and kept after done, no-show or cancelled.
    room_id: Mapped[int | None] = mapped_column(ForeignKey("briefing_rooms.id"), nullable=True, index=True)
    starts_at: Mapped[datetime | None] = mapped_column(nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(nullable=True)
    scheduled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # iCalendar SEQUENCE of the appointment: raised on every change so calendars replace their copy.
    sequence: Mapped[int] = mapped_column(nullable=False, default=0)
    cancel_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cancelled_by_journalist: Mapped[bool] = mapped_column(nullable=False, default=False)

    journalist = relationship("User", foreign_keys=[journalist_id])
    application = relationship("Application")
    interviewee = relationship(Interviewee)
    room = relationship("Room")
    preferred_times = relationship(
        "PreferredTime",
        order_by="PreferredTime.starts_at",
        back_populates="request",
        cascade="all, delete-orphan",
    )

    __table_args__ = (Index("ix_interview_requests_room_time", "room_id", "starts_at", "ends_at"),)

    @property
    def person(self) -> str:
        """Who is to be interviewed, as the journalist and the desk read it."""
        return self.interviewee.full_name if self.interviewee is not None else self.interviewee_name

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class PreferredTime(EventOwned, db.Model):
    """One time the journalist would like the interview to start (UTC)."""

    __tablename__ = "interview_preferred_times"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("interview_requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    starts_at: Mapped[datetime] = mapped_column(nullable=False)

    request = relationship(InterviewRequest, back_populates="preferred_times")
