"""What a reader may see of the library: the releases' visibility rule applied to items.

Nothing here decides visibility itself: :func:`visible_items` and :func:`readable_items` are
``app.releases.queries.visible`` / ``readable`` with :class:`MediaItem`, so an item under
embargo or for another audience is invisible on every surface (list, search, detail,
preview, download, album page, ZIP, short link, QR sheet) exactly as a release would be.
An album shows to a reader when at least one of its items does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from app.core.text import fold, like_pattern
from app.extensions import db
from app.newsroom.models import ITEM_KINDS, Album, MediaItem
from app.releases import queries as release_queries

is_library_staff = release_queries.is_release_staff  # release staff run the library too


def visible_items(user, now: datetime) -> Select:
    """Items ``user`` may open now (staff: every one, withdrawn ones too)."""
    return release_queries.visible(MediaItem, user, now)


def readable_items(user, now: datetime) -> Select:
    """Items lists, search, album pages and ZIPs show: visible AND live."""
    return release_queries.readable(MediaItem, user, now)


def find_item(user, item_id: int, now: datetime) -> MediaItem | None:
    """One item if ``user`` may open it now, else None (the route answers 404)."""
    return db.session.scalar(visible_items(user, now).where(MediaItem.id == item_id))


def album_items(user, album: Album, now: datetime) -> Select:
    """The items of an album ``user`` gets on its page and in its ZIP (staff: every item
    not withdrawn; readers: the readable ones), oldest first."""
    query = readable_items(user, now) if not is_library_staff(user) else visible_items(user, now)
    return (
        query.where(MediaItem.album_id == album.id, MediaItem.status != "withdrawn")
        .options(selectinload(MediaItem.album))
        .order_by(MediaItem.id)
    )


def find_album(user, album_id: int, now: datetime) -> Album | None:
    """An album ``user`` may open: staff any, readers one with a readable item."""
    query = select(Album).where(Album.id == album_id)
    if not is_library_staff(user):
        query = query.where(Album.id.in_(readable_items(user, now).with_only_columns(MediaItem.album_id)))
    return db.session.scalar(query)


def readable_albums(user, now: datetime) -> list[tuple[Album, int]]:
    """Albums with readable items and how many each has, newest album first (one query)."""
    counted = (
        readable_items(user, now)
        .with_only_columns(MediaItem.album_id, func.count(MediaItem.id).label("n"))
        .group_by(MediaItem.album_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Album, counted.c.n).join(counted, counted.c.album_id == Album.id).order_by(Album.id.desc())
    ).all()
    return [(album, n) for album, n in rows]


def search(query: Select, *, q: str = "", kind: str = "", album_id: int | None = None) -> Select:
    """Narrow an item query by folded text, kind and album."""
    if fold(q):
        query = query.where(MediaItem.search_key.like(like_pattern(q), escape="\\"))
    if kind in ITEM_KINDS:
        query = query.where(MediaItem.kind == kind)
    if album_id is not None:
        query = query.where(MediaItem.album_id == album_id)
    return query


def newest_first(query: Select) -> Select:
    """Newest publication first, with the album loaded in the same fixed number of queries."""
    return query.options(selectinload(MediaItem.album)).order_by(
        MediaItem.publish_at.desc(), MediaItem.id.desc()
    )
