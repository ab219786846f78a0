"""iCalendar feeds, read back with two independent parsers (icalendar and vobject)."""

from __future__ import annotations

from datetime import UTC, timedelta

import icalendar
import vobject
from sqlalchemy import select

from app.briefings.models import CalendarFeed, Signup
from tests.briefings.conftest import local_morning


def _events_icalendar(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _events_vobject(data: bytes) -> dict[str, object]:
    calendar = vobject.readOne(data.decode("utf-8"))
    return {event.uid.value: event for event in getattr(calendar, "vevent_list", [])}


def _feed_url(client) -> str:
    page = client.get("/DH16/briefings/mine").get_data(as_text=True)
    start = page.index("http://localhost/DH16/briefings/feeds/")
    return page[start : page.index('"', start)].replace("http://localhost", "")


def test_public_feed_lists_public_conferences_for_both_parsers(
    client, db, make_conference, make_room, make_speaker
):
    room = make_room(name="Phòng họp báo số 1", location="Trung tâm báo chí tỉnh")
    speaker = make_speaker("Nguyễn Văn Bình", "Trưởng Ban Tuyên giáo Tỉnh ủy")
    public = make_conference(room, visibility="public", title="Họp báo trước Đại hội", speakers=[speaker])
    make_conference(make_room(), visibility="accredited", title="Họp báo nội bộ")
    response = client.get("/DH16/briefings/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    data = response.get_data()
    uid = f"conference-{public.id}@dh16.presscentre"

    events = _events_icalendar(data)
    assert list(events) == [uid]
    event = events[uid]
    assert str(event["SUMMARY"]) == "Họp báo trước Đại hội"
    assert event.decoded("DTSTART") == public.starts_at.replace(tzinfo=UTC)
    assert event.decoded("DTEND") == public.ends_at.replace(tzinfo=UTC)
    assert event["STATUS"] == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    assert "Phòng họp báo số 1, Trung tâm báo chí tỉnh" == str(event["LOCATION"])
    assert "Nguyễn Văn Bình" in str(event["DESCRIPTION"])
    assert b"DTSTART:" in data and b"Z\r\n" in data  # UTC times

    other = _events_vobject(data)
    assert list(other) == [uid]
    assert other[uid].summary.value == "Họp báo trước Đại hội"
    assert other[uid].dtstart.value == public.starts_at.replace(tzinfo=UTC)
    assert int(other[uid].sequence.value) == 0


def test_a_change_raises_sequence_and_a_cancellation_says_cancelled(
    client, auth, db, make_conference, make_room
):
    room, other_room = make_room(), make_room(name="Hội trường B")
    conference = make_conference(
        room, visibility="public", title="Họp báo công bố kết quả", starts_at=local_morning()
    )
    uid = f"conference-{conference.id}@dh16.presscentre"
    before = client.get("/DH16/briefings/calendar.ics").get_data()
    auth.login("press_officer")
    local = conference.starts_at + timedelta(hours=7)
    data = {
        "title": conference.title,
        "room_id": str(other_room.id),
        "date": local.strftime("%d/%m/%Y"),
        "start_time": local.strftime("%H:%M"),
        "end_time": (local + timedelta(hours=2)).strftime("%H:%M"),
        "visibility": "public",
    }
    assert client.submit(f"/DH16/briefings/{conference.id}/edit", data).status_code == 302
    after = client.get("/DH16/briefings/calendar.ics").get_data()
    assert int(_events_icalendar(after)[uid]["SEQUENCE"]) > int(_events_icalendar(before)[uid]["SEQUENCE"])
    assert int(_events_vobject(after)[uid].sequence.value) == 1
    assert "Hội trường B" in _events_vobject(after)[uid].location.value
    assert _events_icalendar(after)[uid]["UID"] == _events_icalendar(before)[uid]["UID"]

    client.submit(f"/DH16/briefings/{conference.id}/cancel", {"reason": "Hoãn"})
    cancelled = client.get("/DH16/briefings/calendar.ics").get_data()
    event = _events_icalendar(cancelled)[uid]
    assert event["STATUS"] == "CANCELLED" and int(event["SEQUENCE"]) == 2
    assert _events_vobject(cancelled)[uid].status.value == "CANCELLED"


def test_private_feed_has_what_the_journalist_signed_up_for(client, auth, db, make_conference, accredited):
    seat = make_conference(title="Họp báo có chỗ")
    waiting = make_conference(title="Họp báo đang chờ")
    not_mine = make_conference(title="Họp báo khác")
    journalist = accredited()
    db.session.add_all(
        [
            Signup(conference_id=seat.id, user_id=journalist.id, status="registered"),
            Signup(conference_id=waiting.id, user_id=journalist.id, status="waitlisted", position=3),
        ]
    )
    db.session.commit()
    auth.login(user=journalist)
    url = _feed_url(client)
    auth.logout()
    response = client.get(url)  # no sign-in needed: the token is the key
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    data = response.get_data()
    events = _events_icalendar(data)
    assert set(events) == {f"conference-{c.id}@dh16.presscentre" for c in (seat, waiting)}
    assert f"conference-{not_mine.id}@dh16.presscentre" not in events
    tentative = events[f"conference-{waiting.id}@dh16.presscentre"]
    assert tentative["STATUS"] == "TENTATIVE" and "[Chờ số 3]" in str(tentative["SUMMARY"])
    assert len(_events_vobject(data)) == 2
    # Only the hash of the token is stored.
    feed = db.session.scalar(select(CalendarFeed))
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in (feed.token_hash, feed.nonce) and len(token) >= 22


def test_wrong_token_is_404_and_reset_retires_the_old_url(client, auth, db, accredited):
    assert client.get("/DH16/briefings/feeds/not-a-real-token.ics").status_code == 404
    auth.login(user=accredited())
    old = _feed_url(client)
    assert _feed_url(client) == old  # stable across visits
    assert client.get(old).status_code == 200
    response = client.submit("/DH16/briefings/mine/feed/reset", form_url="/DH16/briefings/mine")
    assert response.status_code == 302
    new = _feed_url(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
