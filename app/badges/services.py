"""Badge rules: issue on approval, the token behind the QR, printing, reprint and revoke."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from app.accreditation.models import Application
from app.accreditation.outlet_models import cleared_clause, vetting_required
from app.badges import qr
from app.badges.models import Badge
from app.core import audit, tokens
from app.core.locking import lock_row
from app.core.outbox import queue_email
from app.core.text import like_pattern
from app.core.timeutil import local_today, utcnow
from app.events.services import current_event, current_event_id, event_of
from app.extensions import db

# At most this many badges in one print run: ~2 s of rendering, a PDF a printer spools easily.
BATCH_LIMIT = 1000
QUEUE_FILTERS = ("unprinted", "printed", "revoked", "all")


class BadgeError(ValueError):
    """A refused badge action; ``str(error)`` is a message for the officer, in their language."""


class StaleTokenError(BadgeError):
    """Badges whose QR token, derived again with today's badge key, no longer matches the
    stored hash (the key changed since they were issued): a printed copy would be denied at
    every gate, so nothing is printed and the desk issues a new version instead."""

    def __init__(self, serials: Sequence[str]):
        self.serials = list(serials)
        shown = ", ".join(self.serials[:20]) + (" …" if len(self.serials) > 20 else "")
        super().__init__(
            _l(
                "The QR code of %(serials)s no longer matches the stored record: the badge key has "
                "changed since it was issued, so every gate would deny a printed copy. Nothing was "
                "printed. Use Reprint on the badge's page to issue a new version.",
                serials=shown,
            )
        )


# The colour band of each category; the category is also printed in words.
CATEGORY_COLOURS = {
    "reporter": "#c62828",
    "photographer": "#1565c0",
    "camera": "#2e7d32",
    "technician": "#6d4c41",
    "editor": "#6a1b9a",
}


def event_days() -> tuple[date, date]:
    """First and last day badges are valid: the current event's press-centre dates.

    Without them, the window runs from a week before today to two weeks after, which
    suits a demo; a real event sets both.
    """
    event = current_event()
    today = local_today()
    first_day = event.first_day or today - timedelta(days=7)
    last_day = event.last_day or today + timedelta(days=14)
    return first_day, last_day


def serial_for(application: Application) -> str:
    """A stable, human-readable serial: the same across reprints."""
    return f"PC-{application.id:04d}"


def badge_key() -> bytes:
    """The key the current event's badge tokens are signed with (app/core/tokens.py)."""
    return tokens.key(qr.PURPOSE)


def token_of(badge: Badge) -> str:
    """The badge's QR token, recomputed with the badge key."""
    return qr.derive_token(badge_key(), badge.serial, badge.version, badge.token_nonce)


def token_matches(badge: Badge) -> bool:
    """Whether the token derived today is the one the badge was issued with (its stored hash)."""
    return hmac.compare_digest(qr.hash_token(token_of(badge)), badge.token_hash or "")


def check_tokens(badges: Sequence[Badge]) -> None:
    """Raise StaleTokenError naming every badge whose printed QR would not open a gate."""
    stale = [badge.serial for badge in badges if not token_matches(badge)]
    if stale:
        current_app.logger.warning("badge tokens no longer match their hashes: %s", ", ".join(stale[:20]))
        raise StaleTokenError(stale)


def payload_of(badge: Badge) -> str:
    """What the badge's QR code holds; StaleTokenError when it would not match the stored hash.

    Every PDF (single badge, batch sheet, download) takes its QR from here, so no path can
    print a code that the gates deny.
    """
    token = token_of(badge)
    if not hmac.compare_digest(qr.hash_token(token), badge.token_hash or ""):
        raise StaleTokenError([badge.serial])
    return qr.make_payload(event_of(badge).code, token)


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


def _lock(badge: Badge) -> Badge:
    """Re-read a badge under a row lock (PostgreSQL; SQLite write requests are serialised)."""
    locked = lock_row(Badge, badge.id)
    if locked is None:
        raise BadgeError(_l("This badge no longer exists."))
    return locked


def _notify(badge: Badge, template: str, **context) -> None:
    """E-mail the badge's holder in their language (same transaction as the decision)."""
    application = badge.application
    user = application.user
    queue_email(
        user.email if user else application.email,
        f"badges/{template}",
        language=getattr(user, "language", "vi"),
        full_name=application.full_name,
        serial=badge.serial,
        version=badge.version,
        **context,
    )


def check_reprintable(badge: Badge) -> None:
    """Raise BadgeError unless ``badge`` is the current, unrevoked version of an approved application."""
    if badge.superseded_at is not None:
        raise BadgeError(_l("This version was already replaced by a newer one."))
    if badge.revoked_at is not None:
        raise BadgeError(_l("A revoked badge cannot be reprinted."))
    if badge.application.status != "approved":
        raise BadgeError(_l("Only approved applications have badges."))


def reprint_badge(badge: Badge, actor, reason: str = "", *, lost: bool = False) -> Badge:
    """Supersede ``badge`` at once and issue the next version with a new token.

    A reprint replaces a lost or damaged badge: the old copy must stop opening gates the
    moment the new one exists, so both happen in one transaction. Only the current,
    unrevoked version of an approved application can be reprinted (reprinting a revoked
    badge would quietly undo the revocation).
    """
    badge = _lock(badge)
    check_reprintable(badge)
    badge.superseded_at = utcnow()
    if lost:
        badge.lost_at = badge.superseded_at
    db.session.flush()  # the old version stops being current before the new one exists
    new = _new_version(badge.application, badge.version + 1, actor)
    db.session.flush()
    details = {"serial": new.serial, "version": new.version, "replaces": badge.id}
    if badge.printed_at is not None:
        details["old_printed_at"] = badge.printed_at.isoformat(timespec="seconds")
    if reason:
        details["reason"] = reason
    if lost:
        details["lost"] = True
    audit.record("badge.reprint", new, actor=actor, details=details)
    _notify(new, "reissued", old_version=badge.version)
    return new


def revoke_badge(badge: Badge, actor, reason: str) -> None:
    """Revoke a badge: every gate denies it from now on, and its holder is told why."""
    badge = _lock(badge)
    if badge.revoked_at is not None:
        raise BadgeError(_l("This badge is already revoked."))
    if badge.superseded_at is not None:
        raise BadgeError(_l("This version was already replaced by a newer one."))
    badge.revoked_at = utcnow()
    badge.revoked_by_id = getattr(actor, "id", None)
    badge.revoke_reason = reason
    db.session.flush()
    audit.record("badge.revoke", badge, actor=actor, details={"reason": reason, "serial": badge.serial})
    _notify(badge, "revoked", reason=reason)


# ----------------------------------------------------------------------------- printing
def _with_holder(query: Select) -> Select:
    return query.options(
        joinedload(Badge.application).joinedload(Application.organisation),
        joinedload(Badge.printed_by),
    )


def holder_conditions() -> list:
    """THE rule for who may hold a badge on paper or on a phone, as SQL conditions on a query
    joined to the application: approved, and, when the congress vets (issue 19), cleared.

    Every path that prints or hands out a badge PDF (the print queue and its runs, the desk's
    single badge, the journalist's own download) goes through it, so none skips vetting.
    """
    conditions = [Application.status == "approved"]
    if vetting_required(current_event_id()):
        conditions.append(cleared_clause(Application.id))
    return conditions


def awaiting_clearance(badges: Sequence[Badge]) -> list[Badge]:
    """The badges among ``badges`` whose holder is approved but not (yet) cleared by vetting."""
    if not badges or not vetting_required(current_event_id()):
        return []
    ids = [b.id for b in badges]
    allowed = set(
        db.session.scalars(
            select(Badge.id).join(Badge.application).where(Badge.id.in_(ids), *holder_conditions())
        )
    )
    return [b for b in badges if b.id not in allowed and b.application.status == "approved"]


def _printable(query: Select) -> Select:
    """Current, unrevoked, unprinted versions whose holder may have a badge (holder_conditions)."""
    return query.join(Badge.application).where(
        Badge.superseded_at.is_(None),
        Badge.revoked_at.is_(None),
        Badge.printed_at.is_(None),
        *holder_conditions(),
    )


def queue_query(status: str = "unprinted", search: str = "") -> Select:
    """The print queue: current badge versions, filtered and searched, in serial order.

    ``status`` is one of :data:`QUEUE_FILTERS`; ``search`` matches the holder's name,
    organisation or numbers (accent-insensitive) or the serial, in every current badge
    whatever ``status`` says (a serial searched under "not printed" must not answer "0").
    """
    query = select(Badge).join(Badge.application).where(Badge.superseded_at.is_(None))
    if search:
        status = "all"  # a search finds the badge whatever the filter; its row says which
    if status == "unprinted":
        query = query.where(Badge.revoked_at.is_(None), Badge.printed_at.is_(None), *holder_conditions())
    elif status == "printed":
        query = query.where(Badge.revoked_at.is_(None), Badge.printed_at.is_not(None))
    elif status == "revoked":
        query = query.where(Badge.revoked_at.is_not(None))
    if search:
        pattern = like_pattern(search)
        query = query.where(
            or_(
                Application.search_key.like(pattern, escape="\\"),
                func.lower(Badge.serial).like(pattern, escape="\\"),
            )
        )
    return _with_holder(query).order_by(Badge.serial)


def count_unprinted() -> int:
    """How many badges wait for their first print."""
    return db.session.scalar(_printable(select(func.count(Badge.id)))) or 0


def badges_to_print(badge_ids: Sequence[int] | None) -> list[Badge]:
    """Lock and return the badges of a print run: the given ids, or every unprinted badge.

    Raises BadgeError, naming the serials, when a chosen badge cannot be printed: an
    already printed or replaced badge needs a reprint (a new version), so two physical
    copies never share one token; a revoked one must not be printed at all; one whose
    token no longer matches its hash (StaleTokenError) would be denied at every gate.
    """
    if badge_ids is None:
        query = _printable(select(Badge)).order_by(Badge.serial).limit(BATCH_LIMIT)
        badges = list(db.session.scalars(_with_holder(query).with_for_update(of=Badge)).unique())
        check_tokens(badges)
        return badges
    ids = sorted(set(badge_ids))
    if not ids:
        raise BadgeError(_l("Select at least one badge to print."))
    if len(ids) > BATCH_LIMIT:
        raise BadgeError(_l("At most %(n)s badges can be printed at once.", n=BATCH_LIMIT))
    query = _with_holder(select(Badge).where(Badge.id.in_(ids))).order_by(Badge.serial)
    badges = list(db.session.scalars(query.with_for_update(of=Badge)).unique())
    if len(badges) != len(ids):
        raise BadgeError(_l("Some of the selected badges no longer exist. Reload the page."))
    printed = [b.serial for b in badges if b.printed_at is not None and b.is_current]
    if printed:
        raise BadgeError(
            _l(
                "Already printed: %(serials)s. Use Reprint on the badge's page: it makes a new "
                "version and the old copy stops working.",
                serials=", ".join(printed),
            )
        )
    void = [b.serial for b in badges if not b.is_current or b.application.status != "approved"]
    if void:
        raise BadgeError(
            _l("Revoked or replaced badges cannot be printed: %(serials)s.", serials=", ".join(void))
        )
    waiting = awaiting_clearance(badges)
    if waiting:
        raise BadgeError(
            _l(
                "Not cleared by vetting yet, so not printable: %(serials)s.",
                serials=", ".join(b.serial for b in waiting),
            )
        )
    check_tokens(badges)
    return badges


def mark_printed(badges: Sequence[Badge], actor, *, now: datetime | None = None) -> int:
    """Record a print run: every badge gets the same printed time and printer, one audit each."""
    now = now or utcnow()
    for badge in badges:
        badge.printed_at = now
        badge.printed_by_id = actor.id
        audit.record(
            "badge.print",
            badge,
            actor=actor,
            details={"serial": badge.serial, "version": badge.version, "batch_size": len(badges)},
        )
    db.session.flush()
    return len(badges)


# ----------------------------------------------------------------------------- reading
def get_badge(badge_id: int) -> Badge | None:
    """A badge version with its holder loaded, or None."""
    return db.session.scalar(_with_holder(select(Badge).where(Badge.id == badge_id)))


def versions_of(badge: Badge) -> list[Badge]:
    """Every version of the badge's application, newest first."""
    return list(
        db.session.scalars(
            select(Badge)
            .where(Badge.application_id == badge.application_id)
            .options(joinedload(Badge.printed_by))
            .order_by(Badge.version.desc())
        )
    )


def journalist_badge(user_id: int) -> Badge | None:
    """The badge a journalist may download: the current, unrevoked version of their approved application."""
    return db.session.scalar(
        _with_holder(
            select(Badge)
            .join(Badge.application)
            .where(
                Application.user_id == user_id,
                *holder_conditions(),
                Application.event_id == current_event_id(),
                Badge.superseded_at.is_(None),
                Badge.revoked_at.is_(None),
            )
        )
    )
