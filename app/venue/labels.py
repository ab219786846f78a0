"""Words and signs for statuses, priorities and location kinds, shared by pages, reports and e-mails.

Every status has a text label and a symbol as well as a colour, so colour is never
the only signal.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "todo": _l("To do"),
    "in_progress": _l("In progress"),
    "blocked": _l("Blocked"),
    "done": _l("Done, awaiting check"),
    "verified": _l("Verified"),
}
STATUS_SYMBOLS = {"todo": "○", "in_progress": "◐", "blocked": "⛔", "done": "✓", "verified": "✔✔"}
# Bootstrap colour names, always shown with the label and symbol above.
STATUS_COLOURS = {
    "todo": "secondary",
    "in_progress": "primary",
    "blocked": "danger",
    "done": "warning",
    "verified": "success",
}
PRIORITY_LABELS = {1: _l("High"), 2: _l("Normal"), 3: _l("Low")}
LOCATION_KIND_LABELS = {
    "hall": _l("Congress hall"),
    "gate": _l("Gate"),
    "press_centre": _l("Press centre"),
    "street": _l("Street or route"),
    "other": _l("Other"),
}
EVENT_LABELS = {
    "created": _l("created the task"),
    "edited": _l("edited the task"),
    "assigned": _l("assigned the task"),
    "status": _l("changed the status"),
    "evidence": _l("added an evidence photo"),
    "comment": _l("commented"),
}


def status_label(status: str) -> str:
    """The status in the current language."""
    return str(STATUS_LABELS.get(status, status))


def priority_label(priority: int) -> str:
    """The priority in the current language."""
    return str(PRIORITY_LABELS.get(priority, priority))


def template_globals() -> dict:
    """What the venue templates need to show statuses and priorities."""
    return {
        "venue_status_labels": STATUS_LABELS,
        "venue_status_symbols": STATUS_SYMBOLS,
        "venue_status_colours": STATUS_COLOURS,
        "venue_priority_labels": PRIORITY_LABELS,
        "venue_location_kinds": LOCATION_KIND_LABELS,
        "venue_event_labels": EVENT_LABELS,
    }
