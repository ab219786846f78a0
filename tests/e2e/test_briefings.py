"""Browser journey of a press conference: scheduled by a press officer through the form, a
journalist signs up and sends a question, the officer moves it to another room, and the
journalist's e-mail about the change arrives at the test SMTP server.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.briefings.models import Conference, Room, Speaker
from app.core.timeutil import local_today
from tests.e2e.conftest import page_width, screenshot, sign_in

pytestmark = pytest.mark.browser


def _room(db, name: str, capacity: int = 80) -> Room:
    room = Room(name=name, location="Trung tâm báo chí tỉnh", capacity=capacity)
    db.session.add(room)
    db.session.commit()
    return room


def _speaker(db, name: str, position: str) -> Speaker:
    speaker = Speaker(full_name=name, position=position, organisation="Tỉnh ủy")
    db.session.add(speaker)
    db.session.commit()
    return speaker


def _context(browser, live_server, **kwargs):
    context = browser.new_context(locale="vi-VN", **(kwargs or {"viewport": {"width": 1280, "height": 900}}))
    context.set_default_timeout(15_000)
    other = context.new_page()
    other.console_errors = []
    other.on("console", lambda msg: msg.type == "error" and other.console_errors.append(msg.text))
    other.base = live_server
    return other


def test_conference_from_form_to_room_change_email(
    page,
    browser,
    live_server,
    db,
    make_user,
    make_application,
    make_organisation,
    mailbox,
):
    officer = make_user("press_officer", full_name="Phạm Minh Đức", email="baochi@tinh.vn")
    _room(db, "Phòng họp báo số 1 – Trung tâm báo chí", capacity=80)
    _room(db, "Hội trường nhỏ – Trụ sở Tỉnh ủy", capacity=150)
    _speaker(db, "Nguyễn Văn Bình", "Trưởng Ban Tuyên giáo Tỉnh ủy")
    _speaker(db, "Trần Thị Hoa", "Phó Chủ tịch UBND tỉnh")
    journalist = make_user("journalist", full_name="Nguyễn Thị Hồng", email="hong@baonhandan.vn")
    make_application(status="approved", user=journalist, organisation=make_organisation("Báo Nhân Dân"))
    day = local_today() + timedelta(days=3)

    # The press officer schedules the conference through the form.
    sign_in(page, officer.email)
    page.goto(page.base + "/DH16/briefings/manage")
    page.get_by_role("link", name="Họp báo mới", exact=True).click()
    page.get_by_label("Tiêu đề", exact=True).fill("Họp báo trước Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI")
    page.get_by_label("Chủ đề").fill("Công tác chuẩn bị Đại hội và phục vụ báo chí")
    page.get_by_label("Mô tả", exact=True).fill(
        "Thông tin về chương trình Đại hội.\nHướng dẫn tác nghiệp cho phóng viên."
    )
    page.get_by_label("Ngày (dd/mm/yyyy)").fill(day.strftime("%d/%m/%Y"))
    page.get_by_label("Giờ bắt đầu (HH:MM)").fill("09:00")
    page.get_by_label("Giờ kết thúc (HH:MM)").fill("10:30")
    page.get_by_label("Phòng họp", exact=True).select_option(
        label="Phòng họp báo số 1 – Trung tâm báo chí (80 chỗ)"
    )
    page.get_by_label("Nguyễn Văn Bình – Trưởng Ban Tuyên giáo Tỉnh ủy").check()
    page.get_by_label("Trần Thị Hoa – Phó Chủ tịch UBND tỉnh").check()
    page.get_by_label("Phạm vi công bố").select_option("public")
    screenshot(page, "briefings-new-conference")
    page.get_by_role("button", name="Lên lịch").click()
    page.get_by_text("Đã lên lịch họp báo").wait_for()
    db.session.rollback()  # end this thread's read snapshot: the server thread wrote the row
    conference_id = db.session.scalar(select(Conference.id))
    db.session.rollback()
    assert page.get_by_test_id("when").inner_text() == f"{day:%d/%m/%Y} 09:00–10:30"
    assert "Phòng họp báo số 1" in page.get_by_test_id("room").inner_text()

    # The journalist signs up and sends a question.
    reporter = _context(browser, live_server)
    sign_in(reporter, journalist.email)
    reporter.goto(reporter.base + "/DH16/briefings/agenda?view=week&date=" + day.isoformat())
    reporter.get_by_role("link", name="Họp báo trước Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI").click()
    reporter.get_by_role("button", name="Đăng ký tham dự").click()
    reporter.get_by_text("Bạn đã có chỗ tại họp báo này.").wait_for()
    assert "Đã có chỗ" in reporter.get_by_test_id("my-status").inner_text()
    reporter.get_by_label("Câu hỏi của bạn").fill("Đại hội lần này bầu bao nhiêu ủy viên Ban Chấp hành?")
    reporter.get_by_role("button", name="Gửi câu hỏi").click()
    reporter.get_by_text("Đã gửi câu hỏi.").wait_for()
    assert "Chờ duyệt" in reporter.get_by_test_id("my-question").inner_text()
    screenshot(reporter, "briefings-journalist-detail")

    # The officer approves the question and moves the conference to another room.
    page.goto(page.base + f"/DH16/briefings/{conference_id}/questions")
    page.get_by_role("button", name="Duyệt").click()
    page.get_by_text("Đã duyệt câu hỏi.").wait_for()
    screenshot(page, "briefings-questions")
    page.goto(page.base + f"/DH16/briefings/{conference_id}")
    page.get_by_role("link", name="Thay đổi", exact=True).click()
    page.get_by_text("1 phóng viên đã đăng ký").wait_for()
    page.get_by_label("Phòng họp", exact=True).select_option(
        label="Hội trường nhỏ – Trụ sở Tỉnh ủy (150 chỗ)"
    )
    page.get_by_role("button", name="Lưu thay đổi").click()
    page.get_by_text("Đã lưu thay đổi.").wait_for()
    assert "Hội trường nhỏ" in page.get_by_test_id("room").inner_text()
    screenshot(page, "briefings-detail-officer")

    # The journalist's e-mail about the new room reaches the SMTP server.
    db.session.rollback()  # a fresh snapshot that sees the server thread's outbox rows
    assert mailbox.deliver() == 1
    (message,) = mailbox.to(journalist.email)
    assert (
        message["Subject"] == "Thay đổi lịch họp báo: Họp báo trước Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI"
    )
    body = mailbox.body(message)
    assert (
        "Phòng mới: Hội trường nhỏ – Trụ sở Tỉnh ủy (trước đây: Phòng họp báo số 1 – Trung tâm báo chí)"
        in body
    )
    link = next(link for link in mailbox.links(message) if "/DH16/briefings/" in link)
    reporter.goto(reporter.base + link.replace("http://localhost", ""))
    reporter.get_by_text("Thời gian hoặc phòng của họp báo này đã thay đổi.").wait_for()
    assert page.console_errors == [] and reporter.console_errors == []


def test_agenda_and_public_schedule_fit_a_phone(phone, db, make_user, make_application, make_organisation):
    from datetime import datetime

    from app.briefings.models import Conference as Model
    from app.core.timeutil import from_local

    room = _room(db, "Phòng họp báo số 1 – Trung tâm báo chí")
    speaker = _speaker(db, "Lê Minh Tuấn", "Chánh Văn phòng Tỉnh ủy, người phát ngôn")
    day = local_today() + timedelta(days=1)
    for hour, title, visibility in (
        (9, "Họp báo trước Đại hội", "public"),
        (15, "Hội nghị thông tin báo chí hằng tuần", "accredited"),
    ):
        start = from_local(datetime.combine(day, datetime.min.time()).replace(hour=hour))
        conference = Model(
            title=title,
            room_id=room.id,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            capacity=80,
            visibility=visibility,
        )
        conference.speakers = [speaker]
        db.session.add(conference)
    db.session.commit()
    journalist = make_user("journalist", email="pv@vtv.vn")
    make_application(
        status="approved", user=journalist, organisation=make_organisation("Đài Truyền hình Việt Nam")
    )
    phone.goto(phone.base + "/DH16/briefings/schedule")
    assert phone.get_by_test_id("schedule-item").count() == 1
    assert page_width(phone) <= 360
    screenshot(phone, "briefings-schedule-phone")
    sign_in(phone, journalist.email)
    phone.goto(phone.base + "/DH16/briefings/agenda?view=day&date=" + day.isoformat())
    assert phone.get_by_test_id("agenda-item").count() == 2
    assert page_width(phone) <= 360
    screenshot(phone, "briefings-agenda-phone")


def test_my_conferences_fit_a_phone_and_the_feed_copies_in_one_tap(
    browser, live_server, db, make_user, make_application, make_organisation
):
    """At 360 px each conference reads top to bottom with the seat status in view; the
    private feed has a copy button and a one-tap webcal link."""
    from datetime import datetime

    from app.briefings import signups
    from app.briefings.models import Conference as Model
    from app.core.timeutil import from_local

    room = _room(db, "Phòng họp báo số 1 – Trung tâm báo chí")
    day = local_today() + timedelta(days=1)
    journalist = make_user("journalist", email="pv.mine@vtv.vn")
    make_application(
        status="approved", user=journalist, organisation=make_organisation("Đài Truyền hình Việt Nam")
    )
    start = from_local(datetime.combine(day, datetime.min.time()).replace(hour=9))
    conference = Model(
        title="Họp báo công bố kết quả Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI, nhiệm kỳ 2025–2030",
        room_id=room.id,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=80,
        visibility="accredited",
    )
    db.session.add(conference)
    db.session.flush()
    signups.sign_up(conference.id, journalist)
    db.session.commit()
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    phone = context.new_page()
    phone.base = live_server
    sign_in(phone, journalist.email)
    phone.goto(phone.base + "/DH16/briefings/mine")
    assert page_width(phone) <= 360
    place = phone.get_by_test_id("my-place")
    box = place.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert "webcal://" in phone.get_by_test_id("webcal").get_attribute("href")
    phone.get_by_role("button", name="Sao chép địa chỉ").click()
    phone.get_by_text("Đã sao chép").wait_for()
    copied = phone.evaluate("navigator.clipboard.readText()")
    assert copied == phone.get_by_test_id("feed-url").input_value()
    assert copied.startswith("http://localhost:")
    screenshot(phone, "briefings-mine-phone")
    context.close()
