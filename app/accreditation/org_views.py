"""Media organisations: list, create, edit, confirm proposals, merge duplicates."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accreditation import organisations as service
from app.accreditation.blueprint import bp
from app.accreditation.forms import MergeForm, OrganisationForm
from app.accreditation.models import ORGANISATION_LEVELS, MediaOrganisation
from app.core.forms import EmptyForm
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.text import clean_text, fold, like_pattern
from app.extensions import db

MANAGE = Permission.MANAGE_ORGANISATIONS


@bp.route("/organisations")
@permission_required(MANAGE)
def organisations():
    """Organisations with their number of applications; proposed ones can be listed first."""
    q = clean_text(request.args.get("q"))[:100]
    level = request.args.get("level", "")
    proposed = request.args.get("proposed") == "1"
    query = select(MediaOrganisation).where(MediaOrganisation.merged_into_id.is_(None))
    if q and fold(q):
        query = query.where(MediaOrganisation.name_key.like(like_pattern(q), escape="\\"))
    if level in ORGANISATION_LEVELS:
        query = query.where(MediaOrganisation.level == level)
    if proposed:
        query = query.where(MediaOrganisation.confirmed.is_(False))
    page = paginate(query.order_by(MediaOrganisation.confirmed, MediaOrganisation.name_key), per_page=50)
    return render_template(
        "accreditation/organisations.html",
        page=page,
        counts=service.application_counts(),
        filters={"q": q, "level": level if level in ORGANISATION_LEVELS else "", "proposed": proposed},
    )


def _organisation_or_404(org_id: int) -> MediaOrganisation:
    org = db.session.get(MediaOrganisation, org_id)
    if org is None or org.merged_into_id is not None:
        abort(404)
    return org


@bp.route("/organisations/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def organisation_new():
    """Add a media organisation (confirmed at once)."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            service.create_organisation(form.name.data, form.kind.data, form.level.data, current_user)
        except service.OrganisationError:
            db.session.rollback()
            form.name.errors.append(_("An organisation with this name already exists."))
        else:
            db.session.commit()
            flash(_("Organisation %(name)s added.", name=form.name.data), "success")
            return redirect(url_for("accreditation.organisations"))
    code = 400 if request.method == "POST" else 200
    return render_template("accreditation/organisation_form.html", form=form, org=None), code


@bp.route("/organisations/<int:org_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def organisation_edit(org_id: int):
    """Rename or reclassify an organisation (kind and level)."""
    org = _organisation_or_404(org_id)
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        try:
            service.update_organisation(org, form.name.data, form.kind.data, form.level.data, current_user)
        except service.OrganisationError:
            db.session.rollback()
            form.name.errors.append(_("An organisation with this name already exists."))
        else:
            db.session.commit()
            flash(_("Organisation %(name)s saved.", name=org.name), "success")
            return redirect(url_for("accreditation.organisations"))
    code = 400 if request.method == "POST" else 200
    return render_template("accreditation/organisation_form.html", form=form, org=org), code


@bp.route("/organisations/<int:org_id>/confirm", methods=["POST"])
@permission_required(MANAGE)
def organisation_confirm(org_id: int):
    """Confirm an organisation a journalist proposed."""
    org = _organisation_or_404(org_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    service.confirm_organisation(org, current_user)
    db.session.commit()
    flash(_("Organisation %(name)s confirmed.", name=org.name), "success")
    return redirect(url_for("accreditation.organisations"))


@bp.route("/organisations/<int:org_id>/merge", methods=["GET", "POST"])
@permission_required(MANAGE)
def organisation_merge(org_id: int):
    """Merge a duplicate into another organisation: its applications move and it disappears."""
    org = _organisation_or_404(org_id)
    form = MergeForm()
    candidates = [other for other in service.visible_organisations() if other.id != org.id]
    form.target.choices = [(-1, _("— choose —")), *[(other.id, other.name) for other in candidates]]
    if form.validate_on_submit():
        target = db.session.get(MediaOrganisation, form.target.data)
        moved = service.merge_organisations(org, target, current_user)
        db.session.commit()
        flash(
            _(
                "%(source)s merged into %(target)s; %(n)s application(s) moved.",
                source=org.name,
                target=target.name,
                n=moved,
            ),
            "success",
        )
        return redirect(url_for("accreditation.organisations"))
    code = 400 if request.method == "POST" else 200
    return render_template(
        "accreditation/organisation_merge.html", form=form, org=org, counts=service.application_counts()
    ), code
