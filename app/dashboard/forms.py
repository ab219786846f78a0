"""Forms of the dashboard area: logging a published piece, and the coverage filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from app.core.forms import DayField, no_markup, required, strip_filter
from app.dashboard.coverage_report import MEDIUM_LABELS
from app.dashboard.models import MEDIA, OUTLET_MAX, TITLE_MAX, URL_MAX


def medium_choices() -> list[tuple[str, str]]:
    return [("", _l("— choose —"))] + [(m, MEDIUM_LABELS[m]) for m in MEDIA]


class CoverageForm(FlaskForm):
    """A journalist's published piece: link, title, outlet, date and medium."""

    url = StringField(
        _l("Link to the piece (http:// or https://)"),
        filters=[strip_filter],
        validators=[required(), Length(max=URL_MAX)],
        render_kw={"inputmode": "url", "autocomplete": "off"},
    )
    title = StringField(
        _l("Title"), filters=[strip_filter], validators=[required(), Length(max=TITLE_MAX), no_markup]
    )
    outlet = StringField(
        _l("Media outlet"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=OUTLET_MAX), no_markup],
        description=_l("Leave empty to use your organisation."),
    )
    published_on = DayField(_l("Publication date (dd/mm/yyyy)"), validators=[required()])
    medium = SelectField(_l("Medium"), choices=[], validators=[required()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.medium.choices = medium_choices()


class StaffCoverageForm(CoverageForm):
    """The staff version: the piece may belong to any accredited journalist, or to nobody."""

    journalist = SelectField(_l("Journalist"), coerce=int, choices=[], validate_choice=True)

    def set_journalists(self, choices: list[tuple[int, str]]) -> None:
        """Fill the journalist list (0 = logged by the press centre's monitoring)."""
        self.journalist.choices = [(0, str(_l("— none (press monitoring) —")))] + choices
