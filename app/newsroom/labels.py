"""Translated names of album kinds, item kinds and usage terms (forms, pages, file metadata)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ALBUM_KIND_LABELS = {
    "session": _l("Session of the congress"),
    "topic": _l("Topic"),
}

ITEM_KIND_LABELS = {
    "photo": _l("Photo"),
    "video": _l("Video"),
    "document": _l("Document"),
}

# Usage terms chosen from this list; written into a downloaded photo in Vietnamese and English.
TERMS_LABELS = {
    "editorial_credit": _l("Editorial use only, credit as given"),
    "editorial_no_alter": _l("Editorial use only, credit as given; no cropping or alteration"),
    "free_credit": _l("Free use, credit as given"),
    "congress_only": _l("Editorial use for coverage of the congress only; no archive or resale"),
}

STATUS_LABELS = {
    "published": _l("Published"),
    "withdrawn": _l("Withdrawn"),
}
