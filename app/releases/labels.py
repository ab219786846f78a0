"""Translated names of categories, audiences and states, for forms, pages, feeds and e-mails."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

CATEGORY_LABELS = {
    "press_release": _l("Press release"),
    "speech": _l("Speech"),
    "resolution": _l("Resolution"),
    "photo_set": _l("Photo set"),
    "press_kit": _l("Press kit"),
    "programme": _l("Programme"),
}

AUDIENCE_LABELS = {
    "public": _l("Public"),
    "accredited": _l("All accredited journalists"),
    "central": _l("Central press only"),
    "local": _l("Local press only"),
    "foreign": _l("Foreign press only"),
}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "in_review": _l("Awaiting approval"),
    "approved": _l("Approved, scheduled"),
    "published": _l("Published"),
    "withdrawn": _l("Withdrawn"),
}

# A symbol beside each state so colour is never the only signal.
STATUS_ICONS = {"draft": "✎", "in_review": "⏳", "approved": "🕑", "published": "✓", "withdrawn": "✗"}
STATUS_CLASSES = {
    "draft": "text-bg-secondary",
    "in_review": "text-bg-warning",
    "approved": "text-bg-info",
    "published": "text-bg-success",
    "withdrawn": "text-bg-dark",
}
