"""E-mails of the venue area, queued in the outbox with the change that causes them.

Who hears about a task: the person responsible when there is one, otherwise every
active account of the task's unit, otherwise the unit's contact address.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.core import audit
from app.core.models import AuditEvent
from app.core.outbox import queue_email
from app.core.timeutil import format_datetime, from_local, to_local
from app.extensions import db
from app.venue.models import FINISHED, Task, Unit


@dataclass(frozen=True)
class Recipient:
    """Where one e-mail goes and in which language."""

    email: str
    name: str
    language: str


def _unit_members(unit_ids: set[int]) -> dict[int, list[User]]:
    members: dict[int, list[User]] = defaultdict(list)
    if not unit_ids:
        return members
    users = db.session.scalars(
        select(User).where(User.unit_id.in_(unit_ids), User.active.is_(True)).order_by(User.id)
    )
    for user in users:
        members[user.unit_id].append(user)
    return members


def _unit_recipients(unit: Unit, members: dict[int, list[User]]) -> list[Recipient]:
    people = [Recipient(u.email, u.full_name, u.language) for u in members.get(unit.id, [])]
    if not people and unit.contact_email:
        people = [Recipient(unit.contact_email, unit.contact_name or unit.name, "vi")]
    return people


def recipients_for(tasks: list[Task]) -> dict[Recipient, list[Task]]:
    """Group tasks by who should hear about them (person responsible, else the unit)."""
    members = _unit_members({t.unit_id for t in tasks if t.unit_id and t.assignee_id is None})
    grouped: dict[Recipient, list[Task]] = defaultdict(list)
    for task in tasks:
        if task.assignee is not None and task.assignee.active:
            people = [Recipient(task.assignee.email, task.assignee.full_name, task.assignee.language)]
        elif task.unit is not None:
            people = _unit_recipients(task.unit, members)
        else:
            people = []
        for person in people:
            grouped[person].append(task)
    return grouped


def assignment(tasks: list[Task], actor) -> int:
    """Tell each recipient which tasks were given to them or their unit (one e-mail each)."""
    count = 0
    for person, their_tasks in recipients_for(tasks).items():
        queue_email(
            person.email,
            "venue/assigned",
            language=person.language,
            name=person.name,
            tasks=sorted(their_tasks, key=lambda t: (t.due_at, t.id)),
            actor=actor,
            fmt=format_datetime,
        )
        count += 1
    return count


def sent_back(task: Task, comment: str, actor) -> int:
    """Tell the task's people that an organiser sent the task back, and why."""
    count = 0
    for person in recipients_for([task]):
        queue_email(
            person.email,
            "venue/sent_back",
            language=person.language,
            name=person.name,
            task=task,
            comment=comment,
            actor=actor,
            fmt=format_datetime,
        )
        count += 1
    return count


def local_day_bounds(day) -> tuple[datetime, datetime]:
    """A local calendar day as [start, end) in stored (naive UTC) time."""
    start = datetime(day.year, day.month, day.day)
    return from_local(start), from_local(start + timedelta(days=1))


def digest_already_sent(now: datetime) -> bool:
    """Whether today's digest has gone out already (so a repeated cron run sends nothing twice)."""
    start, end = local_day_bounds(to_local(now).date())
    return (
        db.session.scalar(
            select(AuditEvent.id)
            .where(AuditEvent.action == "venue.digest", AuditEvent.created_at >= start)
            .where(AuditEvent.created_at < end)
            .limit(1)
        )
        is not None
    )


def send_digest(now: datetime, *, force: bool = False) -> int:
    """Queue the daily digest: per unit, its overdue tasks and those due tomorrow; returns e-mails queued.

    Each active account of a unit (or the unit's contact address) gets one e-mail;
    units with nothing overdue or due tomorrow get none.
    """
    if not force and digest_already_sent(now):
        return 0
    tomorrow = to_local(now).date() + timedelta(days=1)
    start, end = local_day_bounds(tomorrow)
    tasks = db.session.scalars(
        select(Task)
        .options(joinedload(Task.unit), joinedload(Task.location), joinedload(Task.category))
        .where(Task.unit_id.is_not(None), Task.status.not_in(FINISHED))
        .where(or_(Task.due_at < now, and_(Task.due_at >= start, Task.due_at < end)))
        .order_by(Task.due_at, Task.id)
    ).all()
    by_unit: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        by_unit[task.unit_id].append(task)
    members = _unit_members(set(by_unit))
    count = 0
    for unit_tasks in by_unit.values():
        unit = unit_tasks[0].unit
        overdue = [t for t in unit_tasks if t.due_at < now]
        due_tomorrow = [t for t in unit_tasks if t.due_at >= now]
        for person in _unit_recipients(unit, members):
            queue_email(
                person.email,
                "venue/digest",
                language=person.language,
                name=person.name,
                unit=unit,
                overdue=overdue,
                due_tomorrow=due_tomorrow,
                tomorrow=tomorrow.strftime("%d/%m/%Y"),
                fmt=format_datetime,
            )
            count += 1
    audit.record(
        "venue.digest",
        None,
        details={"date": to_local(now).date().isoformat(), "emails": count, "units": len(by_unit)},
    )
    return count
