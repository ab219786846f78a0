"""Forms for signing in, signing up, password reset and staff administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, Length, Optional

from app.core.forms import no_markup, password_fields, required, strip_filter
from app.core.permissions import ROLE_LABELS, STAFF_ROLES, Role

LANGUAGE_CHOICES = [("vi", "Tiếng Việt"), ("en", "English")]


def _email_field(label=None):
    return EmailField(
        label or _l("E-mail"),
        filters=[strip_filter],
        validators=[
            required(_l("Please enter your e-mail address.")),
            Length(max=254, message=_l("The e-mail address is too long.")),
            Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
        ],
    )


class LoginForm(FlaskForm):
    """Sign in with e-mail and password."""

    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[required(_l("Please enter your password.")), Length(max=128)],
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class SignupForm(FlaskForm):
    """A journalist creates an account (accreditation follows after verification)."""

    full_name = StringField(
        _l("Full name"),
        filters=[strip_filter],
        validators=[
            required(_l("Please enter your full name.")),
            Length(min=2, max=120, message=_l("The name must be 2 to 120 characters long.")),
            no_markup,
        ],
    )
    email = _email_field()
    password, confirm = password_fields(_l("Password"))
    language = SelectField(_l("Language for e-mails"), choices=LANGUAGE_CHOICES, default="vi")


class ResetRequestForm(FlaskForm):
    """Ask for a password-reset link."""

    email = _email_field()


class ResetPasswordForm(FlaskForm):
    """Choose a new password from a reset link."""

    password, confirm = password_fields()


def _role_choices():
    return [(str(role), ROLE_LABELS[role]) for role in Role]


class StaffUserForm(FlaskForm):
    """An administrator creates a staff account."""

    full_name = StringField(
        _l("Full name"),
        filters=[strip_filter],
        validators=[required(), Length(min=2, max=120), no_markup],
    )
    email = _email_field()
    role = SelectField(
        _l("Role"),
        choices=lambda: [(str(r), ROLE_LABELS[r]) for r in (*STAFF_ROLES, Role.ADMIN, Role.OVERVIEW)],
        validators=[required()],
    )
    event_id = SelectField(
        _l("Congress (where a staff role holds)"), coerce=int, choices=[], validators=[Optional()]
    )
    unit_id = SelectField(_l("Member unit (for unit staff)"), coerce=int, choices=[], validators=[Optional()])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="vi")


class EditUserForm(FlaskForm):
    """An administrator changes a user's role, unit or active flag."""

    role = SelectField(_l("Role"), choices=_role_choices, validators=[required()])
    event_id = SelectField(
        _l("Congress (where a staff role holds)"), coerce=int, choices=[], validators=[Optional()]
    )
    unit_id = SelectField(_l("Member unit (for unit staff)"), coerce=int, choices=[], validators=[Optional()])
    active = BooleanField(_l("Active (may sign in)"))


class AppointForm(FlaskForm):
    """Give an existing account a staff role in this congress."""

    email = EmailField(
        _l("E-mail of the account"), filters=[strip_filter], validators=[required(), Email(), Length(max=254)]
    )
    role = SelectField(
        _l("Role"), choices=lambda: [(str(r), ROLE_LABELS[r]) for r in STAFF_ROLES], validators=[required()]
    )
