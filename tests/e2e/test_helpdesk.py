"""Browser journey of the help desk at 360 px: a reporter reports a lost badge from the phone,
the desk replaces it after checking identity, the old badge is denied at the gate (raising the
duty officer's alarm) and the new one admitted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.badges import services as badges
from app.badges.models import Badge
from app.badges.services import issue_badge
from app.helpdesk.models import HelpRequest
from tests.checkin.conftest import make_gate  # noqa: F401  (fixture)
from tests.e2e.conftest import page_width, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_lost_badge_reported_from_the_phone_is_replaced_and_the_old_one_denied(
    browser,
    phone,
    db,
    make_user,
    make_application,
    make_organisation,
    make_gate,  # noqa: F811
):
    officer = make_user("accreditation_officer", full_name="Trần Thị Thu Hà", email="duyet.the@tinh.vn")
    application = make_application(
        status="approved", full_name="Nguyễn Thị Thu Hằng", organisation=make_organisation("Báo Nhân Dân")
    )
    lost = issue_badge(application, officer)
    old_payload = badges.payload_of(lost)
    gate = make_gate("PC", "in", name="Cổng A – Trung tâm báo chí (vào)")
    gate_staff = make_user("scanner", email="cong.a@tinh.vn")
    db.session.commit()

    # the reporter, on the phone
    sign_in(phone, application.user.email)
    phone.goto(phone.base + "/DH16/helpdesk/")
    phone.get_by_role("link", name="Tôi bị mất thẻ").click()
    expect(phone.get_by_role("heading", name="Tôi bị mất thẻ")).to_be_visible()
    phone.get_by_label("Lần cuối anh/chị còn thẻ ở đâu? (không bắt buộc)").fill("Bãi gửi xe")
    phone.get_by_label(re.compile("Tôi hiểu rằng thẻ hiện tại")).check()
    phone.get_by_role("button", name="Báo mất thẻ").click()
    expect(phone.get_by_role("status").first).to_contain_text("Bàn hỗ trợ đã nhận báo mất thẻ")
    assert page_width(phone) <= 360
    screenshot(phone, "helpdesk-lost-badge-phone")

    # the desk, also on a phone: the board, the request, the identity check, the replacement
    desk = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, locale="vi-VN"
    ).new_page()
    desk.base = phone.base
    sign_in(desk, officer.email)
    desk.goto(desk.base + "/DH16/helpdesk/board")
    expect(desk.get_by_test_id("column-new")).to_contain_text("Nguyễn Thị Thu Hằng")
    desk.get_by_test_id("column-new").get_by_role("link", name=re.compile("Thẻ")).click()
    desk.get_by_role("button", name="Cấp lại thẻ bị mất").click()
    expect(desk.get_by_role("alert").first).to_contain_text("kiểm tra danh tính")  # the box was not ticked
    desk.get_by_label(re.compile("Tôi đã kiểm tra danh tính")).check()
    desk.get_by_role("button", name="Cấp lại thẻ bị mất").click()
    expect(desk.get_by_role("status").first).to_contain_text("phiên bản bị mất không còn mở được cổng nào")
    expect(desk.get_by_role("button", name=re.compile("In thẻ mới"))).to_be_visible()
    assert page_width(desk) <= 360
    screenshot(desk, "helpdesk-lost-badge-desk")

    db.session.rollback()  # the live server has written since
    request = db.session.scalars(select(HelpRequest)).one()
    new = db.session.get(Badge, request.replacement_badge_id)
    new_payload = badges.payload_of(new)

    # the gate, on a phone: the lost copy is denied, the new one admitted
    gate_phone = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, locale="vi-VN"
    ).new_page()
    gate_phone.base = phone.base
    sign_in(gate_phone, gate_staff.email)
    gate_phone.goto(gate_phone.base + "/DH16/scanner/")
    gate_phone.get_by_role("button", name=re.compile("Cổng A")).click()
    expect(gate_phone.get_by_test_id("gate-name")).to_contain_text(gate.name)
    field = gate_phone.get_by_label("Mã thẻ (máy quét USB hoặc gõ tay)")
    box = gate_phone.get_by_test_id("scan-result")
    field.fill(old_payload)
    gate_phone.get_by_role("button", name="Kiểm tra").click()
    expect(box).to_have_attribute("data-result", "denied")
    expect(box).to_contain_text("Thẻ đã báo mất: giữ thẻ lại và gọi trực ban")
    field.fill(new_payload)
    gate_phone.get_by_role("button", name="Kiểm tra").click()
    expect(box).to_have_attribute("data-result", "accepted")
    expect(box).to_contain_text("Nguyễn Thị Thu Hằng")

    # the duty officer's alarm list names the lost copy, its holder and the gate
    desk.goto(desk.base + "/DH16/scanner/alarms")
    expect(desk.get_by_test_id("open-alarms")).to_have_text("1")
    alarm = desk.get_by_test_id("alarm-list")
    expect(alarm).to_contain_text("Nguyễn Thị Thu Hằng")
    expect(alarm).to_contain_text(lost.serial)
    expect(alarm).to_contain_text("Cổng A")
    expect(alarm).to_contain_text("Báo mất thẻ")
    assert page_width(desk) <= 360
    screenshot(desk, "helpdesk-lost-badge-alarm")
