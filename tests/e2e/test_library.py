"""Browser journey of the media library: a press officer makes an album and adds a photo with
its caption, credit and terms; a file whose content does not match its name is refused on the
page; an accredited journalist on a phone finds the photo, opens its album by the short link and
downloads it, and exiftool reads the caption, credit and terms back from the file."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import page_width, screenshot, sign_in
from tests.newsroom.conftest import exiftool, jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.browser


def test_a_photo_goes_from_the_press_officer_to_a_journalists_phone_with_its_metadata(
    browser, page, db, make_user, make_application, make_organisation, tmp_path
):
    officer = make_user("press_officer", full_name="Lê Thị Hồng", email="baochi@tinh.vn")
    reporter = make_application(
        status="approved", organisation=make_organisation("Báo Nghệ An", level="local")
    ).user
    photo, wrong = tmp_path / "khai-mac.jpg", tmp_path / "thong-cao.jpg"
    photo.write_bytes(jpeg_bytes())
    wrong.write_bytes(pdf_bytes())

    sign_in(page, officer.email)
    page.goto(page.base + "/DH16/library/manage")
    page.get_by_label("Tên album").fill("Phiên khai mạc")
    page.get_by_role("button", name="Tạo album").click()
    expect(page.get_by_role("heading", name="Phiên khai mạc")).to_be_visible()

    def add(path, caption):
        page.get_by_label("Chú thích (tiếng Việt)").fill(caption)
        page.get_by_label("Ghi nguồn").fill("Ảnh: TTXVN")
        page.get_by_label("Điều kiện sử dụng").select_option("editorial_no_alter")
        page.get_by_label("Phạm vi công bố").select_option("accredited")
        page.get_by_label("Tệp (ảnh JPEG").set_input_files(str(path))
        page.get_by_role("button", name="Thêm vào album").click()

    add(wrong, "Thông cáo đặt nhầm tên")
    expect(page.get_by_role("alert")).to_contain_text("Nội dung tệp không khớp với tên tệp (.jpg)")
    add(photo, "Toàn cảnh phiên khai mạc Đại hội")
    expect(page.get_by_test_id("staff-item")).to_have_count(1)
    short_link = page.get_by_test_id("short-link").inner_text()
    screenshot(page, "library-album-staff")

    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, locale="vi-VN"
    ).new_page()
    phone.base = page.base
    phone.goto(phone.base + "/DH16/library/")
    expect(phone.get_by_test_id("no-items")).to_be_visible()  # accredited journalists only
    sign_in(phone, reporter.email)
    phone.goto(phone.base + "/DH16/library/?q=toan canh")
    expect(phone.get_by_test_id("library-item")).to_have_count(1)
    phone.goto(short_link)  # the album's short link, as printed on its QR code
    expect(phone.get_by_role("heading", name="Phiên khai mạc")).to_be_visible()
    phone.get_by_role("link", name="Toàn cảnh phiên khai mạc Đại hội").last.click()
    expect(phone.get_by_test_id("caption")).to_have_text("Toàn cảnh phiên khai mạc Đại hội")
    assert page_width(phone) <= 360
    with phone.expect_download() as download:
        phone.get_by_test_id("download").click()
    tags = exiftool(open(download.value.path(), "rb").read(), tmp_path)
    assert tags["IPTC:Caption-Abstract"] == tags["XMP-dc:Description"] == "Toàn cảnh phiên khai mạc Đại hội"
    assert tags["IPTC:Credit"] == tags["XMP-photoshop:Credit"] == "Ảnh: TTXVN"
    assert "không cắt" in tags["XMP-xmpRights:UsageTerms"]
    phone.context.close()
