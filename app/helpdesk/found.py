"""Lost and found: items found are logged with a photo and handed back against a badge scan.

The photo goes through the one upload validator. Handing an item back needs the badge a gate
would honour (the current, unrevoked version of an approved application), so a lost or
revoked badge cannot be used to claim somebody's belongings.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import audit, uploads
from app.core.locking import lock_row
from app.core.timeutil import utcnow
from app.extensions import db
from app.helpdesk.loans import borrower_badge
from app.helpdesk.models import FoundItem
from app.helpdesk.services import PHOTO_MAX_BYTES, PHOTO_SIZES, HelpdeskError


def log_found(description: str, place: str, photo, actor, *, now: datetime | None = None) -> FoundItem:
    """Log a found item with its photo (checked and re-encoded; ``UploadError`` when not an image)."""
    description = (description or "").strip()
    if not description:
        raise HelpdeskError(_l("Please describe the item."))
    if photo is None or not getattr(photo, "filename", None):
        raise HelpdeskError(_l("Please add a photo of the item."))
    stored = uploads.save_image(photo, "helpdesk", max_bytes=PHOTO_MAX_BYTES, sizes=PHOTO_SIZES)
    item = FoundItem(
        description=description,
        place=(place or "").strip()[:120],
        photo_key=stored.keys["full"],
        photo_thumb_key=stored.keys["thumb"],
        found_at=now or utcnow(),
        logged_by_id=actor.id,
    )
    db.session.add(item)
    db.session.flush()
    audit.record("helpdesk.found_logged", item, actor=actor, details={"place": item.place})
    return item


def discard(item: FoundItem | None) -> None:
    """Remove the stored photo of an item whose transaction failed."""
    if item is not None:
        uploads.delete_upload(item.photo_key)
        uploads.delete_upload(item.photo_thumb_key)


def hand_back(item: FoundItem, badge_text: str, actor, *, now: datetime | None = None) -> FoundItem:
    """Hand a found item to the holder of the badge scanned or typed (audited)."""
    locked = lock_row(FoundItem, item.id)
    if locked is None:
        raise HelpdeskError(_l("This item no longer exists."))
    if locked.returned_at is not None:
        raise HelpdeskError(_l("This item has already been handed back."))
    badge = borrower_badge(badge_text)
    locked.returned_at, locked.returned_by_id = now or utcnow(), actor.id
    locked.returned_badge_id, locked.returned_application_id = badge.id, badge.application_id
    db.session.flush()
    audit.record("helpdesk.found_returned", locked, actor=actor, details={"serial": badge.serial})
    return locked


def found_items() -> tuple[list[FoundItem], list[FoundItem]]:
    """(items still at the desk, newest first; the 50 last handed back)."""
    waiting = db.session.scalars(
        select(FoundItem)
        .where(FoundItem.returned_at.is_(None))
        .order_by(FoundItem.found_at.desc(), FoundItem.id.desc())
    ).all()
    returned = db.session.scalars(
        select(FoundItem)
        .where(FoundItem.returned_at.is_not(None))
        .order_by(FoundItem.returned_at.desc(), FoundItem.id.desc())
        .limit(50)
    ).all()
    return list(waiting), list(returned)
