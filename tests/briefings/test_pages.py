"""Agenda, public schedule, detail and staff pages: who sees what, and a fixed number of queries."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event

from app.briefings.models import Signup
from app.core.timeutil import from_local, local_today
from tests.conftest import PASSWORD


@contextmanager
def count_queries(db):
    counter = {"n": 0}

    def before(*_args, **_kwargs):
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _at(day, hour):
    return from_local(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def test_public_schedule_and_feed_show_only_public_conferences(client, make_conference):
    make_conference(visibility="public", title="Họp báo công khai")
    make_conference(visibility="accredited", title="Họp báo dành cho phóng viên được cấp thẻ")
    page = client.get("/DH16/briefings/schedule").get_data(as_text=True)
    assert "Họp báo công khai" in page and "Họp báo dành cho phóng viên" not in page
    assert "Lịch họp báo công khai" in client.get("/DH16/").get_data(as_text=True)  # in the navigation


def test_detail_visibility(client, auth, make_conference, make_user):
    public = make_conference(visibility="public")
    closed = make_conference(visibility="accredited")
    assert client.get(f"/DH16/briefings/{public.id}").status_code == 200
    response = client.get(f"/DH16/briefings/{closed.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login("scanner")
    assert client.get(f"/DH16/briefings/{closed.id}").status_code == 404
    assert client.get(f"/DH16/briefings/{public.id}").status_code == 200


def test_agenda_day_and_week(client, auth, db, make_conference, make_room, accredited):
    monday = local_today() + timedelta(days=7 - local_today().weekday())
    room = make_room()
    make_conference(room, starts_at=_at(monday, 9), title="Họp báo thứ Hai")
    wednesday = make_conference(room, starts_at=_at(monday + timedelta(days=2), 15), title="Họp báo thứ Tư")
    make_conference(room, starts_at=_at(monday + timedelta(days=8), 9), title="Họp báo tuần sau")
    journalist = accredited()
    db.session.add(Signup(conference_id=wednesday.id, user_id=journalist.id, status="waitlisted", position=4))
    db.session.commit()
    auth.login(user=journalist)
    week = client.get(
        f"/DH16/briefings/agenda?view=week&date={monday + timedelta(days=3):%Y-%m-%d}"
    ).get_data(as_text=True)
    assert "Họp báo thứ Hai" in week and "Họp báo thứ Tư" in week and "Họp báo tuần sau" not in week
    assert f"Thứ Tư, {monday + timedelta(days=2):%d/%m/%Y}" in week
    assert "Danh sách chờ: số 4" in week
    day = client.get(f"/DH16/briefings/agenda?view=day&date={monday:%Y-%m-%d}").get_data(as_text=True)
    assert "Họp báo thứ Hai" in day and "Họp báo thứ Tư" not in day
    assert client.get("/DH16/briefings/agenda?view=day&date=not-a-date").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/DH16/briefings/manage",
        "/DH16/briefings/new",
        "/DH16/briefings/series/new",
        "/DH16/briefings/rooms",
        "/DH16/briefings/speakers",
    ],
)
def test_staff_pages_need_manage_briefings(client, auth, url):
    auth.login("journalist")
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login("press_officer")
    assert client.get(url).status_code == 200


def test_page_query_counts_do_not_grow_with_rows(
    client, app, db, make_user, make_conference, make_room, make_speaker, accredited
):
    speakers = [make_speaker() for _ in range(3)]
    room = make_room()
    journalist = accredited()
    day = local_today() + timedelta(days=2)
    conferences: list = []
    officer = app.test_client()
    officer_user = make_user("press_officer")
    officer.submit("/login", {"email": officer_user.email, "password": PASSWORD})
    client.submit("/login", {"email": journalist.email, "password": PASSWORD})
    client.get("/DH16/briefings/mine")  # creates the private feed once
    pages = [
        (client, f"/DH16/briefings/agenda?view=day&date={day:%Y-%m-%d}"),
        (client, "/DH16/briefings/mine"),
        (client, "/DH16/briefings/schedule"),
        (officer, "/DH16/briefings/manage"),
    ]
    counts: dict[str, list[int]] = {}
    for total in (2, 8):
        while len(conferences) < total:
            start = _at(day, 0) + timedelta(minutes=70 * len(conferences))
            conference = make_conference(room, starts_at=start, speakers=speakers, visibility="public")
            conferences.append(conference)
            db.session.add(Signup(conference_id=conference.id, user_id=journalist.id, status="registered"))
            db.session.commit()
        for who, url in pages:
            with count_queries(db) as counter:
                assert who.get(url).status_code == 200
            counts.setdefault(url, []).append(counter["n"])
    assert all(small == large for small, large in counts.values()), counts


def test_mine_lists_sign_ups_and_the_feed(client, auth, db, make_conference, accredited):
    conference = make_conference(title="Họp báo trước Đại hội")
    journalist = accredited()
    db.session.add(Signup(conference_id=conference.id, user_id=journalist.id, status="registered"))
    db.session.commit()
    auth.login(user=journalist)
    page = client.get("/DH16/briefings/mine").get_data(as_text=True)
    assert "Họp báo trước Đại hội" in page and "Đã có chỗ" in page
    assert "http://localhost/DH16/briefings/feeds/" in page
