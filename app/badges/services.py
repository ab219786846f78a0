"""Badge rules: issue on approval, the token behind the QR, reprint and revoke."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from app.accreditation.models import Application
from app.badges import qr
from app.badges.models import Badge
from app.core import audit
from app.core.timeutil import local_today, utcnow
from app.extensions import db

# The colour band of each category; the category is also printed in words.
CATEGORY_COLOURS = {
    "reporter": "#c62828",
    "photographer": "#1565c0",
    "camera": "#2e7d32",
    "technician": "#6d4c41",
    "editor": "#6a1b9a",
}


def event_days() -> tuple[date, date]:
    """First and last day badges are valid (``EVENT_FIRST_DAY``/``EVENT_LAST_DAY``, ISO dates).

    Without them, the window runs from a week before today to two weeks after, which
    suits a demo; a real deployment sets both.
    """
    config = current_app.config
    first = config.get("EVENT_FIRST_DAY")
    last = config.get("EVENT_LAST_DAY")
    today = local_today()
    first_day = date.fromisoformat(first) if first else today - timedelta(days=7)
    last_day = date.fromisoformat(last) if last else today + timedelta(days=14)
    return first_day, last_day


def serial_for(application: Application) -> str:
    """A stable, human-readable serial: the same across reprints."""
    return f"PC-{application.id:04d}"


def token_of(badge: Badge) -> str:
    """The badge's QR token, recomputed from the server secret."""
    return qr.derive_token(current_app.config["BADGE_SECRET"], badge.serial, badge.version, badge.token_nonce)


def payload_of(badge: Badge) -> str:
    """What the badge's QR code holds."""
    return qr.make_payload(current_app.config["EVENT_CODE"], token_of(badge))


def _new_version(application: Application, version: int, actor) -> Badge:
    first_day, last_day = event_days()
    badge = Badge(
        application_id=application.id,
        serial=serial_for(application),
        version=version,
        token_nonce=qr.new_nonce(),
        token_hash="",
        zone_codes=",".join(zone.code for zone in application.zones),
        valid_from=first_day,
        valid_until=last_day,
        colour=CATEGORY_COLOURS.get(application.category, "#37474f"),
        issued_by_id=getattr(actor, "id", None),
    )
    badge.token_hash = qr.hash_token(token_of(badge))
    db.session.add(badge)
    return badge


def current_badge(application: Application) -> Badge | None:
    """The application's badge version that is not superseded (it may be revoked)."""
    return db.session.scalar(
        select(Badge).where(Badge.application_id == application.id, Badge.superseded_at.is_(None))
    )


def issue_badge(application: Application, actor) -> Badge:
    """Issue version 1 for an approved application (idempotent: returns the current one)."""
    if application.status != "approved":
        raise ValueError("only approved applications get badges")
    existing = current_badge(application)
    if existing is not None:
        return existing
    badge = _new_version(application, 1, actor)
    db.session.flush()
    audit.record("badge.issue", badge, actor=actor, details={"serial": badge.serial, "version": 1})
    return badge


def reprint_badge(badge: Badge, actor) -> Badge:
    """Supersede ``badge`` at once and issue the next version with a new token."""
    badge.superseded_at = utcnow()
    db.session.flush()  # the old version stops being current before the new one exists
    new = _new_version(badge.application, badge.version + 1, actor)
    db.session.flush()
    audit.record(
        "badge.reprint",
        new,
        actor=actor,
        details={"serial": new.serial, "version": new.version, "replaces": badge.id},
    )
    return new


def revoke_badge(badge: Badge, actor, reason: str) -> None:
    """Revoke a badge: every gate denies it from now on."""
    badge.revoked_at = utcnow()
    badge.revoked_by_id = getattr(actor, "id", None)
    badge.revoke_reason = reason
    audit.record("badge.revoke", badge, actor=actor, details={"reason": reason})
