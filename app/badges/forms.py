"""Forms of the badges area: print runs, reprint confirmation and revocation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.core.forms import no_markup, required, strip_filter


class PrintForm(FlaskForm):
    """A print run: the ticked badges, or every approved badge not yet printed."""

    badge_ids = SelectMultipleField(coerce=int, validate_choice=False)
    scope = HiddenField(default="selected")  # "selected" or "unprinted" (the button pressed)


class ReprintForm(FlaskForm):
    """Ask for a new version; ``confirm`` is set once the officer has read the warning."""

    confirm = HiddenField(default="")
    reason = StringField(
        _l("Why is a new version needed? (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=200), no_markup],
    )
    lost = BooleanField(_l("The old copy was lost or stolen: whoever shows it at a gate raises an alarm"))


class RevokeForm(FlaskForm):
    """Revoke a badge; the reason is kept in the audit log and e-mailed to the holder."""

    reason = TextAreaField(
        _l("Reason for revoking"),
        filters=[strip_filter],
        validators=[
            required(_l("Please give the reason: the journalist will read it.")),
            Length(min=5, max=500, message=_l("The reason must be 5 to 500 characters long.")),
            no_markup,
        ],
        render_kw={"rows": 3},
    )
