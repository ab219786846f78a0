"""Forms of the media library: albums, adding an item, describing an item."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FileField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from app.core.forms import LocalDateTimeField, required, strip_filter
from app.core.timeutil import from_local, utcnow
from app.newsroom.labels import ALBUM_KIND_LABELS, ITEM_KIND_LABELS, TERMS_LABELS
from app.newsroom.models import CAPTION_MAX, CREDIT_MAX, TITLE_MAX
from app.releases.labels import AUDIENCE_LABELS


class AlbumForm(FlaskForm):
    """Create or rename an album."""

    title = StringField(
        _l("Title of the album"),
        filters=[strip_filter],
        validators=[
            required(_l("Please enter the title of the album.")),
            Length(
                max=TITLE_MAX, message=_l("The title is too long (at most %(n)s characters).", n=TITLE_MAX)
            ),
        ],
    )
    title_en = StringField(
        _l("Title in English (optional)"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(
                max=TITLE_MAX, message=_l("The title is too long (at most %(n)s characters).", n=TITLE_MAX)
            ),
        ],
    )
    kind = SelectField(
        _l("What the album groups"), choices=list(ALBUM_KIND_LABELS.items()), validators=[required()]
    )


class DescriptionForm(FlaskForm):
    """Caption, credit, usage terms, audience and embargo of an item."""

    caption = TextAreaField(
        _l("Caption (Vietnamese)"),
        filters=[strip_filter],
        validators=[
            required(_l("Please write a caption in Vietnamese.")),
            Length(
                max=CAPTION_MAX,
                message=_l("The caption is too long (at most %(n)s characters).", n=CAPTION_MAX),
            ),
        ],
        render_kw={"rows": 3},
    )
    caption_en = TextAreaField(
        _l("Caption in English (optional)"),
        filters=[strip_filter],
        validators=[
            Length(
                max=CAPTION_MAX,
                message=_l("The caption is too long (at most %(n)s characters).", n=CAPTION_MAX),
            )
        ],
        render_kw={"rows": 2},
    )
    credit = StringField(
        _l("Credit"),
        filters=[strip_filter],
        validators=[
            required(_l('Please give the credit, e.g. "Ảnh: TTXVN".')),
            Length(
                max=CREDIT_MAX, message=_l("The credit is too long (at most %(n)s characters).", n=CREDIT_MAX)
            ),
        ],
        render_kw={"placeholder": "Ảnh: TTXVN"},
    )
    terms = SelectField(_l("Usage terms"), choices=list(TERMS_LABELS.items()), validators=[required()])
    audience = SelectField(
        _l("Who may see it"), choices=list(AUDIENCE_LABELS.items()), validators=[required()], default="public"
    )
    embargo_until = LocalDateTimeField(
        _l("Embargo until (dd/mm/yyyy HH:MM, optional)"), validators=[Optional()]
    )

    def validate_embargo_until(self, field) -> None:
        """A new embargo must lie in the future (typed in the event's local time)."""
        if (
            field.data is not None
            and from_local(field.data) <= utcnow()
            and not getattr(self, "keep_embargo", False)
        ):
            raise ValidationError(_l("The embargo time has already passed. Choose a later time or none."))


class ItemForm(DescriptionForm):
    """Add a photo (JPEG), a short video (MP4) or a document (PDF, DOCX) to an album."""

    file = FileField(_l("File (JPEG photo, MP4 video up to 30 MB, PDF or DOCX document)"))


class SearchForm(FlaskForm):
    """The readers' search box (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), filters=[strip_filter])
    kind = SelectField(_l("Kind"), choices=[("", _l("All kinds")), *ITEM_KIND_LABELS.items()])
