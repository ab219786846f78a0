"""Keyboard only (Tab, Shift+Tab, Enter, Space, arrows and typing): the gate scanner and the
accreditation form, as a person without a mouse would use them."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import expect

from app.accreditation.demo import portrait
from tests.accreditation.conftest import STANDARD_ZONES, pdf_bytes
from tests.checkin.conftest import make_gate, payload_of  # noqa: F401  (fixtures)
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

# What the focused element is called: its label, its accessible name or its text.
FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  return (label || el.getAttribute("aria-label") || el.textContent || "").replace(/\\s+/g, " ").trim();
}"""


def tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused control's name contains ``name`` (fails after ``limit``)."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_NAME)
        if name in focused:
            return
        seen.append(focused)
    raise AssertionError(f"Tab never reached {name!r}; reached: {seen}")


def choose(page, option: str, limit: int = 40) -> None:
    """Move through the focused select's options with the arrow keys until ``option``."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.selectedOptions[0]?.textContent.trim()") == option:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {option!r} in the focused list")


def intercept_file_choosers(page) -> list:
    """Keep Playwright's file-chooser interception on for the whole page. With one
    ``expect_file_chooser`` per field, interception is switched off after each chooser and on
    again for the next, and a key pressed before it is back on opens a real chooser that never
    closes in headless Chromium, so every later Enter is ignored (seen once on a loaded CI
    machine). The listener is added before the page opens so interception is on by then."""
    choosers: list = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    return choosers


def pick_file(page, choosers: list, path, wait_ms: int = 15_000) -> None:
    """Enter on the focused file field opens the file chooser; the file is chosen in it.
    Chromium ignores the key while the previous chooser is still closing, as a person would
    find, so the key is pressed again after a second if nothing opened."""
    before = len(choosers)
    waited = 0
    while len(choosers) == before:
        if waited % 1_000 == 0:
            page.keyboard.press("Enter")
        if waited >= wait_ms:
            raise AssertionError("Enter on the focused file field opened no file chooser")
        page.wait_for_timeout(100)
        waited += 100
    choosers[-1].set_files(str(path))


def test_the_gate_scanner_by_keyboard(
    page,
    db,
    make_user,
    make_gate,  # noqa: F811
    make_application,
    make_badge,
    payload_of,  # noqa: F811
):
    staff = make_user("scanner", email="cong.b@tinh.vn")
    make_gate("PC", "in", name="Cổng B – Trung tâm báo chí (vào)")
    application = make_application(status="approved", full_name="Đỗ Thị Hồng Nhung")
    _badge, token = make_badge(application, zones="PC")
    db.session.commit()
    sign_in(page, staff.email)
    page.goto(page.base + "/DH16/scanner/")
    tab_to(page, "Cổng B – Trung tâm báo chí")
    page.keyboard.press("Enter")
    field = page.get_by_label("Mã thẻ (máy quét USB hoặc gõ tay)")
    expect(field).to_be_focused()
    page.keyboard.type(payload_of(token))
    page.keyboard.press("Enter")
    result = page.get_by_test_id("scan-result")
    expect(result).to_have_attribute("data-result", "accepted")
    expect(result).to_contain_text("Đỗ Thị Hồng Nhung")
    # announced as well as shown: a live region that reads out the whole result
    assert result.get_attribute("aria-live") == "assertive"
    assert result.get_attribute("aria-atomic") == "true"
    expect(field).to_be_focused()  # ready for the next badge, no click needed
    # the typed way: a serial, then the check button reached by Tab and pressed with Space
    field.fill("")
    page.keyboard.type("PC-9999")
    tab_to(page, "Kiểm tra")
    page.keyboard.press("Space")
    expect(result).not_to_have_attribute("data-result", "accepted")


def test_the_accreditation_form_by_keyboard(page, db, make_user, make_zone, make_organisation, tmp_path):
    for order, (code, name) in enumerate(STANDARD_ZONES):
        make_zone(code, name, sort_order=order)
    make_organisation("Báo Nhân Dân", kind="newspaper", level="central")
    make_organisation("Thông tấn xã Việt Nam", kind="agency", level="central")
    journalist = make_user("journalist", full_name="Lò Văn Páo", email="pao.lo@baonhandan.vn")
    db.session.commit()
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(portrait(random.Random(3)))
    letter = tmp_path / "giay.pdf"
    letter.write_bytes(pdf_bytes())

    choosers = intercept_file_choosers(page)
    sign_in(page, journalist.email)
    page.goto(page.base + "/DH16/accreditation/apply")
    tab_to(page, "Ngày sinh")
    page.keyboard.type("12/03/1990")
    tab_to(page, "Số CCCD")
    page.keyboard.type("011090004321")
    tab_to(page, "Cơ quan báo chí")
    choose(page, "Báo Nhân Dân")
    tab_to(page, "Chức vụ")
    page.keyboard.type("Phóng viên ảnh")
    tab_to(page, "Loại tác nghiệp")
    choose(page, "Phóng viên ảnh")
    tab_to(page, "Điện thoại")
    page.keyboard.type("0987 654 321")
    tab_to(page, "PC – Trung tâm báo chí")
    page.keyboard.press("Space")
    tab_to(page, "Ảnh chân dung")
    pick_file(page, choosers, photo)
    tab_to(page, "Giấy giới thiệu")
    pick_file(page, choosers, letter)
    tab_to(page, "Gửi hồ sơ")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("application-status")).to_contain_text("Đã nộp, chờ duyệt")
    assert page.console_errors == []
