"""Progress per unit, location and category, and the deadline calendar.

Progress counts verified tasks: a task is complete when an organiser has checked it.
Done-but-unchecked tasks are counted and shown separately. Each table is one
grouped query, whatever the number of tasks.
"""

from __future__ import annotations

from calendar import Calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, func, select

from app.core.spreadsheets import percent
from app.core.timeutil import from_local, to_local
from app.extensions import db
from app.venue.models import STATUSES, Location, Task, TaskCategory, Unit
from app.venue.services import scope, task_query

DIMENSIONS = {
    "unit": (Task.unit_id, Unit, _l("Member unit")),
    "location": (Task.location_id, Location, _l("Location")),
    "category": (Task.category_id, TaskCategory, _l("Task category")),
}


@dataclass
class ProgressRow:
    """Counts of one unit, location or category (or of everything)."""

    key: int | None
    name: str  # or a lazy translated string for "not assigned" / "all tasks"
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def verified(self) -> int:
        return self.counts["verified"]

    @property
    def done(self) -> int:
        return self.counts["done"]

    @property
    def percent(self) -> int:
        """Verified share, in whole per cent (rounded; 100 only when all are verified)."""
        return percent(self.verified, self.total)

    @property
    def done_percent(self) -> int:
        """Done-awaiting-check share, in whole per cent."""
        return percent(self.done, self.total)


def _counts(group_column, now: datetime, base: Select | None = None):
    overdue = case((Task.is_overdue(now), 1), else_=0)
    query = select(group_column, Task.status, func.count(Task.id), func.sum(overdue)).group_by(
        group_column, Task.status
    )
    if base is not None:
        query = query.where(Task.id.in_(base.with_only_columns(Task.id).order_by(None)))
    return db.session.execute(query).all()


def progress_by(dimension: str, now: datetime) -> list[ProgressRow]:
    """One row per unit, location or category that has tasks, plus "not assigned" for units."""
    column, model, _label = DIMENSIONS[dimension]
    rows: dict[int | None, ProgressRow] = {}
    for key, status, count, overdue in _counts(column, now):
        row = rows.setdefault(key, ProgressRow(key, ""))
        row.counts[status] = row.counts.get(status, 0) + count
        row.overdue += int(overdue or 0)
    names = dict(
        db.session.execute(select(model.id, model.name).where(model.id.in_([k for k in rows if k]))).all()
    )
    for key, row in rows.items():
        row.name = names.get(key, "") if key else _l("Not assigned")
    return sorted(rows.values(), key=lambda r: (r.key is None, r.name.lower() if r.key else ""))


def overall(now: datetime, base: Select | None = None) -> ProgressRow:
    """All tasks (or those of ``base``, a scoped task query) in one row."""
    row = ProgressRow(None, _l("All tasks"))
    for _key, status, count, overdue in _counts(Task.status.label("all"), now, base):
        row.counts[status] = row.counts.get(status, 0) + count
        row.overdue += int(overdue or 0)
    return row


# ----------------------------------------------------------------------------- calendar
@dataclass
class CalendarMonth:
    """A month of deadlines: weeks of days (None outside the month), tasks per local day."""

    first: date
    weeks: list[list[date | None]]
    tasks: dict[date, list[Task]]

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=32)).replace(day=1)

    @property
    def days_with_tasks(self) -> list[date]:
        return sorted(self.tasks)


def parse_month(value: str | None, default: date) -> date:
    """``YYYY-MM`` as the first day of that month; anything else gives ``default``'s month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return default.replace(day=1)


def calendar_month(user, first: date) -> CalendarMonth:
    """The deadlines ``user`` may see in the month starting at ``first``, grouped by local day."""
    following = (first + timedelta(days=32)).replace(day=1)
    start = from_local(datetime.combine(first, datetime.min.time()))
    end = from_local(datetime.combine(following, datetime.min.time()))
    query = scope(task_query(), user).where(Task.due_at >= start, Task.due_at < end)
    tasks: dict[date, list[Task]] = defaultdict(list)
    for task in db.session.scalars(query.order_by(Task.due_at, Task.priority, Task.id)).unique():
        tasks[to_local(task.due_at).date()].append(task)
    weeks = [
        [day if day.month == first.month else None for day in week]
        for week in Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    return CalendarMonth(first=first, weeks=weeks, tasks=dict(tasks))
