"""Form pieces shared by every area: the CSRF-only form, text filters and validators."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField
from wtforms.csrf.core import CSRFTokenField
from wtforms.validators import EqualTo, InputRequired, Length, StopValidation, ValidationError
from wtforms.widgets import HiddenInput

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
