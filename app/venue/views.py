"""Routes of the venue area: the task pages (my tasks, board, list, overdue, calendar, a task).

Organisers (``MANAGE_VENUE``) see every task; a unit member sees and changes only
their unit's tasks (others answer 404); only a verifier (``VERIFY_TASKS``) verifies
or sends back. The set-up pages live in ``views_manage``, progress and reports in
``views_reports``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.core.forms import EmptyForm
from app.core.nav import nav_item
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.text import like_pattern
from app.core.timeutil import local_today, utcnow
from app.core.urls import link_args
from app.events.scope import get_in_event, get_in_event_or_404
from app.extensions import db
from app.venue import services
from app.venue.blueprint import bp
from app.venue.forms import AssignForm, BlockForm, CommentForm, EvidenceForm, SendBackForm
from app.venue.labels import template_globals
from app.venue.models import (
    PRIORITIES,
    STATUSES,
    Comment,
    Evidence,
    Location,
    Task,
    TaskCategory,
    TaskEvent,
    Unit,
)
from app.venue.progress import calendar_month, overall, parse_month

nav_item("venue.my_tasks", _l("My tasks"), Permission.WORK_TASKS, order=60)
nav_item("venue.board", _l("Decoration"), Permission.MANAGE_VENUE, order=61)

SEE_TASKS = (Permission.WORK_TASKS, Permission.MANAGE_VENUE)


@bp.context_processor
def _venue_globals():
    return {**template_globals(), "can_manage": services.can_manage(current_user)}


# ----------------------------------------------------------------------------- filters
@dataclass
class Filters:
    """What a task list or board is narrowed to, read from the query string."""

    q: str = ""
    status: str = ""
    unit_id: int = 0
    location_id: int = 0
    category_id: int = 0
    priority: int = 0
    overdue: bool = False

    @classmethod
    def from_args(cls, args) -> Filters:
        def number(name: str) -> int:
            value = args.get(name, "")
            return int(value) if value.isdigit() and len(value) < 10 else 0

        status = args.get("status", "")
        return cls(
            q=args.get("q", "").strip()[:100],
            status=status if status in STATUSES else "",
            unit_id=number("unit_id"),
            location_id=number("location_id"),
            category_id=number("category_id"),
            priority=number("priority") if number("priority") in PRIORITIES else 0,
            overdue=args.get("overdue") == "1",
        )

    def apply(self, query, now):
        if self.q:
            query = query.where(Task.search_key.like(like_pattern(self.q), escape="\\"))
        if self.status:
            query = query.where(Task.status == self.status)
        for name in ("unit_id", "location_id", "category_id", "priority"):
            if getattr(self, name):
                query = query.where(getattr(Task, name) == getattr(self, name))
        if self.overdue:
            query = query.where(Task.is_overdue(now))
        return query


def _filter_choices() -> dict:
    """Units, locations and categories for the filter selects (three small queries)."""
    return {
        "units": db.session.execute(select(Unit.id, Unit.name).order_by(Unit.name)).all(),
        "locations": db.session.execute(
            select(Location.id, Location.name).order_by(Location.sort_order, Location.name)
        ).all(),
        "categories": db.session.execute(
            select(TaskCategory.id, TaskCategory.name).order_by(TaskCategory.sort_order, TaskCategory.name)
        ).all(),
    }


def _ordered(query):
    return query.order_by(Task.due_at, Task.priority, Task.id)


# ----------------------------------------------------------------------------- pages
@bp.route("/")
@permission_required(*SEE_TASKS)
def my_tasks():
    """A unit member's own unit's tasks, due first; an organiser's tasks awaiting a check."""
    now = utcnow()
    user = current_user
    unit = get_in_event(Unit, user.unit_id) if user.unit_id else None
    base = services.scope(services.task_query(), user)
    if unit is not None and not services.can_manage(user):
        open_tasks = db.session.scalars(_ordered(base.where(Task.status != "verified"))).unique().all()
        summary = overall(now, base)
        awaiting = []
    else:
        open_tasks = (
            db.session.scalars(_ordered(base.where(Task.assignee_id == user.id, Task.status != "verified")))
            .unique()
            .all()
        )
        summary = overall(now)
        awaiting = (
            db.session.scalars(_ordered(base.where(Task.status == "done")).limit(100)).unique().all()
            if services.can_verify(user)
            else []
        )
    return render_template(
        "venue/my_tasks.html", unit=unit, tasks=open_tasks, summary=summary, awaiting=awaiting, now=now
    )


@bp.route("/board")
@permission_required(*SEE_TASKS)
def board():
    """Tasks in one column per status (columns stack on a phone), filterable."""
    now = utcnow()
    filters = Filters.from_args(request.args)
    filters.status = ""
    query = filters.apply(services.scope(services.task_query(), current_user), now)
    columns: dict[str, list[Task]] = {status: [] for status in STATUSES}
    for task in db.session.scalars(_ordered(query)).unique():
        columns[task.status].append(task)
    return render_template("venue/board.html", columns=columns, filters=filters, now=now, **_filter_choices())


@bp.route("/tasks")
@permission_required(*SEE_TASKS)
def task_list():
    """Every task the user may see, filterable by text, status, unit, location, category, priority."""
    return _list_page(Filters.from_args(request.args), title=_("Tasks"), endpoint="venue.task_list")


@bp.route("/overdue")
@permission_required(*SEE_TASKS)
def overdue():
    """Tasks past their deadline and not done or verified."""
    filters = Filters.from_args(request.args)
    filters.overdue = True
    return _list_page(filters, title=_("Overdue tasks"), endpoint="venue.overdue")


def _list_page(filters: Filters, *, title: str, endpoint: str, assign_form: AssignForm | None = None):
    now = utcnow()
    query = filters.apply(services.scope(services.task_query(), current_user), now)
    page = paginate(_ordered(query), per_page=50)
    if assign_form is None and services.can_manage(current_user):
        assign_form = AssignForm()
    if assign_form is not None:
        assign_form.unit_id.choices = [(0, "—"), *services.unit_choices()]
        assign_form.assignee_id.choices = [(0, "—"), *services.assignee_choices()]
    return render_template(
        "venue/list.html",
        page=page,
        filters=filters,
        now=now,
        title=title,
        endpoint=endpoint,
        assign_form=assign_form,
        **_filter_choices(),
    )


@bp.route("/calendar")
@permission_required(*SEE_TASKS)
def calendar():
    """Deadlines of a month: a grid on wide screens, a list of days on phones."""
    first = parse_month(request.args.get("month"), local_today())
    return render_template(
        "venue/calendar.html", month=calendar_month(current_user, first), today=local_today(), now=utcnow()
    )


# ----------------------------------------------------------------------------- one task
def _task_or_404(task_id: int, *, lock: bool = False) -> Task:
    task = services.get_task(current_user, task_id, lock=lock)
    if task is None:
        abort(404)
    return task


def _detail(task: Task, status: int = 200, **forms):
    evidence = db.session.scalars(
        select(Evidence).where(Evidence.task_id == task.id).order_by(Evidence.id)
    ).all()
    comments = db.session.scalars(
        select(Comment).where(Comment.task_id == task.id).order_by(Comment.id)
    ).all()
    events = db.session.scalars(
        select(TaskEvent).where(TaskEvent.task_id == task.id).order_by(TaskEvent.id.desc())
    ).all()
    forms.setdefault("evidence_form", EvidenceForm())
    forms.setdefault("comment_form", CommentForm())
    forms.setdefault("block_form", BlockForm())
    forms.setdefault("send_back_form", SendBackForm())
    return render_template(
        "venue/task.html",
        task=task,
        evidence=evidence,
        comments=comments,
        events=events,
        actions=services.allowed_actions(current_user, task),
        can_work=services.can_work(current_user, task),
        now=utcnow(),
        **forms,
    ), status


@bp.route("/tasks/<int:task_id>")
@permission_required(*SEE_TASKS)
def task_detail(task_id: int):
    """A task: what, where, by when, its photos, comments, history and the actions open to the user."""
    return _detail(_task_or_404(task_id))


@bp.route("/tasks/<int:task_id>/status/<action>", methods=["POST"])
@permission_required(*SEE_TASKS)
def change_status(task_id: int, action: str):
    """Start, resume or mark done (blocking, verifying and sending back have their own forms)."""
    if action not in ("start", "resume", "done"):
        abort(404)
    task = _task_or_404(task_id, lock=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _apply(task, action)


@bp.route("/tasks/<int:task_id>/verify", methods=["POST"])
@permission_required(Permission.VERIFY_TASKS)
def verify(task_id: int):
    """An organiser confirms the work is done as asked."""
    task = _task_or_404(task_id, lock=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _apply(task, "verify")


@bp.route("/tasks/<int:task_id>/block", methods=["POST"])
@permission_required(*SEE_TASKS)
def block(task_id: int):
    """Mark a task blocked, saying why (the reason shows on the task and in its history)."""
    task = _task_or_404(task_id, lock=True)
    form = BlockForm()
    if not form.validate_on_submit():
        return _detail(task, 400, block_form=form)
    return _apply(task, "block", note=form.reason.data, form=form, form_name="block_form", field="reason")


@bp.route("/tasks/<int:task_id>/send-back", methods=["POST"])
@permission_required(Permission.VERIFY_TASKS)
def send_back(task_id: int):
    """An organiser returns a done task to its unit with what must be corrected (e-mailed)."""
    task = _task_or_404(task_id, lock=True)
    form = SendBackForm()
    if not form.validate_on_submit():
        return _detail(task, 400, send_back_form=form)
    return _apply(
        task, "send_back", note=form.comment.data, form=form, form_name="send_back_form", field="comment"
    )


def _apply(task: Task, action: str, *, note: str = "", form=None, form_name=None, field=None):
    try:
        services.change_status(task, action, current_user, note=note, now=utcnow())
    except services.AccessDenied:
        db.session.rollback()
        abort(403)
    except services.VenueError as error:
        db.session.rollback()
        task = _task_or_404(task.id)
        if form is not None and error.field == field:
            form[field].errors = [str(error)]
            return _detail(task, 400, **{form_name: form})
        flash(str(error), "danger")
        return _detail(task, 400)
    db.session.commit()
    flash(_("Saved: %(status)s.", status=template_globals()["venue_status_labels"][task.status]), "success")
    return redirect(url_for("venue.task_detail", task_id=task.id))


@bp.route("/tasks/<int:task_id>/evidence", methods=["POST"])
@permission_required(*SEE_TASKS)
def upload_evidence(task_id: int):
    """Add an evidence photo (from the phone's camera); the file is checked and re-encoded."""
    from app.core.uploads import UploadError, delete_upload

    task = _task_or_404(task_id, lock=True)
    form = EvidenceForm()
    if not form.validate_on_submit():
        return _detail(task, 400, evidence_form=form)
    try:
        evidence = services.add_evidence(task, form.photo.data, form.caption.data, current_user)
    except services.AccessDenied:
        db.session.rollback()
        abort(403)
    except (UploadError, services.VenueError) as error:
        db.session.rollback()
        form.photo.errors = [str(error)]
        return _detail(_task_or_404(task_id), 400, evidence_form=form)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        delete_upload(evidence.full_key)
        delete_upload(evidence.thumb_key)
        raise
    flash(_("Photo added."), "success")
    return redirect(url_for("venue.task_detail", task_id=task_id) + "#evidence")


@bp.route("/evidence/<int:evidence_id>/<size>")
@permission_required(*SEE_TASKS)
def evidence_file(evidence_id: int, size: str):
    """An evidence photo, only for those who may see its task."""
    from app.core.uploads import send_upload

    if size not in ("full", "thumb"):
        abort(404)
    evidence = get_in_event_or_404(Evidence, evidence_id)
    _task_or_404(evidence.task_id)
    return send_upload(evidence.full_key if size == "full" else evidence.thumb_key)


@bp.route("/tasks/<int:task_id>/comments", methods=["POST"])
@permission_required(*SEE_TASKS)
def comment(task_id: int):
    """Add a comment to a task."""
    task = _task_or_404(task_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _detail(task, 400, comment_form=form)
    try:
        services.add_comment(task, form.body.data, current_user)
    except services.AccessDenied:
        db.session.rollback()
        abort(403)
    except services.VenueError as error:
        db.session.rollback()
        form.body.errors = [str(error)]
        return _detail(_task_or_404(task_id), 400, comment_form=form)
    db.session.commit()
    flash(_("Comment added."), "success")
    return redirect(url_for("venue.task_detail", task_id=task_id) + "#comments")


@bp.route("/tasks/assign", methods=["POST"])
@permission_required(Permission.MANAGE_VENUE)
def assign():
    """Give the ticked tasks to a member unit (and optionally a person); each recipient gets one e-mail.

    The list's filters travel in the query string, so a refused assignment shows the same list again.
    """
    form = AssignForm()
    filters = Filters.from_args(request.args)
    endpoint = "venue.overdue" if filters.overdue else "venue.task_list"
    if not form.validate_on_submit():
        abort(400)
    ids = [int(v) for v in request.form.getlist("task_ids") if v.isdigit() and len(v) < 10]
    tasks = db.session.scalars(services.task_query().where(Task.id.in_(ids))).unique().all() if ids else []
    try:
        changed = services.assign_tasks(list(tasks), form.unit_id.data, form.assignee_id.data, current_user)
    except services.VenueError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _list_page(filters, title=_("Tasks"), endpoint=endpoint, assign_form=form), 400
    db.session.commit()
    flash(_("%(n)s tasks assigned.", n=len(changed)), "success")
    return redirect(url_for(endpoint, **link_args(request.args.to_dict())))
