"""The focal point's pages (its outlet's people in this congress only) and the public request form."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.accreditation import organisations
from app.accreditation import services as accreditation
from app.accreditation.outlet_models import QUOTA_CATEGORIES
from app.accreditation.validation import CATEGORY_LABELS
from app.core import uploads
from app.core.permissions import Permission, permission_required
from app.core.uploads import UploadError
from app.extensions import db, limiter
from app.outlets import lists, services, status
from app.outlets.blueprint import bp
from app.outlets.forms import FocalRequestForm, PersonForm, PlacesRequestForm, UploadForm

NOMINATE = Permission.NOMINATE
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _focal_or_none():
    return services.focal_point_of(current_user)


def _not_focal():
    flash(_("Only an outlet's focal point can do this. Ask the press centre to make you one."), "warning")
    return redirect(url_for("outlets.home"))


@bp.route("/")
@permission_required(NOMINATE)
def home():
    """The outlet's status page: every person's state, the places, requests for more."""
    focal = _focal_or_none()
    if focal is None:
        return render_template("outlets/not_focal.html", row=services.focal_row_of(current_user))
    people = services.people_of(focal)
    return render_template(
        "outlets/home.html",
        focal=focal,
        people=people,
        states=status.states(people),
        state_labels=status.STATE_LABELS,
        state_styles=status.STATE_STYLES,
        quotas=services.quota_table(focal.organisation),
        requests=services.place_requests(focal.organisation_id),
        places_form=PlacesRequestForm(),
        categories=CATEGORY_LABELS,
    )


def _details_from(form: PersonForm):
    values = {
        name: getattr(form, name).data
        for name in (
            "full_name",
            "date_of_birth",
            "national_id",
            "press_card_number",
            "position",
            "category",
            "phone",
            "email",
        )
    }
    return lists.check_values(values)


@bp.route("/people/new", methods=["GET", "POST"])
@permission_required(NOMINATE)
def add_person():
    """Put one person forward through the form."""
    focal = _focal_or_none()
    if focal is None:
        return _not_focal()
    form = PersonForm()
    problems: list[str] = []
    if form.validate_on_submit():
        details, problems = _details_from(form)
        if details is not None:
            ready, errors = services.check_people(focal, [(1, details)])
            problems = errors.get(1, [])
            if not problems:
                try:
                    services.add_people(focal, ready, current_user, by="form")
                    db.session.commit()
                except IntegrityError:
                    db.session.rollback()
                    problems = [_("Someone filed this person meanwhile: nothing was saved.")]
                else:
                    flash(_("%(name)s was put forward.", name=details.full_name), "success")
                    return redirect(url_for("outlets.home"))
    code = 400 if request.method == "POST" else 200
    return render_template(
        "outlets/person_form.html", form=form, problems=problems, focal=focal, nomination=None
    ), code


@bp.route("/people/<int:nomination_id>", methods=["GET", "POST"])
@permission_required(NOMINATE)
def person(nomination_id: int):
    """One of the outlet's people: correct their details or add their photo while the desk has not decided."""
    focal = _focal_or_none()
    nomination = services.nomination_of(focal, nomination_id) if focal else None
    if nomination is None:
        abort(404)
    application = nomination.application
    form = PersonForm(obj=application if request.method == "GET" else None)
    if request.method == "GET":
        form.date_of_birth.data = application.date_of_birth.strftime("%d/%m/%Y")
    problems: list[str] = []
    if form.validate_on_submit():
        details, problems = _details_from(form)
        photo = request.files.get("photo")
        photo = photo if photo and photo.filename else None
        if details is not None:
            files = accreditation.StoredFiles()
            try:
                if photo is not None:
                    files = accreditation.store_files(photo, None)
                replaced = services.update_person(focal, nomination, details, files, current_user)
                db.session.commit()
            except (services.OutletError, accreditation.DecisionError, UploadError) as error:
                db.session.rollback()
                files.delete()
                problems = [
                    _("The desk has decided on this person: nothing can be changed any more.")
                    if isinstance(error, accreditation.DecisionError)
                    else str(error)
                ]
            except IntegrityError:
                db.session.rollback()
                files.delete()
                problems = [_("Another application already holds this national ID or press-card number.")]
            else:
                for key in replaced:
                    uploads.delete_upload(key)
                flash(_("Saved."), "success")
                return redirect(url_for("outlets.home"))
    code = 400 if request.method == "POST" else 200
    return render_template(
        "outlets/person_form.html",
        form=form,
        problems=problems,
        focal=focal,
        nomination=nomination,
        state=status.STATE_LABELS[status.states([nomination])[nomination.id]],
    ), code


@bp.route("/template.xlsx")
@permission_required(NOMINATE)
def template():
    """The template the outlet fills in, one person per row (Vietnamese headers)."""
    response = Response(lists.template_xlsx(), mimetype=XLSX)
    response.headers["Content-Disposition"] = 'attachment; filename="mau-danh-sach-co-quan-bao-chi.xlsx"'
    return response


@bp.route("/upload", methods=["GET", "POST"])
@permission_required(NOMINATE)
def upload():
    """Send the list: every row checked first; with any error nothing is written and every error is shown."""
    focal = _focal_or_none()
    if focal is None:
        return _not_focal()
    form = UploadForm()
    errors: dict[int, list[str]] = {}
    file_error = None
    if form.validate_on_submit():
        storage = request.files.get("sheet")
        try:
            if storage is None or not storage.filename:
                raise UploadError(_("Please choose the list to send."))
            data = storage.read(lists.MAX_BYTES + 1)
            rows = lists.read_rows(data)
        except UploadError as error:
            file_error = str(error)
        else:
            people, errors = lists.check_sheet(rows)
            ready, more = services.check_people(focal, people)
            errors.update(more)
            if not errors:
                try:
                    created = services.add_people(focal, ready, current_user, by="xlsx")
                    db.session.commit()
                except IntegrityError:
                    db.session.rollback()
                    file_error = _(
                        "Nothing was saved: some people were filed by someone else meanwhile. Send the list again."
                    )
                else:
                    held = sum(1 for n in created if n.held)
                    flash(_("%(n)s people were put forward.", n=len(created)), "success")
                    if held:
                        flash(
                            _(
                                "%(n)s of them are over your places and wait: ask for more places below.",
                                n=held,
                            ),
                            "warning",
                        )
                    return redirect(url_for("outlets.home"))
    elif request.method == "POST" and form.csrf_token.errors:
        file_error = _("The form has expired. Please try again.")
    code = 400 if (errors or file_error) else 200
    return render_template(
        "outlets/upload.html", form=form, focal=focal, errors=sorted(errors.items()), file_error=file_error
    ), code


@bp.route("/list.xlsx")
@permission_required(NOMINATE)
def download_list():
    """The outlet's list with each person's state."""
    focal = _focal_or_none()
    if focal is None:
        return _not_focal()
    data = status.outlet_xlsx(focal.organisation, services.people_of(focal))
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = 'attachment; filename="danh-sach-co-quan.xlsx"'
    return response


@bp.route("/places", methods=["POST"])
@permission_required(NOMINATE)
def request_places():
    """Ask the desk for more places in a category."""
    focal = _focal_or_none()
    if focal is None:
        return _not_focal()
    form = PlacesRequestForm()
    if form.validate_on_submit():
        try:
            services.request_places(
                focal, form.category.data, form.places.data, form.reason.data, current_user
            )
        except services.OutletError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("Your request was sent to the desk."), "success")
    else:
        flash(
            " ".join(str(e) for errors in form.errors.values() for e in errors) or _("Check the form."),
            "danger",
        )
    return redirect(url_for("outlets.home"))


@bp.route("/request", methods=["GET", "POST"])
@permission_required(Permission.PUBLIC)
@limiter.limit("10 per minute; 30 per hour", methods=["POST"])
def request_focal():
    """Public: an outlet asks that someone be its focal point for this congress."""
    form = FocalRequestForm()
    form.organisation.choices = [(0, _("— choose —"))] + [
        (o.id, o.name) for o in organisations.active_organisations()
    ]
    problem = None
    if form.validate_on_submit():
        if not form.organisation.data:
            form.organisation.errors.append(_("Choose a media organisation from the list."))
        else:
            try:
                services.request_focal_point(
                    email=form.email.data.lower(),
                    full_name=form.full_name.data,
                    organisation_id=form.organisation.data,
                    phone=form.phone.data,
                    position=form.position.data or "",
                    message=form.message.data or "",
                )
            except services.OutletError as error:
                db.session.rollback()
                problem = str(error)
            else:
                db.session.commit()
                return render_template("outlets/request_sent.html")
    code = 400 if request.method == "POST" else 200
    return render_template("outlets/request.html", form=form, problem=problem), code


__all__ = ["QUOTA_CATEGORIES"]
