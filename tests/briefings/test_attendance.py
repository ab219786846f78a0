"""Attendance from accepted scans at the room's gate, from 30 minutes before the start to the end."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from app.briefings.models import Signup
from app.checkin.models import Gate, Scan


@pytest.fixture
def gate(db, make_zone):
    zone = make_zone("HB", "Phòng họp báo")
    gate = Gate(zone_id=zone.id, name="Cửa phòng họp báo số 1", direction="in")
    other = Gate(zone_id=zone.id, name="Cổng chính", direction="in")
    db.session.add_all([gate, other])
    db.session.commit()
    gate.other = other
    return gate


def _scan(db, badge, gate, at, result="accepted"):
    db.session.add(
        Scan(
            token_hash=badge.token_hash,
            badge_id=badge.id,
            gate_id=gate.id,
            scanned_at=at,
            created_at=at,
            result=result,
        )
    )
    db.session.commit()


def test_attendance_list_and_csv(
    client, auth, db, gate, make_room, make_conference, make_application, make_badge, make_organisation
):
    room = make_room(name="Phòng họp báo số 1", gate=gate)
    conference = make_conference(room, starts_in=timedelta(days=-1), minutes=90)
    start, end = conference.starts_at, conference.ends_at
    org = make_organisation("Báo Nhân Dân")
    people = {}
    for key, name in [
        ("early", "Nguyễn Thị Sớm"),
        ("too_early", "Trần Văn Quá Sớm"),
        ("late", "Lê Văn Muộn"),
        ("denied", "Phạm Bị Từ Chối"),
        ("elsewhere", "Hoàng Cổng Khác"),
        ("absent", "Đỗ Vắng Mặt"),
        ("walk_in", "=Vũ Không Đăng Ký"),
    ]:
        application = make_application(status="approved", full_name=name, organisation=org)
        badge, _token = make_badge(application)
        people[key] = (application, badge)
        if key != "walk_in":
            db.session.add(
                Signup(conference_id=conference.id, user_id=application.user_id, status="registered")
            )
    db.session.commit()
    _scan(db, people["early"][1], gate, start - timedelta(minutes=29))
    _scan(db, people["too_early"][1], gate, start - timedelta(minutes=31))
    _scan(db, people["late"][1], gate, end + timedelta(minutes=1))  # after the end: not counted
    _scan(db, people["denied"][1], gate, start, result="denied")
    _scan(db, people["elsewhere"][1], gate.other, start)
    _scan(db, people["walk_in"][1], gate, start + timedelta(minutes=10))
    # A reprinted badge still belongs to the same person.
    people["late"][1].superseded_at = start - timedelta(hours=1)
    db.session.commit()
    reprint, _t = make_badge(people["late"][0], version=2)
    _scan(db, reprint, gate, start + timedelta(minutes=5))

    auth.login("press_officer")
    page = client.get(f"/DH16/briefings/{conference.id}/people").get_data(as_text=True)
    assert "3 người có mặt" in page
    response = client.get(f"/DH16/briefings/{conference.id}/attendance.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Họ và tên", "Cơ quan báo chí", "E-mail", "Đăng ký", "Có mặt", "Giờ quét thẻ"]
    present = {row[0]: row[4] for row in rows[1:]}
    assert present == {
        "Nguyễn Thị Sớm": "có",
        "Trần Văn Quá Sớm": "không",
        "Lê Văn Muộn": "có",
        "Phạm Bị Từ Chối": "không",
        "Hoàng Cổng Khác": "không",
        "Đỗ Vắng Mặt": "không",
        "'=Vũ Không Đăng Ký": "có",  # formula neutralised
    }
    walk_in = next(row for row in rows if row[0].startswith("'="))
    assert walk_in[3] == "Không đăng ký" and walk_in[1] == "Báo Nhân Dân"


def test_room_without_gate_says_so(client, auth, make_room, make_conference):
    conference = make_conference(make_room(gate=None))
    auth.login("press_officer")
    page = client.get(f"/DH16/briefings/{conference.id}/people").get_data(as_text=True)
    assert "Phòng này chưa gắn cổng kiểm soát" in page
    assert client.get(f"/DH16/briefings/{conference.id}/attendance.csv").status_code == 200


def test_journalists_cannot_see_attendance(client, auth, make_conference):
    conference = make_conference()
    auth.login("journalist")
    assert client.get(f"/DH16/briefings/{conference.id}/people").status_code == 403
    assert client.get(f"/DH16/briefings/{conference.id}/attendance.csv").status_code == 403
