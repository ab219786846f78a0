"""The Atom feeds parse with feedparser and carry the right entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import feedparser
import time_machine
from sqlalchemy import select

from app.releases import feeds
from app.releases.models import FeedSecret


def test_public_feed_parses_and_lists_public_releases(client, make_release):
    make_release(title="Thông cáo báo chí về chương trình Đại hội", summary="Chương trình ba ngày")
    make_release(title="Chỉ cho báo chí Trung ương", audience="central")
    response = client.get("/DH16/releases/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Thông cáo báo chí về chương trình Đại hội"]
    entry = feed.entries[0]
    assert entry.summary == "Chương trình ba ngày"
    assert entry.link.startswith("http://localhost/DH16/releases/")
    assert "<strong>ba ngày</strong>" in entry.content[0].value
    assert entry.tags[0].term == "press_release"


def test_corrected_entries_are_marked_and_updated(client, make_user, make_release):
    from app.releases import corrections

    with time_machine.travel(datetime(2025, 10, 14, 1, 0, tzinfo=UTC), tick=False) as traveller:
        release = make_release(title="Danh sách đoàn chủ tịch")
        traveller.shift(timedelta(minutes=10))
        correction = corrections.propose_correction(
            release, make_user("press_officer"), title=release.title, summary="", body="Mới", note="Sửa tên"
        )
        traveller.shift(timedelta(minutes=5))  # readers see the correction from its approval
        corrections.approve_correction(correction, make_user("approver"))
        feed = feedparser.parse(client.get("/DH16/releases/feed.atom").data)
    (entry,) = feed.entries
    assert "(corrected)" in entry.title or "(đã đính chính)" in entry.title
    assert entry.published == "2025-10-14T01:00:00+00:00"
    assert entry.updated == "2025-10-14T01:15:00+00:00"


def test_empty_feeds_still_parse(client, db, journalist):
    assert not feedparser.parse(client.get("/DH16/releases/feed.atom").data).bozo
    token = feeds.feed_token(journalist(None))
    db.session.commit()
    private = feedparser.parse(client.get(f"/DH16/releases/feed/{token}.atom").data)
    assert not private.bozo and private.entries == []


def test_journalist_creates_and_resets_the_private_feed_from_the_page(client, auth, db, make_release):
    user = auth.login("journalist")
    page = client.get("/DH16/releases/my-feed").get_data(as_text=True)
    assert 'data-testid="feed-url"' not in page
    client.submit("/DH16/releases/my-feed")
    page = client.get("/DH16/releases/my-feed").get_data(as_text=True)
    token = feeds.feed_token(user, create=False)
    assert f"/DH16/releases/feed/{token}.atom" in page
    hashed = db.session.scalar(select(FeedSecret.token_hash))
    assert token not in hashed  # only a hash is stored
    client.submit("/DH16/releases/my-feed")
    db.session.expire_all()
    assert feeds.feed_token(user, create=False) != token
    assert client.get(f"/DH16/releases/feed/{token}.atom").status_code == 404
