"""Sessions of the congress in the hall, the positions the desk offers in each, and requests for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

SESSION_KINDS = ("opening", "plenary", "closing", "press_event")
POSITION_KINDS = ("tv_riser", "photo", "pool_writer", "pool_photo", "radio")
# requested → allocated | waitlisted at the deadline; allocated → confirmed by the journalist;
# allocated (unconfirmed) → released at the release time, when the waitlist moves up in order;
# waitlisted → allocated when a place frees; any of them → cancelled by the journalist.
STATES = ("requested", "allocated", "confirmed", "waitlisted", "released", "cancelled")
HOLDING = ("allocated", "confirmed")  # a place in the session: what the gate admits
OPEN = ("requested", "allocated", "confirmed", "waitlisted")


class HallSession(EventOwned, db.Model):
    """A sitting of the congress in the hall (opening, plenary, closing) or a press event."""

    __tablename__ = "hall_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="plenary")
    starts_at: Mapped[datetime] = mapped_column(nullable=False)  # UTC
    ends_at: Mapped[datetime] = mapped_column(nullable=False)
    # The zone the hall is in: a place with no accepted scan in it during the session is a no-show.
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), nullable=True)
    # Requests close this many hours before the start (T−24 h) and places are allocated then;
    # unconfirmed places are released to the waitlist ``release_hours`` before (T−2 h).
    deadline_hours: Mapped[int] = mapped_column(nullable=False, default=24)
    release_hours: Mapped[int] = mapped_column(nullable=False, default=2)
    allocated_at: Mapped[datetime | None] = mapped_column(nullable=True)  # when the allocation ran
    released_at: Mapped[datetime | None] = mapped_column(nullable=True)  # when unconfirmed places went
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    zone = relationship("Zone")
    positions = relationship(
        "Position", order_by="Position.id", back_populates="session", cascade="all, delete-orphan"
    )


class Position(EventOwned, db.Model):
    """Places of one kind in a session: three TV risers, eight photo positions."""

    __tablename__ = "hall_positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("hall_sessions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    places: Mapped[int] = mapped_column(nullable=False)
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # e.g. "left riser, row 2"

    session = relationship(HallSession, back_populates="positions")

    __table_args__ = (UniqueConstraint("session_id", "kind", name="uq_hall_positions_session_kind"),)


class PriorityOutlet(EventOwned, db.Model):
    """An outlet in a priority class: served before the rotation, up to ``guaranteed`` places per position."""

    __tablename__ = "position_priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("media_organisations.id"), nullable=False)
    class_name: Mapped[str] = mapped_column(String(120), nullable=False)  # "Host broadcaster"
    rank: Mapped[int] = mapped_column(nullable=False, default=1)  # 1 is served first
    guaranteed: Mapped[int] = mapped_column(nullable=False, default=1)  # places per position, at most

    organisation = relationship("MediaOrganisation")

    __table_args__ = (UniqueConstraint("event_id", "organisation_id", name="uq_position_priorities_outlet"),)


class PositionRequest(EventOwned, db.Model):
    """A journalist's request for a position in a session, and what the allocation gave them."""

    __tablename__ = "position_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("hall_sessions.id", ondelete="CASCADE"), nullable=False
    )
    position_id: Mapped[int] = mapped_column(
        ForeignKey("hall_positions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    journalist_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("media_organisations.id"), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="requested")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    # How the place was given: "priority", "rotation" or "waitlist" (moved up); None while none is.
    allocated_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    allocated_at: Mapped[datetime | None] = mapped_column(nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    waitlist_rank: Mapped[int | None] = mapped_column(nullable=True)  # 1 is next; kept after moving up
    moved_up_at: Mapped[datetime | None] = mapped_column(nullable=True)  # left the waitlist for a place

    session = relationship(HallSession)
    position = relationship(Position)
    journalist = relationship("User")
    application = relationship("Application")
    organisation = relationship("MediaOrganisation")

    __table_args__ = (
        # one request per journalist per session (a second kind means cancelling the first)
        UniqueConstraint("session_id", "journalist_id", name="uq_position_requests_journalist"),
        # the gate's question: does this holder have a place in the gate's session?
        Index("ix_position_requests_place", "session_id", "application_id", "status"),
    )

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDING
