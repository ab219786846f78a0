"""Browser journey (issue 19): a focal point sends a 20-row list with 2 bad rows, fixes it and
sends it again; the desk approves, exports for vetting, imports the results (18 cleared, 2
not), prints 18 badges; the focal point sees each person's state."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from app.core.timeutil import utcnow
from app.outlets import services as outlets
from app.outlets import vetting
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, sign_in
from tests.outlets.conftest import person_row, xlsx

pytestmark = pytest.mark.browser


@pytest.fixture
def congress(db, make_user, make_organisation, make_zone):
    make_zone("PC")
    officer = make_user("accreditation_officer", full_name="Trần Thị Thu Hà", email="duyet@tinh.vn")
    org = make_organisation("Báo Nhân Dân", level="central")
    focal = outlets.invite_focal_point(
        email="daumoi@nhandan.vn",
        full_name="Đỗ Minh Đức",
        organisation_id=org.id,
        phone="0912000111",
        position="Thư ký tòa soạn",
        actor=officer,
    )
    focal.user.set_password(PASSWORD)
    focal.user.email_verified_at = utcnow()
    outlets.save_settings(True, outlets.settings().default_quotas, officer)
    outlets.set_quota(org.id, "reporter", 30, officer)
    db.session.commit()
    return officer, focal


def _send(page, path, data: bytes):
    path.write_bytes(data)
    page.get_by_label("Danh sách (XLSX theo mẫu)").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra và gửi").click()


def test_outlet_list_to_printed_badges(page, browser, live_server, congress, tmp_path):
    officer, focal = congress
    rows = [person_row(n) for n in range(1, 21)]
    rows[3][2] = "00108500000A"  # a CCCD with a letter
    rows[11][7] = "not-an-email"

    sign_in(page, focal.user.email)
    page.goto(page.base + "/DH16/outlets/")
    page.get_by_role("link", name="Gửi danh sách (XLSX)").click()
    _send(page, tmp_path / "danh-sach.xlsx", xlsx(rows))
    expect(page.get_by_test_id("row-error")).to_have_count(2)
    assert "Dòng 5" in page.get_by_test_id("row-errors").inner_text()
    screenshot(page, "outlets-row-errors")
    page.console_errors.clear()  # the refused list is answered 400, which the console reports

    rows[3][2], rows[11][7] = "001085000004", "thu12@nhandan.vn"
    _send(page, tmp_path / "danh-sach-sua.xlsx", xlsx(rows))
    expect(page.get_by_test_id("person-row")).to_have_count(20)
    expect(page.locator("[data-state=submitted]")).to_have_count(20)

    # the desk, in its own browser
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk_context.set_default_timeout(15_000)
    desk = desk_context.new_page()
    desk.base = live_server
    desk.on("dialog", lambda dialog: dialog.accept())
    sign_in(desk, officer.email)
    desk.goto(desk.base + "/DH16/accreditation/queue")
    desk.get_by_label("Chọn tất cả trên trang này").check()
    with desk.expect_navigation():
        desk.get_by_role("button", name="Duyệt các hồ sơ đã chọn").click()

    desk.goto(desk.base + "/DH16/outlets/desk/vetting")
    with desk.expect_download() as info:
        desk.get_by_role("button", name="Xuất danh sách thẩm định (XLSX)").click()
    exported = tmp_path / "tham-dinh.xlsx"
    info.value.save_as(exported)
    sheet = load_workbook(exported).active
    assert [c.value for c in sheet[1]] == list(vetting.EXPORT_HEADERS)
    ids = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(ids) == 20
    results = [[cccd, "Đạt" if i < 18 else "Không đạt", f"{100 + i}/ANCT"] for i, cccd in enumerate(ids)]
    (tmp_path / "ket-qua.xlsx").write_bytes(xlsx(results, headers=vetting.RESULT_HEADERS))
    desk.goto(desk.base + "/DH16/outlets/desk/vetting")
    desk.get_by_label("Kết quả thẩm định (XLSX: Số CCCD, Kết quả, Số văn bản)").set_input_files(
        str(tmp_path / "ket-qua.xlsx")
    )
    desk.get_by_role("button", name="Nhập kết quả").click()
    expect(desk.get_by_text("Đã lưu kết quả: 18 đạt, 2 không đạt.")).to_be_visible()

    desk.goto(desk.base + "/DH16/badges")
    with desk.expect_download() as info:
        desk.get_by_role("button", name="In tất cả thẻ chưa in (18)").click()
    pdf = tmp_path / "the.pdf"
    info.value.save_as(pdf)
    assert len(PdfReader(io.BytesIO(pdf.read_bytes())).pages) >= 1
    desk_context.close()

    page.goto(page.base + "/DH16/outlets/")
    expect(page.locator("[data-state=printed]")).to_have_count(18)
    expect(page.locator("[data-state=not_cleared]")).to_have_count(2)
    screenshot(page, "outlets-status")
    assert not page.console_errors
