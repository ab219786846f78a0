"""Forms for zones, gates and paired scanner devices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Regexp

from app.core.forms import no_markup, required, strip_filter

DIRECTION_LABELS = {
    "in": _l("Entrance (in)"),
    "out": _l("Exit (out)"),
    "both": _l("Both ways"),
}


class ZoneForm(FlaskForm):
    """A zone a badge can open; its code is printed on badges."""

    code = StringField(
        _l("Zone code"),
        filters=[strip_filter, lambda value: value.upper() if isinstance(value, str) else value],
        validators=[
            required(_l("Please enter the zone code.")),
            Regexp(r"^[A-Z0-9]{1,8}$", message=_l("Use 1 to 8 capital letters or digits, e.g. HT.")),
        ],
    )
    name = StringField(
        _l("Zone name"),
        filters=[strip_filter],
        validators=[
            required(_l("Please enter the zone name.")),
            Length(max=120, message=_l("At most 120 characters.")),
            no_markup,
        ],
    )
    sort_order = IntegerField(
        _l("Display order"),
        default=0,
        validators=[
            required(_l("Please enter a number.")),
            NumberRange(min=0, max=999, message=_l("Enter a number from 0 to 999.")),
        ],
    )


class GateForm(FlaskForm):
    """A controlled entrance or exit of a zone."""

    zone_id = SelectField(_l("Zone"), coerce=int, validators=[required(_l("Please choose the zone."))])
    name = StringField(
        _l("Gate name"),
        filters=[strip_filter],
        validators=[
            required(_l("Please enter the gate name.")),
            Length(max=120, message=_l("At most 120 characters.")),
            no_markup,
        ],
    )
    direction = SelectField(
        _l("Direction"),
        choices=list(DIRECTION_LABELS.items()),
        default="both",
        validators=[required(_l("Please choose the direction."))],
    )
    active = BooleanField(_l("Active (shown to gate staff)"), default=True)


class DeviceForm(FlaskForm):
    """A scanner device to pair: a name people recognise, its gates, how long it may scan."""

    name = StringField(
        _l("Device name"),
        filters=[strip_filter],
        validators=[
            required(_l("Please name the device, e.g. “Phone 3 – Gate A”.")),
            Length(max=120, message=_l("At most 120 characters.")),
            no_markup,
        ],
    )
    gate_ids = SelectMultipleField(
        _l("Gates"), coerce=int, validators=[required(_l("Choose at least one gate."))]
    )
    days = IntegerField(
        _l("Valid for (days)"),
        default=7,
        validators=[
            required(_l("Please enter a number of days.")),
            NumberRange(min=1, max=60, message=_l("Enter a number from 1 to 60.")),
        ],
    )


class AlarmHandledForm(FlaskForm):
    """The duty officer marks an overturned offline admission as handled, saying what was done."""

    note = TextAreaField(
        _l("What was done"),
        filters=[strip_filter],
        validators=[
            required(_l("Please say what was done (e.g. the person was found and escorted out).")),
            Length(max=1000, message=_l("At most 1,000 characters.")),
        ],
    )
