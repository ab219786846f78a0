"""Routes of the accreditation area: the journalist's side and the protected files.

The desk (review queue, decisions, exports), the media organisations and the bulk
import register their routes on the same blueprint from their own modules, imported
at the end of this file.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.accreditation import organisations, services
from app.accreditation.blueprint import bp
from app.accreditation.forms import NEW_ORGANISATION, ApplicationForm
from app.accreditation.models import Application
from app.accreditation.validation import (
    CATEGORY_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    STATUS_STYLES,
)
from app.core import uploads
from app.core.i18n import current_language
from app.core.nav import nav_item
from app.core.permissions import Permission, permission_required
from app.core.timeutil import format_datetime
from app.events.models import Event
from app.events.scope import get_in_event_or_404
from app.events.services import scoped
from app.extensions import db

nav_item("accreditation.status", _l("My accreditation"), Permission.APPLY, order=10)
nav_item(
    "accreditation.queue",
    _l("Accreditation applications"),
    Permission.REVIEW_ACCREDITATION,
    order=20,
    group="desk",
)
nav_item(
    "accreditation.organisations",
    _l("Media organisations"),
    Permission.MANAGE_ORGANISATIONS,
    order=22,
    group="desk",
)

# Who may see an application's photo besides its owner: the desk and the printers. Gate staff
# get only holders of valid badges, at the scanner's size (app/checkin/photos.py).
PHOTO_VIEWERS = (Permission.REVIEW_ACCREDITATION, Permission.PRINT_BADGES)


@bp.context_processor
def _labels():
    return {
        "acc_category_labels": CATEGORY_LABELS,
        "acc_status_labels": STATUS_LABELS,
        "acc_status_styles": STATUS_STYLES,
        "acc_kind_labels": KIND_LABELS,
        "acc_level_labels": LEVEL_LABELS,
    }


def plain_labels() -> dict:
    """The labels of :func:`_labels` translated now, as plain text: a page of many rows
    (the review queue) looks each up as a dict entry instead of translating it per cell.
    Kept per language (the catalogues do not change while the server runs)."""
    language = current_language()
    labels = _PLAIN_LABELS.get(language)
    if labels is None:
        labels = _PLAIN_LABELS[language] = {
            name: {key: str(value) for key, value in texts.items()}
            for name, texts in _labels().items()
            if name != "acc_status_styles"
        } | {"acc_proposed_label": _("proposed")}
    return labels


_PLAIN_LABELS: dict[str, dict] = {}


def own_application() -> Application | None:
    """The signed-in journalist's application, if any."""
    return db.session.scalar(scoped(Application).where(Application.user_id == current_user.id))


def badge_url() -> str | None:
    """Where a journalist downloads their badge, once the badges area provides the page."""
    if "badges.my_badge" in current_app.view_functions:
        return url_for("badges.my_badge")
    return None


@bp.route("/status")
@permission_required(Permission.APPLY)
def status():
    """The journalist's accreditation home: where their application stands and what to do next."""
    from app.accreditation.outlet_models import clearance_of

    application = own_application()
    return render_template(
        "accreditation/status.html",
        application=application,
        badge_url=badge_url(),
        clearance=clearance_of(application),  # vetting still open or negative: neutral words
    )


def _fill_choices(form: ApplicationForm, application: Application | None) -> None:
    orgs = organisations.active_organisations()
    if application is not None and application.organisation not in orgs:
        orgs.append(application.organisation)  # their own proposal, not confirmed yet
    form.organisation.choices = [
        (-1, _("— choose your organisation —")),
        *[(org.id, org.name) for org in orgs],
        (NEW_ORGANISATION, _("Not in the list: propose a new one below")),
    ]
    form.zones.choices = services.zone_choices()


def _prefill(
    form: ApplicationForm, application: Application | None, profile: Application | None = None
) -> None:
    """The form as the journalist left it, else from their profile (an earlier congress), else their account."""
    if application is None and profile is None:
        form.full_name.data = current_user.full_name
        form.email.data = current_user.email
        form.organisation.data = -1
        return
    if application is None:  # a new congress: identity from the profile, this congress's zones to choose
        for name in (
            "full_name",
            "date_of_birth",
            "national_id",
            "press_card_number",
            "position",
            "category",
        ):
            getattr(form, name).data = getattr(profile, name)
        form.phone.data, form.email.data = profile.phone, profile.email
        form.organisation.data = profile.organisation_id
        return
    for name in ("full_name", "date_of_birth", "national_id", "press_card_number", "position", "category"):
        getattr(form, name).data = getattr(application, name)
    form.phone.data = application.phone
    form.email.data = application.email
    form.organisation.data = application.organisation_id
    form.zones.data = [zone.id for zone in application.zones]


def _file(name: str):
    storage = request.files.get(name)
    return storage if storage is not None and storage.filename else None


def _duplicate_message(duplicate: services.DuplicateError) -> str:
    existing = duplicate.existing
    when = format_datetime(existing.submitted_at, with_time=False) if existing else ""
    if duplicate.field_name == "national_id":
        return _(
            "An application with this national ID number already exists (no. %(id)s, submitted on %(date)s). "
            "One application per person: if it is yours, contact the accreditation desk.",
            id=existing.id if existing else "?",
            date=when,
        )
    return _(
        "An application with this press-card number already exists (no. %(id)s, submitted on %(date)s). "
        "One application per person: if it is yours, contact the accreditation desk.",
        id=existing.id if existing else "?",
        date=when,
    )


def _render_form(form, application, code=200, profile=None):
    return (
        render_template(
            "accreditation/apply.html",
            form=form,
            application=application,
            profile=profile,
            profile_event=db.session.get(Event, profile.event_id) if profile is not None else None,
            photo_min=services.PHOTO_MIN,
        ),
        code,
    )


@bp.route("/apply", methods=["GET", "POST"])
@permission_required(Permission.APPLY)
def apply():
    """The application form; it reopens when the desk asks for changes.

    Everything is checked before anything is written: the fields, then duplicates,
    then the files (stored only when all else is valid and deleted again if the
    transaction fails), so a refused submission leaves nothing behind.
    """
    application = own_application()
    if application is not None and application.status != "changes_requested":
        flash(_("You have already applied; here is where your application stands."), "info")
        return redirect(url_for("accreditation.status"))
    form = ApplicationForm()
    _fill_choices(form, application)
    profile = services.profile_of(current_user.id) if application is None else None
    if request.method == "GET":
        _prefill(form, application, profile)
        return _render_form(form, application, profile=profile)
    valid = form.validate_on_submit()
    photo, letter = _file("photo"), _file("letter")
    reuse_photo = application is None and photo is None and profile is not None and profile.photo_key
    if application is None and photo is None and not reuse_photo:
        form.photo.errors.append(_("Please choose a portrait photo."))
    if application is None and letter is None:
        form.letter.errors.append(_("Please attach the introduction letter from your organisation."))
    duplicate = None
    if valid:
        duplicate = services.find_duplicate(
            form.national_id.data, form.press_card_number.data, application.id if application else None
        )
    if duplicate is not None:
        getattr(form, duplicate.field_name).errors.append(_duplicate_message(duplicate))
    if not valid or form.photo.errors or form.letter.errors or duplicate is not None:
        # every error of one submission at once: unusable files are told too (checked, not
        # stored); a submission with no other error has its files checked once, by store_files
        for field, message in services.check_files(photo, letter).items():
            getattr(form, field).errors.append(message)
        return _render_form(form, application, 400, profile)

    try:
        files = services.store_files(photo, letter)
    except uploads.UploadError as error:
        getattr(form, error.field).errors.append(str(error))
        return _render_form(form, application, 400, profile)
    if reuse_photo:  # the profile's photo, copied for this congress's application
        copied = services.copy_profile_photo(profile)
        files.photo_key, files.photo_thumb_key = copied.photo_key, copied.photo_thumb_key

    replaced: list[str] = []
    try:
        organisation_id = form.organisation.data
        if organisation_id == NEW_ORGANISATION:
            proposed = organisations.find_or_propose(
                form.new_organisation.data, form.new_organisation_kind.data, current_user
            )
            organisation_id = proposed.id
        details = services.Details(
            full_name=form.full_name.data,
            date_of_birth=form.date_of_birth.data,
            national_id=form.national_id.data,
            press_card_number=form.press_card_number.data or None,
            organisation_id=organisation_id,
            position=form.position.data,
            category=form.category.data,
            phone=form.phone.data,
            email=form.email.data.lower(),
            zone_ids=form.zones.data,
        )
        if application is None:
            services.submit_application(current_user, details, files)
        else:
            replaced = services.resubmit_application(application, details, files, current_user)
        db.session.commit()
    except services.DuplicateError as duplicate:
        db.session.rollback()
        files.delete()
        getattr(form, duplicate.field_name).errors.append(_duplicate_message(duplicate))
        return _render_form(form, application, 400)
    except IntegrityError:
        # Two submissions raced past the check: the unique constraints refused the second.
        db.session.rollback()
        files.delete()
        form.national_id.errors.append(
            _("An application with this national ID or press-card number already exists.")
        )
        return _render_form(form, own_application(), 400)
    except BaseException:
        db.session.rollback()
        files.delete()
        raise
    for key in replaced:
        uploads.delete_upload(key)
    flash(_("Your application has been sent. We have e-mailed you a confirmation."), "success")
    return redirect(url_for("accreditation.status"))


def _viewable(application_id: int, *extra: Permission) -> Application:
    """The application, if the user may see its files: staff with a permission, or its owner."""
    application = get_in_event_or_404(Application, application_id)
    if any(current_user.can(p) for p in extra):
        return application
    if application.user_id != current_user.id:
        abort(404)  # someone else's: as if it did not exist
    return application


@bp.route("/applications/<int:application_id>/photo/<size>")
@permission_required(*PHOTO_VIEWERS, Permission.APPLY)
def photo(application_id: int, size: str):
    """An application's portrait (``full`` = printed size, ``thumb`` = list size)."""
    if size not in ("full", "thumb"):
        abort(404)
    application = _viewable(application_id, *PHOTO_VIEWERS)
    return uploads.send_upload(application.photo_key if size == "full" else application.photo_thumb_key)


@bp.route("/applications/<int:application_id>/letter")
@permission_required(Permission.REVIEW_ACCREDITATION, Permission.APPLY)
def letter(application_id: int):
    """The introduction letter (PDF), for the desk and for the journalist who sent it.

    Always a download under a name of our own, never shown inline in the site's origin:
    the file came from the applicant.
    """
    application = _viewable(application_id, Permission.REVIEW_ACCREDITATION)
    return uploads.send_upload(
        application.letter_key, download_name=f"giay-gioi-thieu-{application.id}.pdf", as_attachment=True
    )
