"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit

audit.label_subjects({"CoverageItem": _l("Coverage entry")})
audit.label_actions(
    {
        "coverage.log": _l("Coverage reported"),
        "coverage.correct": _l("Coverage entry corrected"),
        "coverage.delete": _l("Coverage entry deleted"),
    }
)
