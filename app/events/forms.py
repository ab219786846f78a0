"""Forms of the events area: a congress (new, from an earlier one, or edited)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from app.core.forms import DayField, no_markup, required, strip_filter

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,15}$")

LEVEL_LABELS = {
    "national": _l("National"),
    "provincial": _l("Provincial"),
    "district": _l("District"),
    "other": _l("Other press event"),
}
STATUS_LABELS = {
    "draft": _l("Draft (not public)"),
    "open": _l("Open for applications"),
    "running": _l("Running (press centre open)"),
    "closed": _l("Closed"),
    "archived": _l("Archived (read-only)"),
}


def _code(_form, field) -> None:
    if field.data and not CODE.match(field.data):
        raise ValidationError(_l("2 to 16 letters, digits or hyphens, starting with a letter or digit."))


def _timezone(_form, field) -> None:
    try:
        ZoneInfo(field.data or "")
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_l("Not a known time zone (e.g. Asia/Ho_Chi_Minh).")) from None


def _dates(form, field) -> None:
    if form.first_day.data and field.data and field.data < form.first_day.data:
        raise ValidationError(_l("The last day cannot be before the first day."))


class EventForm(FlaskForm):
    """A congress's facts (and, when new, where its set-up comes from)."""

    code = StringField(
        _l("Code (in addresses and badges)"),
        filters=[strip_filter],
        validators=[required(), Length(max=16), _code],
    )
    name = StringField(
        _l("Name"), filters=[strip_filter], validators=[required(), Length(min=3, max=255), no_markup]
    )
    level = SelectField(_l("Level"), choices=list(LEVEL_LABELS.items()), validators=[required()])
    host = StringField(
        _l("Host (e.g. Ban Tuyên giáo Tỉnh ủy)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=255), no_markup],
    )
    place = StringField(
        _l("Place"), filters=[strip_filter], validators=[Optional(), Length(max=255), no_markup]
    )
    timezone = StringField(
        _l("Time zone"),
        default="Asia/Ho_Chi_Minh",
        filters=[strip_filter],
        validators=[required(), _timezone],
    )
    first_day = DayField(_l("Press centre opens (dd/mm/yyyy)"), validators=[Optional()])
    last_day = DayField(_l("Press centre closes (dd/mm/yyyy)"), validators=[Optional(), _dates])


class NewEventForm(EventForm):
    copy_from = SelectField(_l("Copy the set-up of"), coerce=int, choices=[], validators=[Optional()])


class EditEventForm(EventForm):
    status = SelectField(_l("Status"), choices=list(STATUS_LABELS.items()), validators=[required()])
