"""From badge rows to PDFs: what is printed on a badge, in Vietnamese and English.

A printed badge is read by Vietnamese gate staff and by foreign press alike, so its
fixed wording is bilingual (Vietnamese first) whatever the language of the person who
prints it; the words come from the badges catalogue like every other string. Rendering
needs only an application context (no request), so scripts and benchmarks can print.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.badges import pdf, sheets
from app.badges.models import Badge
from app.badges.services import payload_of
from app.core.uploads import path_of
from app.events.models import Zone
from app.events.services import event_of
from app.extensions import db

CATEGORY_WORDS = {
    "reporter": _l("Reporter"),
    "photographer": _l("Photographer"),
    "camera": _l("Camera operator"),
    "technician": _l("Technician"),
    "editor": _l("Editor"),
}

_LABELS = {
    "title": _l("Press badge"),
    "zones": _l("Zones"),
    "valid": _l("Valid"),
    "version": _l("Version"),
    "no_photo": _l("No photo"),
    "revoked": _l("Revoked"),
    "superseded": _l("Superseded"),
}


def badge_size() -> str:
    """The printed size chosen in settings (``BADGE_SIZE``: ``a6`` or ``card``)."""
    size = str(current_app.config.get("BADGE_SIZE", "a6")).lower()
    return size if size in pdf.LAYOUTS else "a6"


def _both(message) -> str:
    """``"Vietnamese · English"`` for a lazy message (one language when they agree)."""
    with force_locale("vi"):
        vi = str(message)
    with force_locale("en"):
        en = str(message)
    return vi if vi == en else f"{vi} · {en}"


class Wording:
    """The bilingual fixed text of badges, translated once per document."""

    def __init__(self) -> None:
        self.labels = {key: _both(message) for key, message in _LABELS.items()}
        self.labels["title"] = self.labels["title"].upper()
        self.labels["zones"] += ":"
        self.labels["valid"] += ":"
        self.categories = {key: _both(message) for key, message in CATEGORY_WORDS.items()}
        self._zone_names: dict[int, dict[str, str]] = {}

    def zone_legend(self, event_id: int, codes: Sequence[str]) -> str:
        """ "PC Trung tâm báo chí · HT Hội trường": the badge's zones by name (one query per
        congress and document)."""
        if event_id not in self._zone_names:
            rows = db.session.execute(select(Zone.code, Zone.name).where(Zone.event_id == event_id))
            self._zone_names[event_id] = dict(rows.all())
        names = self._zone_names[event_id]
        # no-break spaces inside an entry: a line breaks between zones, never inside one
        nbsp = "\u00a0"
        return " · ".join(f"{code}{nbsp}{names[code].replace(' ', nbsp)}" for code in codes if code in names)


def _photo(key: str | None):
    if not key:
        return None
    path = path_of(key)
    return path if path.is_file() else None


def card_of(badge: Badge, wording: Wording, *, mark_void: bool = False) -> pdf.BadgeCard:
    """What gets printed for a badge (its application and organisation should be loaded)."""
    application = badge.application
    void = None
    if mark_void and badge.revoked_at is not None:
        void = wording.labels["revoked"].upper()
    elif mark_void and badge.superseded_at is not None:
        void = wording.labels["superseded"].upper()
    return pdf.BadgeCard(
        event_name=event_of(badge).name,
        full_name=application.full_name,
        organisation=application.organisation.name if application.organisation else "",
        category_words=wording.categories.get(application.category, application.category),
        colour=badge.colour,
        zones=badge.zones,
        valid_from=badge.valid_from,
        valid_until=badge.valid_until,
        serial=badge.serial,
        version=badge.version,
        payload=payload_of(badge),
        photo_path=_photo(application.photo_key),
        void_label=void,
        labels=wording.labels,
        zone_legend=wording.zone_legend(badge.event_id, badge.zones),
    )


def render_badge(badge: Badge, *, mark_void: bool = True) -> bytes:
    """One badge as a PDF page of its printed size; a version that opens nothing is stamped so."""
    return pdf.badge_pdf(card_of(badge, Wording(), mark_void=mark_void), badge_size())


def render_sheet(badges: Sequence[Badge]) -> bytes:
    """A4 sheets of badges with cut marks, ready for the printer."""
    wording = Wording()
    cards = (card_of(badge, wording) for badge in badges)
    data, _count = sheets.sheet_pdf(cards, badge_size(), title=_both(_l("Press badges")))
    return data


def category_label(category: str) -> str:
    """The category in the reader's language (lists and pages)."""
    return str(CATEGORY_WORDS.get(category, category))
