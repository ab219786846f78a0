"""Who may read which release, and when: the ONE place visibility is decided.

Every reader surface (list, detail, attachment download, search, the public and the
private Atom feed) and every report, export or dashboard block that names releases
(the dashboard's release block, the closing report) starts from
:func:`visible_releases` or :func:`readable_releases` for the person who reads or
produces it; templates never filter, and no other module writes a release condition.

A release is *live* once it is approved and its ``publish_at`` moment has come:
``status in (approved, published) and publish_at <= now``.

The same rule governs every other thing handed out to an audience under embargo: the
media library's items (app/newsroom) have the same ``status``, ``publish_at`` and
``audience`` columns and are filtered by :func:`visible` / :func:`readable` with their
model, so releases and library share one rule written once, here. The query itself makes
an embargoed release appear at its time, so readers never wait for the worker; the
worker's ``publish_due_releases`` only moves the status to ``published`` and sends
the e-mails. Before that moment a release is invisible outside the release staff.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, false, select
from sqlalchemy.orm import selectinload

from app.accreditation.queries import is_accredited, press_level
from app.core.permissions import Permission
from app.core.text import fold, like_pattern
from app.extensions import db
from app.releases.models import AUDIENCE_GROUPS, Release


def is_release_staff(user) -> bool:
    """Writers and approvers see every release in every state (they prepare them)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.can(Permission.WRITE_RELEASES) or user.can(Permission.APPROVE_RELEASES)
    )


# The states in which a thing handed out (release, library item) may be live.
LIVE_STATUSES = ("approved", "published")


def live_clause(now: datetime, model=Release):
    """SQL condition: approved and its publication moment has come (embargo over).

    ``model`` is :class:`Release` or another model with the same ``status`` and
    ``publish_at`` columns (a library item)."""
    return and_(
        model.status.in_(LIVE_STATUSES),
        model.publish_at.is_not(None),
        model.publish_at <= now,
    )


def scheduled_clause(now: datetime):
    """SQL condition: approved, but its publication moment (the embargo time) is still ahead."""
    return and_(Release.status == "approved", Release.publish_at.is_not(None), Release.publish_at > now)


def audiences_for(user) -> tuple[str, ...]:
    """The audiences whose releases ``user`` may read once they are live.

    Anonymous visitors and journalists without an approved accreditation read public
    releases; an accredited journalist also those for all accredited journalists and
    for the press level of their organisation; staff holding READ_ACCREDITED read all.
    """
    if not getattr(user, "is_authenticated", False):
        return ("public",)
    if user.can(Permission.READ_ACCREDITED) or is_release_staff(user):
        return ("public", "accredited", *AUDIENCE_GROUPS)
    if not is_accredited(user):
        return ("public",)
    level = press_level(user.id)
    return ("public", "accredited", *((level,) if level in AUDIENCE_GROUPS else ()))


def visible(model, user, now: datetime) -> Select:
    """Rows of ``model`` (a release or a library item) ``user`` may open now: release staff
    every one, others the live ones of their audiences."""
    query = select(model)
    if is_release_staff(user):
        return query
    audiences = audiences_for(user)
    return query.where(live_clause(now, model), model.audience.in_(audiences) if audiences else false())


def readable(model, user, now: datetime) -> Select:
    """What lists, search, feeds and downloads in bulk show: visible AND live (staff see the
    readers' view too)."""
    return visible(model, user, now).where(live_clause(now, model))


def visible_releases(user, now: datetime) -> Select:
    """Releases ``user`` may open now: staff every one, others live ones of their audiences."""
    return visible(Release, user, now)


def readable_releases(user, now: datetime) -> Select:
    """What lists, search and feeds show: visible AND live (staff see the readers' view too)."""
    return readable(Release, user, now)


def with_attachments(query: Select) -> Select:
    """Eager-load attachments (and author) so a list costs a fixed number of queries."""
    return query.options(selectinload(Release.attachments), selectinload(Release.author))


def find_visible(user, release_id: int, now: datetime) -> Release | None:
    """One release if ``user`` may open it now, else None (the route answers 404)."""
    return db.session.scalar(visible_releases(user, now).where(Release.id == release_id))


def newest_first(query: Select) -> Select:
    """Order by publication moment (newest first), then id."""
    return query.order_by(Release.publish_at.desc(), Release.id.desc())


def search(query: Select, *, q: str = "", category: str = "", day_range=None) -> Select:
    """Narrow a release query by folded text, category and a [start, end) UTC range."""
    if fold(q):
        query = query.where(Release.search_key.like(like_pattern(q), escape="\\"))
    if category:
        query = query.where(Release.category == category)
    if day_range is not None:
        start, end = day_range
        query = query.where(Release.publish_at >= start, Release.publish_at < end)
    return query
