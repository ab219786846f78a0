"""Browser journey across congresses: a reporter approved at the district congress applies to the
provincial one with the pre-filled profile and gets a badge; an officer of the provincial
congress cannot reach the district one; the site administrator creates a congress from the
provincial one and opens it for applications."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from app.accreditation.demo import portrait
from app.accreditation.services import PHOTO_MIN, PHOTO_SIZES
from app.core import uploads
from app.events import scope
from app.events import services as events
from tests.accreditation.conftest import STANDARD_ZONES, pdf_bytes
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def season(db, event, make_user, make_zone, make_organisation, make_application):
    """The provincial congress (running) and the district one two weeks earlier (archived), where
    the reporter was approved; an accreditation officer of the provincial congress only."""
    event.first_day, event.last_day = date(2025, 10, 14), date(2025, 10, 17)
    district = events.create_event(
        "DC29", "Đại hội đại biểu Đảng bộ huyện Diễn Châu lần thứ XXIX", level="district", status="closed"
    )
    db.session.commit()
    for order, (code, name) in enumerate(STANDARD_ZONES):
        make_zone(code, name, sort_order=order)
    reporter = make_user("journalist", full_name="Lê Thị Hoa", email="hoa.le@vtv.vn")
    photo = uploads.save_image_bytes(
        portrait(random.Random(3)), "photos", min_size=PHOTO_MIN, sizes=PHOTO_SIZES
    )
    vtv = make_organisation("Đài Truyền hình Việt Nam (VTV)", kind="tv", level="central")
    with scope.in_event(district):
        make_zone("PC", "Trung tâm báo chí")
        make_application(
            status="approved",
            user=reporter,
            organisation=vtv,
            full_name="Lê Thị Hoa",
            date_of_birth=date(1990, 3, 8),
            national_id="040190001234",
            press_card_number="TV-02468",
            position="Biên tập viên",
            photo_key=photo.keys["full"],
            photo_thumb_key=photo.keys["thumb"],
        )
    district.status = "archived"
    db.session.commit()
    officer = make_user("accreditation_officer", full_name="Trần Thị Thu Hà", email="duyet@tinh.vn")
    admin = make_user("admin", full_name="Nguyễn Quản Trị", email="quantri@tinh.vn")
    return reporter, officer, admin


def sign_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()


def test_a_reporter_of_the_district_congress_applies_to_the_provincial_one(page, season, tmp_path):
    reporter, officer, admin = season
    letter = tmp_path / "giay-gioi-thieu.pdf"
    letter.write_bytes(pdf_bytes())

    # the reporter lands on their congresses, and applies to the provincial one
    sign_in(page, reporter.email)
    expect(page.get_by_test_id("my-applications")).to_contain_text("Diễn Châu")
    screenshot(page, "congresses-me")
    page.get_by_test_id("can-apply").get_by_role("link", name=re.compile("Đăng ký tác nghiệp")).click()
    expect(page.get_by_test_id("profile-prefill")).to_contain_text("Diễn Châu")
    expect(page.get_by_label("Số CCCD (căn cước công dân)")).to_have_value("040190001234")
    expect(page.get_by_label("Số thẻ nhà báo (nếu có)")).to_have_value("TV-02468")
    page.get_by_label("PC – Trung tâm báo chí").check()
    page.get_by_label("HT – Hội trường – khu vực báo chí").check()
    page.get_by_label("Giấy giới thiệu của cơ quan (PDF, tối đa 10 MB)").set_input_files(str(letter))
    screenshot(page, "congresses-prefilled")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_test_id("application-status")).to_contain_text("Đã nộp, chờ duyệt")
    sign_out(page)

    # the provincial officer approves it, and cannot reach the district congress
    sign_in(page, officer.email)
    page.get_by_role("link", name="Hồ sơ đăng ký tác nghiệp").first.click()
    page.get_by_test_id("queue").get_by_role("link", name="Lê Thị Hoa").click()
    expect(page.get_by_test_id("photo")).to_be_visible()  # the profile's photo, copied
    with page.expect_navigation():
        page.get_by_role("button", name="Duyệt và cấp thẻ").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã cấp thẻ PC-")
    response = page.goto(page.base + "/DC29/accreditation/queue")
    assert response.status == 403
    expect(page.locator("h1")).to_contain_text("Không được phép")
    page.console_errors.remove(
        "Failed to load resource: the server responded with a status of 403 (FORBIDDEN)"
    )
    sign_out(page)

    # the reporter downloads the provincial badge from their home
    sign_in(page, reporter.email)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Tải thẻ của tôi")).click()
    text = "".join(p.extract_text() for p in PdfReader(download_info.value.path()).pages)
    assert "Lê Thị Hoa" in text
    sign_out(page)

    # the site administrator creates the next congress from the provincial one and opens it
    sign_in(page, admin.email)
    page.goto(page.base + "/admin/events")
    page.get_by_role("link", name="Tạo đại hội mới từ đại hội này DH16").click()
    page.get_by_label("Mã (dùng trong địa chỉ và trên thẻ)").fill("TPV")
    page.get_by_label("Tên").fill("Đại hội đại biểu Đảng bộ thành phố Vinh lần thứ XXIII")
    page.get_by_label("Cấp", exact=True).select_option(label="Cấp huyện")
    page.get_by_label("Ngày mở trung tâm báo chí").fill("2025-11-04")
    page.get_by_label("Ngày đóng trung tâm báo chí").fill("2025-11-06")
    screenshot(page, "congresses-new")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("sao chép")
    page.get_by_label("Trạng thái").select_option(label="Đang nhận đăng ký")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu").click()
    page.goto(page.base + "/")
    expect(page.get_by_test_id("open-congresses")).to_contain_text("thành phố Vinh")
    page.goto(page.base + "/admin/overview")
    expect(page.get_by_test_id("overview")).to_contain_text("DC29")
    screenshot(page, "congresses-overview")
    assert page.console_errors == []
