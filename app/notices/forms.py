"""Forms of live notices: a notice, the automatic-notice settings, a journalist's muted channels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from app.core.forms import required, strip_filter
from app.notices.models import BODY_MAX
from app.notices.services import TARGET_LABELS

TOO_LONG = _l("A notice has at most 400 characters.")


class NoticeForm(FlaskForm):
    """A short notice and who it goes to (the group, zone or level when the target needs one)."""

    body = TextAreaField(
        _l("Notice (Vietnamese)"),
        filters=[strip_filter],
        validators=[required(_l("Write the notice in Vietnamese.")), Length(max=BODY_MAX, message=TOO_LONG)],
        render_kw={"rows": 3, "maxlength": BODY_MAX},
    )
    body_en = TextAreaField(
        _l("Notice in English (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=BODY_MAX, message=TOO_LONG)],
        render_kw={"rows": 3, "maxlength": BODY_MAX},
    )
    target = SelectField(
        _l("Send to"),
        choices=list(TARGET_LABELS.items()),
        validators=[required(_l("Choose who the notice goes to."))],
    )
    category = SelectField(_l("Audience group"), choices=[], validate_choice=False)
    zone = SelectField(_l("Zone"), choices=[], validate_choice=False)
    level = SelectField(_l("Outlet level"), choices=[], validate_choice=False)

    def fill(self, choices: dict[str, list[tuple[str, str]]]) -> None:
        for name in ("category", "zone", "level"):
            getattr(self, name).choices = [("", _l("– choose –")), *choices[name]]

    def target_value(self) -> str:
        return (
            getattr(self, self.target.data).data or ""
            if self.target.data in ("category", "zone", "level")
            else ""
        )


class SettingsForm(FlaskForm):
    """Which events of the congress send a notice on their own."""

    release_published = BooleanField(_l("A release is published: notify its audience"))
    embargo_lifted = BooleanField(_l("An embargo is lifted: notify the release's audience"))
    conference_changed = BooleanField(
        _l("A press conference is moved (time or room): notify everyone accredited")
    )
    conference_cancelled = BooleanField(_l("A press conference is cancelled: notify everyone accredited"))
    album_published = BooleanField(
        _l("A new album in the media library: notify its audience when its first item is out")
    )


class MuteForm(FlaskForm):
    """A journalist's channels: the notices page always shows every notice."""

    email = BooleanField(_l("Send notices by e-mail"))
    push = BooleanField(_l("Send notices to this phone or computer (Web Push)"))
