"""Forms of the interview desk: the list of interviewees, a journalist's request, the desk's steps.

Dates are typed dd/mm/yyyy and times HH:MM in the event's time zone, read by briefings'
parsers; every message is our own (WTForms' built-in ones have no Vietnamese translation).
"""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Email, Length, Optional, ValidationError

from app.briefings.forms import to_int
from app.core.forms import ClockField, DayField, no_markup, required, strip_filter
from app.core.timeutil import from_local
from app.interviews import services
from app.interviews.models import CHANNELS, KINDS, LANGUAGES, MEDIA


def _minutes(_form, field) -> None:
    low, high = services.MIN_DURATION, services.MAX_DURATION
    if field.data and (not field.data.isdigit() or not low <= int(field.data) <= high):
        raise ValidationError(_l("Enter a number of minutes from %(min)s to %(max)s.", min=low, max=high))


def _chosen(message):
    def check(_form, field) -> None:
        if field.data not in [value for value, _label in field.choices if value not in ("", 0)]:
            raise ValidationError(message)

    return check


def _text(label, maximum: int, *, needed: bool = False, message=None):
    return StringField(
        label,
        filters=[strip_filter],
        validators=[
            required(message) if needed else Optional(),
            Length(max=maximum, message=_l("At most %(max)s characters, please.", max=maximum)),
            no_markup,
        ],
    )


def _long_text(label, maximum: int, *, needed: bool = False, message=None):
    return TextAreaField(
        label,
        filters=[strip_filter],
        validators=[
            required(message) if needed else Optional(),
            Length(max=maximum, message=_l("At most %(max)s characters, please.", max=maximum)),
        ],
        render_kw={"rows": 3},
    )


def local_time(day: date, clock: time) -> datetime:
    """A day and a time of day read in local time, as naive UTC."""
    return from_local(datetime.combine(day, clock))


class IntervieweeForm(FlaskForm):
    """A person on the desk's list."""

    full_name = _text(_l("Full name"), 120, needed=True, message=_l("Please enter the person's full name."))
    title = _text(_l("Position"), 200)
    organisation = _text(_l("Agency or body"), 200)
    kind = SelectField(
        _l("Kind"),
        choices=[(code, services.KIND_LABELS[code]) for code in KINDS],
        validate_choice=False,
        validators=[_chosen(_l("Please choose what kind of person this is."))],
    )
    languages = SelectMultipleField(
        _l("Languages of the interview"),
        choices=[(code, services.LANGUAGE_LABELS[code]) for code in LANGUAGES],
        default=["vi"],
        validate_choice=False,
    )
    email = StringField(
        _l("E-mail (for appointments; never shown to journalists)"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=255, message=_l("At most %(max)s characters, please.", max=255)),
            Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
        ],
    )
    phone = _text(_l("Phone (for the desk only)"), 40)
    speaker_id = SelectField(
        _l("Same person as the press-conference speaker"), coerce=to_int, validate_choice=False
    )
    active = BooleanField(_l("Offered to journalists"), default=True)

    def validate_languages(self, field) -> None:
        if not field.data or any(code not in LANGUAGES for code in field.data):
            raise ValidationError(_l("Please choose at least one language from the list."))

    def validate_speaker_id(self, field) -> None:
        if field.data not in [value for value, _label in field.choices]:
            raise ValidationError(_l("Please choose a speaker from the list."))

    def to_data(self) -> services.IntervieweeData:
        """What the services need."""
        return services.IntervieweeData(
            full_name=self.full_name.data,
            title=self.title.data or "",
            organisation=self.organisation.data or "",
            kind=self.kind.data,
            languages=tuple(self.languages.data),
            email=self.email.data or "",
            phone=self.phone.data or "",
            speaker_id=self.speaker_id.data or None,
            active=self.active.data,
        )


class RequestForm(FlaskForm):
    """A journalist's interview request: who, about what, for which medium, how long, when."""

    interviewee_id = SelectField(
        _l("Whom would you like to interview?"), coerce=to_int, validate_choice=False
    )
    interviewee_name = _text(_l("Or another person: name and position"), 200)
    topic = _long_text(
        _l("Topic and main questions"),
        2000,
        needed=True,
        message=_l("Please describe the topic of the interview."),
    )
    medium = SelectField(
        _l("For"),
        choices=[("", _l("– choose –"))] + [(code, services.MEDIUM_LABELS[code]) for code in MEDIA],
        validate_choice=False,
        validators=[_chosen(_l("Please choose a medium from the list."))],
    )
    language = SelectField(
        _l("Language of the interview"),
        choices=[(code, services.LANGUAGE_LABELS[code]) for code in LANGUAGES],
        default="vi",
        validate_choice=False,
        validators=[_chosen(_l("Please choose a language from the list."))],
    )
    duration = StringField(
        _l("Duration (minutes)"), default="20", filters=[strip_filter], validators=[required(), _minutes]
    )
    date1 = DayField(_l("Preferred date 1 (dd/mm/yyyy)"), validators=[required()])
    time1 = ClockField(_l("Time 1 (HH:MM)"), validators=[required()])
    date2 = DayField(_l("Preferred date 2 (optional)"), validators=[Optional()])
    time2 = ClockField(_l("Time 2"), validators=[Optional()])
    date3 = DayField(_l("Preferred date 3 (optional)"), validators=[Optional()])
    time3 = ClockField(_l("Time 3"), validators=[Optional()])

    SLOTS = (("date1", "time1"), ("date2", "time2"), ("date3", "time3"))
    list_closed = False  # set by the view: only people on the desk's list (no typed name)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.list_closed and not self.interviewee_id.data:
            self.interviewee_id.errors = [
                *self.interviewee_id.errors,
                _l("Please choose a person from the list: the desk arranges interviews only with them."),
            ]
            ok = False
        elif not self.interviewee_id.data and not self.interviewee_name.data:
            self.interviewee_name.errors = [
                *self.interviewee_name.errors,
                _l("Please choose a person from the list, or type a name."),
            ]
            ok = False
        if self.interviewee_id.data and self.interviewee_id.data not in [
            v for v, _label in self.interviewee_id.choices
        ]:
            self.interviewee_id.errors = [
                *self.interviewee_id.errors,
                _l("Please choose a person from the list, or type a name."),
            ]
            ok = False
        for day, clock in self.SLOTS[1:]:
            day_field, time_field = self[day], self[clock]
            if bool(day_field.data) != bool(time_field.data) and not (day_field.errors or time_field.errors):
                (time_field if day_field.data else day_field).errors = [
                    _l("Give both the date and the time, or neither.")
                ]
                ok = False
        return ok

    def preferred(self) -> list[datetime]:
        """The preferred start times, as naive UTC."""
        return [
            local_time(self[day].data, self[clock].data)
            for day, clock in self.SLOTS
            if self[day].data and self[clock].data
        ]

    def to_data(self) -> services.RequestData:
        """What the services need."""
        return services.RequestData(
            topic=self.topic.data,
            medium=self.medium.data,
            language=self.language.data,
            duration_minutes=int(self.duration.data),
            preferred=self.preferred(),
            interviewee_id=self.interviewee_id.data or None,
            interviewee_name=""
            if self.interviewee_id.data or self.list_closed
            else (self.interviewee_name.data or ""),
        )


CHANNEL_CHOICES = [(code, services.CHANNEL_LABELS[code]) for code in CHANNELS]


class ConsentForm(FlaskForm):
    """The interviewee's yes: who agreed, when, by which channel."""

    consent_by = _text(
        _l("Who agreed"), 200, needed=True, message=_l("Please write who agreed to the interview.")
    )
    consent_date = DayField(_l("Date (dd/mm/yyyy)"), validators=[required()])
    consent_time = ClockField(_l("Time (HH:MM)"), validators=[required()])
    channel = SelectField(
        _l("By"),
        choices=[("", _l("– choose –")), *CHANNEL_CHOICES],
        validate_choice=False,
        validators=[_chosen(_l("Please choose how the consent was given."))],
    )

    def consent_at(self) -> datetime:
        return local_time(self.consent_date.data, self.consent_time.data)


class DeclineForm(FlaskForm):
    """The interviewee's no (or the desk's): the reason is sent to the journalist."""

    decline_reason = _long_text(_l("Reason (sent to the journalist)"), 1000)
    answered_by = _text(_l("Who answered (optional)"), 200)
    answer_channel = SelectField(
        _l("By (optional)"),
        choices=[("", _l("– not recorded –")), *CHANNEL_CHOICES],
        validate_choice=False,
    )

    def validate_answer_channel(self, field) -> None:
        if field.data and field.data not in CHANNELS:
            raise ValidationError(_l("Please choose how the answer was given."))


class ScheduleForm(FlaskForm):
    """The appointment: a day, a start time, how long, a room."""

    date = DayField(_l("Date (dd/mm/yyyy)"), validators=[required()])
    start_time = ClockField(_l("Starts at (HH:MM)"), validators=[required()])
    duration = StringField(
        _l("Duration (minutes)"), filters=[strip_filter], validators=[required(), _minutes]
    )
    room_id = SelectField(
        _l("Room"),
        coerce=to_int,
        validate_choice=False,
        validators=[_chosen(_l("Please choose a room from the list."))],
    )

    def starts_at(self) -> datetime:
        return local_time(self.date.data, self.start_time.data)


class ListForm(FlaskForm):
    """The desk opens or closes its list of interviewees."""

    list_closed = BooleanField(_l("Only people on this list: journalists cannot type another name"))


class CloseForm(FlaskForm):
    """After the appointment: it took place, or the journalist did not come."""

    outcome = SelectField(
        _l("What happened"),
        choices=[("done", _l("The interview took place")), ("no_show", _l("The journalist did not come"))],
        validate_choice=False,
        validators=[_chosen(_l("Please choose what happened."))],
    )


class CancelForm(FlaskForm):
    """Cancel a request, with a reason."""

    cancel_reason = _long_text(_l("Reason (optional)"), 1000)
