"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.checkin.forms import DIRECTION_LABELS
from app.core import audit

audit.label_subjects(
    {
        "Gate": _l("Gate"),
        "Zone": _l("Zone"),
        "Scan": _l("Scan"),
        "Device": _l("Scanner device"),
        "ScanAlarm": _l("Gate alarm"),
    }
)
audit.label_actions(
    {
        "checkin.alarm_handled": _l("Gate alarm handled"),
        "checkin.device_create": _l("Scanner device added"),
        "checkin.device_pair": _l("Scanner device paired"),
        "checkin.device_revoke": _l("Scanner device revoked"),
        "checkin.device_unpair": _l("Scanner device unpaired"),
        "checkin.gate_create": _l("Gate added"),
        "checkin.gate_update": _l("Gate changed"),
        "checkin.scan_denied": _l("Entry denied at a gate"),
        "checkin.scan_overturned": _l("Offline admission overturned"),
        "checkin.lost_badge_scanned": _l("Badge reported lost shown at a gate"),
        "checkin.zone_create": _l("Zone added"),
        "checkin.zone_update": _l("Zone changed"),
    },
    values={"direction": DIRECTION_LABELS},
)
