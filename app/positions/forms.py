"""Forms of the positions desk: a session, a position, a priority outlet, a request, a gate binding.

Dates are typed dd/mm/yyyy and times HH:MM in the event's time zone; every message is our own.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from app.briefings.forms import to_int
from app.core import dates
from app.core.forms import no_markup, required, strip_filter
from app.core.timeutil import from_local
from app.positions.models import POSITION_KINDS, SESSION_KINDS
from app.positions.services import POSITION_KIND_LABELS, SESSION_KIND_LABELS


def _date(_form, field) -> None:
    try:
        if field.data:
            dates.parse_date(field.data)
    except dates.DateInputError as error:
        raise ValidationError(str(error)) from None


def _time(_form, field) -> None:
    try:
        if field.data:
            dates.parse_time(field.data)
    except dates.DateInputError as error:
        raise ValidationError(str(error)) from None


def _number(low: int, high: int):
    def check(_form, field) -> None:
        if field.data and (not field.data.isdigit() or not low <= int(field.data) <= high):
            raise ValidationError(_l("Enter a whole number from %(min)s to %(max)s.", min=low, max=high))

    return check


def _chosen(message):
    def check(_form, field) -> None:
        if field.data not in [value for value, _label in field.choices if value not in ("", 0)]:
            raise ValidationError(message)

    return check


def local_time(day_text: str, time_text: str) -> datetime:
    """A date and time typed in local time, as naive UTC."""
    return from_local(datetime.combine(dates.parse_date(day_text), dates.parse_time(time_text)))


class SessionForm(FlaskForm):
    """A session of the congress in the hall, or a press event."""

    title = StringField(
        _l("Title"),
        filters=[strip_filter],
        validators=[
            required(_l("Please enter the session's title.")),
            Length(max=200, message=_l("At most %(max)s characters, please.", max=200)),
            no_markup,
        ],
    )
    kind = SelectField(
        _l("Kind of session"),
        choices=[(k, SESSION_KIND_LABELS[k]) for k in SESSION_KINDS],
        validators=[_chosen(_l("Please choose what kind of session this is."))],
    )
    day = StringField(
        _l("Date (dd/mm/yyyy)"),
        filters=[strip_filter],
        validators=[required(_l("Please enter the date.")), _date],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    starts = StringField(
        _l("Starts (HH:MM)"),
        filters=[strip_filter],
        validators=[required(_l("Please enter the start time.")), _time],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    ends = StringField(
        _l("Ends (HH:MM)"),
        filters=[strip_filter],
        validators=[required(_l("Please enter the end time.")), _time],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    zone_id = SelectField(_l("Zone of the hall (for no-shows)"), coerce=to_int, validators=[Optional()])
    deadline_hours = StringField(
        _l("Requests close (hours before the start)"),
        filters=[strip_filter],
        validators=[required(_l("Please enter the request deadline.")), _number(1, 336)],
        render_kw={"inputmode": "numeric"},
    )
    release_hours = StringField(
        _l("Unconfirmed places released (hours before the start)"),
        filters=[strip_filter],
        validators=[required(_l("Please enter when unconfirmed places are released.")), _number(0, 335)],
        render_kw={"inputmode": "numeric"},
    )


class PositionForm(FlaskForm):
    """Places of one kind in a session."""

    kind = SelectField(
        _l("Kind of position"),
        choices=[("", _l("– choose –"))] + [(k, POSITION_KIND_LABELS[k]) for k in POSITION_KINDS],
        validators=[_chosen(_l("Please choose a kind of position from the list."))],
    )
    places = StringField(
        _l("Number of places"),
        filters=[strip_filter],
        validators=[required(_l("Please enter the number of places.")), _number(1, 500)],
        render_kw={"inputmode": "numeric"},
    )
    note = StringField(
        _l("Where (optional)"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=200, message=_l("At most %(max)s characters, please.", max=200)),
            no_markup,
        ],
    )


class PriorityForm(FlaskForm):
    """An outlet in a priority class."""

    organisation_id = SelectField(
        _l("Outlet"), coerce=to_int, validators=[_chosen(_l("Please choose an outlet from the list."))]
    )
    class_name = StringField(
        _l("Priority class"),
        filters=[strip_filter],
        validators=[
            required(_l("Please name the priority class.")),
            Length(max=120, message=_l("At most %(max)s characters, please.", max=120)),
            no_markup,
        ],
    )
    rank = StringField(
        _l("Rank (1 is served first)"),
        filters=[strip_filter],
        validators=[required(_l("Please enter the rank.")), _number(1, 99)],
        render_kw={"inputmode": "numeric"},
    )
    guaranteed = StringField(
        _l("Guaranteed places per position"),
        filters=[strip_filter],
        validators=[required(_l("Please enter the guaranteed places.")), _number(1, 20)],
        render_kw={"inputmode": "numeric"},
    )


class RequestForm(FlaskForm):
    """A journalist's choice of position in a session."""

    position_id = SelectField(
        _l("Kind of position"),
        coerce=to_int,
        validators=[_chosen(_l("Please choose a position of this session from the list."))],
    )


class OutletRequestForm(FlaskForm):
    """An outlet's focal point asks a position in a session for one of its people."""

    application_id = SelectField(
        _l("For whom"),
        coerce=to_int,
        validate_choice=False,  # checked against the outlet's people by the view, in words
        validators=[_chosen(_l("Please choose one of your outlet's accredited people."))],
    )
    position_id = SelectField(
        _l("Kind of position"),
        coerce=to_int,
        validate_choice=False,  # checked against the session by the service, in words
        validators=[_chosen(_l("Please choose a position of this session from the list."))],
    )


class BindGateForm(FlaskForm):
    """Bind a gate to the session."""

    gate_id = SelectField(
        _l("Gate"), coerce=to_int, validators=[_chosen(_l("Please choose a gate from the list."))]
    )
