"""Forms of the accreditation area: the application, decisions, organisations, import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import Email, Length, Optional

from app.accreditation import validation
from app.accreditation.validation import CATEGORY_LABELS, KIND_LABELS, LEVEL_LABELS
from app.core.forms import DayField, no_markup, required, strip_filter

NEW_ORGANISATION = 0  # the organisation choice meaning "propose a new one"


def to_int(value) -> int:
    """Coerce a choice to an int; anything unreadable becomes -1, which no choice uses."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def one_of(labels: dict, message=None):
    """A validator: the value must be one of ``labels``' keys (translated message)."""

    def validator(_form, field):
        if field.data not in labels:
            raise ValidationError(message or _l("Please choose one of the options."))

    return validator


def in_choices(message=None):
    """A validator for int choice fields: the value must be one of the field's choices."""

    def validator(_form, field):
        valid = {value for value, _label in field.choices}
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in valid for value in values):
            raise ValidationError(message or _l("Please choose one of the options."))

    return validator


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes (e.g. zones)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _rule(check):
    """Turn a validation.* checker into a WTForms validator that also normalises the data."""

    def validator(_form, field):
        if field.data in (None, ""):
            return
        try:
            field.data = check(field.data)
        except validation.FieldError as error:
            raise ValidationError(str(error)) from None

    return validator


def _birth_date(_form, field):
    if field.data is not None:
        try:
            validation.check_birth_date(field.data)
        except validation.FieldError as error:
            raise ValidationError(str(error)) from None


class ApplicationForm(FlaskForm):
    """A journalist's accreditation application (DESIGN §2)."""

    full_name = StringField(
        _l("Full name (as on your ID card)"),
        filters=[strip_filter],
        validators=[
            required(_l("Please enter your full name.")),
            Length(min=2, max=120, message=_l("The name must be 2 to 120 characters long.")),
            no_markup,
        ],
    )
    date_of_birth = DayField(
        _l("Date of birth (dd/mm/yyyy)"),
        validators=[required(_l("Please enter your date of birth.")), _birth_date],
        render_kw={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "bday"},
    )
    national_id = StringField(
        _l("National ID (CCCD) number"),
        filters=[strip_filter],
        validators=[
            required(_l("Please enter your national ID number.")),
            _rule(validation.check_national_id),
        ],
        render_kw={"inputmode": "numeric", "maxlength": 14},
    )
    press_card_number = StringField(
        _l("Press card number (if you hold one)"),
        filters=[strip_filter],
        validators=[Optional(), _rule(validation.check_press_card)],
    )
    organisation = SelectField(_l("Media organisation"), coerce=to_int, validate_choice=False)
    new_organisation = StringField(
        _l("Or propose a new media organisation"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=200), no_markup],
    )
    new_organisation_kind = SelectField(
        _l("Kind of the new organisation"),
        choices=list(KIND_LABELS.items()),
        default="newspaper",
        validate_choice=False,
        validators=[one_of(KIND_LABELS)],
    )
    position = StringField(
        _l("Position"),
        filters=[strip_filter],
        validators=[required(_l("Please enter your position.")), Length(max=120), no_markup],
    )
    category = SelectField(
        _l("Work category"),
        choices=[("", _l("— choose —")), *CATEGORY_LABELS.items()],
        validate_choice=False,
        validators=[
            required(_l("Please choose a work category.")),
            one_of(CATEGORY_LABELS, _l("Please choose a work category.")),
        ],
    )
    phone = StringField(
        _l("Phone"),
        filters=[strip_filter],
        validators=[required(_l("Please enter your phone number.")), _rule(validation.normalise_phone)],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )
    email = EmailField(
        _l("E-mail"),
        filters=[strip_filter],
        validators=[
            required(_l("Please enter your e-mail address.")),
            Length(max=254),
            Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
        ],
    )
    photo = FileField(
        _l("Portrait photo (JPEG or PNG, at most 5 MB)"),
        render_kw={"accept": "image/jpeg,image/png"},
    )
    letter = FileField(
        _l("Introduction letter from your organisation (PDF, at most 10 MB)"),
        render_kw={"accept": "application/pdf"},
    )
    zones = MultiCheckboxField(_l("Requested zones"), coerce=to_int, validate_choice=False)

    def validate_organisation(self, field):
        valid = {value for value, _label in self.organisation.choices}
        if field.data not in valid:
            raise ValidationError(_l("Please choose your media organisation."))
        if field.data == NEW_ORGANISATION and not self.new_organisation.data:
            raise ValidationError(
                _l("Choose your media organisation, or type its name below to propose a new one.")
            )

    def validate_zones(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one zone."))
        in_choices(_l("Choose zones from the list."))(self, field)


class ApproveForm(FlaskForm):
    """Approve, granting the zones as requested or as the desk changes them."""

    zones = MultiCheckboxField(_l("Zones granted"), coerce=to_int, validate_choice=False)
    zones_shown = HiddenField()  # the boxes were on the page: none ticked is then an error

    def validate_zones(self, field):
        if self.zones_shown.data and not field.data:
            raise ValidationError(_l("Choose at least one zone."))
        in_choices(_l("Choose zones from the list."))(self, field)


class RejectForm(FlaskForm):
    """Reject an application: the reason is e-mailed to the journalist."""

    reason = TextAreaField(
        _l("Reason for the journalist"),
        filters=[strip_filter],
        validators=[required(_l("Please write the reason for the journalist.")), Length(max=2000)],
        render_kw={"rows": 3},
    )


class ChangesForm(FlaskForm):
    """Ask the journalist to change the application: the message says what to fix."""

    message = TextAreaField(
        _l("What the journalist should change"),
        filters=[strip_filter],
        validators=[required(_l("Please write what the journalist should change.")), Length(max=2000)],
        render_kw={"rows": 3},
    )


class OrganisationForm(FlaskForm):
    """Create or edit a media organisation."""

    name = StringField(
        _l("Name"),
        filters=[strip_filter],
        validators=[required(_l("Please enter the name.")), Length(min=2, max=200), no_markup],
    )
    kind = SelectField(
        _l("Kind of organisation"),
        choices=list(KIND_LABELS.items()),
        validate_choice=False,
        validators=[one_of(KIND_LABELS)],
    )
    level = SelectField(
        _l("Level"),
        choices=list(LEVEL_LABELS.items()),
        validate_choice=False,
        validators=[one_of(LEVEL_LABELS)],
    )


class MergeForm(FlaskForm):
    """Choose the organisation a duplicate is merged into."""

    target = SelectField(
        _l("Merge into"),
        coerce=to_int,
        validate_choice=False,
    )

    def validate_target(self, field):
        if field.data is None or field.data <= 0:
            raise ValidationError(_l("Please choose an organisation."))
        in_choices(_l("Please choose an organisation."))(self, field)


class ImportUploadForm(FlaskForm):
    """The sheet an organisation sent, and optionally a ZIP of photos named by ID number."""

    sheet = FileField(
        _l("List of journalists (XLSX or CSV, at most 10 MB)"), render_kw={"accept": ".xlsx,.csv"}
    )
    photos = FileField(
        _l("Photos (optional ZIP, files named by ID number, e.g. 001190012345.jpg)"),
        render_kw={"accept": ".zip"},
    )
    organisation = SelectField(
        _l("Media organisation of every row (unless the sheet names one)"),
        coerce=to_int,
        validate_choice=False,
        validators=[in_choices()],
    )
    zones = MultiCheckboxField(
        _l("Zones for rows that name none"), coerce=to_int, validate_choice=False, validators=[in_choices()]
    )
