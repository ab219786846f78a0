"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.positions.services import STATE_LABELS

audit.label_subjects(
    {
        "HallSession": _l("Session in the hall"),
        "Position": _l("Position in the hall"),
        "PositionRequest": _l("Position request"),
        "PriorityOutlet": _l("Priority outlet"),
    }
)
audit.label_details(
    {
        "allocated": _l("Places allocated"),
        "waitlisted": _l("Waitlisted"),
        "released": _l("Places released"),
        "moved_up": _l("Moved up from the waitlist"),
        "places": _l("Places"),
        "session": _l("Session"),
        "class": _l("Priority class"),
        "previous_session_id": _l("Session before (no.)"),
        "gate": _l("Gate"),
        "organisation_id": _l("Outlet (no.)"),
        "rank": _l("Rank"),
    }
)
audit.label_actions(
    {
        "positions.session.create": _l("Session added"),
        "positions.session.update": _l("Session changed"),
        "positions.position.create": _l("Position offered"),
        "positions.position.update": _l("Position changed"),
        "positions.priority.create": _l("Outlet given priority"),
        "positions.priority.update": _l("Priority changed"),
        "positions.priority.remove": _l("Priority removed"),
        "positions.request": _l("Position requested"),
        "positions.confirm": _l("Place confirmed"),
        "positions.cancel": _l("Position request cancelled"),
        "positions.allocate": _l("Places allocated"),
        "positions.release": _l("Unconfirmed places released"),
        "positions.move_up": _l("Moved up from the waitlist"),
        "positions.gate_bind": _l("Gate bound to a session"),
        "positions.gate_unbind": _l("Gate freed from its session"),
    },
    values={"from": STATE_LABELS},
)
