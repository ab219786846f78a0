"""Equipment loans: the desk's inventory, lending by badge (serial or scanned QR), returns, overdue.

A loan is made to the holder of a badge the gates would honour: the current, unrevoked
version of an approved application. A revoked badge, an old version (reprinted, e.g. after
a loss) and a badge of another congress are refused. An item with ``count`` pieces can be
out at most ``count`` times; the item's row is locked while counting, so two desk phones
cannot lend the last piece twice. Times are stored in UTC and typed and shown in the
congress's time zone, so "overdue" means past the due time where the congress is.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app.badges import qr
from app.badges.models import Badge
from app.core import audit, eventinfo
from app.core.locking import lock_row
from app.core.outbox import queue_email, register_periodic
from app.core.timeutil import from_local, to_local, utcnow
from app.events.models import Event
from app.events.scope import in_event
from app.extensions import db
from app.helpdesk.models import EQUIPMENT_KINDS, EquipmentItem, Loan
from app.helpdesk.services import HelpdeskError

KIND_LABELS = {
    "charger": _l("Charger"),
    "cable": _l("Cable"),
    "headset": _l("Headset"),
    "tripod": _l("Tripod"),
    "sim": _l("SIM card"),
    "power_bank": _l("Power bank"),
    "adapter": _l("Adapter"),
    "other": _l("Other"),
}
assert set(KIND_LABELS) == set(EQUIPMENT_KINDS)
# Loans are due back by this local time (the press centre's working day), unless the desk says otherwise.
DUE_HOUR = 18
# An overdue borrower is e-mailed at most once in this long.
REMIND_EVERY = timedelta(hours=12)


# ----------------------------------------------------------------------------- inventory
def save_item(
    item: EquipmentItem | None, *, kind: str, label: str, count: int, active: bool, actor
) -> EquipmentItem:
    """Create or change an inventory line (audited). The count cannot drop below what is out."""
    if kind not in EQUIPMENT_KINDS:
        raise HelpdeskError(_l("Choose a kind of equipment."))
    label = (label or "").strip()
    if not label:
        raise HelpdeskError(_l("Please give the item a name."))
    taken = db.session.scalar(
        select(EquipmentItem.id).where(
            func.lower(EquipmentItem.label) == label.lower(), EquipmentItem.id != (item.id if item else 0)
        )
    )
    if taken is not None:
        raise HelpdeskError(_l("Another item already has this name."))
    if item is not None:
        out = out_count(item.id)
        if count < out:
            raise HelpdeskError(
                _l("%(n)s of this item are on loan now: the count cannot be lower than that.", n=out)
            )
    created = item is None
    if created:
        item = EquipmentItem()
        db.session.add(item)
    item.kind, item.label, item.count, item.active = kind, label, count, active
    db.session.flush()
    audit.record(
        "helpdesk.equipment_" + ("add" if created else "edit"),
        item,
        actor=actor,
        details={"label": label, "count": count, "active": active},
    )
    return item


def out_count(item_id: int) -> int:
    """How many pieces of an item are lent out now."""
    return (
        db.session.scalar(
            select(func.count(Loan.id)).where(Loan.item_id == item_id, Loan.returned_at.is_(None))
        )
        or 0
    )


def inventory() -> list[tuple[EquipmentItem, int]]:
    """Every item with how many are out, by kind and name."""
    out = dict(
        db.session.execute(
            select(Loan.item_id, func.count(Loan.id)).where(Loan.returned_at.is_(None)).group_by(Loan.item_id)
        ).all()
    )
    items = db.session.scalars(select(EquipmentItem).order_by(EquipmentItem.kind, EquipmentItem.label))
    return [(item, out.get(item.id, 0)) for item in items]


# ----------------------------------------------------------------------------- finding the borrower
def find_badge(text: str) -> Badge | None:
    """The badge a scanned QR payload or a typed serial names, in this congress, or None.

    A QR payload names one exact version (an old or revoked one too, so it can be refused
    for what it is); a serial (``PC-0042``) names the current version.
    """
    text = (text or "").strip()
    if not text:
        return None
    parsed = qr.parse_payload(text)
    if parsed is not None:
        code, token = parsed
        info = eventinfo.current()
        if info is None or code.upper() != info.code.upper():
            return None
        return db.session.scalar(select(Badge).where(Badge.token_hash == qr.hash_token(token)))
    if len(text) > 16:
        return None
    return db.session.scalar(
        select(Badge)
        .where(func.upper(Badge.serial) == text.upper(), Badge.superseded_at.is_(None))
        .order_by(Badge.version.desc())
        .limit(1)
    )


def borrower_badge(text: str) -> Badge:
    """The badge to lend (or hand a found item) to: refuses unknown, revoked, replaced and unapproved
    badges with a message."""
    badge = find_badge(text)
    if badge is None:
        raise HelpdeskError(_l("No badge of this congress has this serial or QR code."))
    if badge.revoked_at is not None:
        raise HelpdeskError(
            _l(
                "Badge %(serial)s is revoked: the desk lends and hands over nothing against it.",
                serial=badge.serial,
            )
        )
    if badge.superseded_at is not None:
        raise HelpdeskError(
            _l(
                "This is an old version of badge %(serial)s (it has been replaced): "
                "the desk lends and hands over nothing against it.",
                serial=badge.serial,
            )
        )
    if badge.application.status != "approved":
        raise HelpdeskError(_l("Only approved applications have badges."))
    return badge


# ----------------------------------------------------------------------------- lending and returning
def default_due(now: datetime | None = None) -> datetime:
    """Today's closing time (18:00) where the congress is, or tomorrow's once it has passed (UTC)."""
    local_now = to_local(now or utcnow())
    day = local_now.date()
    if local_now.hour >= DUE_HOUR:
        day += timedelta(days=1)
    return from_local(datetime.combine(day, time(DUE_HOUR)))


def lend(
    item: EquipmentItem,
    badge_text: str,
    actor,
    *,
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> Loan:
    """Lend one piece of ``item`` to the holder of the badge scanned or typed (audited)."""
    now = now or utcnow()
    badge = borrower_badge(badge_text)
    locked = lock_row(EquipmentItem, item.id)
    if locked is None or not locked.active:
        raise HelpdeskError(_l("This item is not lent any more."))
    if out_count(locked.id) >= locked.count:
        raise HelpdeskError(
            _l(
                "Every %(label)s is on loan (%(n)s of %(n)s): none is left to lend.",
                label=locked.label,
                n=locked.count,
            )
        )
    due_at = due_at or default_due(now)
    if due_at <= now:
        raise HelpdeskError(_l("The return time must be in the future."))
    loan = Loan(
        item_id=locked.id,
        badge_id=badge.id,
        application_id=badge.application_id,
        lent_at=now,
        lent_by_id=actor.id,
        due_at=due_at,
    )
    db.session.add(loan)
    db.session.flush()
    audit.record(
        "helpdesk.lend",
        loan,
        actor=actor,
        details={
            "item": locked.label,
            "serial": badge.serial,
            "due_at": due_at.isoformat(timespec="minutes"),
        },
    )
    return loan


def return_item(item: EquipmentItem, badge_text: str, actor, *, now: datetime | None = None) -> Loan:
    """Take back one piece of ``item`` from the holder of the badge scanned or typed (audited).

    Any version of the holder's badge will do (a replaced or revoked badge still identifies
    who borrowed); the oldest open loan of that item to that holder is closed.
    """
    now = now or utcnow()
    badge = find_badge(badge_text)
    if badge is None:
        raise HelpdeskError(_l("No badge of this congress has this serial or QR code."))
    loan = db.session.scalar(
        select(Loan)
        .where(
            Loan.item_id == item.id, Loan.application_id == badge.application_id, Loan.returned_at.is_(None)
        )
        .order_by(Loan.lent_at, Loan.id)
        .limit(1)
        .with_for_update()
    )
    if loan is None:
        raise HelpdeskError(
            _l(
                "%(label)s was not lent to the holder of badge %(serial)s.",
                label=item.label,
                serial=badge.serial,
            )
        )
    loan.returned_at, loan.returned_by_id = now, actor.id
    db.session.flush()
    audit.record("helpdesk.return", loan, actor=actor, details={"item": item.label, "serial": badge.serial})
    return loan


# ----------------------------------------------------------------------------- open and overdue loans
def _loans_query():
    return (
        select(Loan)
        .where(Loan.returned_at.is_(None))
        .options(joinedload(Loan.item), joinedload(Loan.badge), joinedload(Loan.application))
        .order_by(Loan.due_at, Loan.id)
    )


def open_loans() -> list[Loan]:
    """Every piece lent out now, the soonest due first."""
    return list(db.session.scalars(_loans_query()))


def overdue_loans(now: datetime | None = None) -> list[Loan]:
    """Open loans past their due time (compared in UTC, so the congress's time zone holds)."""
    return list(db.session.scalars(_loans_query().where(Loan.due_at < (now or utcnow()))))


def _reminder_due(now: datetime) -> tuple:
    """Open, past due, and not reminded in the last ``REMIND_EVERY``."""
    return (
        Loan.returned_at.is_(None),
        Loan.due_at < now,
        or_(Loan.reminded_at.is_(None), Loan.reminded_at <= now - REMIND_EVERY),
    )


def _due_reminders(now: datetime) -> list[Loan]:
    """Overdue loans not reminded in the last ``REMIND_EVERY``, locked (skipping rows another
    worker holds, so two workers never e-mail the same borrower twice)."""
    ids = db.session.scalars(
        select(Loan.id).where(*_reminder_due(now)).with_for_update(skip_locked=True)
    ).all()
    return list(db.session.scalars(_loans_query().where(Loan.id.in_(ids)))) if ids else []


def remind_overdue(actor, *, now: datetime | None = None) -> int:
    """E-mail every overdue borrower not reminded in the last 12 hours (outbox; audited). Returns how many."""
    now = now or utcnow()
    sent = 0
    for loan in _due_reminders(now):
        application = loan.application
        user = application.user
        queue_email(
            user.email if user else application.email,
            "helpdesk/overdue",
            language=getattr(user, "language", "vi") or "vi",
            full_name=application.full_name,
            item=loan.item.label,
            lent_at=loan.lent_at,
            due_at=loan.due_at,
        )
        loan.reminded_at = now
        sent += 1
    if sent:
        audit.record("helpdesk.overdue_reminders", None, actor=actor, details={"count": sent})
    db.session.flush()
    return sent


@register_periodic
def remind_overdue_everywhere(now: datetime | None = None) -> int:
    """The outbox worker's pass: remind overdue borrowers in every congress that is not archived.

    Each congress is worked in its own scope (its name in the e-mail, its audit log), and
    only congresses with a reminder due are entered: one query when none is.
    """
    now = now or utcnow()
    event_ids = db.session.scalars(select(Loan.event_id).where(*_reminder_due(now)).distinct()).all()
    sent = 0
    for event in db.session.scalars(select(Event).where(Event.id.in_(event_ids))) if event_ids else ():
        if event.is_archived:
            continue
        with in_event(event):
            sent += remind_overdue(None, now=now)
    return sent
