"""Requests: filing from the phone (and the poster's link), the board, take, reply by e-mail,
the state machine, and a journalist seeing only their own."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.timeutil import utcnow
from app.extensions import db
from app.helpdesk import services
from app.helpdesk.models import HelpReply, HelpRequest
from tests.helpdesk.conftest import audit_actions, jpeg, outbox


def _file(client, data, photo: bytes | None = None, filename: str = "wifi.jpg"):
    data = {"category": "wifi", "text": "Wi-Fi ở bàn 12 không vào được mạng", **data}
    if photo is not None:
        data["photo"] = (io.BytesIO(photo), filename)
    return client.submit("/DH16/helpdesk/new", data, content_type="multipart/form-data")


def test_a_journalist_files_from_the_posters_link_and_sees_the_reply(
    client, auth, accredited, officer, mailbox
):
    user, _application, _badge = accredited()
    auth.login("journalist", user=user)
    form = client.get("/DH16/helpdesk/new?place=Trung+t%C3%A2m+b%C3%A1o+ch%C3%AD%2C+b%C3%A0n+12")
    assert 'value="Trung tâm báo chí, bàn 12"' in form.get_data(as_text=True)
    response = _file(client, {"place": "Trung tâm báo chí, bàn 12"}, photo=jpeg())
    assert response.status_code == 302
    request = db.session.scalars(select(HelpRequest)).one()
    assert (request.state, request.place, request.requester_id) == (
        "new",
        "Trung tâm báo chí, bàn 12",
        user.id,
    )
    assert request.photo_key and request.photo_thumb_key
    assert client.get(f"/DH16/helpdesk/requests/{request.id}/photo/thumb").mimetype == "image/jpeg"

    # the desk: board with waiting time, take, reply (e-mailed), the journalist reads it
    auth.logout()
    auth.login("accreditation_officer", user=officer)
    board = client.get("/DH16/helpdesk/board").get_data(as_text=True)
    assert "Wi-Fi ở bàn 12" in board and "đã chờ 0 phút" in board
    assert (
        client.submit(
            f"/DH16/helpdesk/requests/{request.id}/take", form_url=f"/DH16/helpdesk/requests/{request.id}"
        ).status_code
        == 302
    )
    db.session.refresh(request)
    assert (request.state, request.assignee_id) == ("in_progress", officer.id)
    response = client.submit(
        f"/DH16/helpdesk/requests/{request.id}/reply",
        {"body": "Anh thử mạng DaiHoi-BaoChi-2, mật khẩu dán ở quầy.", "state": "waiting"},
        form_url=f"/DH16/helpdesk/requests/{request.id}",
    )
    assert response.status_code == 302
    db.session.refresh(request)
    assert request.state == "waiting" and request.first_response_at is not None
    [message] = outbox()
    assert message.recipient == user.email and f"số {request.id}" in message.subject
    assert (
        "DaiHoi-BaoChi-2" in message.body_text
        and f"/DH16/helpdesk/requests/{request.id}" in message.body_text
    )
    assert "helpdesk.take" in audit_actions() and "helpdesk.reply" in audit_actions()
    assert mailbox.deliver() == 1 and mailbox.to(user.email)

    # the journalist reads the reply and answers: the request is worked again
    auth.logout()
    auth.login("journalist", user=user)
    page = client.get(f"/DH16/helpdesk/requests/{request.id}").get_data(as_text=True)
    assert "DaiHoi-BaoChi-2" in page
    assert (
        client.submit(
            f"/DH16/helpdesk/requests/{request.id}/reply",
            {"body": "Vẫn không được ạ."},
            form_url=f"/DH16/helpdesk/requests/{request.id}",
        ).status_code
        == 302
    )
    db.session.refresh(request)
    assert request.state == "in_progress"
    assert len(outbox()) == 1  # the journalist's own reply e-mails nobody


def test_a_journalist_sees_only_their_own_requests(client, auth, accredited):
    owner, _a, _b = accredited("Trần Thị Bích")
    other, _a2, _b2 = accredited("Lê Văn Cường")
    request = services.file_request(owner, category="printing", text="Cần in 20 trang tài liệu", photo=None)
    db.session.commit()
    auth.login("journalist", user=other)
    for url in (
        f"/DH16/helpdesk/requests/{request.id}",
        f"/DH16/helpdesk/requests/{request.id}/photo/full",
    ):
        assert client.get(url).status_code == 404
    response = client.submit(
        f"/DH16/helpdesk/requests/{request.id}/reply", {"body": "xin chào"}, form_url="/DH16/helpdesk/"
    )
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(HelpReply.id))) == 0
    assert "Cần in 20 trang" not in client.get("/DH16/helpdesk/").get_data(as_text=True)
    assert client.get("/DH16/helpdesk/board").status_code == 403


def test_bad_input_is_refused_with_a_message_and_nothing_is_written(app, client, auth, accredited):
    user, _a, _b = accredited()
    auth.login("journalist", user=user)
    uploads = Path(app.config["UPLOAD_DIR"])
    before = sorted(uploads.rglob("*"))

    no_text = _file(client, {"text": "   "}, photo=jpeg())
    assert no_text.status_code == 400 and "Vui lòng mô tả" in no_text.get_data(as_text=True)

    huge = b"\xff\xd8\xff" + b"0" * (30 * 1024 * 1024)  # a 30 MB "photo"
    too_large = _file(client, {}, photo=huge, filename="anh.jpg")
    assert too_large.status_code == 400 and "quá lớn" in too_large.get_data(as_text=True)

    not_image = _file(client, {}, photo=b"%PDF-1.4 not a photo", filename="anh.jpg")
    assert not_image.status_code == 400 and "JPEG" in not_image.get_data(as_text=True)

    no_category = _file(client, {"category": ""})
    assert no_category.status_code == 400

    assert db.session.scalar(select(func.count(HelpRequest.id))) == 0
    assert sorted(uploads.rglob("*")) == before


def test_without_an_application_in_this_congress_there_is_no_form(client, auth, make_user):
    auth.login("journalist", user=make_user("journalist"))
    page = client.get("/DH16/helpdesk/new")
    assert page.status_code == 200 and 'name="text"' not in page.get_data(as_text=True)
    token = client.csrf_token("/DH16/helpdesk/")
    response = client.post(
        "/DH16/helpdesk/new", data={"csrf_token": token, "category": "other", "text": "Xin hỗ trợ"}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(HelpRequest.id))) == 0


def test_the_state_machine(accredited, officer, make_user):
    user, _a, _b = accredited()
    request = services.file_request(user, category="transport", text="Cần xe về khách sạn lúc 21 giờ")
    db.session.commit()
    with pytest.raises(services.HelpdeskError):
        services.change_state(request, "new", officer)  # never back to new
    services.change_state(request, "solved", officer)
    assert request.solved_at is not None
    with pytest.raises(services.HelpdeskError):
        services.change_state(request, "waiting", officer)  # a solved request is reopened first
    with pytest.raises(services.HelpdeskError):
        services.journalist_reply(request, user, "Cảm ơn")
    with pytest.raises(services.HelpdeskError):
        services.take(request, officer)
    services.change_state(request, "in_progress", officer)
    assert request.state == "in_progress" and request.solved_at is None
    with pytest.raises(services.HelpdeskError):
        services.staff_reply(request, officer, "   ")
    other = make_user("press_officer")
    services.take(request, other)
    assert request.assignee_id == other.id
    assert {a for a in audit_actions()} >= {"helpdesk.state", "helpdesk.take"}


def test_poster_link_opens_the_form_with_the_place(client, auth):
    auth.login("press_officer")
    page = client.get("/DH16/helpdesk/poster?place=Sảnh tầng 1").get_data(as_text=True)
    assert "<svg" in page and "helpdesk-qr" in page
    assert "/DH16/helpdesk/new?place=S%E1%BA%A3nh+t%E1%BA%A7ng+1" in page


def test_report_of_first_response_and_resolution_per_category_and_day(client, auth, accredited, officer):
    from app.helpdesk import reports

    user, _a, _b = accredited()
    start = utcnow().replace(microsecond=0) - timedelta(hours=5)
    for n, minutes in enumerate((5, 10, 30)):
        request = services.file_request(user, category="wifi", text=f"Yêu cầu số {n}", now=start)
        services.staff_reply(
            request, officer, "Đã xử lý", state="solved", now=start + timedelta(minutes=minutes)
        )
    services.file_request(user, category="printing", text="In tài liệu", now=start)
    db.session.commit()
    rows = {row.category: row for row in reports.build()}
    wifi = rows["wifi"].figures()
    assert (wifi["first_p50"], wifi["first_p90"], wifi["solved_p90"]) == (10, 30, 30)
    assert (rows["printing"].filed, rows["printing"].answered, rows["printing"].open) == (1, 0, 1)
    auth.login("accreditation_officer", user=officer)
    page = client.get("/DH16/helpdesk/report").get_data(as_text=True)
    assert "10 phút" in page and "30 phút" in page
    book = client.get("/DH16/helpdesk/report.xlsx")
    assert book.status_code == 200 and book.mimetype.endswith("spreadsheetml.sheet")


def test_the_dashboard_block_counts_requests_and_overdue_loans(client, auth, accredited, officer):
    from app.helpdesk import loans

    user, _a, badge = accredited()
    services.file_request(user, category="wifi", text="Mất mạng", now=utcnow() - timedelta(minutes=42))
    answered = services.file_request(user, category="printing", text="In tài liệu")
    services.staff_reply(answered, officer, "Đã in xong")
    item = loans.save_item(None, kind="cable", label="Cáp HDMI", count=1, active=True, actor=officer)
    loans.lend(
        item, badge.serial, officer, due_at=utcnow() + timedelta(minutes=1), now=utcnow() - timedelta(hours=1)
    )
    db.session.commit()
    figures = services.summary(utcnow() + timedelta(minutes=5))
    assert figures["by_state"] == {"new": 1, "in_progress": 0, "waiting": 1, "solved": 0}
    assert figures["longest_wait"] >= 42 and figures["overdue_loans"] == 1
    auth.login("press_officer")
    page = client.get("/DH16/dashboard").get_data(as_text=True)
    assert 'data-testid="block-helpdesk"' in page and 'data-testid="helpdesk-new">1<' in page
