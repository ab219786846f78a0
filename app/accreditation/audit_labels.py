"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.accreditation.validation import STATUS_LABELS
from app.core import audit

audit.label_subjects({"Application": _l("Application"), "MediaOrganisation": _l("Media organisation")})
audit.label_actions(
    {
        "application.approve": _l("Application approved"),
        "application.reject": _l("Application rejected"),
        "application.request_changes": _l("Changes requested"),
        "application.resubmit": _l("Application sent again"),
        "application.submit": _l("Application submitted"),
        "application.import": _l("Applications imported"),
        "organisation.confirm": _l("Media organisation confirmed"),
        "organisation.propose": _l("Media organisation proposed"),
        "organisation.update": _l("Media organisation changed"),
        "organisation.create": _l("Media organisation added"),
        "organisation.merge": _l("Media organisations merged"),
    },
    values={"status": STATUS_LABELS, "before": STATUS_LABELS},
)
