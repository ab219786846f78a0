"""Browser journey for interviews (issue 20): a reporter asks on the phone for an interview with
a spokesperson on the desk's list; the desk contacts them, records the consent and schedules it
in a room; the reporter sees the appointment on their page and in their private calendar feed."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from app.briefings.models import Room
from app.core.timeutil import from_local, local_today, to_local, utcnow
from app.interviews import services
from tests.e2e.conftest import page_width, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_reporter_asks_the_desk_arranges_and_the_calendar_shows_it(
    browser, phone, db, make_user, make_application
):
    officer = make_user("press_officer", full_name="Lê Thị Mai", email="le.thi.mai@tinh.vn")
    reporter = make_user("journalist", full_name="Đặng Thu Hà", email="dang.thu.ha@vov.vn")
    make_application(status="approved", user=reporter, full_name="Đặng Thu Hà")
    db.session.add(Room(name="Phòng phỏng vấn số 1", location="Tầng 2, Trung tâm báo chí", capacity=6))
    spokesperson = services.save_interviewee(
        None,
        services.IntervieweeData(
            full_name="Trần Thị Hoa",
            title="Phó Chủ tịch UBND tỉnh",
            organisation="UBND tỉnh",
            kind="spokesperson",
            languages=("vi",),
            email="tranthihoa@tinh.gov.vn",
        ),
        officer,
    )
    db.session.commit()
    day = (local_today() + timedelta(days=2)).strftime("%d/%m/%Y")

    # the reporter, on a phone: the request form, the person chosen from the list
    sign_in(phone, reporter.email)
    phone.goto(phone.base + "/DH16/interviews/new")
    phone.get_by_label("Bạn muốn phỏng vấn ai?").select_option(str(spokesperson.id))
    phone.get_by_label("Chủ đề và các câu hỏi chính").fill("Kết quả chuyển đổi số nhiệm kỳ 2020–2025")
    phone.locator("#medium").select_option(label="Phát thanh")
    phone.locator("#date1").fill(day)
    phone.locator("#time1").fill("09:30")
    assert page_width(phone) <= 360
    with phone.expect_navigation():
        phone.get_by_role("button", name="Gửi yêu cầu").click()
    expect(phone.get_by_test_id("interview-facts")).to_contain_text("Trần Thị Hoa")
    interview_url = phone.url

    # the desk: contacting, the consent (who, when, how), the appointment in a room
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = desk_context.new_page()
    desk.base = phone.base
    try:
        sign_in(desk, officer.email)
        desk.goto(desk.base + "/DH16/interviews/board")
        desk.get_by_role("link", name="Trần Thị Hoa").first.click()
        assert desk.url == interview_url
        with desk.expect_navigation():
            desk.get_by_role("button", name="Đang liên hệ").click()
        now = to_local(utcnow())
        desk.get_by_label("Người đồng ý").fill("Trần Thị Hoa (qua thư ký)")
        consent = desk.locator("form[action$='/consent']")
        consent.get_by_label("Ngày (dd/mm/yyyy)").fill(now.strftime("%d/%m/%Y"))
        consent.get_by_label("Giờ (HH:MM)").fill(now.strftime("%H:%M"))
        consent.get_by_label("Hình thức").select_option("phone")
        with desk.expect_navigation():
            desk.get_by_role("button", name="Ghi nhận đồng ý").click()
        expect(desk.get_by_test_id("consent")).to_contain_text("Trần Thị Hoa (qua thư ký)")
        plan = desk.locator("form[action$='/schedule']")
        plan.get_by_label("Ngày (dd/mm/yyyy)").fill(day)
        plan.get_by_label("Giờ bắt đầu (HH:MM)").fill("10:00")
        plan.get_by_label("Thời lượng (phút)").fill("30")
        rooms = plan.get_by_label("Phòng họp")
        rooms.select_option(rooms.locator("option", has_text="Phòng phỏng vấn số 1").get_attribute("value"))
        with desk.expect_navigation():
            desk.get_by_role("button", name="Lên lịch").click()
        expect(desk.get_by_test_id("appointment")).to_contain_text("10:00")
        screenshot(desk, "interviews-desk-scheduled")
    finally:
        desk_context.close()

    # the reporter: the appointment on their page and in their private calendar feed
    phone.goto(phone.base + "/DH16/interviews/")
    mine = phone.get_by_test_id("my-interviews")
    expect(mine).to_contain_text("Trần Thị Hoa")
    expect(mine).to_contain_text("Đã xếp lịch")
    feed_url = phone.get_by_test_id("feed-url").input_value()
    feed = phone.request.get(feed_url.replace("http://localhost", phone.base.rsplit(":", 1)[0]))
    assert feed.ok
    body = feed.text().replace("\r\n ", "")
    assert "Trần Thị Hoa" in body and "Phòng phỏng vấn số 1" in body
    starts = from_local(datetime.combine(local_today() + timedelta(days=2), time(10, 0)))
    assert f"DTSTART:{starts.strftime('%Y%m%dT%H%M%S')}Z" in body  # 10:00 local, in UTC
    screenshot(phone, "interviews-mine-phone")
    assert phone.console_errors == []
