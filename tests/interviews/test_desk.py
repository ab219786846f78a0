"""The desk's side: the board with waiting times, every transition (and the illegal ones),
consent before scheduling, e-mails to both sides, the private calendar, the printed day list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.briefings import ical
from app.core.timeutil import utcnow
from app.extensions import db
from app.interviews import services
from app.interviews.models import InterviewRequest
from tests.interviews.conftest import at, audit_actions, local_day, outbox


def _url(request, step: str = "") -> str:
    return f"/DH16/interviews/requests/{request.id}" + (f"/{step}" if step else "")


def _post(client, request, step: str, data: dict | None = None):
    return client.submit(_url(request, step), data or {}, form_url=_url(request))


def _feed(client, user) -> Calendar:
    """The journalist's private calendar, as their calendar app fetches it."""
    token = ical.feed_token(ical.feed_for(user))
    db.session.commit()
    response = client.get(f"/DH16/briefings/feeds/{token}.ics")
    assert response.status_code == 200
    return Calendar.from_ical(response.get_data())


def _entries(calendar: Calendar) -> dict[str, object]:
    return {str(c["uid"]): c for c in calendar.walk("VEVENT")}


def test_the_desk_brokers_an_interview_from_request_to_calendar(
    client, auth, accredited, person, room, officer, make_request, mailbox
):
    user, _application = accredited()
    request = make_request(user, person, when=at(2, 10))
    auth.login("press_officer", user=officer)
    board = client.get("/DH16/interviews/board").get_data(as_text=True)
    assert "Trần Thị Hoa" in board and "đã chờ 0 phút" in board

    # received → contacting
    assert _post(client, request, "contact").status_code == 302
    db.session.refresh(request)
    assert request.state == "contacting"

    # contacting → accepted, with the consent recorded
    page = client.get(_url(request)).get_data(as_text=True)
    assert "Ghi nhận đồng ý" in page and "tranthihoa@nghean.gov.vn" in page
    response = _post(
        client,
        request,
        "consent",
        {
            "consent_by": "Trần Thị Hoa (qua thư ký)",
            "consent_date": local_day(0),
            "consent_time": "00:05",
            "channel": "phone",
        },
    )
    assert response.status_code == 302
    db.session.refresh(request)
    assert (request.state, request.consent_by, request.consent_channel, request.consent_recorded_by_id) == (
        "accepted",
        "Trần Thị Hoa (qua thư ký)",
        "phone",
        officer.id,
    )
    assert request.consent_at == at(0, 0, 5)

    # accepted → scheduled: both sides told, the journalist's calendar has it
    response = _post(
        client,
        request,
        "schedule",
        {"date": local_day(2), "start_time": "10:00", "duration": "30", "room_id": str(room.id)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.refresh(request)
    assert (request.state, request.room_id, request.starts_at, request.ends_at, request.sequence) == (
        "scheduled",
        room.id,
        at(2, 10),
        at(2, 10, 30),
        1,
    )
    assert audit_actions()[-3:] == ["interviews.contact", "interviews.consent", "interviews.schedule"]
    messages = outbox()
    to_journalist = [m for m in messages if m.recipient == user.email]
    to_person = [m for m in messages if m.recipient == "tranthihoa@nghean.gov.vn"]
    assert len(to_journalist) == 4  # received, contacting, accepted, scheduled
    assert "Lịch phỏng vấn Trần Thị Hoa" in to_journalist[-1].subject
    assert "Phòng phỏng vấn số 1" in to_journalist[-1].body_text
    [invitation] = to_person
    assert "Nguyễn Văn Ánh" in invitation.body_text and "Phòng phỏng vấn số 1" in invitation.body_text
    assert mailbox.deliver() == 5

    entry = _entries(_feed(client, user))[f"interview-{request.id}@dh16.presscentre"]
    assert entry.decoded("dtstart").replace(tzinfo=None) == at(2, 10)
    assert (int(entry["sequence"]), str(entry["status"])) == (1, "CONFIRMED")
    assert "Trần Thị Hoa" in str(entry["summary"]) and "Phòng phỏng vấn số 1" in str(entry["location"])

    # the journalist sees it on their page, and the feed over HTTP
    auth.logout()
    auth.login("journalist", user=user)
    mine = client.get("/DH16/interviews/").get_data(as_text=True)
    assert "Đã xếp lịch" in mine and "Phòng phỏng vấn số 1" in mine
    feed_url = ical.feed_token(ical.feed_for(user))
    assert feed_url in mine  # the page shows the address of the feed that carries it


def test_rescheduling_and_cancelling_follow_in_the_calendar_and_the_mail(
    client, accredited, person, room, officer, accepted, db
):
    user, _ = accredited()
    request = accepted(user, person)
    services.schedule(request, officer, starts_at=at(2, 10), duration_minutes=30, room_id=room.id)
    services.schedule(request, officer, starts_at=at(2, 14), duration_minutes=45, room_id=room.id)
    db.session.commit()
    assert (request.starts_at, request.ends_at, request.sequence) == (at(2, 14), at(2, 14, 45), 2)
    assert "interviews.reschedule" in audit_actions()
    with pytest.raises(services.InterviewError, match="already scheduled|đã được xếp"):
        services.schedule(request, officer, starts_at=at(2, 14), duration_minutes=45, room_id=room.id)
    db.session.rollback()
    services.cancel(request, officer, reason="Đồng chí Hoa có lịch công tác đột xuất")
    db.session.commit()
    entry = _entries(_feed(client, user))[f"interview-{request.id}@dh16.presscentre"]
    assert (int(entry["sequence"]), str(entry["status"])) == (3, "CANCELLED")
    person_mail = [m.subject for m in outbox() if m.recipient == person.email]
    assert len(person_mail) == 3 and "Hủy lịch phỏng vấn" in person_mail[-1]
    assert "lịch công tác đột xuất" in [m for m in outbox() if m.recipient == user.email][-1].body_text


def test_illegal_transitions_are_refused_with_a_clear_message(
    client, auth, accredited, person, room, officer, make_request, accepted, db
):
    user, _ = accredited()
    request = make_request(user, person)
    auth.login("press_officer", user=officer)
    # no consent without contacting first; no appointment without consent
    response = _post(
        client,
        request,
        "consent",
        {"consent_by": "Hoa", "consent_date": local_day(0), "consent_time": "00:05", "channel": "email"},
    )
    assert response.status_code == 409
    assert "“Đã tiếp nhận” không thể chuyển sang “Đã đồng ý”" in response.get_data(as_text=True)
    response = _post(
        client,
        request,
        "schedule",
        {"date": local_day(2), "start_time": "10:00", "duration": "30", "room_id": str(room.id)},
    )
    assert response.status_code == 409
    assert "Cần ghi nhận sự đồng ý của người được phỏng vấn trước" in response.get_data(as_text=True)
    # consent in the future, and a missing channel, are refused too
    _post(client, request, "contact")
    response = _post(
        client,
        request,
        "consent",
        {"consent_by": "Hoa", "consent_date": local_day(3), "consent_time": "09:00", "channel": "email"},
    )
    assert response.status_code == 409 and "không thể ở tương lai" in response.get_data(as_text=True)
    response = _post(
        client,
        request,
        "consent",
        {"consent_by": "Hoa", "consent_date": local_day(0), "consent_time": "00:05"},
    )
    assert response.status_code == 400 and "Vui lòng chọn hình thức đồng ý." in response.get_data(
        as_text=True
    )
    db.session.refresh(request)
    assert (request.state, request.consent_at) == ("contacting", None)
    # closing before the appointment, and before it is scheduled
    response = _post(client, request, "close", {"outcome": "done"})
    assert response.status_code == 409 and "không thể chuyển sang" in response.get_data(as_text=True)
    ready = accepted(user, person, when=at(3, 9))
    services.schedule(ready, officer, starts_at=at(3, 9), duration_minutes=30, room_id=room.id)
    db.session.commit()
    response = _post(client, ready, "close", {"outcome": "no_show"})
    assert response.status_code == 409 and "chưa bắt đầu" in response.get_data(as_text=True)
    # after its time: done (or no-show); then nothing moves any more
    services.close(ready, officer, "done", now=at(3, 9, 40))
    db.session.commit()
    assert ready.state == "done" and "interviews.done" in audit_actions()
    for step, data in (("contact", {}), ("decline", {"decline_reason": "x"}), ("cancel", {})):
        response = _post(client, ready, step, data)
        assert response.status_code == 409, step
    db.session.refresh(ready)
    assert ready.state == "done"


def test_a_refusal_is_recorded_and_told(client, auth, accredited, person, officer, make_request):
    user, _ = accredited()
    request = make_request(user, person)
    auth.login("press_officer", user=officer)
    _post(client, request, "contact")
    response = _post(
        client,
        request,
        "decline",
        {
            "decline_reason": "Đồng chí dự phiên họp kín cả ngày",
            "answered_by": "Văn phòng UBND tỉnh",
            "answer_channel": "email",
        },
    )
    assert response.status_code == 302
    db.session.refresh(request)
    assert (request.state, request.declined_reason, request.consent_channel) == (
        "declined",
        "Đồng chí dự phiên họp kín cả ngày",
        "email",
    )
    last = [m for m in outbox() if m.recipient == user.email][-1]
    assert "Rất tiếc" in last.body_text and "phiên họp kín" in last.body_text
    assert "interviews.decline" in audit_actions()
    response = _post(client, request, "decline", {"answer_channel": "pigeon"})
    assert response.status_code == 400


def test_clashes_room_interviewee_and_journalist(accredited, person, room, officer, accepted, make_user, db):
    from app.briefings import signups
    from app.briefings.models import Conference, Room, Speaker

    first_user, _ = accredited("Phóng viên Một")
    second_user, _ = accredited("Phóng viên Hai")
    booked = accepted(first_user, person)
    services.schedule(booked, officer, starts_at=at(2, 10), duration_minutes=60, room_id=room.id)
    db.session.commit()
    other_room = Room(name="Phòng phỏng vấn số 2", capacity=4)
    speaker = Speaker(full_name="Nguyễn Văn Bình", position="Trưởng Ban Tuyên giáo")
    db.session.add_all([other_room, speaker])
    db.session.flush()
    briefing = Conference(
        title="Họp báo công bố kết quả",
        room_id=other_room.id,
        starts_at=at(2, 15),
        ends_at=at(2, 16),
        capacity=4,
    )
    briefing.speakers = [speaker]
    db.session.add(briefing)
    db.session.commit()

    def refused(request, starts_at, room_id, needle):
        with pytest.raises(services.InterviewError) as caught:
            services.schedule(request, officer, starts_at=starts_at, duration_minutes=30, room_id=room_id)
        db.session.rollback()
        assert any(needle in message for message in caught.value.messages), caught.value.messages

    # the room: another interview there, and a press conference there
    someone_else = accepted(second_user, None, name="Đại biểu Lô Thị Hằng")
    refused(
        someone_else,
        at(2, 10, 30),
        room.id,
        "Phòng đã được xếp vào thời gian đó cho buổi phỏng vấn Trần Thị Hoa",
    )
    refused(someone_else, at(2, 15, 15), other_room.id, "Họp báo công bố kết quả")
    # the interviewee: their other interview (another room, another journalist)
    same_person = accepted(second_user, person, when=at(2, 11))
    refused(same_person, at(2, 10, 45), other_room.id, "Trần Thị Hoa đã có lịch phỏng vấn vào thời gian đó")
    # the interviewee as a press-conference speaker
    services.save_interviewee(
        None, services.IntervieweeData(full_name="Nguyễn Văn Bình", speaker_id=speaker.id), officer
    )
    db.session.commit()
    binh = db.session.scalar(
        select(services.Interviewee).where(services.Interviewee.speaker_id == speaker.id)
    )
    speaking = accepted(second_user, binh, when=at(2, 13))
    refused(
        speaking, at(2, 15, 30), room.id, "Nguyễn Văn Bình đã có lịch phát biểu tại “Họp báo công bố kết quả”"
    )
    # the journalist: their other interview, and a press conference they signed up for
    journalist_busy = accepted(first_user, None, name="Đại biểu Vi Văn Sơn", when=at(2, 12))
    refused(journalist_busy, at(2, 10, 15), other_room.id, "Phóng viên đã có lịch phỏng vấn Trần Thị Hoa")
    signups.sign_up(briefing.id, second_user)
    db.session.commit()
    refused(
        someone_else, at(2, 15, 45), room.id, "Phóng viên đã đăng ký dự họp báo “Họp báo công bố kết quả”"
    )
    # cancelled and closed appointments free their time; so does another time
    services.schedule(someone_else, officer, starts_at=at(2, 11), duration_minutes=30, room_id=room.id)
    services.cancel(booked, officer)
    services.schedule(journalist_busy, officer, starts_at=at(2, 10), duration_minutes=30, room_id=room.id)
    db.session.commit()
    assert (someone_else.state, journalist_busy.state) == ("scheduled", "scheduled")


def test_the_interviewees_day_list_prints_one_day(
    client, auth, accredited, person, room, officer, accepted, db
):
    first, _ = accredited("Lê Văn Tám", organisation=None)
    second, _ = accredited("Đỗ Thị Chín")
    morning = accepted(first, person, topic="Nông thôn mới")
    afternoon = accepted(second, person, topic="Đào tạo nghề", when=at(2, 14))
    next_day = accepted(second, person, topic="Du lịch", when=at(3, 9))
    services.schedule(morning, officer, starts_at=at(2, 9), duration_minutes=30, room_id=room.id)
    services.schedule(afternoon, officer, starts_at=at(2, 14), duration_minutes=30, room_id=room.id)
    services.schedule(next_day, officer, starts_at=at(3, 9), duration_minutes=30, room_id=room.id)
    db.session.commit()
    auth.login("press_officer", user=officer)
    page = client.get(f"/DH16/interviews/interviewees/{person.id}/day?date={local_day(2)}").get_data(
        as_text=True
    )
    assert page.index("Nông thôn mới") < page.index("Đào tạo nghề") and "Du lịch" not in page
    assert "Lê Văn Tám" in page and "Phòng phỏng vấn số 1" in page and "data-print" in page
    empty = client.get(f"/DH16/interviews/interviewees/{person.id}/day?date={local_day(5)}").get_data(
        as_text=True
    )
    assert "Không có lịch phỏng vấn trong ngày." in empty
    bad = client.get(f"/DH16/interviews/interviewees/{person.id}/day?date=hôm-nay")
    assert bad.status_code == 200 and "Nhập ngày theo dạng dd/mm/yyyy" in bad.get_data(as_text=True)


def test_the_desk_keeps_its_list_of_interviewees(client, auth, officer, db):
    from app.briefings.models import Speaker

    speaker = Speaker(full_name="Lê Minh Tuấn", position="Chánh Văn phòng Tỉnh ủy")
    db.session.add(speaker)
    db.session.commit()
    auth.login("press_officer", user=officer)
    data = {
        "full_name": "Lê Minh Tuấn",
        "title": "Chánh Văn phòng Tỉnh ủy, người phát ngôn",
        "organisation": "Tỉnh ủy",
        "kind": "spokesperson",
        "languages": ["vi", "fr"],
        "email": "LMTuan@nghean.dcs.vn",
        "phone": "0238 384 1234",
        "speaker_id": str(speaker.id),
        "active": "y",
    }
    response = client.submit("/DH16/interviews/interviewees/new", data)
    assert response.status_code == 302
    person = db.session.scalar(select(services.Interviewee))
    assert (person.languages, person.email, person.speaker_id, person.kind) == (
        ["vi", "fr"],
        "lmtuan@nghean.dcs.vn",
        speaker.id,
        "spokesperson",
    )
    assert "interviews.interviewee.create" in audit_actions()
    listing = client.get("/DH16/interviews/interviewees").get_data(as_text=True)
    assert "Lê Minh Tuấn" in listing and "Tiếng Pháp" in listing
    for overrides, message in (
        ({"full_name": " "}, "Vui lòng nhập họ và tên."),
        ({"languages": []}, "Vui lòng chọn ít nhất một ngôn ngữ"),
        ({"languages": ["klingon"]}, "Vui lòng chọn ít nhất một ngôn ngữ"),
        ({"email": "không-phải-email"}, "Địa chỉ e-mail không hợp lệ."),
        ({"speaker_id": "999999"}, "Vui lòng chọn người phát biểu"),
        ({"kind": "king"}, "Vui lòng chọn loại người được phỏng vấn."),
    ):
        response = client.submit(f"/DH16/interviews/interviewees/{person.id}/edit", {**data, **overrides})
        assert response.status_code == 400 and message in response.get_data(as_text=True), overrides
    response = client.submit(f"/DH16/interviews/interviewees/{person.id}/edit", {**data, "active": ""})
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.active is False and person.languages == ["vi", "fr"]
    # a person no longer offered is not on the journalists' form
    assert "interviews.interviewee.update" in audit_actions()


def test_waiting_time_counts_until_the_desks_answer(accredited, person, officer, make_request):
    user, _ = accredited()
    request = make_request(user, person)
    later = request.created_at + timedelta(minutes=95)
    assert services.waiting_minutes(request, later) == 95
    services.contact(request, officer, now=request.created_at + timedelta(minutes=10))
    assert services.waiting_minutes(request, later) == 95  # still waiting for an answer
    services.record_consent(
        request,
        officer,
        consent_by="Hoa",
        consent_at=utcnow(),
        channel="in_person",
        now=request.created_at + timedelta(minutes=40),
    )
    assert services.waiting_minutes(request, later) == 40
    assert db.session.get(InterviewRequest, request.id).state == "accepted"


def test_a_new_congress_takes_the_spokespeople_not_the_delegates_nor_the_requests(
    accredited, person, officer, make_request, db
):
    from app.events import scope
    from app.events import services as events

    delegate = services.save_interviewee(
        None, services.IntervieweeData(full_name="Đại biểu Lô Văn Hùng", kind="delegate"), officer
    )
    user, _ = accredited()
    make_request(user, delegate)
    source = events.current_event()
    target = events.create_event("DH17", "Đại hội lần thứ XVII", level="provincial", status="draft")
    events.clone_setup(source, target, actor=officer)
    db.session.commit()
    with scope.in_event(target):
        copied = db.session.scalars(select(services.Interviewee)).all()
        assert [(p.full_name, p.email, p.languages) for p in copied] == [
            ("Trần Thị Hoa", "tranthihoa@nghean.gov.vn", ["vi", "en"])
        ]
        assert db.session.scalars(select(InterviewRequest)).all() == []


def test_the_hall_sittings_and_places_are_clashes_too(accredited, room, officer, accepted, make_request, db):
    """A delegate sits in the hall during the congress's sittings; a journalist with a place (or
    a request) in a session is there: an interview at that time is refused, with words."""
    from app.positions import services as positions

    sitting_starts = at(3, 8)
    sitting = positions.save_session(
        None,
        positions.SessionData(
            title="Phiên họp toàn thể thứ nhất",
            kind="plenary",
            starts_at=sitting_starts,
            ends_at=sitting_starts + timedelta(hours=3),
        ),
        officer,
    )
    positions.save_position(sitting, "photo", 2, "", officer)
    delegate = services.save_interviewee(
        None, services.IntervieweeData(full_name="Đại biểu Hà Văn Sáu", kind="delegate"), officer
    )
    spokesperson = services.save_interviewee(
        None, services.IntervieweeData(full_name="Bà Lò Thị Mai", kind="spokesperson"), officer
    )
    db.session.commit()
    reporter, _ = accredited("Phóng viên Ba")
    photographer, _ = accredited("Phóng viên ảnh Bốn")

    def refused(request, starts_at, needle):
        with pytest.raises(services.InterviewError) as caught:
            services.schedule(request, officer, starts_at=starts_at, duration_minutes=30, room_id=room.id)
        db.session.rollback()
        assert any(needle in message for message in caught.value.messages), caught.value.messages

    # a delegate during a sitting; a spokesperson is not in the hall, so that is free
    with_delegate = accepted(reporter, delegate, when=at(3, 14))
    refused(with_delegate, at(3, 9), "Đại biểu Hà Văn Sáu là đại biểu, đang dự “Phiên họp toàn thể thứ nhất”")
    with_spokesperson = accepted(reporter, spokesperson, when=at(3, 14))
    services.schedule(with_spokesperson, officer, starts_at=at(3, 9), duration_minutes=30, room_id=room.id)
    db.session.commit()
    # the journalist asked for a place in that sitting: the desk is told, and so is the journalist
    positions.request_position(photographer, sitting, sitting.positions[0].id)
    db.session.commit()
    theirs = accepted(photographer, spokesperson, when=at(4, 10))
    refused(theirs, at(3, 10), "Phóng viên đã đăng ký vị trí tại “Phiên họp toàn thể thứ nhất”")
    with pytest.raises(services.InterviewError) as caught:
        make_request(photographer, spokesperson, when=at(3, 10, 30))
    db.session.rollback()
    assert any(
        "Anh/chị đã đăng ký vị trí tại “Phiên họp toàn thể thứ nhất”" in m for m in caught.value.messages
    )
    # after the sitting both are free
    services.schedule(with_delegate, officer, starts_at=at(3, 11, 30), duration_minutes=30, room_id=room.id)
    services.schedule(theirs, officer, starts_at=at(3, 12), duration_minutes=30, room_id=room.id)
    db.session.commit()
    assert (with_delegate.state, theirs.state) == ("scheduled", "scheduled")
