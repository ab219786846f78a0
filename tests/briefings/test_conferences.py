"""Press officers schedule, change and cancel conferences through the forms; bad input saves nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.briefings.models import Conference, Signup
from app.core.models import AuditEvent
from app.core.timeutil import from_local, local_today
from tests.briefings.conftest import local_morning


def _day(offset: int = 3) -> str:
    return (local_today() + timedelta(days=offset)).strftime("%d/%m/%Y")


def _form(room, **overrides) -> dict:
    data = {
        "title": "Họp báo trước Đại hội",
        "topic": "Công tác chuẩn bị Đại hội",
        "description": "Thông tin về chương trình Đại hội.\nCác nội dung chính.",
        "room_id": str(room.id),
        "date": _day(),
        "start_time": "09:00",
        "end_time": "10:30",
        "capacity": "",
        "visibility": "public",
    }
    data.update(overrides)
    return data


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Conference))


def test_officer_schedules_a_conference_in_local_time(client, auth, db, make_room, make_speaker):
    auth.login("press_officer")
    room = make_room(capacity=80)
    speaker = make_speaker("Nguyễn Văn Bình", "Trưởng Ban Tuyên giáo Tỉnh ủy")
    response = client.submit("/DH16/briefings/new", {**_form(room), "speaker_ids": [str(speaker.id)]})
    assert response.status_code == 302, response.get_data(as_text=True)
    conference = db.session.scalar(select(Conference))
    day = local_today() + timedelta(days=3)
    # 09:00 in Hà Nội is 02:00 UTC.
    assert conference.starts_at == from_local(datetime.combine(day, datetime.min.time()).replace(hour=9))
    assert conference.starts_at.hour == 2 and conference.ends_at.hour == 3 and conference.ends_at.minute == 30
    assert conference.capacity == 80  # the room's
    assert [s.full_name for s in conference.speakers] == ["Nguyễn Văn Bình"]
    assert conference.status == "scheduled" and conference.sequence == 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "briefings.conference.create"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Họp báo trước Đại hội" in page and f"{day:%d/%m/%Y} 09:00–10:30" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "08:30"}, "Họp báo phải kết thúc sau khi bắt đầu."),
        ({"end_time": "09:00"}, "Họp báo phải kết thúc sau khi bắt đầu."),
        ({"date": "01/01/2020"}, "Thời gian bắt đầu đã qua."),
        ({"title": "T" * 201}, "Tối đa 200 ký tự."),
        ({"description": "x" * 4001}, "Tối đa 4000 ký tự."),
        ({"title": ""}, "Trường này là bắt buộc."),
        ({"room_id": "999999"}, "Vui lòng chọn phòng trong danh sách."),
        ({"room_id": "abc"}, "Vui lòng chọn phòng trong danh sách."),
        ({"speaker_ids": ["999999"]}, "Một diễn giả đã chọn không tồn tại"),
        ({"date": "31/02/2030"}, "Không có ngày 31/02/2030"),
        ({"date": "mai"}, "Nhập ngày theo dạng dd/mm/yyyy"),
        ({"start_time": "25:00"}, "Không có giờ 25:00"),
        ({"start_time": "3 giờ chiều"}, "Nhập giờ theo dạng HH:MM"),
        ({"capacity": "81"}, "Số chỗ phải từ 1 đến 80 chỗ của phòng."),
        ({"capacity": "-3"}, "Nhập số nguyên từ 1 đến 5000."),
        ({"visibility": "secret"}, "Vui lòng chọn ai được xem họp báo."),
        ({"title": "<script>alert(1)</script>"}, "Không được dùng ký tự &lt; và &gt;"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_saved(client, auth, db, make_room, overrides, message):
    auth.login("press_officer")
    room = make_room(capacity=80)
    response = client.submit("/DH16/briefings/new", _form(room, **overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(db) == 0


def test_room_clash_names_the_other_conference(client, auth, db, make_room, make_conference):
    auth.login("press_officer")
    room = make_room()
    day = local_today() + timedelta(days=3)
    other = make_conference(
        room,
        starts_at=from_local(datetime.combine(day, datetime.min.time()).replace(hour=10)),
        title="Họp báo công bố kết quả",
    )
    response = client.submit("/DH16/briefings/new", _form(room, start_time="09:30", end_time="10:15"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Phòng đã có lịch vào thời gian này: “Họp báo công bố kết quả”" in page
    assert f"{day:%d/%m/%Y} 10:00–11:00" in page
    assert _count(db) == 1
    # Back to back is fine, and a cancelled conference frees the room.
    assert (
        client.submit("/DH16/briefings/new", _form(room, start_time="11:00", end_time="12:00")).status_code
        == 302
    )
    other.status = "cancelled"
    db.session.commit()
    assert (
        client.submit("/DH16/briefings/new", _form(room, start_time="09:30", end_time="10:15")).status_code
        == 302
    )


def test_speaker_clash_names_the_other_conference(client, auth, db, make_room, make_speaker, make_conference):
    auth.login("press_officer")
    speaker = make_speaker("Trần Thị Hoa", "Phó Chủ tịch UBND tỉnh")
    day = local_today() + timedelta(days=3)
    make_conference(
        make_room(),
        starts_at=from_local(datetime.combine(day, datetime.min.time()).replace(hour=9)),
        title="Hội nghị thông tin báo chí",
        speakers=[speaker],
    )
    response = client.submit("/DH16/briefings/new", {**_form(make_room()), "speaker_ids": [str(speaker.id)]})
    assert response.status_code == 400
    assert "Trần Thị Hoa đã có lịch phát biểu tại “Hội nghị thông tin báo chí”" in response.get_data(
        as_text=True
    )
    assert _count(db) == 1


def test_series_every_tuesday_for_five_weeks(client, auth, db, make_room):
    auth.login("press_officer")
    room = make_room()
    today = local_today()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    data = _form(room, title="Hội nghị thông tin báo chí hằng tuần", date=tuesday.strftime("%d/%m/%Y"))
    data.update(start_time="15:00", end_time="16:30", repeat="7", count="5")
    response = client.submit("/DH16/briefings/series/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    conferences = db.session.scalars(select(Conference).order_by(Conference.starts_at)).all()
    assert len(conferences) == 5
    assert len({c.series_key for c in conferences}) == 1 and conferences[0].series_key
    for n, conference in enumerate(conferences):
        local = conference.starts_at + timedelta(hours=7)
        assert local.date() == tuesday + timedelta(weeks=n) and local.hour == 15
        assert conference.ends_at - conference.starts_at == timedelta(minutes=90)


def test_series_is_all_or_nothing_and_reports_every_clash(client, auth, db, make_room, make_conference):
    auth.login("press_officer")
    room = make_room()
    first = local_today() + timedelta(days=2)
    for week in (1, 3):
        day = first + timedelta(weeks=week)
        make_conference(
            room,
            starts_at=from_local(datetime.combine(day, datetime.min.time()).replace(hour=15)),
            title=f"Họp báo tuần {week}",
        )
    data = _form(
        room, date=first.strftime("%d/%m/%Y"), start_time="15:00", end_time="16:00", repeat="7", count="5"
    )
    response = client.submit("/DH16/briefings/series/new", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Họp báo tuần 1" in page and "Họp báo tuần 3" in page
    assert (first + timedelta(weeks=1)).strftime("%d/%m/%Y") + ": " in page
    assert _count(db) == 2


def test_changing_time_or_room_emails_everyone_signed_up(
    client, auth, db, make_room, make_conference, accredited, mailbox
):
    room, other_room = make_room(name="Phòng A"), make_room(name="Phòng B")
    conference = make_conference(room, capacity=1, title="Họp báo trước Đại hội", starts_at=local_morning())
    seated, waiting, gone = accredited(), accredited(), accredited()
    db.session.add_all(
        [
            Signup(conference_id=conference.id, user_id=seated.id, status="registered"),
            Signup(conference_id=conference.id, user_id=waiting.id, status="waitlisted", position=1),
            Signup(conference_id=conference.id, user_id=gone.id, status="cancelled"),
        ]
    )
    db.session.commit()
    auth.login("press_officer")
    edit = client.get(f"/DH16/briefings/{conference.id}/edit").get_data(as_text=True)
    assert "2 phóng viên đã đăng ký" in edit

    # A new title alone: SEQUENCE goes up, nobody is e-mailed.
    local = conference.starts_at + timedelta(hours=7)
    base = _form(
        room,
        title="Họp báo trước Đại hội (cập nhật)",
        date=local.strftime("%d/%m/%Y"),
        start_time=local.strftime("%H:%M"),
        end_time=(local + timedelta(hours=1)).strftime("%H:%M"),
        capacity="1",
        visibility="accredited",
    )
    assert client.submit(f"/DH16/briefings/{conference.id}/edit", base).status_code == 302
    db.session.refresh(conference)
    assert conference.sequence == 1 and conference.status == "scheduled"
    assert mailbox.deliver() == 0

    # A new room: both people signed up hear about it, the one who cancelled does not.
    response = client.submit(f"/DH16/briefings/{conference.id}/edit", {**base, "room_id": str(other_room.id)})
    assert response.status_code == 302
    db.session.refresh(conference)
    assert conference.sequence == 2 and conference.status == "changed" and conference.room_id == other_room.id
    assert mailbox.deliver() == 2
    (message,) = mailbox.to(seated.email)
    assert "Họp báo trước Đại hội (cập nhật)" in message["Subject"]
    body = mailbox.body(message)
    assert "Phòng mới: Phòng B (trước đây: Phòng A)" in body
    assert f"http://localhost/DH16/briefings/{conference.id}" in body
    assert "số 1 trong danh sách chờ" in mailbox.body(mailbox.to(waiting.email)[0])
    assert mailbox.to(gone.email) == []


def test_capacity_cannot_drop_below_seats_taken_and_raising_it_promotes(
    client, auth, db, make_room, make_conference, accredited, mailbox, signups_of
):
    room = make_room(capacity=10)
    conference = make_conference(room, capacity=1, starts_at=local_morning())
    first, second = accredited(), accredited()
    db.session.add_all(
        [
            Signup(conference_id=conference.id, user_id=first.id, status="registered"),
            Signup(conference_id=conference.id, user_id=second.id, status="waitlisted", position=1),
        ]
    )
    db.session.commit()
    auth.login("press_officer")
    local = conference.starts_at + timedelta(hours=7)
    data = _form(
        room,
        title=conference.title,
        date=local.strftime("%d/%m/%Y"),
        start_time=local.strftime("%H:%M"),
        end_time=(local + timedelta(hours=1)).strftime("%H:%M"),
        capacity="2",
        visibility="accredited",
    )
    assert client.submit(f"/DH16/briefings/{conference.id}/edit", data).status_code == 302
    assert [s.status for s in signups_of(conference.id)] == ["registered", "registered"]
    mailbox.deliver()
    assert len(mailbox.to(second.email)) == 1
    response = client.submit(f"/DH16/briefings/{conference.id}/edit", {**data, "capacity": "1"})
    assert response.status_code == 400
    assert "2 phóng viên đã có chỗ" in response.get_data(as_text=True)


def test_cancelling_emails_everyone_and_blocks_changes(
    client, auth, db, make_room, make_conference, accredited, mailbox
):
    conference = make_conference(make_room(), title="Họp báo công bố kết quả Đại hội")
    journalist = accredited()
    db.session.add(Signup(conference_id=conference.id, user_id=journalist.id, status="registered"))
    db.session.commit()
    auth.login("press_officer")
    page = client.get(f"/DH16/briefings/{conference.id}/cancel").get_data(as_text=True)
    assert "1 phóng viên đã đăng ký" in page
    response = client.submit(
        f"/DH16/briefings/{conference.id}/cancel", {"reason": "Thay đổi chương trình Đại hội."}
    )
    assert response.status_code == 302
    db.session.refresh(conference)
    assert conference.status == "cancelled" and conference.sequence == 1 and conference.cancelled_at
    assert mailbox.deliver() == 1
    (message,) = mailbox.to(journalist.email)
    assert message["Subject"].startswith("Hủy họp báo")
    assert "Thay đổi chương trình Đại hội." in mailbox.body(message)
    detail = client.get(f"/DH16/briefings/{conference.id}").get_data(as_text=True)
    assert "Họp báo này đã bị hủy." in detail
    # A cancelled conference cannot be changed or cancelled again.
    assert client.get(f"/DH16/briefings/{conference.id}/edit").status_code == 302
    client.submit(
        f"/DH16/briefings/{conference.id}/cancel", {"reason": ""}, form_url=f"/DH16/briefings/{conference.id}"
    )
    db.session.refresh(conference)
    assert conference.sequence == 1


def test_rooms_and_speakers_are_managed_through_forms(client, auth, db, make_zone):
    from app.briefings.models import Room, Speaker
    from app.checkin.models import Gate

    auth.login("press_officer")
    zone = make_zone("HB", "Phòng họp báo")
    gate = Gate(zone_id=zone.id, name="Cửa phòng họp báo", direction="in")
    db.session.add(gate)
    db.session.commit()
    data = {
        "name": "Phòng họp báo số 1",
        "location": "Tầng 1",
        "capacity": "120",
        "gate_id": str(gate.id),
        "active": "y",
    }
    assert client.submit("/DH16/briefings/rooms/new", data).status_code == 302
    room = db.session.scalar(select(Room))
    assert room.capacity == 120 and room.gate_id == gate.id
    duplicate = client.submit("/DH16/briefings/rooms/new", {**data, "name": "phòng họp báo SỐ 1"})
    assert duplicate.status_code == 400 and "Đã có phòng tên" in duplicate.get_data(as_text=True)
    bad_gate = client.submit(f"/DH16/briefings/rooms/{room.id}/edit", {**data, "gate_id": "424242"})
    assert bad_gate.status_code == 400 and "Vui lòng chọn cổng trong danh sách." in bad_gate.get_data(
        as_text=True
    )
    assert client.get("/DH16/briefings/rooms").status_code == 200

    response = client.submit(
        "/DH16/briefings/speakers/new",
        {
            "full_name": "Lê Văn Tâm",
            "position": "Người phát ngôn Tỉnh ủy",
            "organisation": "Tỉnh ủy",
            "active": "y",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Speaker)).position == "Người phát ngôn Tỉnh ủy"
    too_long = client.submit("/DH16/briefings/speakers/new", {"full_name": "A" * 121})
    assert too_long.status_code == 400 and "Tối đa 120 ký tự." in too_long.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 1
