"""What this area's audit actions and subjects are called on history and audit pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.venue.labels import STATUS_LABELS

audit.label_subjects(
    {
        "Task": _l("Task"),
        "Unit": _l("Member unit"),
        "Location": _l("Location"),
        "TaskCategory": _l("Task category"),
        "ChecklistTemplate": _l("Checklist template"),
        "TemplateItem": _l("Checklist item"),
        "Evidence": _l("Evidence photo"),
        "Comment": _l("Comment"),
    }
)
audit.label_actions(
    {
        "venue.task_create": _l("Task created"),
        "venue.task_edit": _l("Task changed"),
        "venue.task_assign": _l("Task assigned"),
        "venue.task_start": _l("Work started"),
        "venue.task_block": _l("Task marked blocked"),
        "venue.task_resume": _l("Work resumed"),
        "venue.task_done": _l("Task marked done"),
        "venue.task_verify": _l("Task verified"),
        "venue.task_send_back": _l("Task sent back"),
        "venue.category_create": _l("Task category added"),
        "venue.category_edit": _l("Task category changed"),
        "venue.location_create": _l("Location added"),
        "venue.location_edit": _l("Location changed"),
        "venue.unit_create": _l("Member unit added"),
        "venue.unit_edit": _l("Member unit changed"),
        "venue.template_create": _l("Checklist template added"),
        "venue.template_edit": _l("Checklist template changed"),
        "venue.template_apply": _l("Checklist template applied"),
        "venue.template_item_create": _l("Checklist item added"),
        "venue.template_item_edit": _l("Checklist item changed"),
        "venue.template_item_delete": _l("Checklist item deleted"),
        "venue.digest": _l("Daily task e-mail sent"),
    },
    values={"from": STATUS_LABELS, "to": STATUS_LABELS},
)
