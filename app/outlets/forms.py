"""Forms of the outlets area: focal points, people, places, vetting results, collection."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from app.accreditation.outlet_models import QUOTA_CATEGORIES
from app.accreditation.validation import CATEGORY_LABELS
from app.core.forms import no_markup, required, strip_filter


def _category_choices(all_categories: bool = False):
    codes = CATEGORY_LABELS if all_categories else QUOTA_CATEGORIES
    return [(code, CATEGORY_LABELS[code]) for code in codes]


class FocalPointForm(FlaskForm):
    """The desk invites a focal point, or an outlet asks for one (with a message)."""

    organisation = SelectField(_l("Media organisation"), coerce=int, validators=[required()])
    full_name = StringField(
        _l("Full name"), filters=[strip_filter], validators=[required(), Length(2, 120), no_markup]
    )
    email = EmailField(
        _l("E-mail"),
        filters=[strip_filter],
        validators=[required(), Email(message=_l("This is not a valid e-mail address.")), Length(max=254)],
    )
    phone = StringField(_l("Phone"), filters=[strip_filter], validators=[required(), Length(max=20)])
    position = StringField(
        _l("Position"), filters=[strip_filter], validators=[Optional(), Length(max=120), no_markup]
    )


class FocalRequestForm(FocalPointForm):
    message = TextAreaField(
        _l("Message to the press centre (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=2000)],
    )


class DecisionForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        choices=[("approve", _l("Approve")), ("refuse", _l("Refuse"))],
        validators=[required()],
    )
    reason = TextAreaField(
        _l("Reason (required when refusing)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=2000)],
    )


class PersonForm(FlaskForm):
    """One person, as the outlet puts them forward (or corrects them)."""

    full_name = StringField(_l("Full name"), filters=[strip_filter], validators=[required(), Length(2, 120)])
    date_of_birth = StringField(
        _l("Date of birth (dd/mm/yyyy)"), filters=[strip_filter], validators=[required()]
    )
    national_id = StringField(_l("National ID (CCCD)"), filters=[strip_filter], validators=[required()])
    press_card_number = StringField(_l("Press card number"), filters=[strip_filter], validators=[Optional()])
    position = StringField(_l("Position"), filters=[strip_filter], validators=[Optional(), Length(max=120)])
    category = SelectField(_l("Work category"), choices=_category_choices(True), validators=[required()])
    phone = StringField(_l("Phone"), filters=[strip_filter], validators=[required()])
    email = EmailField(_l("E-mail"), filters=[strip_filter], validators=[required()])
    photo = FileField(_l("Portrait photo (JPEG or PNG, optional)"))


class UploadForm(FlaskForm):
    sheet = FileField(_l("The list (XLSX from the template)"))


class PlacesRequestForm(FlaskForm):
    category = SelectField(_l("Category"), choices=_category_choices(), validators=[required()])
    places = IntegerField(
        _l("How many more places"),
        validators=[InputRequired(_l("Enter a number.")), NumberRange(1, 100, _l("From 1 to 100."))],
    )
    reason = TextAreaField(_l("Why"), filters=[strip_filter], validators=[required(), Length(max=2000)])


class QuotaForm(FlaskForm):
    organisation = SelectField(_l("Media organisation"), coerce=int, validators=[required()])
    category = SelectField(_l("Category"), choices=_category_choices(), validators=[required()])
    places = IntegerField(
        _l("Places"),
        validators=[InputRequired(_l("Enter a number.")), NumberRange(0, 500, _l("From 0 to 500."))],
    )


class SettingsForm(FlaskForm):
    vetting_required = BooleanField(_l("Vet every person before their badge is printed (thẩm định)"))


class ResultsForm(FlaskForm):
    results = FileField(_l("Vetting results (XLSX: Số CCCD, Kết quả, Số văn bản)"))


class CollectForm(FlaskForm):
    badge = StringField(
        _l("Badge: scan its QR code or type its serial"),
        filters=[strip_filter],
        validators=[required(), Length(max=512)],
    )
    collected_by = StringField(
        _l("Collected by (leave empty when the holder collects it)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=120), no_markup],
    )
