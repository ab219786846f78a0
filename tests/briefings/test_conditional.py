"""The public iCal feed and the public schedule answer conditional requests (issue 18):
ETag / Last-Modified → 304, the body kept per version and language, a change seen at once."""

from __future__ import annotations

from app.core.timeutil import utcnow
from tests.checkin.conftest import count_statements


def _unfolded(response) -> str:
    return response.get_data(as_text=True).replace("\r\n ", "")


def test_the_calendar_answers_304_until_a_conference_changes(app, db, make_conference, make_room):
    conference = make_conference(make_room(), visibility="public", title="Họp báo khai mạc")
    reader = app.test_client()
    first = reader.get("/DH16/briefings/calendar.ics")
    assert first.status_code == 200 and "Họp báo khai mạc" in _unfolded(first)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "public, max-age=300"

    with count_statements(db.engine) as statements:
        repeat = reader.get("/DH16/briefings/calendar.ics", headers={"If-None-Match": etag})
    assert repeat.status_code == 304 and repeat.data == b"" and repeat.headers["ETag"] == etag
    # the event of the URL and the version: nothing rendered, nothing loaded
    assert len([s for s in statements if not s.startswith("BEGIN")]) == 2, statements
    assert (
        reader.get("/DH16/briefings/calendar.ics", headers={"If-Modified-Since": modified}).status_code == 304
    )
    # another language is another document
    english = reader.get("/DH16/briefings/calendar.ics?lang=en", headers={"If-None-Match": etag})
    assert english.status_code == 200 and english.headers["ETag"] != etag

    conference.title, conference.updated_at = "Họp báo khai mạc (đổi giờ)", utcnow()
    db.session.commit()
    changed = reader.get("/DH16/briefings/calendar.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "đổi giờ" in _unfolded(changed)


def test_a_new_public_conference_changes_the_version(app, db, make_conference, make_room):
    room = make_room()
    make_conference(room, visibility="public")
    reader = app.test_client()
    etag = reader.get("/DH16/briefings/calendar.ics").headers["ETag"]
    make_conference(room, visibility="accredited")  # not in the public feed: same document
    assert reader.get("/DH16/briefings/calendar.ics", headers={"If-None-Match": etag}).status_code == 304
    make_conference(room, visibility="public", title="Họp báo bế mạc")
    again = reader.get("/DH16/briefings/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 200 and "bế mạc" in _unfolded(again)


def test_the_public_schedule_answers_304_to_an_anonymous_reader(
    app, db, client, auth, make_conference, make_room
):
    make_conference(make_room(), visibility="public", title="Họp báo về công tác nhân sự")
    reader = app.test_client()
    first = reader.get("/DH16/briefings/schedule")
    assert first.status_code == 200 and "công tác nhân sự" in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    assert reader.get("/DH16/briefings/schedule", headers={"If-None-Match": etag}).status_code == 304
    assert reader.get("/DH16/briefings/schedule?page=2", headers={"If-None-Match": etag}).status_code != 304
    auth.login("journalist")
    signed_in = client.get("/DH16/briefings/schedule", headers={"If-None-Match": etag})
    assert signed_in.status_code == 200 and "ETag" not in signed_in.headers
