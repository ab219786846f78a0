"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit

audit.label_subjects({"Badge": _l("Badge")})
audit.label_actions(
    {
        "badge.issue": _l("Badge issued"),
        "badge.reprint": _l("Badge reprinted (new version)"),
        "badge.revoke": _l("Badge revoked"),
        "badge.print": _l("Badges printed"),
    }
)
audit.label_details({"lost": _l("Old copy reported lost")})
