"""Where each of an outlet's people stands, and badge collection at the desk."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.accreditation.models import Application
from app.accreditation.outlet_models import BadgeCollection, Nomination, VettingRecord
from app.accreditation.validation import CATEGORY_LABELS
from app.badges import qr
from app.badges.models import Badge
from app.core import audit
from app.core.spreadsheets import Book
from app.core.timeutil import to_local
from app.events.services import scoped
from app.extensions import db

STATE_LABELS = {
    "held": _l("Waiting for places (over quota)"),
    "submitted": _l("Submitted"),
    "changes_requested": _l("Changes requested"),
    "rejected": _l("Not approved"),
    "approved": _l("Approved"),
    "in_vetting": _l("In vetting"),
    "cleared": _l("Cleared"),
    "not_cleared": _l("Not cleared"),
    "printed": _l("Badge printed"),
    "collected": _l("Collected"),
}
STATE_STYLES = {
    "held": "warning",
    "submitted": "secondary",
    "changes_requested": "warning",
    "rejected": "danger",
    "approved": "info",
    "in_vetting": "info",
    "cleared": "success",
    "not_cleared": "dark",
    "printed": "primary",
    "collected": "success",
}


class CollectionError(ValueError):
    """A badge that cannot be handed over; ``str(error)`` is for the officer."""


def states(nominations: Sequence[Nomination]) -> dict[int, str]:
    """By nomination id, the person's state (three queries whatever the number of people)."""
    app_ids = [n.application_id for n in nominations]
    if not app_ids:
        return {}
    vetting = dict(
        db.session.execute(
            select(VettingRecord.application_id, VettingRecord.status).where(
                VettingRecord.application_id.in_(app_ids)
            )
        ).all()
    )
    printed = set(
        db.session.scalars(
            select(Badge.application_id).where(
                Badge.application_id.in_(app_ids), Badge.printed_at.is_not(None), Badge.revoked_at.is_(None)
            )
        )
    )
    collected = set(
        db.session.scalars(
            select(BadgeCollection.application_id).where(BadgeCollection.application_id.in_(app_ids))
        )
    )
    out = {}
    for n in nominations:
        a = n.application
        if a.status != "approved":
            out[n.id] = "held" if n.held and a.status == "submitted" else a.status
            continue
        if a.id in collected:
            out[n.id] = "collected"
        elif a.id in printed:
            out[n.id] = "printed"
        elif vetting.get(a.id):
            out[n.id] = vetting[a.id]
        else:
            out[n.id] = "approved"
    return out


def outlet_xlsx(organisation, nominations: Sequence[Nomination]) -> bytes:
    """The outlet's list with each person's state (what the focal point downloads)."""
    shown = states(nominations)
    book = Book()
    sheet = book.sheet("Danh sach")
    sheet.line(organisation.name, bold=True)
    sheet.header(
        [
            _("No."),
            _("Full name"),
            _("Date of birth"),
            _("National ID (CCCD)"),
            _("Position"),
            _("Category"),
            _("State"),
        ]
    )
    for number, n in enumerate(nominations, start=1):
        a = n.application
        sheet.row(
            [
                number,
                a.full_name,
                a.date_of_birth,
                a.national_id,
                a.position,
                str(CATEGORY_LABELS.get(a.category, a.category)),
                str(STATE_LABELS[shown[n.id]]),
            ]
        )
    sheet.widths((6, 28, 12, 16, 20, 18, 26))
    return book.to_bytes()


# ----------------------------------------------------------------------------- collection
def find_badge(text: str) -> Badge | None:
    """The current badge named by a scanned QR payload or a typed serial, in this congress."""
    text = (text or "").strip()
    if not text or len(text) > 512:
        return None
    parsed = qr.parse_payload(text)
    if parsed is not None:
        _code, token = parsed
        return db.session.scalar(scoped(Badge).where(Badge.token_hash == qr.hash_token(token)))
    return db.session.scalar(
        scoped(Badge).where(func.upper(Badge.serial) == text.upper(), Badge.superseded_at.is_(None))
    )


def collect(text: str, collected_by: str, actor) -> BadgeCollection:
    """Mark a printed badge handed over: who took it (the holder, or someone for them) and who gave it."""
    badge = find_badge(text)
    if badge is None:
        raise CollectionError(_("No badge of this congress has this serial or QR code."))
    if badge.revoked_at is not None or badge.superseded_at is not None:
        raise CollectionError(
            _("Badge %(serial)s is revoked or replaced: do not hand it over.", serial=badge.serial)
        )
    if badge.printed_at is None:
        raise CollectionError(_("Badge %(serial)s is not printed yet.", serial=badge.serial))
    application = db.session.get(Application, badge.application_id)
    existing = db.session.scalar(
        scoped(BadgeCollection).where(BadgeCollection.application_id == application.id)
    )
    if existing is not None:
        raise CollectionError(
            _(
                "Badge %(serial)s was already collected by %(who)s on %(when)s.",
                serial=badge.serial,
                who=existing.collected_by_name,
                when=to_local(existing.collected_at).strftime("%d/%m/%Y %H:%M"),
            )
        )
    who = (collected_by or "").strip()[:120] or application.full_name
    row = BadgeCollection(
        application_id=application.id, badge_id=badge.id, collected_by_name=who, handed_by_id=actor.id
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "badge.collect",
        application,
        actor=actor,
        details={"serial": badge.serial, "collected_by": who, "for": application.full_name},
    )
    return row


def recent_collections(limit: int = 30) -> list[tuple[BadgeCollection, Application]]:
    return list(
        db.session.execute(
            scoped(BadgeCollection)
            .add_columns(Application)
            .join(Application, Application.id == BadgeCollection.application_id)
            .order_by(BadgeCollection.collected_at.desc(), BadgeCollection.id.desc())
            .limit(limit)
        ).all()
    )
