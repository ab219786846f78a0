"""The desk's outlet pages: focal points, places, settings, vetting and badge collection."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accreditation import organisations
from app.accreditation.outlet_models import QUOTA_CATEGORIES
from app.accreditation.validation import CATEGORY_LABELS, LEVEL_LABELS
from app.core.forms import EmptyForm
from app.core.nav import nav_item
from app.core.permissions import Permission, permission_required
from app.core.uploads import UploadError
from app.extensions import db
from app.outlets import services, status, vetting
from app.outlets.blueprint import bp
from app.outlets.forms import CollectForm, DecisionForm, FocalPointForm, QuotaForm, ResultsForm, SettingsForm

REVIEW = Permission.REVIEW_ACCREDITATION
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

nav_item("outlets.desk", _l("Outlets"), REVIEW, order=22, group="desk")


def _org_choices():
    return [(0, _("— choose —"))] + [(o.id, o.name) for o in organisations.active_organisations()]


def _desk_page(invite_form=None, quota_form=None, code=200):
    invite_form = invite_form or FocalPointForm(prefix="invite")
    invite_form.organisation.choices = _org_choices()
    quota_form = quota_form or QuotaForm(prefix="quota")
    quota_form.organisation.choices = _org_choices()
    settings = services.settings()
    settings_form = SettingsForm(vetting_required=settings.vetting_required)
    return render_template(
        "outlets/desk.html",
        invite_form=invite_form,
        quota_form=quota_form,
        settings_form=settings_form,
        settings=settings,
        requested=services.focal_points("requested"),
        active=services.focal_points("active"),
        place_requests=services.place_requests(status="requested"),
        outlets=services.outlets_overview(),
        decision_form=DecisionForm(),
        categories=CATEGORY_LABELS,
        quota_categories=QUOTA_CATEGORIES,
        levels=LEVEL_LABELS,
    ), code


@bp.route("/desk")
@permission_required(REVIEW)
def desk():
    return _desk_page()


@bp.route("/desk/invite", methods=["POST"])
@permission_required(REVIEW)
def invite():
    """Make someone an outlet's focal point: their account is created or linked and they get an e-mail."""
    form = FocalPointForm(prefix="invite")
    form.organisation.choices = _org_choices()
    if form.validate_on_submit():
        try:
            row = services.invite_focal_point(
                email=form.email.data.lower(),
                full_name=form.full_name.data,
                organisation_id=form.organisation.data,
                phone=form.phone.data,
                position=form.position.data or "",
                actor=current_user,
            )
        except services.OutletError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                _(
                    "%(email)s is now the focal point of %(org)s; an e-mail was sent.",
                    email=row.user.email,
                    org=row.organisation.name,
                ),
                "success",
            )
            return redirect(url_for("outlets.desk"))
    return _desk_page(invite_form=form, code=400)


@bp.route("/desk/focal/<int:focal_id>/decide", methods=["POST"])
@permission_required(REVIEW)
def decide_focal(focal_id: int):
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            services.decide_focal_point(
                focal_id, current_user, approve=form.decision.data == "approve", reason=form.reason.data or ""
            )
        except services.OutletError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("Decision saved; the requester was e-mailed."), "success")
    else:
        flash(_("Check the form."), "danger")
    return redirect(url_for("outlets.desk"))


@bp.route("/desk/places/<int:quota_request_id>/decide", methods=["POST"])
@permission_required(REVIEW)
def decide_places(quota_request_id: int):
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            services.decide_places(
                quota_request_id,
                current_user,
                grant=form.decision.data == "approve",
                reason=form.reason.data or "",
            )
        except services.OutletError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("Decision saved; the outlet was e-mailed."), "success")
    else:
        flash(_("Check the form."), "danger")
    return redirect(url_for("outlets.desk"))


@bp.route("/desk/quota", methods=["POST"])
@permission_required(REVIEW)
def set_quota():
    form = QuotaForm(prefix="quota")
    form.organisation.choices = _org_choices()
    if form.validate_on_submit():
        try:
            services.set_quota(form.organisation.data, form.category.data, form.places.data, current_user)
        except services.OutletError as error:
            db.session.rollback()
            form.places.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Places saved."), "success")
            return redirect(url_for("outlets.desk"))
    return _desk_page(quota_form=form, code=400)


@bp.route("/desk/settings", methods=["POST"])
@permission_required(REVIEW)
def save_settings():
    form = SettingsForm()
    if form.validate_on_submit():
        defaults = services.settings().default_quotas
        for level in defaults:
            for category in defaults[level]:
                raw = request.form.get(f"default-{level}-{category}", "")
                if raw.strip().isdigit() and int(raw) <= 500:
                    defaults[level][category] = int(raw)
        services.save_settings(bool(form.vetting_required.data), defaults, current_user)
        db.session.commit()
        flash(_("Settings saved."), "success")
    return redirect(url_for("outlets.desk"))


@bp.route("/desk/vetting")
@permission_required(REVIEW)
def vetting_page(report=None, code=200):
    return render_template(
        "outlets/vetting.html",
        counts=vetting.vetting_counts(),
        required=services.settings().vetting_required,
        form=ResultsForm(),
        export_form=EmptyForm(),
        report=report,
    ), code


@bp.route("/desk/vetting/export", methods=["POST"])
@permission_required(REVIEW)
def vetting_export():
    """The people to vet as XLSX in the agreed layout; they are "in vetting" from now on."""
    if not EmptyForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "danger")
        return redirect(url_for("outlets.vetting_page"))
    people = vetting.to_vet()
    if not people:
        flash(_("No one is waiting to be sent for vetting."), "info")
        return redirect(url_for("outlets.vetting_page"))
    data = vetting.export_xlsx(people)
    vetting.mark_sent(people, current_user)
    db.session.commit()
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = 'attachment; filename="danh-sach-tham-dinh.xlsx"'
    return response


@bp.route("/desk/vetting/import", methods=["POST"])
@permission_required(REVIEW)
def vetting_import():
    """The vetting office's results: all rows matched by CCCD and written, or nothing (with a report)."""
    form = ResultsForm()
    if not form.validate_on_submit():
        flash(_("The form has expired. Please try again."), "danger")
        return redirect(url_for("outlets.vetting_page"))
    storage = request.files.get("results")
    try:
        if storage is None or not storage.filename:
            raise UploadError(_("Please choose the results file."))
        report = vetting.import_results(storage.read(vetting.MAX_BYTES + 1), current_user)
    except UploadError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return vetting_page(code=400)
    if report.problems:
        db.session.rollback()
        return vetting_page(report=report, code=400)
    db.session.commit()
    flash(
        _("Results saved: %(c)s cleared, %(n)s not cleared.", c=report.cleared, n=report.not_cleared),
        "success",
    )
    return redirect(url_for("outlets.vetting_page"))


@bp.route("/desk/collect", methods=["GET", "POST"])
@permission_required(Permission.PRINT_BADGES)
def collect():
    """Hand a printed badge over: scan it or type its serial, and who takes it."""
    form = CollectForm()
    code = 200
    if form.validate_on_submit():
        try:
            row = status.collect(form.badge.data, form.collected_by.data or "", current_user)
        except status.CollectionError as error:
            db.session.rollback()
            form.badge.errors.append(str(error))
            code = 400
        else:
            db.session.commit()
            flash(_("Badge handed over to %(who)s.", who=row.collected_by_name), "success")
            return redirect(url_for("outlets.collect"))
    elif request.method == "POST":
        code = 400
    return render_template("outlets/collect.html", form=form, recent=status.recent_collections()), code
