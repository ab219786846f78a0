"""Coverage routes: a journalist's own pieces, the staff list, corrections, the report and its XLSX.

Registered on the dashboard blueprint (``blueprint.py`` imports this module).
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core.dates import maybe_date
from app.core.forms import EmptyForm
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.timeutil import local_today
from app.dashboard import exports, services
from app.dashboard.blueprint import bp
from app.dashboard.coverage_report import MEDIUM_LABELS, CoverageFilters, outlet_names, summary
from app.dashboard.forms import CoverageForm, StaffCoverageForm
from app.dashboard.models import MEDIA, CoverageItem
from app.events.scope import get_in_event
from app.extensions import db

REPORT = Permission.REPORT_COVERAGE
MANAGE = Permission.MANAGE_COVERAGE


def _filters() -> CoverageFilters:
    args = request.args
    medium = args.get("medium", "")
    return CoverageFilters(
        q=(args.get("q") or "").strip()[:100],
        medium=medium if medium in MEDIA else "",
        outlet=(args.get("outlet") or "").strip()[:200],
        start=maybe_date(args.get("start")),
        end=maybe_date(args.get("end")),
    )


def _newest_first(query):
    return query.options(joinedload(CoverageItem.journalist)).order_by(
        CoverageItem.published_on.desc(), CoverageItem.id.desc()
    )


@bp.route("/coverage/mine")
@permission_required(REPORT)
def my_coverage():
    """The journalist's own published pieces, with a link to log another."""
    query = _newest_first(select(CoverageItem).where(CoverageItem.journalist_id == current_user.id))
    page = paginate(query, per_page=25)
    return render_template(
        "dashboard/coverage_mine.html",
        page=page,
        may_report=services.can_report(current_user),
        labels=MEDIUM_LABELS,
    )


@bp.route("/coverage/")
@permission_required(MANAGE)
def coverage_list():
    """Every logged piece, filtered by text, medium, outlet and dates (staff)."""
    filters = _filters()
    page = paginate(_newest_first(filters.apply(select(CoverageItem))), per_page=30)
    return render_template(
        "dashboard/coverage_list.html",
        page=page,
        filters=filters,
        outlets=outlet_names(),
        labels=MEDIUM_LABELS,
    )


def _form_for_user(item: CoverageItem | None = None):
    """The staff form (with the journalist list) or the journalist's own form."""
    staff = services.can_manage(current_user)
    form = (StaffCoverageForm if staff else CoverageForm)(obj=item)
    if staff:
        choices = services.journalist_choices()
        if item is not None and item.journalist is not None and item.journalist_id not in dict(choices):
            # keep the current journalist selectable even if their accreditation was withdrawn
            choices.append((item.journalist_id, item.journalist.full_name))
        form.set_journalists(choices)
        if request.method == "GET":
            form.journalist.data = (item.journalist_id or 0) if item else 0
    elif item is None and request.method == "GET":
        form.outlet.data = services.default_outlet(current_user.id)
    if request.method == "GET" and item is None:
        form.published_on.data = local_today()
    return form, staff


def _values(form) -> dict:
    return {
        "url": form.url.data or "",
        "title": form.title.data or "",
        "outlet": form.outlet.data or "",
        "published_on": form.published_on.data,
        "medium": form.medium.data or "",
    }


def _after_save():
    if services.can_manage(current_user):
        return redirect(url_for("dashboard.coverage_list"))
    return redirect(url_for("dashboard.my_coverage"))


def _render_form(form, staff: bool, item: CoverageItem | None, code: int = 200):
    return (
        render_template(
            "dashboard/coverage_form.html",
            form=form,
            staff=staff,
            item=item,
            delete_form=EmptyForm() if item else None,
        ),
        code,
    )


def _refuse(error: services.CoverageError, form) -> None:
    db.session.rollback()
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error.message)]
    else:
        flash(str(error.message), "danger")


@bp.route("/coverage/new", methods=["GET", "POST"])
@permission_required(REPORT, MANAGE)
def new_coverage():
    """Log a published piece: a journalist for themselves, staff for anyone."""
    if not services.can_manage(current_user) and not services.can_report(current_user):
        flash(_("Only accredited journalists can log their coverage."), "warning")
        return redirect(url_for("dashboard.my_coverage"))
    form, staff = _form_for_user()
    if form.validate_on_submit():
        journalist_id = (form.journalist.data or None) if staff else current_user.id
        try:
            services.log_coverage(actor=current_user, journalist_id=journalist_id, **_values(form))
        except services.CoverageError as error:
            _refuse(error, form)
        else:
            db.session.commit()
            flash(_("The piece has been logged."), "success")
            return _after_save()
    return _render_form(form, staff, None, 400 if request.method == "POST" else 200)


def _editable_or_404(item_id: int) -> CoverageItem:
    """The entry if the user may edit it; 404 otherwise, so others' entries stay unseen."""
    item = get_in_event(CoverageItem, item_id)
    if item is None or not services.can_edit(current_user, item):
        abort(404)
    return item


@bp.route("/coverage/<int:item_id>/edit", methods=["GET", "POST"])
@permission_required(REPORT, MANAGE)
def edit_coverage(item_id: int):
    """Correct an entry: the journalist their own, staff any (and may reassign it)."""
    item = _editable_or_404(item_id)
    form, staff = _form_for_user(item)
    if form.validate_on_submit():
        extra = {"journalist_id": form.journalist.data or None, "change_journalist": True} if staff else {}
        try:
            services.update_coverage(item, actor=current_user, **_values(form), **extra)
        except services.CoverageError as error:
            _refuse(error, form)
            item = _editable_or_404(item_id)
        else:
            db.session.commit()
            flash(_("The entry has been corrected."), "success")
            return _after_save()
    return _render_form(form, staff, item, 400 if request.method == "POST" else 200)


@bp.route("/coverage/<int:item_id>/delete", methods=["POST"])
@permission_required(REPORT, MANAGE)
def delete_coverage(item_id: int):
    """Remove an entry logged by mistake."""
    item = _editable_or_404(item_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.delete_coverage(item, actor=current_user)
    db.session.commit()
    flash(_("The entry has been removed."), "success")
    return _after_save()


@bp.route("/coverage/report")
@permission_required(MANAGE, Permission.VIEW_DASHBOARD)
def coverage_report():
    """How the congress was covered: pieces per outlet, medium and day, with the totals."""
    filters = _filters()
    return render_template(
        "dashboard/coverage_report.html",
        report=summary(filters),
        filters=filters,
        outlets=outlet_names(),
        labels=MEDIUM_LABELS,
        media=MEDIA,
    )


@bp.route("/coverage/report.xlsx")
@permission_required(MANAGE, Permission.VIEW_DASHBOARD)
def coverage_xlsx():
    """The coverage report (same filters) as an Excel workbook."""
    filters = _filters()
    data = exports.to_xlsx(summary(filters), exports.items_for(filters))
    filename = f"tong-hop-tin-bai-{local_today():%Y%m%d}.xlsx"
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
