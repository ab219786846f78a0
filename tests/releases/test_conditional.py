"""The public Atom feed answers conditional requests (issue 18): 304 while nothing changed,
the body kept per version and language, a new release seen at once."""

from __future__ import annotations


def test_the_atom_feed_answers_304_until_a_release_is_published(app, db, make_release):
    make_release(title="Thông cáo số 1")
    reader = app.test_client()
    first = reader.get("/DH16/releases/feed.atom")
    assert first.status_code == 200 and "Thông cáo số 1" in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    repeat = reader.get("/DH16/releases/feed.atom", headers={"If-None-Match": etag})
    assert repeat.status_code == 304 and repeat.data == b""
    assert (
        reader.get(
            "/DH16/releases/feed.atom", headers={"If-Modified-Since": first.headers["Last-Modified"]}
        ).status_code
        == 304
    )
    assert reader.get("/DH16/releases/feed.atom?lang=en", headers={"If-None-Match": etag}).status_code == 200
    again = reader.get("/DH16/releases/feed.atom")  # the kept body, byte for byte
    assert again.data == first.data and again.headers["ETag"] == etag

    make_release(title="Thông cáo số 2")
    make_release(title="Chỉ cho báo chí Trung ương", audience="central")
    changed = reader.get("/DH16/releases/feed.atom", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    text = changed.get_data(as_text=True)
    assert "Thông cáo số 2" in text and "Trung ương" not in text
