"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.helpdesk.services import CATEGORY_LABELS, STATE_LABELS

audit.label_subjects(
    {
        "HelpRequest": _l("Help-desk request"),
        "HelpReply": _l("Help-desk reply"),
        "EquipmentItem": _l("Equipment"),
        "Loan": _l("Equipment loan"),
        "FoundItem": _l("Found item"),
    }
)
audit.label_details(
    {
        "category": _l("Category"),
        "item": _l("Item"),
        "label": _l("Label"),
        "place": _l("Place"),
        "previous_assignee": _l("Previous assignee"),
        "reply_id": _l("Reply (no.)"),
        "badge_id": _l("Badge (no.)"),
        "due_at": _l("Due back"),
        "lost_version": _l("Lost version"),
        "new_version": _l("New version"),
        "new_badge_id": _l("New badge (no.)"),
    }
)
audit.label_actions(
    {
        "helpdesk.badge_lost": _l("Badge reported lost"),
        "helpdesk.badge_replaced": _l("Lost badge replaced"),
        "helpdesk.equipment_add": _l("Equipment added"),
        "helpdesk.equipment_edit": _l("Equipment changed"),
        "helpdesk.file_for": _l("Request filed for a journalist"),
        "helpdesk.found_logged": _l("Found item logged"),
        "helpdesk.found_returned": _l("Found item handed back"),
        "helpdesk.lend": _l("Equipment lent"),
        "helpdesk.return": _l("Equipment returned"),
        "helpdesk.overdue_reminders": _l("Overdue loan reminders sent"),
        "helpdesk.reply": _l("Reply to a request"),
        "helpdesk.state": _l("Request state changed"),
        "helpdesk.take": _l("Request taken"),
    },
    values={"from": STATE_LABELS, "to": STATE_LABELS, "category": CATEGORY_LABELS},
)
