"""Forms of the help desk: requests and replies, lost badges, equipment and loans."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.core.forms import no_markup, required, strip_filter
from app.helpdesk.loans import KIND_LABELS
from app.helpdesk.models import CATEGORIES, EQUIPMENT_KINDS
from app.helpdesk.services import CATEGORY_LABELS, STATE_LABELS


class LocalDueField(DateTimeLocalField):
    """A return time from the phone's date-and-time picker (local time), with our own message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter the date and time, for example 15/10/2025 17:00.")) from None


def _category_choices():
    return [("", _l("– choose –"))] + [(code, CATEGORY_LABELS[code]) for code in CATEGORIES]


class RequestForm(FlaskForm):
    """A journalist's request: category, where they are, what they need, an optional photo."""

    category = SelectField(
        _l("What is it about?"),
        choices=_category_choices(),
        validators=[required(_l("Choose a category."))],
    )
    place = StringField(
        _l("Where are you? (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=120), no_markup],
        render_kw={"placeholder": _l("e.g. Press centre, table 12")},
    )
    text = TextAreaField(
        _l("What do you need?"),
        filters=[strip_filter],
        validators=[
            required(_l("Please describe what you need.")),
            Length(min=5, max=2000, message=_l("Please write 5 to 2,000 characters.")),
        ],
        render_kw={"rows": 4},
    )
    photo = FileField(
        _l("Photo (optional, JPEG or PNG, at most 20 MB)"),
        render_kw={"accept": "image/jpeg,image/png", "capture": "environment"},
    )


class ReplyForm(FlaskForm):
    """A reply in a request's thread (the desk also chooses the next state)."""

    body = TextAreaField(
        _l("Reply"),
        filters=[strip_filter],
        validators=[
            required(_l("Please write a reply.")),
            Length(max=2000, message=_l("Please write at most 2,000 characters.")),
        ],
        render_kw={"rows": 3},
    )
    state = SelectField(
        _l("Then the request is"),
        choices=[(code, STATE_LABELS[code]) for code in ("waiting", "in_progress", "solved")],
        default="waiting",
    )


class StateForm(FlaskForm):
    """Move a request to another state."""

    state = SelectField(_l("New state"), choices=[(code, label) for code, label in STATE_LABELS.items()])


class LostBadgeForm(FlaskForm):
    """A journalist reports their own badge lost."""

    place = StringField(
        _l("Where did you last have it? (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=120), no_markup],
    )
    text = TextAreaField(
        _l("Anything the desk should know (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=1000)],
        render_kw={"rows": 2},
    )
    confirm = BooleanField(
        _l("I understand that my current badge will stop opening the gates once the desk replaces it."),
        validators=[InputRequired(message=_l("Please tick the box to confirm."))],
    )


class ReplaceBadgeForm(FlaskForm):
    """The desk replaces a lost badge, after checking the person's identity."""

    identity_checked = BooleanField(
        _l("I have checked the holder's identity (face against the photo, national ID or press card)."),
        validators=[InputRequired(message=_l("Check the holder's identity first, then tick the box."))],
    )


class DeskLostBadgeForm(ReplaceBadgeForm):
    """The desk records a lost badge for its holder: the serial, then the identity check."""

    serial = StringField(
        _l("Badge serial (e.g. PC-0042)"),
        filters=[strip_filter],
        validators=[required(_l("Enter the badge serial.")), Length(max=16), no_markup],
        render_kw={"autocomplete": "off", "autocapitalize": "characters"},
    )
    note = StringField(
        _l("Note (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=300), no_markup],
    )


class ItemForm(FlaskForm):
    """An inventory line: what it is and how many the desk holds."""

    kind = SelectField(_l("Kind"), choices=[(code, KIND_LABELS[code]) for code in EQUIPMENT_KINDS])
    label = StringField(
        _l("Name"),
        filters=[strip_filter],
        validators=[required(_l("Please give the item a name.")), Length(max=120), no_markup],
        render_kw={"placeholder": _l("e.g. USB-C charger 65 W")},
    )
    count = IntegerField(
        _l("How many the desk holds"),
        default=1,
        validators=[
            InputRequired(message=_l("Enter a number.")),
            NumberRange(min=0, max=10000, message=_l("Enter a number from 0 to 10,000.")),
        ],
    )
    active = BooleanField(_l("Lent out (untick to withdraw it)"), default=True)


class LoanForm(FlaskForm):
    """Lend or take back one piece of an item, for the badge scanned or typed."""

    item = SelectField(_l("Item"), coerce=int, validate_choice=False)
    badge = StringField(
        _l("Badge: scan the QR code or type the serial"),
        filters=[strip_filter],
        validators=[required(_l("Scan the badge or type its serial.")), Length(max=100)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "data-badge-camera": "1"},
    )
    due_at = LocalDueField(
        _l("Return by (optional; default 18:00)"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )


class FoundForm(FlaskForm):
    """An item found: what it is, where, and its photo."""

    description = TextAreaField(
        _l("What was found?"),
        filters=[strip_filter],
        validators=[
            required(_l("Please describe the item.")),
            Length(max=1000, message=_l("Please write at most 1,000 characters.")),
        ],
        render_kw={"rows": 2, "placeholder": _l("e.g. Black Canon lens cap 77 mm")},
    )
    place = StringField(
        _l("Where was it found? (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=120), no_markup],
    )
    photo = FileField(
        _l("Photo (JPEG or PNG, at most 20 MB)"),
        render_kw={"accept": "image/jpeg,image/png", "capture": "environment"},
    )


class HandBackForm(FlaskForm):
    """Hand a found item back: the owner's badge, scanned or typed."""

    badge = StringField(
        _l("Owner's badge: scan the QR code or type the serial"),
        filters=[strip_filter],
        validators=[required(_l("Scan the badge or type its serial.")), Length(max=100)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "data-badge-camera": "1"},
    )
