"""Browser journey of the badge desk: print a batch from the queue, then reprint a lost badge."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from app.badges import services
from app.core import uploads
from tests.badges.conftest import portrait_jpeg
from tests.e2e.conftest import SCREENSHOTS, page_width, screenshot, sign_in

pytestmark = pytest.mark.browser


def save_badge_picture(data: bytes, name: str) -> None:
    """A PNG of a badge PDF for the docs (poppler's pdftoppm)."""
    source = SCREENSHOTS / f"{name}.pdf"
    source.write_bytes(data)
    try:
        subprocess.run(
            ["pdftoppm", "-r", "110", "-png", "-singlefile", str(source), str(SCREENSHOTS / name)], check=True
        )
    finally:
        source.unlink()


@pytest.fixture
def desk(db, make_user, make_application, make_organisation):
    """An officer and three approved journalists with photos and badges."""
    officer = make_user("accreditation_officer", full_name="Trần Thị Thu Hà", email="duyet@tinh.vn")
    vtv = make_organisation("Đài Truyền hình Việt Nam")
    badges = []
    for name, category in (
        ("Nguyễn Văn An", "reporter"),
        ("Lê Thị Bình", "photographer"),
        ("Phạm Quốc Cường", "camera"),
    ):
        application = make_application(
            status="approved", full_name=name, category=category, organisation=vtv, zones=("PC", "HT")
        )
        stored = uploads.save_image_bytes(portrait_jpeg(application.id), "photos", sizes={"full": (300, 400)})
        application.photo_key = stored.keys["full"]
        badges.append(services.issue_badge(application, officer))
    db.session.commit()
    return officer, badges


def test_officer_prints_a_batch_and_sees_it_printed(page, desk, tmp_path):
    officer, badges = desk
    sign_in(page, officer.email)
    page.get_by_role("link", name="Thẻ tác nghiệp").first.click()
    page.get_by_role("heading", name="In thẻ tác nghiệp").wait_for()
    assert page.get_by_test_id("badge-row").count() == 3
    screenshot(page, "badges-queue")

    chosen = badges[:2]
    for badge in chosen:
        page.get_by_label(f"Chọn {badge.serial}, {badge.application.full_name}").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="In các thẻ đã chọn").click()
    download = download_info.value
    assert re.fullmatch(r"badges-\d{8}-\d{6}-2\.pdf", download.suggested_filename)
    target = tmp_path / "sheet.pdf"
    download.save_as(target)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert all(b.serial in text for b in chosen) and badges[2].serial not in text

    # The list reloads: only the third badge still waits.
    expect(page.get_by_test_id("badge-row")).to_have_count(1)
    assert badges[2].serial in page.get_by_test_id("badge-row").inner_text()

    page.get_by_label("Hiển thị").select_option("printed")
    page.get_by_role("button", name="Lọc").click()
    rows = page.get_by_test_id("badge-row")
    expect(rows).to_have_count(2)
    for index in range(2):
        assert "Đã in" in rows.nth(index).inner_text()
        assert "Trần Thị Thu Hà" in rows.nth(index).inner_text()
    screenshot(page, "badges-printed")
    assert page.console_errors == []


def test_officer_reprints_a_printed_badge_after_the_warning(page, desk, db):
    officer, badges = desk
    services.mark_printed([badges[0]], officer)
    db.session.commit()
    sign_in(page, officer.email)
    page.goto(page.base + f"/DH16/badges/{badges[0].id}")
    page.get_by_role("button", name="Tạo phiên bản mới").click()
    warning = page.get_by_test_id("reprint-warning")
    warning.wait_for()
    assert "Trần Thị Thu Hà" in warning.inner_text()
    screenshot(page, "badges-reprint-warning")
    page.get_by_label("Lý do cấp phiên bản mới (không bắt buộc)").fill("Phóng viên báo mất thẻ")
    page.get_by_role("button", name="Đồng ý, tạo phiên bản 2").click()
    page.get_by_text("Đã cấp phiên bản 2").wait_for()
    assert page.get_by_test_id("version-row").count() == 2
    screenshot(page, "badges-detail")

    # The new version's PDF, as the officer opens it, rendered for the docs.
    db.session.rollback()  # end the test's read snapshot taken before the reprint
    new = services.current_badge(badges[0].application)
    assert new.version == 2
    response = page.request.get(page.base + f"/DH16/badges/{new.id}.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    save_badge_picture(response.body(), "badges-badge-a6")


def test_print_queue_fits_a_phone(phone, desk):
    officer, _badges = desk
    sign_in(phone, officer.email)
    phone.goto(phone.base + "/DH16/badges")
    assert page_width(phone) <= 360
    assert phone.get_by_role("button", name="In các thẻ đã chọn").is_visible()
