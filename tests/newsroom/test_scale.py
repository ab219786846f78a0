"""The library list costs a fixed number of statements: 50 items or 5,000, anonymous or an
accredited journalist (runs on SQLite and on PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import itertools

from sqlalchemy import event, insert

from app.core.timeutil import utcnow
from app.events.services import current_event
from app.extensions import db as _db
from app.newsroom.models import MediaItem

_codes = (f"T{n:07d}" for n in itertools.count())


def _bulk_items(album, officer, count: int) -> None:
    now = utcnow()
    rows = [
        {
            "event_id": current_event().id,
            "album_id": album.id,
            "kind": "photo" if n % 3 else "document",
            "caption": f"Ảnh số {n} phiên khai mạc",
            "caption_en": "",
            "credit": "Ảnh: TTXVN",
            "terms": "editorial_credit",
            "audience": ("public", "accredited", "central", "local")[n % 4],
            "status": "published",
            "publish_at": now,
            "search_key": f"anh so {n} phien khai mac",
            "filename": f"anh-{n}.jpg",
            "storage_key": f"library/none-{n}.jpg",
            "preview_key": f"library/none-{n}-p.jpg",
            "thumb_key": f"library/none-{n}-t.jpg",
            "mimetype": "image/jpeg",
            "size_bytes": 1000,
            "short_code": next(_codes),
            "uploaded_by_id": officer.id,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    for start in range(0, len(rows), 1000):
        _db.session.execute(insert(MediaItem), rows[start : start + 1000])
    _db.session.commit()


def _statements(client, url: str) -> int:
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(_db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(_db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen)


def test_list_statement_count_does_not_grow_with_the_library(
    client, auth, db, make_album, officer, journalist
):
    album, other = make_album("Phiên khai mạc"), make_album("Họp báo")
    _bulk_items(album, officer, 50)
    small = {
        "anonymous": _statements(client, "/DH16/library/"),
        "album": _statements(client, f"/DH16/library/albums/{album.id}"),
        "search": _statements(client, "/DH16/library/?q=khai+mac&kind=photo"),
    }
    _bulk_items(other, officer, 4950)
    large = {
        "anonymous": _statements(client, "/DH16/library/"),
        "album": _statements(client, f"/DH16/library/albums/{other.id}"),
        "search": _statements(client, "/DH16/library/?q=khai+mac&kind=photo"),
    }
    assert large == small
    auth.login(user=journalist("central"))
    signed_in = _statements(client, "/DH16/library/")
    assert _statements(client, "/DH16/library/?page=40") == signed_in
    assert signed_in <= small["anonymous"] + 6, (small, signed_in)
    print(f"library list statements: anonymous {small['anonymous']}, accredited journalist {signed_in}")
