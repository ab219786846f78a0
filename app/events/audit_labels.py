"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.core.permissions import ROLE_LABELS
from app.events.forms import LEVEL_LABELS, STATUS_LABELS

audit.label_subjects({"Event": _l("Congress"), "Membership": _l("Staff appointment")})
audit.label_actions(
    {
        "event.create": _l("Congress created"),
        "event.clone": _l("Congress created from an earlier one"),
        "event.update": _l("Congress changed"),
        "event.appoint": _l("Staff appointed"),
        "event.dismiss": _l("Staff appointment ended"),
        "event.rotate_key": _l("Congress key replaced"),
    },
    values={"role": ROLE_LABELS, "status": STATUS_LABELS, "level": LEVEL_LABELS, "was": STATUS_LABELS},
)
