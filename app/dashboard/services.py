"""Coverage rules: who may log and correct a published piece, and how it is checked.

Accredited journalists log their own pieces; staff holding MANAGE_COVERAGE add and
correct entries for anyone. A link is stored once (normalised), so the same piece
logged twice never inflates the totals of the closing report.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit, urlunsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.accreditation.models import Application, MediaOrganisation
from app.accreditation.queries import accredited_application
from app.core import audit
from app.core.permissions import Permission
from app.core.timeutil import local_today
from app.dashboard.models import MEDIA, OUTLET_MAX, TITLE_MAX, URL_MAX, CoverageItem
from app.events.services import current_event_id
from app.extensions import db

EARLIEST = date(2000, 1, 1)  # anything older is a typing mistake


class CoverageError(Exception):
    """A coverage entry that cannot be saved; ``field`` names the form field at fault."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def normalise_url(raw: str | None) -> str:
    """An http(s) link as stored: scheme and host lower-cased, fragment dropped.

    Raises CoverageError for anything that is not a complete http or https address
    (``javascript:``, ``ftp:``, a bare word), so a stored link is always safe to show.
    """
    value = (raw or "").strip()
    if not value:
        raise CoverageError(_l("Please enter the link to the piece."), "url")
    if len(value) > URL_MAX:
        raise CoverageError(_l("The link is too long (at most %(n)s characters).", n=URL_MAX), "url")
    if any(ch.isspace() for ch in value) or any(ch in value for ch in "<>\"'"):
        raise CoverageError(_l("The link must not contain spaces or quotes."), "url")
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError for a malformed port
    except ValueError:
        raise CoverageError(_l("This is not a valid web address."), "url") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise CoverageError(_l("The link must start with http:// or https://."), "url")
    host = (parts.hostname or "").lower()
    if not host or "." not in host or host.startswith(".") or host.endswith("."):
        raise CoverageError(_l("This is not a valid web address."), "url")
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def can_report(user) -> bool:
    """Whether ``user`` may log pieces of their own: an accredited journalist."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.can(Permission.REPORT_COVERAGE)
        and accredited_application(user.id) is not None
    )


def can_manage(user) -> bool:
    """Whether ``user`` may add and correct entries for anyone (press centre staff)."""
    return bool(getattr(user, "is_authenticated", False)) and user.can(Permission.MANAGE_COVERAGE)


def can_edit(user, item: CoverageItem) -> bool:
    """Staff edit every entry; a journalist only their own, while accredited."""
    if can_manage(user):
        return True
    return item.journalist_id == getattr(user, "id", None) and can_report(user)


def default_outlet(user_id: int | None) -> str:
    """The name of the journalist's accredited organisation ('' when none)."""
    if user_id is None:
        return ""
    return (
        db.session.scalar(
            select(MediaOrganisation.name)
            .join(Application, Application.organisation_id == MediaOrganisation.id)
            .where(
                Application.user_id == user_id,
                Application.status == "approved",
                Application.event_id == current_event_id(),
            )
        )
        or ""
    )


def journalist_choices() -> list[tuple[int, str]]:
    """Accredited journalists as (user id, "name — organisation"), for the staff form."""
    rows = db.session.execute(
        select(Application.user_id, Application.full_name, MediaOrganisation.name)
        .join(MediaOrganisation, MediaOrganisation.id == Application.organisation_id)
        .where(Application.status == "approved")
        .order_by(Application.search_key, Application.id)
    ).all()
    return [(user_id, f"{name} — {org}") for user_id, name, org in rows]


def _check(
    *, url: str, title: str, outlet: str, published_on: date | None, medium: str, item_id: int | None
) -> str:
    """Validate every field before anything is written; returns the normalised link."""
    link = normalise_url(url)
    if not title:
        raise CoverageError(_l("Please enter the title."), "title")
    if len(title) > TITLE_MAX:
        raise CoverageError(_l("The title is too long (at most %(n)s characters).", n=TITLE_MAX), "title")
    if not outlet:
        raise CoverageError(_l("Please enter the media outlet."), "outlet")
    if len(outlet) > OUTLET_MAX:
        raise CoverageError(
            _l("The outlet name is too long (at most %(n)s characters).", n=OUTLET_MAX), "outlet"
        )
    if published_on is None:
        raise CoverageError(_l("Please enter the publication date (dd/mm/yyyy)."), "published_on")
    if published_on > local_today():
        raise CoverageError(_l("The publication date cannot be in the future."), "published_on")
    if published_on < EARLIEST:
        raise CoverageError(_l("The publication date is too far in the past."), "published_on")
    if medium not in MEDIA:
        raise CoverageError(_l("Please choose the medium."), "medium")
    existing = db.session.scalar(
        select(CoverageItem.id).where(CoverageItem.url == link, CoverageItem.event_id == current_event_id())
    )
    if existing is not None and existing != item_id:
        raise CoverageError(_l("This link has already been logged."), "url")
    return link


def log_coverage(
    *,
    actor: User,
    journalist_id: int | None,
    url: str,
    title: str,
    outlet: str,
    published_on: date | None,
    medium: str,
) -> CoverageItem:
    """Add a published piece; the outlet defaults to the journalist's organisation."""
    outlet = (outlet or "").strip() or default_outlet(journalist_id)
    link = _check(url=url, title=title, outlet=outlet, published_on=published_on, medium=medium, item_id=None)
    item = CoverageItem(
        journalist_id=journalist_id,
        url=link,
        title=title,
        outlet=outlet,
        published_on=published_on,
        medium=medium,
        created_by_id=actor.id,
        updated_by_id=actor.id,
    )
    item.refresh_search_key()
    db.session.add(item)
    db.session.flush()
    audit.record(
        "coverage.log",
        item,
        actor=actor,
        details={"url": link, "outlet": outlet, "medium": medium, "journalist_id": journalist_id},
    )
    return item


def update_coverage(
    item: CoverageItem,
    *,
    actor: User,
    url: str,
    title: str,
    outlet: str,
    published_on: date | None,
    medium: str,
    journalist_id: int | None = None,
    change_journalist: bool = False,
) -> CoverageItem:
    """Correct an entry; only staff may move it to another journalist (``change_journalist``)."""
    outlet = (outlet or "").strip() or default_outlet(
        journalist_id if change_journalist else item.journalist_id
    )
    link = _check(
        url=url, title=title, outlet=outlet, published_on=published_on, medium=medium, item_id=item.id
    )
    before = {
        "url": item.url,
        "title": item.title,
        "outlet": item.outlet,
        "published_on": item.published_on.isoformat(),
        "medium": item.medium,
        "journalist_id": item.journalist_id,
    }
    item.url, item.title, item.outlet = link, title, outlet
    item.published_on, item.medium = published_on, medium
    if change_journalist:
        item.journalist_id = journalist_id
    item.updated_by_id = actor.id
    item.refresh_search_key()
    db.session.flush()
    after = {
        "url": item.url,
        "title": item.title,
        "outlet": item.outlet,
        "published_on": item.published_on.isoformat(),
        "medium": item.medium,
        "journalist_id": item.journalist_id,
    }
    changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    audit.record("coverage.correct", item, actor=actor, details={"changed": changed})
    return item


def delete_coverage(item: CoverageItem, *, actor: User) -> None:
    """Remove an entry logged by mistake (the audit log keeps what it was)."""
    audit.record(
        "coverage.delete",
        item,
        actor=actor,
        details={
            "url": item.url,
            "title": item.title,
            "outlet": item.outlet,
            "journalist_id": item.journalist_id,
        },
    )
    db.session.delete(item)
    db.session.flush()
