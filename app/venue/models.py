"""Venue and decoration work: member units, locations, categories, checklist templates, tasks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, and_, not_
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.text import fold
from app.core.timeutil import utcnow
from app.events.models import EventOwned
from app.extensions import db

# The task's life: todo → in_progress → done → verified, with blocked as a side track.
STATUSES = ("todo", "in_progress", "blocked", "done", "verified")
# Finished from the unit's point of view; such a task is never overdue.
FINISHED = ("done", "verified")
# 1 = high, 2 = normal, 3 = low, so ascending order puts the urgent first.
PRIORITIES = (1, 2, 3)
LOCATION_KINDS = ("hall", "gate", "press_centre", "street", "other")


class Unit(EventOwned, db.Model):
    """A member unit (đơn vị thành viên) of the propaganda and decoration subcommittee."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)  # unique per event
    name_key: Mapped[str] = mapped_column(String(200), nullable=False, default="", index=True)  # fold(name)
    contact_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    contact_phone: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    # Receives the unit's e-mails when no staff account is attached to the unit.
    contact_email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_units_event_name"),)

    def set_name(self, name: str) -> None:
        self.name = name
        self.name_key = fold(name)


class Location(EventOwned, db.Model):
    """A place that is decorated: the congress hall, one of its gates, the press centre, a street."""

    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)  # unique per event
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="other")  # LOCATION_KINDS
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    sort_order: Mapped[int] = mapped_column(default=0, nullable=False)

    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_locations_event_name"),)


class TaskCategory(db.Model):
    """A kind of work: pano, banners, flags, slogans, stage backdrop, flowers, LED, sound…"""

    __tablename__ = "task_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    sort_order: Mapped[int] = mapped_column(default=0, nullable=False)


class ChecklistTemplate(db.Model):
    """A reusable list of decoration tasks, applied to a location to create its tasks."""

    __tablename__ = "checklist_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    items: Mapped[list[TemplateItem]] = relationship(
        back_populates="template",
        cascade="all, delete-orphan",
        order_by="(TemplateItem.days_before.desc(), TemplateItem.sort_order, TemplateItem.id)",
    )


class TemplateItem(db.Model):
    """One line of a checklist template; its due date is the opening day minus ``days_before``."""

    __tablename__ = "template_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_templates.id", ondelete="CASCADE"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    spec: Mapped[str] = mapped_column(String(300), nullable=False, default="")  # e.g. "pano 4×8 m"
    quantity: Mapped[int | None] = mapped_column(nullable=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("task_categories.id"), nullable=False)
    default_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    days_before: Mapped[int] = mapped_column(nullable=False, default=3)
    priority: Mapped[int] = mapped_column(nullable=False, default=2)
    sort_order: Mapped[int] = mapped_column(default=0, nullable=False)

    template: Mapped[ChecklistTemplate] = relationship(back_populates="items")
    category: Mapped[TaskCategory] = relationship(lazy="joined")
    default_unit: Mapped[Unit | None] = relationship(lazy="joined")


class Task(EventOwned, db.Model):
    """A piece of decoration work with a deadline, given to a member unit and checked off."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    spec: Mapped[str] = mapped_column(String(300), nullable=False, default="")  # specification
    quantity: Mapped[int | None] = mapped_column(nullable=True)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # fold(title + spec): accent-insensitive search on both databases
    search_key: Mapped[str] = mapped_column(String(520), nullable=False, default="", index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("task_categories.id"), nullable=False, index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), nullable=False, index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    due_at: Mapped[datetime] = mapped_column(nullable=False)  # UTC
    priority: Mapped[int] = mapped_column(nullable=False, default=2)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="todo")
    blocked_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Where the task came from, so one template is not applied twice to the same location.
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_templates.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(nullable=True)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    category: Mapped[TaskCategory] = relationship()
    location: Mapped[Location] = relationship()
    unit: Mapped[Unit | None] = relationship()
    assignee = relationship("User", foreign_keys=[assignee_id])
    verified_by = relationship("User", foreign_keys=[verified_by_id])

    __table_args__ = (
        Index("ix_tasks_status_due", "status", "due_at"),
        Index("ix_tasks_unit_status", "unit_id", "status"),
    )

    def refresh_search_key(self) -> None:
        self.search_key = fold(f"{self.title} {self.spec}")[:520]

    @hybrid_method
    def is_overdue(self, now: datetime) -> bool:
        """Past due and not finished (done or verified)."""
        return self.due_at < now and self.status not in FINISHED

    @is_overdue.expression
    def is_overdue(cls, now: datetime):  # noqa: N805 - SQL side of the hybrid
        return and_(cls.due_at < now, not_(cls.status.in_(FINISHED)))

    @property
    def amount(self) -> str:
        """Quantity and specification as one line, e.g. "12 × pano 4×8 m"."""
        if self.quantity and self.spec:
            return f"{self.quantity} × {self.spec}"
        return str(self.quantity) if self.quantity else self.spec


class Evidence(EventOwned, db.Model):
    """A photo proving the work was done, taken with a phone's camera; served only after a permission check."""

    __tablename__ = "task_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    full_key: Mapped[str] = mapped_column(String(200), nullable=False)  # upload key, re-encoded JPEG
    thumb_key: Mapped[str] = mapped_column(String(200), nullable=False)
    caption: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    width: Mapped[int] = mapped_column(nullable=False, default=0)
    height: Mapped[int] = mapped_column(nullable=False, default=0)

    uploaded_by = relationship("User", lazy="joined")


class Comment(EventOwned, db.Model):
    """A remark on a task by a unit member or an organiser (a send-back's reason is one too)."""

    __tablename__ = "task_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)

    author = relationship("User", lazy="joined")


class TaskEvent(EventOwned, db.Model):
    """One line of a task's history: created, assigned, edited, status changed, photo, comment (append-only)."""

    __tablename__ = "task_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)  # see services.EVENT_KINDS
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)

    actor = relationship("User", lazy="joined")
