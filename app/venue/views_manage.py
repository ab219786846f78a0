"""Organisers' set-up pages: units, locations, categories, checklist templates, creating and editing tasks."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.core.forms import EmptyForm
from app.core.permissions import Permission, permission_required
from app.core.timeutil import from_local, local_today, to_local
from app.events.scope import get_in_event_or_404
from app.extensions import db
from app.venue import catalogue, services
from app.venue.blueprint import bp
from app.venue.forms import (
    ApplyTemplateForm,
    CategoryForm,
    LocationForm,
    TaskForm,
    TemplateForm,
    TemplateItemForm,
    UnitForm,
)
from app.venue.models import ChecklistTemplate, Location, Task, TaskCategory, TemplateItem, Unit

MANAGE = Permission.MANAGE_VENUE


def _fail(form, error: services.VenueError) -> None:
    """Attach a refused change's message to its field, or flash it."""
    db.session.rollback()
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, str(error)]
    else:
        flash(str(error), "danger")


def _get_or_404(model, ident: int):
    return get_in_event_or_404(model, ident)


def _category_choices():
    rows = db.session.execute(
        select(TaskCategory.id, TaskCategory.name).order_by(TaskCategory.sort_order, TaskCategory.name)
    )
    return [(0, "—"), *((r.id, r.name) for r in rows)]


def _location_choices():
    rows = db.session.execute(select(Location.id, Location.name).order_by(Location.sort_order, Location.name))
    return [(0, "—"), *((r.id, r.name) for r in rows)]


def _unit_choices():
    return [(0, _("— not assigned —")), *services.unit_choices()]


# ----------------------------------------------------------------------------- units
@bp.route("/units")
@permission_required(MANAGE)
def units():
    """The member units with how many tasks and accounts each has."""
    task_counts = dict(
        db.session.execute(select(Task.unit_id, func.count(Task.id)).group_by(Task.unit_id)).all()
    )
    member_counts = dict(
        db.session.execute(select(User.unit_id, func.count(User.id)).group_by(User.unit_id)).all()
    )
    rows = db.session.scalars(select(Unit).order_by(Unit.name)).all()
    return render_template(
        "venue/units.html", units=rows, task_counts=task_counts, member_counts=member_counts
    )


@bp.route("/units/new", methods=["GET", "POST"])
@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_unit(unit_id: int | None = None):
    """Create or edit a member unit and its contact (the contact gets e-mails when no account is attached)."""
    unit = _get_or_404(Unit, unit_id) if unit_id else None
    form = UnitForm(obj=unit)
    if form.validate_on_submit():
        try:
            catalogue.save_unit(
                unit,
                name=form.name.data,
                contact_name=form.contact_name.data or "",
                contact_phone=form.contact_phone.data or "",
                contact_email=form.contact_email.data or "",
                actor=current_user,
            )
        except services.VenueError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(_("Member unit saved."), "success")
            return redirect(url_for("venue.units"))
    status = 400 if request.method == "POST" else 200
    title = unit.name if unit else _("New member unit")
    return render_template("venue/form.html", form=form, title=title, back=url_for("venue.units")), status


# ----------------------------------------------------------------------------- locations and categories
@bp.route("/locations")
@permission_required(MANAGE)
def locations():
    """Locations to decorate, with their task counts."""
    counts = dict(
        db.session.execute(select(Task.location_id, func.count(Task.id)).group_by(Task.location_id)).all()
    )
    rows = db.session.scalars(select(Location).order_by(Location.sort_order, Location.name)).all()
    return render_template("venue/locations.html", locations=rows, counts=counts)


@bp.route("/locations/new", methods=["GET", "POST"])
@bp.route("/locations/<int:location_id>", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_location(location_id: int | None = None):
    """Create or edit a location."""
    location = _get_or_404(Location, location_id) if location_id else None
    form = LocationForm(obj=location)
    if form.validate_on_submit():
        try:
            catalogue.save_location(
                location,
                name=form.name.data,
                kind=form.kind.data,
                address=form.address.data or "",
                sort_order=form.sort_order.data or 0,
                actor=current_user,
            )
        except services.VenueError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(_("Location saved."), "success")
            return redirect(url_for("venue.locations"))
    status = 400 if request.method == "POST" else 200
    title = location.name if location else _("New location")
    return render_template("venue/form.html", form=form, title=title, back=url_for("venue.locations")), status


@bp.route("/categories")
@permission_required(MANAGE)
def categories():
    """Categories of work."""
    counts = dict(
        db.session.execute(select(Task.category_id, func.count(Task.id)).group_by(Task.category_id)).all()
    )
    rows = db.session.scalars(select(TaskCategory).order_by(TaskCategory.sort_order, TaskCategory.name)).all()
    return render_template("venue/categories.html", categories=rows, counts=counts)


@bp.route("/categories/new", methods=["GET", "POST"])
@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_category(category_id: int | None = None):
    """Create or edit a category."""
    category = _get_or_404(TaskCategory, category_id) if category_id else None
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        try:
            catalogue.save_category(
                category, name=form.name.data, sort_order=form.sort_order.data or 0, actor=current_user
            )
        except services.VenueError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(_("Category saved."), "success")
            return redirect(url_for("venue.categories"))
    status = 400 if request.method == "POST" else 200
    title = category.name if category else _("New category")
    return render_template(
        "venue/form.html", form=form, title=title, back=url_for("venue.categories")
    ), status


# ----------------------------------------------------------------------------- templates
@bp.route("/templates")
@permission_required(MANAGE)
def templates():
    """Checklist templates."""
    rows = db.session.scalars(
        select(ChecklistTemplate)
        .options(selectinload(ChecklistTemplate.items))
        .order_by(ChecklistTemplate.name)
    ).all()
    return render_template("venue/templates.html", templates=rows)


@bp.route("/templates/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def new_template():
    """Create an empty checklist template."""
    form = TemplateForm()
    if form.validate_on_submit():
        try:
            template = catalogue.save_template(
                None, name=form.name.data, description=form.description.data or "", actor=current_user
            )
        except services.VenueError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(_("Template created. Now add its items."), "success")
            return redirect(url_for("venue.template_detail", template_id=template.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "venue/form.html", form=form, title=_("New checklist template"), back=url_for("venue.templates")
    ), status


@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
@permission_required(MANAGE)
def template_detail(template_id: int):
    """A template's items; its name and description can be edited here."""
    template = _get_or_404(ChecklistTemplate, template_id)
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        try:
            catalogue.save_template(
                template, name=form.name.data, description=form.description.data or "", actor=current_user
            )
        except services.VenueError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(_("Template saved."), "success")
            return redirect(url_for("venue.template_detail", template_id=template_id))
    status = 400 if request.method == "POST" else 200
    return render_template("venue/template.html", template=template, form=form), status


@bp.route("/templates/<int:template_id>/items/new", methods=["GET", "POST"])
@bp.route("/templates/<int:template_id>/items/<int:item_id>", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_item(template_id: int, item_id: int | None = None):
    """Add or edit a template item (title, quantity and specification, category, unit, days ahead)."""
    template = _get_or_404(ChecklistTemplate, template_id)
    item = _get_or_404(TemplateItem, item_id) if item_id else None
    if item is not None and item.template_id != template.id:
        abort(404)
    form = TemplateItemForm(obj=item)
    form.category_id.choices = _category_choices()
    form.default_unit_id.choices = _unit_choices()
    if form.validate_on_submit():
        try:
            catalogue.save_item(
                template,
                item,
                title=form.title.data,
                spec=form.spec.data or "",
                quantity=form.quantity.data,
                category_id=form.category_id.data,
                default_unit_id=form.default_unit_id.data,
                days_before=form.days_before.data,
                priority=form.priority.data,
                sort_order=form.sort_order.data or 0,
                actor=current_user,
            )
        except services.VenueError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(_("Template item saved."), "success")
            return redirect(url_for("venue.template_detail", template_id=template_id))
    status = 400 if request.method == "POST" else 200
    title = item.title if item else _("New item of %(template)s", template=template.name)
    back = url_for("venue.template_detail", template_id=template_id)
    return render_template("venue/form.html", form=form, title=title, back=back), status


@bp.route("/templates/<int:template_id>/items/<int:item_id>/delete", methods=["POST"])
@permission_required(MANAGE)
def delete_item(template_id: int, item_id: int):
    """Remove an item from a template (tasks made from it earlier stay)."""
    item = _get_or_404(TemplateItem, item_id)
    if item.template_id != template_id or not EmptyForm().validate_on_submit():
        abort(404 if item.template_id != template_id else 400)
    catalogue.delete_item(item, current_user)
    db.session.commit()
    flash(_("Template item removed."), "success")
    return redirect(url_for("venue.template_detail", template_id=template_id))


@bp.route("/templates/<int:template_id>/apply", methods=["GET", "POST"])
@permission_required(MANAGE)
def apply_template(template_id: int):
    """Create a location's tasks from the template, due relative to the opening day."""
    template = _get_or_404(ChecklistTemplate, template_id)
    opening = catalogue.opening_day()
    form = ApplyTemplateForm(opening_day=opening)
    form.location_id.choices = _location_choices()
    value = request.args.get("location_id", "")
    if request.method == "GET" and value.isdigit() and len(value) < 10:
        form.location_id.data = int(value)
    if form.validate_on_submit():
        try:
            tasks = catalogue.apply_template(
                template,
                form.location_id.data,
                form.opening_day.data,
                form.due_time.data,
                current_user,
            )
        except services.VenueError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(_("%(n)s tasks created. Assign them to member units below.", n=len(tasks)), "success")
            return redirect(url_for("venue.task_list", location_id=form.location_id.data))
    status = 400 if request.method == "POST" else 200
    return render_template("venue/apply.html", template=template, form=form, today=local_today()), status


# ----------------------------------------------------------------------------- tasks
def _task_form(task: Task | None) -> TaskForm:
    form = TaskForm(obj=task)
    if task is not None and request.method == "GET":
        form.due.data = to_local(task.due_at).replace(tzinfo=None)
        form.unit_id.data = task.unit_id or 0
        form.assignee_id.data = task.assignee_id or 0
    form.category_id.choices = _category_choices()
    form.location_id.choices = _location_choices()
    form.unit_id.choices = _unit_choices()
    form.assignee_id.choices = [(0, "—"), *services.assignee_choices()]
    return form


def _task_values(form: TaskForm) -> dict:
    return {
        "title": form.title.data,
        "spec": form.spec.data or "",
        "quantity": form.quantity.data,
        "description": form.description.data or "",
        "category_id": form.category_id.data,
        "location_id": form.location_id.data,
        "unit_id": form.unit_id.data,
        "assignee_id": form.assignee_id.data,
        "due_at": from_local(form.due.data),
        "priority": form.priority.data,
    }


@bp.route("/tasks/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def new_task():
    """Create a single task (most come from a template); its unit is told by e-mail."""
    form = _task_form(None)
    if request.method == "GET":
        value = request.args.get("location_id", "")
        form.location_id.data = int(value) if value.isdigit() and len(value) < 10 else 0
    if form.validate_on_submit():
        try:
            task = services.create_task(actor=current_user, **_task_values(form))
        except services.VenueError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(_("Task created."), "success")
            return redirect(url_for("venue.task_detail", task_id=task.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "venue/form.html", form=form, title=_("New task"), back=url_for("venue.task_list")
    ), status


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_task(task_id: int):
    """Edit a task; changing its unit or person responsible e-mails them."""
    task = services.get_task(current_user, task_id, lock=request.method == "POST")
    if task is None:
        abort(404)
    form = _task_form(task)
    if form.validate_on_submit():
        try:
            services.update_task(task, actor=current_user, **_task_values(form))
        except services.VenueError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(_("Task saved."), "success")
            return redirect(url_for("venue.task_detail", task_id=task_id))
    status = 400 if request.method == "POST" else 200
    back = url_for("venue.task_detail", task_id=task_id)
    return render_template("venue/form.html", form=form, title=task.title, back=back), status
