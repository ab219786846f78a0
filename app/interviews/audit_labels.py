"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.interviews.services import CHANNEL_LABELS, STATE_LABELS

audit.label_subjects(
    {
        "Interviewee": _l("Interviewee"),
        "InterviewRequest": _l("Interview request"),
        "PreferredTime": _l("Preferred time"),
        "InterviewSettings": _l("Interview settings"),
    }
)
audit.label_details(
    {
        "by_journalist": _l("By the journalist"),
        "channel": _l("Channel"),
        "consent_at": _l("Consent given at"),
        "consent_by": _l("Consent given by"),
        "interviewee_id": _l("Interviewee (no.)"),
        "minutes": _l("Minutes"),
        "times": _l("Preferred times"),
    }
)
audit.label_actions(
    {
        "interviews.request": _l("Interview requested"),
        "interviews.contact": _l("Interviewee contacted"),
        "interviews.consent": _l("Interview consent recorded"),
        "interviews.decline": _l("Interview declined"),
        "interviews.schedule": _l("Interview scheduled"),
        "interviews.reschedule": _l("Interview moved"),
        "interviews.cancel": _l("Interview cancelled"),
        "interviews.done": _l("Interview held"),
        "interviews.no_show": _l("Interview no-show"),
        "interviews.interviewee.create": _l("Interviewee added"),
        "interviews.interviewee.update": _l("Interviewee changed"),
        "interviews.list_closed": _l("Interviewee list closed to other names"),
        "interviews.list_opened": _l("Interviewee list opened to other names"),
    },
    values={"from": STATE_LABELS, "channel": CHANNEL_LABELS},
)
