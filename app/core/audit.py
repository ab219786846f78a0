"""The audit log service: every decision writes one event in the decision's transaction.

Every action, subject kind and detail key has a translated label, registered by the area
that records it (``label_actions``, ``label_subjects``, ``label_details``); pages show the
labels (``describe``), never the codes. Under test an unlabelled action or detail key fails
at ``record``, so a new decision cannot reach a page as a raw code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.models import AuditEvent
from app.extensions import db


def record(
    action: str,
    subject: Any = None,
    *,
    actor: Any = None,
    details: dict | None = None,
) -> AuditEvent:
    """Add an audit event (flushed with the caller's transaction, never committed here).

    ``subject`` is a model instance (its class name and id are stored) or None.
    ``actor`` defaults to the signed-in user during a request.
    """
    if current_app.config.get("TESTING"):
        _check_labels(action, details or {})
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        subject_type=type(subject).__name__ if subject is not None else None,
        subject_id=str(subject.id) if subject is not None and getattr(subject, "id", None) else None,
        ip=request.remote_addr if has_request_context() else None,
        details=details or {},
    )
    db.session.add(event)
    return event


# ----------------------------------------------------------------------------- labels
_ACTIONS: dict[str, Any] = {}
_SUBJECTS: dict[str, Any] = {}
_DETAILS: dict[str, Any] = {}
# (action, detail key) → {code: label}: values that are codes (a task's status, a role)
_VALUES: dict[tuple[str, str], Mapping] = {}


def label_actions(labels: Mapping[str, Any], *, values: Mapping[str, Mapping] | None = None) -> None:
    """Register what each action is called; ``values``: detail key → labels of its codes,
    for every action given here."""
    _ACTIONS.update(labels)
    for action in labels:
        for key, codes in (values or {}).items():
            _VALUES[(action, key)] = codes


def label_subjects(labels: Mapping[str, Any]) -> None:
    """Register what each kind of subject (a model's class name) is called."""
    _SUBJECTS.update(labels)


def label_details(labels: Mapping[str, Any]) -> None:
    """Register what each detail key is called."""
    _DETAILS.update(labels)


def _check_labels(action: str, details: Mapping) -> None:
    missing = [] if action in _ACTIONS else [f"action {action!r}"]
    missing += [f"detail {key!r} of {action!r}" for key in details if key not in _DETAILS]
    if missing:
        raise LookupError(f"audit labels missing: {', '.join(missing)} (app/core/audit.py)")


def action_choices() -> list[tuple[str, str]]:
    """Every labelled action as (code, label), by label: the audit page's filter."""
    return sorted(((code, str(label)) for code, label in _ACTIONS.items()), key=lambda pair: pair[1])


def subject_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(label)) for code, label in _SUBJECTS.items()), key=lambda pair: pair[1])


def action_label(action: str) -> str:
    return str(_ACTIONS.get(action, action))


def subject_label(subject_type: str | None, subject_id: str | None) -> str:
    if not subject_type:
        return ""
    name = str(_SUBJECTS.get(subject_type, subject_type))
    return f"{name} #{subject_id}" if subject_id else name


def _value_text(action: str, key: str, value: Any) -> str:
    codes = _VALUES.get((action, key))
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(action, key, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{_DETAILS.get(k, k)}: {_value_text(action, k, v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if codes is not None and value in codes:
        return str(codes[value])
    return "—" if value in (None, "") else str(value)


def describe_details(action: str, details: Mapping | None) -> list[tuple[str, str]]:
    """The details of one event as (label, words) pairs, in the order recorded."""
    return [
        (str(_DETAILS.get(key, key)), _value_text(action, key, value))
        for key, value in (details or {}).items()
    ]


# Detail keys are plain words shared by every area: one list, here.
label_details(
    {
        "active": _l("Active"),
        "applications": _l("Applications"),
        "approved": _l("Approved"),
        "assignee_id": _l("Assignee (no.)"),
        "attachment": _l("Attachment"),
        "audience": _l("Audience"),
        "badge": _l("Badge"),
        "badges_reissued": _l("Badges reissued"),
        "batch_size": _l("Badges in the run"),
        "before": _l("Before"),
        "by": _l("Done by"),
        "capacity": _l("Seats"),
        "changed": _l("Changed"),
        "code": _l("Code"),
        "conference_id": _l("Press conference (no.)"),
        "correction": _l("Correction"),
        "count": _l("Number"),
        "date": _l("Date"),
        "days": _l("Days"),
        "demo": _l("Demo data"),
        "device_id": _l("Scanner device (no.)"),
        "direction": _l("Direction"),
        "emails": _l("E-mails"),
        "event": _l("Congress"),
        "expires_at": _l("Expires"),
        "from": _l("Changed from"),
        "gate_id": _l("Gate (no.)"),
        "gate_ids": _l("Gates (no.)"),
        "ids": _l("Numbers"),
        "into": _l("Merged into (no.)"),
        "into_name": _l("Merged into"),
        "item_id": _l("Item (no.)"),
        "journalist_id": _l("Journalist (no.)"),
        "kind": _l("Kind"),
        "level": _l("Level"),
        "location_id": _l("Location (no.)"),
        "medium": _l("Medium"),
        "message": _l("Message"),
        "name": _l("Name"),
        "note": _l("Note"),
        "notified": _l("People told"),
        "old_printed_at": _l("Old version printed at"),
        "offline": _l("Decided offline"),
        "opening": _l("Opening"),
        "outlet": _l("Media organisation"),
        "position": _l("Position"),
        "proposed_by": _l("Proposed by"),
        "publish_at": _l("Published from"),
        "reason": _l("Reason"),
        "requested": _l("Requested zones"),
        "replaces": _l("Replaces"),
        "recipient": _l("Recipient"),
        "recipients": _l("Recipients"),
        "rejected": _l("Rejected"),
        "revision": _l("Revision"),
        "role": _l("Role"),
        "room": _l("Room"),
        "rows": _l("Rows"),
        "scan_id": _l("Scan (no.)"),
        "sequence": _l("Order"),
        "serial": _l("Serial"),
        "series_key": _l("Series"),
        "starts_at": _l("Starts"),
        "status": _l("Status"),
        "tasks": _l("Tasks"),
        "title": _l("Title"),
        "to": _l("Changed to"),
        "unit_id": _l("Member unit (no.)"),
        "units": _l("Member units"),
        "url": _l("Link"),
        "user_id": _l("Account (no.)"),
        "version": _l("Version"),
        "was": _l("Was"),
        "zone_id": _l("Zone (no.)"),
        "zones": _l("Zones"),
    }
)
label_subjects({"AuditEvent": _l("Audit entry"), "OutboxMessage": _l("E-mail")})
label_actions(
    {
        "outbox.retry": _l("E-mail sent again"),
        "outbox.retry_failed": _l("Failed e-mails sent again"),
    }
)
