"""The accreditation desk: review queue, application detail, decisions, bulk approve, exports."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accreditation import exports, listing, organisations, services
from app.accreditation.blueprint import bp
from app.accreditation.forms import ApproveForm, ChangesForm, RejectForm
from app.accreditation.listing import Filters, filtered_query
from app.accreditation.models import Application
from app.accreditation.validation import STATUS_STYLES
from app.accreditation.views import plain_labels
from app.core import fragments
from app.core.forms import EmptyForm
from app.core.models import AuditEvent
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.timeutil import local_today
from app.core.urls import current_path, safe_next
from app.events.models import Zone
from app.events.scope import get_in_event_or_404
from app.events.services import scoped
from app.extensions import db

REVIEW = Permission.REVIEW_ACCREDITATION


@bp.route("/queue")
@permission_required(REVIEW)
def queue():
    """Applications to review, filtered, searched without accents, sorted and paginated."""
    filters = Filters.from_args(request.args)
    page = paginate(
        listing.queue_rows(filters), per_page=25, scalars=False, count=listing.filtered_count(filters)
    )
    labels = plain_labels()  # each label translated once per page, not once per cell (issue 18)
    zones = db.session.execute(
        scoped(Zone).with_only_columns(Zone.id, Zone.code, Zone.name).order_by(Zone.sort_order, Zone.id)
    ).all()
    # the rows and the filter form are read on every request and drawn only when what they
    # show changed (app/core/fragments.py)
    rows_html = fragments.render(
        "accreditation/_queue_rows.html",
        rows=page.items,
        zone_codes=listing.zone_codes(page.items, zones),
        current_path=current_path(),
        acc_status_styles=STATUS_STYLES,
        **labels,
    )
    filters_html = fragments.render(
        "accreditation/_queue_filters.html",
        filters=filters,
        organisations=organisations.filter_choices(),
        zones=zones,
        **labels,
    )
    return render_template(
        "accreditation/queue.html", page=page, filters=filters, rows_html=rows_html, filters_html=filters_html
    )


def _back_to_queue():
    return redirect(safe_next(request.form.get("next")) or url_for("accreditation.queue"))


@bp.route("/queue/approve", methods=["POST"])
@permission_required(REVIEW)
def bulk_approve():
    """Approve the selected rows; rows someone else decided meanwhile are skipped and counted."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    ids = [int(value) for value in request.form.getlist("ids") if value.isdigit() and len(value) < 10]
    if not ids:
        flash(_("Select at least one application first."), "warning")
        return _back_to_queue()
    approved, skipped = services.bulk_approve(ids, current_user)
    db.session.commit()
    flash(_("%(n)s application(s) approved.", n=approved), "success")
    if skipped:
        flash(
            _(
                "%(n)s application(s) were skipped: already decided, not found, or waiting for their "
                "outlet's places.",
                n=skipped,
            ),
            "warning",
        )
    return _back_to_queue()


def _application_or_404(application_id: int) -> Application:
    return get_in_event_or_404(Application, application_id)


def _approve_form(application: Application, *, formdata=None) -> ApproveForm:
    form = ApproveForm(formdata=formdata)
    form.zones.choices = services.zone_choices()
    if formdata is None:
        form.zones.data = [zone.id for zone in application.zones]  # as requested
    return form


def _render_detail(
    application: Application, *, reject_form=None, changes_form=None, approve_form=None, code: int = 200
):
    history = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "Application", AuditEvent.subject_id == str(application.id))
        .order_by(AuditEvent.id)
    ).all()
    age = local_today().year - application.date_of_birth.year
    return (
        render_template(
            "accreditation/detail.html",
            application=application,
            near=services.near_duplicates(application),
            held=listing.held_ids([application.id]),
            history=history,
            age=age,
            reject_form=reject_form or RejectForm(formdata=None),
            changes_form=changes_form or ChangesForm(formdata=None),
            approve_form=approve_form or _approve_form(application),
            open_statuses=services.OPEN_STATUSES,
            next_url=safe_next(request.args.get("next") or request.form.get("next")) or "",
        ),
        code,
    )


@bp.route("/applications/<int:application_id>")
@permission_required(REVIEW)
def detail(application_id: int):
    """One application with its photo, letter, possible duplicates and decision buttons."""
    return _render_detail(_application_or_404(application_id))


def _after_decision(application_id: int):
    target = safe_next(request.form.get("next"))
    return redirect(target or url_for("accreditation.detail", application_id=application_id))


def _already_decided(error: services.DecisionError):
    if error.application is None:
        abort(404)
    if isinstance(error, services.HeldError):
        flash(
            _(
                "This person is over their outlet's quota: grant the outlet more places "
                "(Outlets, place requests) before approving."
            ),
            "warning",
        )
        return redirect(url_for("accreditation.detail", application_id=error.application.id))
    flash(
        _(
            "This application was already decided (%(status)s); nothing was changed.",
            status=_status_text(error.application.status),
        ),
        "warning",
    )
    return redirect(url_for("accreditation.detail", application_id=error.application.id))


def _status_text(status: str) -> str:
    from app.accreditation.validation import STATUS_LABELS

    return str(STATUS_LABELS.get(status, status))


@bp.route("/applications/<int:application_id>/approve", methods=["POST"])
@permission_required(REVIEW)
def approve(application_id: int):
    """Approve and issue the badge, in one transaction with the audit event and e-mail; the
    desk may grant other zones than those requested (audited with both)."""
    application = _application_or_404(application_id)
    form = _approve_form(application, formdata=request.form)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _render_detail(application, approve_form=form, code=400)
    try:
        badge = services.approve(
            application_id, current_user, zone_ids=form.zones.data if form.zones_shown.data else None
        )
    except services.DecisionError as error:
        db.session.rollback()
        return _already_decided(error)
    db.session.commit()
    flash(_("Approved. Badge %(serial)s issued.", serial=badge.serial), "success")
    return _after_decision(application_id)


@bp.route("/applications/<int:application_id>/reject", methods=["POST"])
@permission_required(REVIEW)
def reject(application_id: int):
    """Reject with a reason the journalist will read."""
    application = _application_or_404(application_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _render_detail(application, reject_form=form, code=400)
    try:
        services.reject(application_id, current_user, form.reason.data)
    except services.DecisionError as error:
        db.session.rollback()
        return _already_decided(error)
    db.session.commit()
    flash(_("Rejected. The journalist has been told why."), "success")
    return _after_decision(application_id)


@bp.route("/applications/<int:application_id>/request-changes", methods=["POST"])
@permission_required(REVIEW)
def request_changes(application_id: int):
    """Send the application back to the journalist with what to fix."""
    application = _application_or_404(application_id)
    form = ChangesForm()
    if not form.validate_on_submit():
        return _render_detail(application, changes_form=form, code=400)
    try:
        services.request_changes(application_id, current_user, form.message.data)
    except services.DecisionError as error:
        db.session.rollback()
        return _already_decided(error)
    db.session.commit()
    flash(_("Changes requested. The journalist can now correct the application."), "success")
    return _after_decision(application_id)


def _export(kind: str):
    filters = Filters.from_args(request.args)
    applications = db.session.scalars(filtered_query(filters)).unique().all()
    stamp = local_today().strftime("%Y%m%d")
    if kind == "csv":
        body, mimetype = exports.to_csv(applications), "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx(applications)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="ho-so-tac-nghiep-{stamp}.{kind}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/export.csv")
@permission_required(REVIEW)
def export_csv():
    """The filtered list as CSV (UTF-8 with BOM, for Excel)."""
    return _export("csv")


@bp.route("/export.xlsx")
@permission_required(REVIEW)
def export_xlsx():
    """The filtered list as an Excel workbook."""
    return _export("xlsx")
