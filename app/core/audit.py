"""The audit log service: every decision writes one event in the decision's transaction."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
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
