"""Forms for rooms, speakers, conferences, series, cancellation and questions.

Dates are typed dd/mm/yyyy and times HH:MM in the event's time zone; every message
is our own (WTForms' built-in ones have no Vietnamese translation).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from app.briefings.services import MAX_SERIES, ConferenceData
from app.core.forms import ClockField, DayField, no_markup, required, strip_filter
from app.core.timeutil import from_local


def to_int(value) -> int:
    """Coerce a select's value to an id; anything unreadable becomes 0 (no such row)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _positive_int(maximum: int):
    def check(_form, field) -> None:
        if field.data and (not field.data.isdigit() or not 1 <= int(field.data) <= maximum):
            raise ValidationError(_l("Enter a whole number from 1 to %(max)s.", max=maximum))

    return check


def _chosen(message):
    def check(form, field) -> None:
        values = [value for value, _label in field.choices]
        if field.data not in values:
            raise ValidationError(message)

    return check


def _text(label, maximum: int, *, needed: bool = False, markup_ok: bool = False):
    validators = [required() if needed else Optional()]
    validators.append(
        Length(max=maximum, message=_l("At most %(max)s characters, please.", max=maximum)),
    )
    if not markup_ok:
        validators.append(no_markup)
    return StringField(label, filters=[strip_filter], validators=validators)


class RoomForm(FlaskForm):
    """A room for press conferences."""

    name = _text(_l("Room name"), 120, needed=True)
    location = _text(_l("Where (building, floor)"), 200)
    capacity = StringField(
        _l("Seats for journalists"), filters=[strip_filter], validators=[required(), _positive_int(5000)]
    )
    gate_id = SelectField(
        _l("Check-in gate at the door (for attendance)"), coerce=to_int, validate_choice=False
    )
    active = BooleanField(_l("In use"), default=True)

    def validate_gate_id(self, field) -> None:
        if field.data not in [value for value, _label in field.choices]:
            raise ValidationError(_l("Please choose a gate from the list."))


class SpeakerForm(FlaskForm):
    """A speaker at press conferences."""

    full_name = _text(_l("Full name"), 120, needed=True)
    position = _text(_l("Position"), 200)
    organisation = _text(_l("Agency or body"), 200)
    active = BooleanField(_l("In use"), default=True)


VISIBILITY_CHOICES = [
    ("accredited", _l("Accredited journalists only")),
    ("public", _l("Public (also on the public schedule and feed)")),
]


class ConferenceForm(FlaskForm):
    """A press conference: what, where, when, who speaks, how many seats, who may see it."""

    title = _text(_l("Title"), 200, needed=True)
    topic = _text(_l("Topic"), 200)
    description = TextAreaField(
        _l("Description"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            Optional(),
            Length(max=4000, message=_l("At most %(max)s characters, please.", max=4000)),
        ],
    )
    title_en = _text(_l("Title in English (optional, shown to readers of English)"), 200)
    description_en = TextAreaField(
        _l("Description in English (optional)"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            Optional(),
            Length(max=4000, message=_l("At most %(max)s characters, please.", max=4000)),
        ],
    )
    room_id = SelectField(
        _l("Room"),
        coerce=to_int,
        validate_choice=False,
        validators=[_chosen(_l("Please choose a room from the list."))],
    )
    speaker_ids = SelectMultipleField(_l("Speakers"), coerce=to_int, validate_choice=False)
    date = DayField(_l("Date (dd/mm/yyyy)"), validators=[required()])
    start_time = ClockField(_l("Starts at (HH:MM)"), validators=[required()])
    end_time = ClockField(_l("Ends at (HH:MM)"), validators=[required()])
    capacity = StringField(
        _l("Seats (empty: the room's capacity)"), filters=[strip_filter], validators=[_positive_int(5000)]
    )
    visibility = SelectField(
        _l("Who may see it"),
        choices=VISIBILITY_CHOICES,
        default="accredited",
        validate_choice=False,
        validators=[_chosen(_l("Please choose who may see the conference."))],
    )

    def times(self) -> tuple[datetime, datetime]:
        """Start and end as naive UTC (the date and times were typed in local time)."""
        day = self.date.data
        return (
            from_local(datetime.combine(day, self.start_time.data)),
            from_local(datetime.combine(day, self.end_time.data)),
        )

    def to_data(self) -> ConferenceData:
        """What the services need."""
        starts_at, ends_at = self.times()
        return ConferenceData(
            title=self.title.data,
            topic=self.topic.data or "",
            description=self.description.data or "",
            title_en=self.title_en.data or "",
            description_en=self.description_en.data or "",
            room_id=self.room_id.data,
            starts_at=starts_at,
            ends_at=ends_at,
            speaker_ids=[sid for sid in (self.speaker_ids.data or [])],
            capacity=int(self.capacity.data) if self.capacity.data else None,
            visibility=self.visibility.data,
        )


REPEAT_CHOICES = [("7", _l("Every week")), ("1", _l("Every day")), ("14", _l("Every two weeks"))]


class SeriesForm(ConferenceForm):
    """A series: the same conference repeated, e.g. every Tuesday 15:00 for five weeks."""

    date = DayField(_l("First date (dd/mm/yyyy)"), validators=[required()])
    repeat = SelectField(
        _l("Repeat"),
        choices=REPEAT_CHOICES,
        default="7",
        validate_choice=False,
        validators=[_chosen(_l("Please choose how often it repeats."))],
    )
    count = StringField(
        _l("Number of conferences"),
        default="5",
        filters=[strip_filter],
        validators=[required(), _positive_int(MAX_SERIES)],
    )


class CancelForm(FlaskForm):
    """Cancel a conference, with a reason for the journalists."""

    reason = TextAreaField(
        _l("Reason (sent to everyone signed up)"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            Optional(),
            Length(max=1000, message=_l("At most %(max)s characters, please.", max=1000)),
        ],
    )


class QuestionForm(FlaskForm):
    """A question sent in advance to the speakers."""

    text = TextAreaField(
        _l("Your question"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            required(_l("Please write your question.")),
            Length(min=5, max=1000, message=_l("A question has 5 to 1000 characters.")),
        ],
    )
