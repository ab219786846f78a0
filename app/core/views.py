"""Home page, language switch, audit log browser, health check, robots."""

from __future__ import annotations

from datetime import datetime

from flask import abort, redirect, render_template, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select, text

from app.core import audit, dates
from app.core.blueprint import bp
from app.core.forms import LanguageForm
from app.core.models import AuditEvent
from app.core.nav import nav_item
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.urls import safe_next
from app.extensions import db

nav_item("core.audit_log", _l("Audit log"), Permission.VIEW_AUDIT, order=95, group="admin")


@bp.route("/language", methods=["POST"])
@permission_required(Permission.PUBLIC)
def set_language():
    """Switch the interface language (kept on the account, or in the session)."""
    form = LanguageForm()
    if not form.validate_on_submit() or form.language.data not in ("vi", "en"):
        abort(400)
    session["language"] = form.language.data
    if current_user.is_authenticated:
        current_user.language = form.language.data
        db.session.commit()
    return redirect(safe_next(form.next.data) or "/")


@bp.route("/admin/audit")
@permission_required(Permission.VIEW_AUDIT)
def audit_log():
    """Browse the whole installation's audit log (the site administrator)."""
    return audit_page(None, "core.audit_log")


def audit_page(event_id: int | None, endpoint: str):
    """The audit log, filtered by action, actor e-mail, subject and dates; one event's entries
    only when ``event_id`` is given (a congress's own audit page)."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if event_id is not None:
        query = query.where(AuditEvent.event_id == event_id)
    action = request.args.get("action", "").strip()[:64]
    actor = request.args.get("actor", "").strip().lower()[:254]
    subject = request.args.get("subject", "").strip()[:64]
    since = _parse_date(request.args.get("since"))
    until = _parse_date(request.args.get("until"))
    if action:
        query = query.where(AuditEvent.action == action)
    if actor:
        query = query.where(AuditEvent.actor.has(email=actor))
    if subject:
        kind, _, ident = subject.partition(":")
        query = query.where(AuditEvent.subject_type == kind)
        if ident:
            query = query.where(AuditEvent.subject_id == ident)
    if since:
        query = query.where(AuditEvent.created_at >= since)
    if until:
        query = query.where(AuditEvent.created_at < until)
    page = paginate(query, per_page=50)
    filters = {
        "action": action,
        "actor": actor,
        "subject": subject,
        "since": request.args.get("since", ""),
        "until": request.args.get("until", ""),
    }
    return render_template(
        "core/audit.html",
        page=page,
        filters=filters,
        endpoint=endpoint,
        action_choices=audit.action_choices(),
        subject_choices=audit.subject_choices(),
    )


def _parse_date(value: str | None) -> datetime | None:
    day = dates.maybe_date(value)
    return datetime.combine(day, datetime.min.time()) if day else None


@bp.route("/healthz")
@permission_required(Permission.PUBLIC)
def health():
    """For the reverse proxy and monitoring: the database answers."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.route("/robots.txt")
@permission_required(Permission.PUBLIC)
def robots():
    """Keep crawlers away from everything but the public pages."""
    return "User-agent: *\nDisallow: /admin/\nDisallow: /api/\n", 200, {"Content-Type": "text/plain"}
