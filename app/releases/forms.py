"""Forms for writing, correcting, reviewing and withdrawing releases."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from app.core.forms import LocalDateTimeField, required, strip_filter
from app.core.timeutil import from_local, utcnow
from app.releases.labels import AUDIENCE_LABELS, CATEGORY_LABELS
from app.releases.models import BODY_MAX, SUMMARY_MAX, TITLE_MAX


def _strip_block(value):
    """Multi-line text: keep the lines, drop trailing spaces and surrounding blank lines."""
    if not isinstance(value, str):
        return value
    return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").split("\n")).strip()


def _title_field():
    return StringField(
        _l("Title"),
        filters=[strip_filter],
        validators=[
            required(_l("Please enter the title of the release.")),
            Length(
                max=TITLE_MAX, message=_l("The title is too long (at most %(n)s characters).", n=TITLE_MAX)
            ),
        ],
    )


def _summary_field():
    return TextAreaField(
        _l("Lead summary"),
        filters=[_strip_block],
        validators=[
            Length(
                max=SUMMARY_MAX,
                message=_l("The summary is too long (at most %(n)s characters).", n=SUMMARY_MAX),
            )
        ],
        render_kw={"rows": 3},
    )


def _english_fields():
    """The optional English title and summary (for foreign reporters)."""
    title = StringField(
        _l("Title in English (optional, shown to readers of English)"),
        filters=[_strip_block],
        validators=[
            Optional(),
            Length(
                max=TITLE_MAX, message=_l("The title is too long (at most %(n)s characters).", n=TITLE_MAX)
            ),
        ],
    )
    summary = TextAreaField(
        _l("Lead summary in English (optional)"),
        filters=[_strip_block],
        validators=[
            Length(
                max=SUMMARY_MAX,
                message=_l("The summary is too long (at most %(n)s characters).", n=SUMMARY_MAX),
            )
        ],
        render_kw={"rows": 3},
    )
    return title, summary


def _body_field():
    return TextAreaField(
        _l("Text (Markdown)"),
        filters=[_strip_block],
        validators=[
            required(_l("Please write the text of the release.")),
            Length(max=BODY_MAX, message=_l("The text is too long (at most %(n)s characters).", n=BODY_MAX)),
        ],
        render_kw={"rows": 14, "data-markdown-source": "1"},
    )


class ReleaseForm(FlaskForm):
    """Write or change a draft release."""

    title = _title_field()
    summary = _summary_field()
    body = _body_field()
    title_en, summary_en = _english_fields()
    category = SelectField(
        _l("Type of release"),
        choices=list(CATEGORY_LABELS.items()),
        validators=[required()],
        default="press_release",
    )
    audience = SelectField(
        _l("Who may read it"),
        choices=list(AUDIENCE_LABELS.items()),
        validators=[required()],
        default="public",
    )
    embargo_until = LocalDateTimeField(
        _l("Embargo until (dd/mm/yyyy HH:MM, optional)"), validators=[Optional()]
    )
    attachments = MultipleFileField(_l("Attachments (PDF, DOCX, JPEG or PNG)"))

    def validate_embargo_until(self, field) -> None:
        """An embargo must lie in the future (typed in the event's local time)."""
        if field.data is not None and from_local(field.data) <= utcnow():
            raise ValidationError(_l("The embargo time has already passed. Choose a later time or none."))


class CorrectionForm(FlaskForm):
    """Correct a published release; the change note is shown to readers."""

    title = _title_field()
    summary = _summary_field()
    body = _body_field()
    title_en, summary_en = _english_fields()
    change_note = TextAreaField(
        _l("What was corrected (shown to readers)"),
        filters=[_strip_block],
        validators=[
            required(_l("Please say what was corrected.")),
            Length(
                max=SUMMARY_MAX, message=_l("The note is too long (at most %(n)s characters).", n=SUMMARY_MAX)
            ),
        ],
        render_kw={"rows": 2},
    )


def _note_field(label):
    return TextAreaField(
        label,
        filters=[_strip_block],
        validators=[
            required(_l("Please write a note.")),
            Length(
                max=SUMMARY_MAX, message=_l("The note is too long (at most %(n)s characters).", n=SUMMARY_MAX)
            ),
        ],
        render_kw={"rows": 2},
    )


class ReturnForm(FlaskForm):
    """Send a release back to its author, saying what to change."""

    note = _note_field(_l("What the author should change"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "return")
        super().__init__(*args, **kwargs)


class WithdrawForm(FlaskForm):
    """Withdraw a release from every reader, with the reason."""

    note = _note_field(_l("Reason for the withdrawal"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "withdraw")
        super().__init__(*args, **kwargs)
