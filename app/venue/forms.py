"""Forms of the venue area: units, locations, categories, templates, tasks and their actions."""

from __future__ import annotations

from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, Length, NumberRange, Optional

from app.core.forms import ClockField, DayField, LocalDateTimeField, no_markup, required, strip_filter
from app.venue.labels import LOCATION_KIND_LABELS, PRIORITY_LABELS


def _text(label, max_length, *validators, **kwargs):
    return StringField(
        label, filters=[strip_filter], validators=[*validators, Length(max=max_length), no_markup], **kwargs
    )


def _id_select(label, **kwargs):
    # Existence is checked by the service with a clear message ("this unit does not exist").
    return SelectField(label, coerce=_int_or_zero, validate_choice=False, **kwargs)


def _int_or_zero(value) -> int:
    """A submitted id or number; anything else (text, or beyond a database integer) is -1, never found."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if -(2**31) <= number < 2**31 else -1


def _priority_field():
    return SelectField(
        _l("Priority"), coerce=_int_or_zero, choices=lambda: list(PRIORITY_LABELS.items()), default=2
    )


def _quantity_field():
    return IntegerField(
        _l("Quantity"),
        validators=[Optional(), NumberRange(min=1, max=100_000, message=_l("Between 1 and 100000."))],
    )


class UnitForm(FlaskForm):
    """A member unit and its contact."""

    name = _text(_l("Name of the unit"), 200, required())
    contact_name = _text(_l("Contact person"), 120)
    contact_phone = _text(_l("Contact phone"), 32)
    contact_email = EmailField(
        _l("Contact e-mail"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=254), Email(message=_l("This is not a valid e-mail address."))],
    )


class LocationForm(FlaskForm):
    """A place to decorate."""

    name = _text(_l("Name"), 200, required())
    kind = SelectField(_l("Kind"), choices=lambda: list(LOCATION_KIND_LABELS.items()), default="other")
    address = _text(_l("Address or description"), 300)
    sort_order = IntegerField(_l("Order in lists"), default=0, validators=[Optional(), NumberRange(0, 9999)])


class CategoryForm(FlaskForm):
    """A category of work."""

    name = _text(_l("Name"), 120, required())
    sort_order = IntegerField(_l("Order in lists"), default=0, validators=[Optional(), NumberRange(0, 9999)])


class TemplateForm(FlaskForm):
    """A checklist template's name and purpose."""

    name = _text(_l("Name of the template"), 200, required())
    description = TextAreaField(_l("Description"), filters=[strip_filter], validators=[Length(max=2000)])


class TemplateItemForm(FlaskForm):
    """One line of a checklist template."""

    title = _text(_l("Task"), 200, required())
    quantity = _quantity_field()
    spec = _text(_l("Specification"), 300, render_kw={"placeholder": _l("e.g. pano 4×8 m, hiflex print")})
    category_id = _id_select(_l("Task category"))
    default_unit_id = _id_select(_l("Default member unit"))
    days_before = IntegerField(
        _l("Days before the opening"),
        default=3,
        validators=[required(), NumberRange(0, 365, message=_l("Between 0 and 365."))],
    )
    priority = _priority_field()
    sort_order = IntegerField(
        _l("Order in the list"), default=0, validators=[Optional(), NumberRange(0, 9999)]
    )


class ApplyTemplateForm(FlaskForm):
    """Create a location's tasks from a template."""

    location_id = _id_select(_l("Location"))
    opening_day = DayField(_l("Opening day of the congress"), validators=[required()])
    due_time = ClockField(_l("Deadline time of day"), validators=[required()], default=time(17, 0))


class TaskForm(FlaskForm):
    """A task, as an organiser creates or edits it."""

    title = _text(_l("Task"), 200, required())
    quantity = _quantity_field()
    spec = _text(_l("Specification"), 300, render_kw={"placeholder": _l("e.g. pano 4×8 m, hiflex print")})
    description = TextAreaField(_l("Notes"), filters=[strip_filter], validators=[Length(max=4000)])
    category_id = _id_select(_l("Task category"))
    location_id = _id_select(_l("Location"))
    unit_id = _id_select(_l("Member unit"))
    assignee_id = _id_select(_l("Person responsible (optional)"))
    due = LocalDateTimeField(_l("Deadline (dd/mm/yyyy HH:MM)"), validators=[required()])
    priority = _priority_field()


class AssignForm(FlaskForm):
    """Give the ticked tasks to a unit (and optionally one of its people)."""

    unit_id = _id_select(_l("Assign to member unit"))
    assignee_id = _id_select(_l("Person responsible (optional)"))


class BlockForm(FlaskForm):
    """Say what blocks a task."""

    reason = TextAreaField(
        _l("What blocks the task?"), filters=[strip_filter], validators=[required(), Length(max=2000)]
    )


class SendBackForm(FlaskForm):
    """An organiser sends a done task back with what must be corrected."""

    comment = TextAreaField(
        _l("What must be corrected?"), filters=[strip_filter], validators=[required(), Length(max=2000)]
    )


class CommentForm(FlaskForm):
    """A comment on a task."""

    body = TextAreaField(_l("Comment"), filters=[strip_filter], validators=[required(), Length(max=4000)])


class EvidenceForm(FlaskForm):
    """An evidence photo, straight from the phone's camera."""

    photo = FileField(
        _l("Evidence photo"),
        render_kw={"accept": "image/*", "capture": "environment"},
    )
    caption = _text(_l("Caption (optional)"), 300)
