"""A journalist's side: requesting an interview (listed person or a typed name), their own page,
bad input refused with nothing written, and nobody else's request visible."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.briefings import signups
from app.briefings.models import Conference
from app.events import scope
from app.events import services as events
from app.extensions import db
from app.interviews import services
from app.interviews.models import InterviewRequest, PreferredTime
from tests.interviews.conftest import at, audit_actions, local_day, outbox


def _form(**overrides):
    data = {
        "interviewee_id": "0",
        "interviewee_name": "",
        "topic": "Kết quả chuyển đổi số của tỉnh nhiệm kỳ 2020–2025",
        "medium": "tv",
        "language": "vi",
        "duration": "20",
        "date1": local_day(2),
        "time1": "09:30",
        "date2": local_day(2),
        "time2": "15:00",
        "date3": "",
        "time3": "",
    }
    data.update(overrides)
    return data


def _count(model=InterviewRequest) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_journalist_requests_a_listed_person_and_follows_it(client, auth, accredited, person):
    user, _application = accredited()
    auth.login("journalist", user=user)
    page = client.get("/DH16/interviews/new").get_data(as_text=True)
    assert "Trần Thị Hoa, Phó Chủ tịch UBND tỉnh" in page
    assert "tranthihoa@nghean.gov.vn" not in page and "+84238123456" not in page  # the desk's only
    response = client.submit("/DH16/interviews/new", _form(interviewee_id=str(person.id)))
    assert response.status_code == 302
    request = db.session.scalars(select(InterviewRequest)).one()
    assert (request.state, request.interviewee_id, request.journalist_id) == ("received", person.id, user.id)
    assert [p.starts_at for p in request.preferred_times] == [at(2, 9, 30), at(2, 15)]
    assert "interviews.request" in audit_actions()
    [message] = outbox()
    assert message.recipient == user.email and "Trần Thị Hoa" in message.subject
    assert f"/DH16/interviews/requests/{request.id}" in message.body_text

    mine = client.get("/DH16/interviews/").get_data(as_text=True)
    assert "Phỏng vấn Trần Thị Hoa" in mine and "Đã tiếp nhận" in mine and 'data-testid="feed-url"' in mine
    detail = client.get(f"/DH16/interviews/requests/{request.id}").get_data(as_text=True)
    assert "Kết quả chuyển đổi số" in detail and "tranthihoa@nghean.gov.vn" not in detail
    assert "Ghi nhận đồng ý" not in detail  # the desk's controls are not shown


def test_a_person_not_on_the_list_by_name(client, auth, accredited):
    user, _application = accredited()
    auth.login("journalist", user=user)
    response = client.submit(
        "/DH16/interviews/new",
        _form(interviewee_name="Đại biểu Vi Văn Sơn, đoàn huyện Kỳ Sơn", language="en"),
    )
    assert response.status_code == 302
    request = db.session.scalars(select(InterviewRequest)).one()
    assert request.interviewee_id is None and request.person == "Đại biểu Vi Văn Sơn, đoàn huyện Kỳ Sơn"
    assert request.language == "en"


def test_bad_input_is_refused_with_a_message_and_nothing_written(
    client, auth, accredited, person, officer, db
):
    user, _application = accredited()
    inactive = services.save_interviewee(
        None, services.IntervieweeData(full_name="Người không nhận lời", active=False), officer
    )
    other = events.create_event("DHB", "Đại hội Đảng bộ huyện", level="district", status="running")
    with scope.in_event(other):
        elsewhere = services.save_interviewee(
            None, services.IntervieweeData(full_name="Người ở đại hội khác"), officer
        )
    db.session.commit()
    auth.login("journalist", user=user)
    cases = [
        (
            {"interviewee_id": "0", "interviewee_name": ""},
            "Vui lòng chọn người trong danh sách hoặc nhập tên.",
        ),
        ({"interviewee_id": str(inactive.id)}, "Vui lòng chọn người trong danh sách hoặc nhập tên."),
        ({"interviewee_id": str(elsewhere.id)}, "Vui lòng chọn người trong danh sách hoặc nhập tên."),
        ({"interviewee_id": "abc"}, "Vui lòng chọn người trong danh sách hoặc nhập tên."),
        ({"interviewee_id": str(person.id), "topic": "   "}, "Vui lòng nêu chủ đề phỏng vấn."),
        ({"interviewee_id": str(person.id), "medium": "cinema"}, "Vui lòng chọn loại hình báo chí"),
        ({"interviewee_id": str(person.id), "duration": "600"}, "Nhập số phút từ 5 đến 180."),
        ({"interviewee_id": str(person.id), "date1": "31/02/2030"}, "Không có ngày 31/02/2030"),
        ({"interviewee_id": str(person.id), "time1": "25:99"}, "Không có giờ 25:99"),
        ({"interviewee_id": str(person.id), "time2": ""}, "Nhập cả ngày và giờ, hoặc để trống cả hai."),
        ({"interviewee_id": str(person.id), "date1": local_day(-1), "date2": ""}, "đã qua"),
        ({"interviewee_id": str(person.id), "interviewee_name": "<script>"}, "Không được dùng ký tự"),
    ]
    for overrides, message in cases:
        data = _form(**overrides)
        if overrides.get("date2") == "":
            data["time2"] = ""
        response = client.submit("/DH16/interviews/new", data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, overrides
        assert message in page, (overrides, page[page.find("alert") : page.find("alert") + 800])
        for name in ("date1", "time1"):  # what was typed is shown back as typed (the shared fields)
            if name in overrides:
                assert f'value="{overrides[name]}"' in page, name
    assert _count() == 0 and _count(PreferredTime) == 0 and outbox() == []


def test_a_preferred_time_over_the_journalists_own_bookings_is_refused(
    client, auth, accredited, person, room, db
):
    user, _application = accredited()
    conference = Conference(
        title="Họp báo giới thiệu văn kiện",
        room_id=room.id,
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        capacity=6,
    )
    db.session.add(conference)
    db.session.flush()
    signups.sign_up(conference.id, user)
    db.session.commit()
    auth.login("journalist", user=user)
    response = client.submit("/DH16/interviews/new", _form(interviewee_id=str(person.id)))
    assert response.status_code == 400
    assert "Bạn đã đăng ký dự họp báo “Họp báo giới thiệu văn kiện” vào thời gian đó" in response.get_data(
        as_text=True
    )
    assert _count() == 0


def test_only_accredited_journalists_may_request(client, auth, make_application, person):
    waiting = make_application(status="submitted")
    auth.login("journalist", user=waiting.user)
    page = client.get("/DH16/interviews/new")
    assert page.status_code == 200 and "Chỉ phóng viên đã được duyệt" in page.get_data(as_text=True)
    response = client.submit(
        "/DH16/interviews/new", _form(interviewee_id=str(person.id)), form_url="/DH16/interviews/"
    )
    assert response.status_code == 409 and _count() == 0
    assert "Chỉ phóng viên đã được duyệt" in client.get("/DH16/interviews/").get_data(as_text=True)
    with pytest.raises(services.InterviewError):  # the service refuses too
        services.file_request(
            waiting.user,
            services.RequestData(
                topic="x", medium="tv", language="vi", duration_minutes=20, preferred=[at(2, 9)]
            ),
        )


def test_a_journalist_sees_and_cancels_only_their_own(
    client, auth, accredited, person, make_request, mailbox
):
    owner, _ = accredited("Trần Văn Bình")
    other, _ = accredited("Phạm Thị Cúc")
    request = make_request(owner, person, topic="Bí mật của người khác")
    auth.login("journalist", user=other)
    assert client.get(f"/DH16/interviews/requests/{request.id}").status_code == 404
    missing = client.get("/DH16/interviews/requests/999999")
    assert missing.status_code == 404
    response = client.submit(f"/DH16/interviews/requests/{request.id}/cancel", form_url="/DH16/interviews/")
    assert response.status_code == 404
    assert "Bí mật của người khác" not in client.get("/DH16/interviews/").get_data(as_text=True)
    db.session.refresh(request)
    assert request.state == "received"

    auth.logout()
    auth.login("journalist", user=owner)
    response = client.submit(
        f"/DH16/interviews/requests/{request.id}/cancel",
        {"cancel_reason": "Tòa soạn đổi kế hoạch"},
        form_url=f"/DH16/interviews/requests/{request.id}",
    )
    assert response.status_code == 302
    db.session.refresh(request)
    assert (request.state, request.cancelled_by_journalist, request.cancel_reason) == (
        "cancelled",
        True,
        "Tòa soạn đổi kế hoạch",
    )
    assert "interviews.cancel" in audit_actions()
    # a second cancel is an illegal transition, answered with a message
    again = client.submit(
        f"/DH16/interviews/requests/{request.id}/cancel", form_url=f"/DH16/interviews/requests/{request.id}"
    )
    assert again.status_code == 409 and "không thể chuyển sang" in again.get_data(as_text=True)


def test_another_congress_request_answers_404(
    client, auth, accredited, officer, make_user, make_application, db
):
    other = events.create_event("DHB", "Đại hội Đảng bộ huyện", level="district", status="running")
    with scope.in_event(other):
        journalist = make_user("journalist")
        make_application(status="approved", user=journalist)
        elsewhere = services.file_request(
            journalist,
            services.RequestData(
                topic="Đại hội huyện",
                medium="radio",
                language="vi",
                duration_minutes=15,
                preferred=[at(3, 9)],
                interviewee_name="Bí thư Huyện ủy",
            ),
        )
        person = services.save_interviewee(
            None, services.IntervieweeData(full_name="Người huyện khác"), officer
        )
        db.session.commit()
    auth.login("press_officer", user=officer)
    for url in (
        f"/DH16/interviews/requests/{elsewhere.id}",
        f"/DH16/interviews/interviewees/{person.id}/edit",
        f"/DH16/interviews/interviewees/{person.id}/day",
    ):
        assert client.get(url).status_code == 404, url
    response = client.submit(
        f"/DH16/interviews/requests/{elsewhere.id}/contact", form_url="/DH16/interviews/board"
    )
    assert response.status_code == 404
    board = client.get("/DH16/interviews/board").get_data(as_text=True)
    assert "Bí thư Huyện ủy" not in board
    db.session.refresh(elsewhere)
    assert elsewhere.state == "received"


def test_a_closed_list_takes_only_its_people(client, auth, accredited, person, officer, make_request):
    """The desk closes its list: the form offers only its people, a typed name is refused (by
    the form and by the service) with nothing written; opened again, a name is taken."""
    auth.login(user=officer)
    page = client.get("/DH16/interviews/interviewees").get_data(as_text=True)
    assert "Chỉ những người trong danh sách" in page
    client.submit(
        "/DH16/interviews/interviewees/list", {"list_closed": "y"}, form_url="/DH16/interviews/interviewees"
    )
    assert services.list_is_closed()
    assert audit_actions()[-1] == "interviews.list_closed"
    auth.logout()
    user, _ = accredited()
    auth.login(user=user)
    form_page = client.get("/DH16/interviews/new").get_data(as_text=True)
    assert 'name="interviewee_name"' not in form_page
    assert "– chọn một người –" in form_page
    before = _count()
    response = client.submit(
        "/DH16/interviews/new",
        _form(interviewee_name="Đại biểu Nguyễn Văn Không Có Tên"),
        form_url="/DH16/interviews/new",
    )
    assert response.status_code == 400
    assert "bộ phận chỉ bố trí phỏng vấn những người này" in response.get_data(as_text=True)
    assert _count() == before
    with pytest.raises(services.InterviewError) as caught:
        make_request(user, None, name="Đại biểu Nguyễn Văn Không Có Tên")
    db.session.rollback()
    assert _count() == before
    assert any("những người này" in str(message) for message in caught.value.messages)
    response = client.submit("/DH16/interviews/new", _form(interviewee_id=str(person.id)))
    assert response.status_code == 302 and _count() == before + 1
    # opened again (the box unticked): a typed name is taken
    auth.logout()
    auth.login(user=officer)
    client.submit("/DH16/interviews/interviewees/list", {}, form_url="/DH16/interviews/interviewees")
    assert not services.list_is_closed()
    assert (
        make_request(user, None, name="Đại biểu Lò Văn Mới", when=at(3, 10)).person == "Đại biểu Lò Văn Mới"
    )
