"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.notices.services import KIND_LABELS, TARGET_LABELS

audit.label_subjects({"Notice": _l("Notice")})
audit.label_details(
    {
        "target": _l("Sent to"),
        "value": _l("Group, zone or level"),
        "kind": _l("Why"),
        "channels": _l("Muted channels"),
    }
)
audit.label_actions(
    {
        "notices.sent": _l("Notice sent"),
        "notices.retried": _l("Failed notice deliveries sent again"),
        "notices.muted": _l("Notice channels changed"),
        "notices.settings": _l("Automatic notices changed"),
        "notices.screen_rotated": _l("Hall screen given a new address"),
        "notices.push_subscribed": _l("Browser subscribed to notices"),
    },
    values={"target": TARGET_LABELS, "kind": KIND_LABELS},
)
