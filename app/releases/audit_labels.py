"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.releases.labels import AUDIENCE_LABELS, STATUS_LABELS

audit.label_subjects(
    {
        "Release": _l("Release"),
        "ReleaseRevision": _l("Release revision"),
        "ReleaseCorrection": _l("Correction"),
        "Attachment": _l("Attachment"),
        "FeedSecret": _l("Private feed link"),
    }
)
audit.label_actions(
    {
        "release.created": _l("Release written"),
        "release.updated": _l("Release changed"),
        "release.submitted": _l("Release sent for approval"),
        "release.approved": _l("Release approved"),
        "release.returned": _l("Release sent back to its author"),
        "release.published": _l("Release published"),
        "release.withdrawn": _l("Release withdrawn"),
        "release.attachment_added": _l("Attachment added"),
        "release.attachment_removed": _l("Attachment removed"),
        "release.correction_proposed": _l("Correction proposed"),
        "release.correction_approved": _l("Correction approved"),
        "release.correction_returned": _l("Correction sent back"),
        "release.feed_created": _l("Private feed link created"),
        "release.feed_reset": _l("Private feed link replaced"),
    },
    values={"audience": AUDIENCE_LABELS, "status": STATUS_LABELS},
)
