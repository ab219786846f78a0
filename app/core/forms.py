"""Form pieces shared by every area: the CSRF-only form, text filters and validators."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms import HiddenField, PasswordField, StringField
from wtforms.csrf.core import CSRFTokenField
from wtforms.validators import EqualTo, InputRequired, Length, StopValidation, ValidationError
from wtforms.widgets import HiddenInput

from app.core import dates
from app.core.text import clean_text


class _HiddenWithoutId(HiddenInput):
    """A hidden input with no ``id``: the CSRF token appears in several forms of one page
    (the language switch, sign out, the page's own form), and ids must be unique."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", False)
        return super().__call__(field, **kwargs)


# Every form's CSRF token, in every area, is rendered by this one widget.
CSRFTokenField.widget = _HiddenWithoutId()


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for bare POST buttons."""


def csrf_input() -> Markup:
    """The CSRF token's hidden input, as :class:`EmptyForm` draws it, without making a form:
    the bar's two forms (language, sign out) are on every page (issue 18)."""
    return Markup('<input name="csrf_token" type="hidden" value="%s">') % generate_csrf()


class OnFirstUse:
    """A template value made when a template first reads it: ``empty_form`` is offered to
    every page and used by a few."""

    __slots__ = ("_make", "_made")

    def __init__(self, make):
        self._make, self._made = make, None

    def __getattr__(self, name):
        if self._made is None:
            self._made = self._make()
        return getattr(self._made, name)


def strip_filter(value):
    """WTForms filter: NFC, no control characters, no surrounding spaces."""
    return clean_text(value) if isinstance(value, str) else value


def no_markup(_form, field) -> None:
    """Refuse angle brackets and unreadable bytes in names and other plain single-line fields."""
    if field.data and "\ufffd" in field.data:
        raise ValidationError(_l("The text contains characters that could not be read (wrong encoding)."))
    if field.data and any(ch in field.data for ch in "<>"):
        raise ValidationError(_l("The characters < and > are not allowed here."))


class LanguageForm(FlaskForm):
    """The language switcher in the navigation bar."""

    language = HiddenField()
    next = HiddenField()


def password_fields(label=None):
    """A new password and its confirmation, with the length rule."""
    password = PasswordField(
        label or _l("New password"),
        validators=[
            InputRequired(message=_l("Please enter a password.")),
            Length(min=10, max=128, message=_l("The password must be 10 to 128 characters long.")),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            InputRequired(message=_l("Please repeat the password.")),
            EqualTo("password", message=_l("The two passwords differ.")),
        ],
    )
    return password, confirm


class Required(InputRequired):
    """InputRequired that also refuses text left empty by the strip filter (only spaces)."""

    def __call__(self, form, field):
        super().__call__(form, field)
        if isinstance(field.data, str) and not field.data.strip():
            field.errors[:] = []
            raise StopValidation(self.message)


def required(message=None):
    """A required field, with a translated message."""
    return Required(message=message or _l("This field is required."))


class _TypedField(StringField):
    """A text field read by one of the parsers of ``app.core.dates``; what was typed is
    shown back unchanged when it cannot be read, with the parser's message."""

    hint = ""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"placeholder": self.hint, "autocomplete": "off", **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        self.raw_data = valuelist
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if text:
            try:
                self.data = self.read(text)
            except dates.DateInputError as error:
                raise ValueError(str(error)) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.show(self.data) if self.data else ""


class DayField(_TypedField):
    """A date typed as dd/mm/yyyy; ``.data`` is a date."""

    hint = dates.DATE_HINT
    read = staticmethod(dates.parse_date)
    show = staticmethod(dates.date_text)


class LocalDateTimeField(_TypedField):
    """A local date and time typed as dd/mm/yyyy HH:MM (24-hour); ``.data`` is naive local."""

    hint = dates.DATETIME_HINT
    read = staticmethod(dates.parse_datetime)
    show = staticmethod(dates.datetime_text)


class ClockField(_TypedField):
    """A time of day typed as HH:MM (24-hour); ``.data`` is a time."""

    hint = dates.TIME_HINT
    read = staticmethod(dates.parse_time)
    show = staticmethod(lambda value: value.strftime("%H:%M"))
