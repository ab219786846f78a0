"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.releases.labels import AUDIENCE_LABELS

audit.label_subjects({"Album": _l("Library album"), "MediaItem": _l("Library item")})
audit.label_details({"album": _l("Album"), "file": _l("File")})
audit.label_actions(
    {
        "library.album_created": _l("Library album created"),
        "library.album_changed": _l("Library album changed"),
        "library.item_added": _l("Library item added"),
        "library.item_changed": _l("Library item changed"),
        "library.item_withdrawn": _l("Library item withdrawn"),
        "library.item_restored": _l("Library item handed out again"),
    },
    values={"audience": AUDIENCE_LABELS},
)
