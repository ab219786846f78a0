"""Task rules: who sees and changes which task, the status machine, evidence, comments, assignment.

A unit member works only on their own unit's tasks; organisers (``MANAGE_VENUE``)
work on all of them; only a verifier (``VERIFY_TASKS``) verifies or sends back. A
task becomes ``done`` only with at least one evidence photo. Every change writes a
:class:`TaskEvent` (the task's history) and every decision an audit event, in the
caller's transaction.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.core import audit, uploads
from app.core.permissions import Permission
from app.events.scope import get_in_event
from app.extensions import db
from app.venue import notify
from app.venue.models import PRIORITIES, Comment, Evidence, Location, Task, TaskCategory, TaskEvent, Unit

EVIDENCE_SIZES = {"full": (1600, 1600), "thumb": (360, 360)}

# action → (statuses it starts from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "start": (frozenset({"todo"}), "in_progress"),
    "block": (frozenset({"todo", "in_progress"}), "blocked"),
    "resume": (frozenset({"blocked"}), "in_progress"),
    "done": (frozenset({"todo", "in_progress"}), "done"),
    "verify": (frozenset({"done"}), "verified"),
    "send_back": (frozenset({"done"}), "in_progress"),
}
VERIFIER_ACTIONS = frozenset({"verify", "send_back"})


class VenueError(ValueError):
    """A refused change; ``str(error)`` is a message for the user, ``field`` the form field it concerns."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


class AccessDenied(VenueError):
    """The user may not change this task (another unit's task, or not a verifier)."""


# ----------------------------------------------------------------------------- who may do what
def can_manage(user) -> bool:
    """Organisers (and administrators) manage every task, unit, location and template."""
    return bool(user.can(Permission.MANAGE_VENUE))


def can_work(user, task: Task) -> bool:
    """Whether ``user`` may see and change ``task``: an organiser, or a member of the task's unit."""
    if can_manage(user):
        return True
    return bool(user.can(Permission.WORK_TASKS) and user.unit_id is not None and task.unit_id == user.unit_id)


def can_verify(user) -> bool:
    """Only a verifier (the organiser role) may verify a task or send it back."""
    return bool(user.can(Permission.VERIFY_TASKS))


def scope(query: Select, user) -> Select:
    """Restrict a task query to the tasks ``user`` may see."""
    if can_manage(user):
        return query
    if user.can(Permission.WORK_TASKS) and user.unit_id is not None:
        return query.where(Task.unit_id == user.unit_id)
    return query.where(false())


def task_query() -> Select:
    """Tasks with everything a list shows, loaded in the same query (no query per row)."""
    return select(Task).options(
        joinedload(Task.category),
        joinedload(Task.location),
        joinedload(Task.unit),
        joinedload(Task.assignee),
    )


def get_task(user, task_id: int, *, lock: bool = False) -> Task | None:
    """The task if it exists and ``user`` may see it; None otherwise (the view answers 404)."""
    query = scope(task_query().where(Task.id == task_id), user)
    if lock:
        query = query.with_for_update(of=Task)
    return db.session.scalar(query)


def unit_choices() -> list[tuple[int, str]]:
    """(id, name) of every member unit, for select fields here and in account administration."""
    return [(row.id, row.name) for row in db.session.execute(select(Unit.id, Unit.name).order_by(Unit.name))]


def assignee_choices() -> list[tuple[int, str]]:
    """(id, "name — unit") of every active account attached to a member unit."""
    rows = db.session.execute(
        select(User.id, User.full_name, Unit.name)
        .join(Unit, User.unit_id == Unit.id)
        .where(User.active.is_(True))
        .order_by(Unit.name, User.full_name)
    )
    return [(row[0], f"{row[1]} — {row[2]}") for row in rows]


# ----------------------------------------------------------------------------- history
def _event(task: Task, actor, kind: str, *, note: str = "", from_status=None, to_status=None, **details):
    db.session.add(
        TaskEvent(
            task_id=task.id,
            actor_id=getattr(actor, "id", None),
            kind=kind,
            note=note,
            from_status=from_status,
            to_status=to_status,
            details=details,
        )
    )


# ----------------------------------------------------------------------------- references
def _get(model, ident, message, field):
    obj = get_in_event(model, ident) if isinstance(ident, int) else None
    if obj is None:
        raise VenueError(message, field)
    return obj


def resolve_unit(unit_id: int | None) -> Unit | None:
    """The unit with this id, None for "not assigned"; a made-up id is refused."""
    if not unit_id:
        return None
    return _get(Unit, unit_id, _l("This member unit does not exist."), "unit_id")


def resolve_assignee(assignee_id: int | None, unit: Unit | None) -> User | None:
    """The assignee, who must be an active account of the task's unit."""
    if not assignee_id:
        return None
    user = db.session.get(User, assignee_id) if isinstance(assignee_id, int) else None
    if user is None or not user.active or unit is None or user.unit_id != unit.id:
        raise VenueError(
            _l("The person responsible must be an active member of the chosen unit."), "assignee_id"
        )
    return user


def _check_fields(title: str, priority: int, quantity: int | None) -> None:
    if not title or not title.strip():
        raise VenueError(_l("Please enter a title."), "title")
    if priority not in PRIORITIES:
        raise VenueError(_l("Choose a priority from the list."), "priority")
    if quantity is not None and not 0 < quantity <= 100_000:
        raise VenueError(_l("The quantity must be between 1 and 100000."), "quantity")


# ----------------------------------------------------------------------------- create and edit
def create_task(
    *,
    title: str,
    category_id: int,
    location_id: int,
    due_at: datetime,
    actor,
    spec: str = "",
    quantity: int | None = None,
    description: str = "",
    unit_id: int | None = None,
    assignee_id: int | None = None,
    priority: int = 2,
    template_id: int | None = None,
    notify_people: bool = True,
) -> Task:
    """Create a task; everything is checked before anything is written. Its unit is told by e-mail."""
    _check_fields(title, priority, quantity)
    category = _get(TaskCategory, category_id, _l("This category does not exist."), "category_id")
    location = _get(Location, location_id, _l("This location does not exist."), "location_id")
    unit = resolve_unit(unit_id)
    assignee = resolve_assignee(assignee_id, unit)
    task = Task(
        title=title.strip(),
        spec=spec.strip(),
        quantity=quantity,
        description=description.strip(),
        category=category,
        location=location,
        unit=unit,
        assignee=assignee,
        due_at=due_at,
        priority=priority,
        status="todo",
        template_id=template_id,
        created_by_id=getattr(actor, "id", None),
    )
    task.refresh_search_key()
    db.session.add(task)
    db.session.flush()
    _event(task, actor, "created", unit=unit.name if unit else None)
    audit.record("venue.task_create", task, actor=actor, details={"unit_id": task.unit_id})
    if unit is not None and notify_people:
        notify.assignment([task], actor)
    return task


def update_task(
    task: Task,
    *,
    title: str,
    spec: str,
    quantity: int | None,
    description: str,
    category_id: int,
    location_id: int,
    due_at: datetime,
    priority: int,
    unit_id: int | None,
    assignee_id: int | None,
    actor,
) -> Task:
    """Edit a task (organisers); a change of unit or person responsible is an assignment and e-mailed."""
    _check_fields(title, priority, quantity)
    category = _get(TaskCategory, category_id, _l("This category does not exist."), "category_id")
    location = _get(Location, location_id, _l("This location does not exist."), "location_id")
    unit = resolve_unit(unit_id)
    assignee = resolve_assignee(assignee_id, unit)
    changes = {}
    for name, value in (
        ("title", title.strip()),
        ("spec", spec.strip()),
        ("quantity", quantity),
        ("description", description.strip()),
        ("priority", priority),
    ):
        if getattr(task, name) != value:
            changes[name] = [getattr(task, name), value]
            setattr(task, name, value)
    if task.due_at != due_at:
        changes["due_at"] = [task.due_at.isoformat(), due_at.isoformat()]
        task.due_at = due_at
    for name, obj in (("category_id", category), ("location_id", location)):
        if getattr(task, name) != obj.id:
            changes[name] = [getattr(task, name), obj.id]
    task.category, task.location = category, location
    task.refresh_search_key()
    if changes:
        _event(task, actor, "edited", fields=sorted(changes))
        audit.record("venue.task_edit", task, actor=actor, details=changes)
    _assign(task, unit, assignee, actor)
    return task


def _assign(task: Task, unit: Unit | None, assignee: User | None, actor) -> bool:
    if task.unit_id == (unit.id if unit else None) and task.assignee_id == (
        assignee.id if assignee else None
    ):
        return False
    before = {"unit_id": task.unit_id, "assignee_id": task.assignee_id}
    task.unit, task.assignee = unit, assignee
    task.unit_id, task.assignee_id = (unit.id if unit else None), (assignee.id if assignee else None)
    _event(
        task,
        actor,
        "assigned",
        unit=unit.name if unit else None,
        assignee=assignee.full_name if assignee else None,
    )
    audit.record(
        "venue.task_assign",
        task,
        actor=actor,
        details={"before": before, "unit_id": task.unit_id, "assignee_id": task.assignee_id},
    )
    if unit is not None:
        notify.assignment([task], actor)
    return True


def assign_tasks(tasks: list[Task], unit_id: int | None, assignee_id: int | None, actor) -> list[Task]:
    """Give several tasks to one unit (and optionally one person); one e-mail per recipient lists them."""
    if not tasks:
        raise VenueError(_l("Tick at least one task to assign."))
    unit = resolve_unit(unit_id)
    if unit is None:
        raise VenueError(_l("Choose the member unit to assign the tasks to."), "unit_id")
    assignee = resolve_assignee(assignee_id, unit)
    changed = []
    for task in tasks:
        if task.status == "verified":
            continue
        before = {"unit_id": task.unit_id, "assignee_id": task.assignee_id}
        if before == {"unit_id": unit.id, "assignee_id": assignee.id if assignee else None}:
            continue
        task.unit, task.assignee = unit, assignee
        task.unit_id, task.assignee_id = unit.id, (assignee.id if assignee else None)
        _event(task, actor, "assigned", unit=unit.name, assignee=assignee.full_name if assignee else None)
        audit.record(
            "venue.task_assign",
            task,
            actor=actor,
            details={"before": before, "unit_id": unit.id, "assignee_id": task.assignee_id},
        )
        changed.append(task)
    if changed:
        notify.assignment(changed, actor)
    db.session.flush()
    return changed


# ----------------------------------------------------------------------------- the status machine
def allowed_actions(user, task: Task) -> list[str]:
    """The status actions ``user`` may take on ``task`` now (for the buttons on its page)."""
    actions = []
    for action, (sources, _target) in TRANSITIONS.items():
        if task.status not in sources:
            continue
        if action in VERIFIER_ACTIONS:
            if can_verify(user):
                actions.append(action)
        elif can_work(user, task):
            actions.append(action)
    return actions


def evidence_count(task: Task) -> int:
    """How many evidence photos the task has."""
    return db.session.scalar(select(func.count(Evidence.id)).where(Evidence.task_id == task.id)) or 0


def change_status(task: Task, action: str, actor, *, note: str = "", now: datetime) -> Task:
    """Move a task through the status machine, refusing what the rules forbid.

    ``block`` needs a reason and ``send_back`` a comment (both kept in the history);
    ``done`` needs at least one evidence photo; ``verify`` and ``send_back`` need a
    verifier; everything else needs a member of the task's unit or an organiser.
    """
    if action not in TRANSITIONS:
        raise VenueError(_l("Unknown action."))
    sources, target = TRANSITIONS[action]
    if action in VERIFIER_ACTIONS:
        if not can_verify(actor):
            raise AccessDenied(_l("Only an organiser of the subcommittee may verify a task or send it back."))
    elif not can_work(actor, task):
        raise AccessDenied(_l("You may only change your own unit's tasks."))
    if task.status not in sources:
        raise VenueError(_l("This task's status has changed meanwhile; the action no longer applies."))
    note = (note or "").strip()
    if action == "block" and not note:
        raise VenueError(_l("Please say what blocks the task."), "reason")
    if action == "send_back" and not note:
        raise VenueError(_l("Please say what must be corrected."), "comment")
    if action == "done" and evidence_count(task) == 0:
        raise VenueError(_l("Add at least one evidence photo before marking the task done."))
    before = task.status
    task.status = target
    if action == "block":
        task.blocked_reason = note
    elif action == "resume":
        task.blocked_reason = ""
    if action == "done":
        task.done_at = now
    if action == "verify":
        task.verified_at, task.verified_by_id = now, actor.id
    if action == "send_back":
        task.done_at = None
        db.session.add(Comment(task_id=task.id, author_id=actor.id, body=note))
    _event(task, actor, "status", note=note, from_status=before, to_status=target, action=action)
    audit.record(
        f"venue.task_{action}", task, actor=actor, details={"from": before, "to": target, "note": note}
    )
    if action == "send_back":
        notify.sent_back(task, note, actor)
    db.session.flush()
    return task


# ----------------------------------------------------------------------------- evidence and comments
def add_evidence(task: Task, file_storage, caption: str, actor) -> Evidence:
    """Store an evidence photo (checked, re-encoded, full size and thumbnail) for a task.

    Raises :class:`app.core.uploads.UploadError` for a file that is not a real image;
    the caller deletes the stored files if its transaction fails later.
    """
    if not can_work(actor, task):
        raise AccessDenied(_l("You may only change your own unit's tasks."))
    if task.status == "verified":
        raise VenueError(_l("This task is verified; no more photos can be added."))
    # a phone photo as the camera took it (up to 20 MB), stored shrunk to 1600 px
    stored = uploads.save_image(
        file_storage, "venue", max_bytes=uploads.PHONE_PHOTO_MAX_BYTES, sizes=EVIDENCE_SIZES
    )
    evidence = Evidence(
        task_id=task.id,
        uploaded_by_id=actor.id,
        full_key=stored.keys["full"],
        thumb_key=stored.keys["thumb"],
        caption=(caption or "").strip()[:300],
        width=stored.width,
        height=stored.height,
    )
    db.session.add(evidence)
    db.session.flush()
    _event(task, actor, "evidence", note=evidence.caption, evidence_id=evidence.id)
    return evidence


def add_comment(task: Task, body: str, actor) -> Comment:
    """Add a comment to a task (its unit's members and organisers)."""
    if not can_work(actor, task):
        raise AccessDenied(_l("You may only change your own unit's tasks."))
    body = (body or "").strip()
    if not body:
        raise VenueError(_l("Please write a comment."), "body")
    comment = Comment(task_id=task.id, author_id=actor.id, body=body)
    db.session.add(comment)
    db.session.flush()
    _event(task, actor, "comment", note=body[:500])
    return comment
