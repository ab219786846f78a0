"""Browser journey: a journalist applies with a photo and a letter, an officer approves, the badge downloads."""

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
from tests.accreditation.conftest import STANDARD_ZONES, pdf_bytes
from tests.e2e.conftest import loaded_width, page_width, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(db, make_user, make_zone, make_organisation, make_application):
    """Zones, organisations, an officer and a few applications with drawn photos."""
    for order, (code, name) in enumerate(STANDARD_ZONES):
        make_zone(code, name, sort_order=order)
    orgs = [
        make_organisation("Báo Nhân Dân", kind="newspaper", level="central"),
        make_organisation("Đài Phát thanh và Truyền hình Nghệ An", kind="tv", level="local"),
        make_organisation("Thông tấn xã Việt Nam", kind="agency", level="central"),
    ]
    rng = random.Random(7)
    people = [
        ("Trần Thị Hương", "photographer", ("PC", "AN")),
        ("Lê Minh Tuấn", "camera", ("PC", "HT", "PH")),
        ("Phạm Ngọc Lan", "editor", ("PC", "HB")),
        ("Nguyễn Văn Bình", "reporter", ("PC", "HT", "HB")),  # same name and birthday as the journalist below
    ]
    for n, (name, category, zones) in enumerate(people):
        user = make_user("journalist", full_name=name)
        stored = uploads.save_image_bytes(portrait(rng), "photos", min_size=PHOTO_MIN, sizes=PHOTO_SIZES)
        make_application(
            user=user,
            organisation=orgs[2] if name == "Nguyễn Văn Bình" else orgs[n % 3],
            category=category,
            zones=zones,
            date_of_birth=date(1986, 4, 30),
            photo_key=stored.keys["full"],
            photo_thumb_key=stored.keys["thumb"],
        )
    officer = make_user("accreditation_officer", full_name="Trần Thị Thu Hà", email="duyet@tinh.vn")
    journalist = make_user("journalist", full_name="Nguyễn Văn Bình", email="binh.nguyen@baonhandan.vn")
    return officer, journalist


def sign_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()


def test_apply_approve_and_download_the_badge(page, desk, tmp_path):
    officer, journalist = desk
    photo = tmp_path / "chan-dung.jpg"
    photo.write_bytes(portrait(random.Random(1)))
    letter = tmp_path / "giay-gioi-thieu.pdf"
    letter.write_bytes(pdf_bytes())

    sign_in(page, journalist.email)  # lands on "My congresses" (/me)
    page.get_by_test_id("can-apply").get_by_role("link", name=re.compile("Đăng ký tác nghiệp")).click()
    expect(page.get_by_label("Họ và tên (như trên CCCD)")).to_have_value("Nguyễn Văn Bình")
    page.get_by_label("Ngày sinh (dd/mm/yyyy)").fill("30/04/1986")
    page.get_by_label("Số CCCD (căn cước công dân)").fill("001086012345")
    page.get_by_label("Điện thoại").fill("0912 345 678")
    page.get_by_label("Cơ quan báo chí", exact=True).select_option(label="Báo Nhân Dân")
    page.get_by_label("Số thẻ nhà báo (nếu có)").fill("NB-04567")
    page.get_by_label("Chức vụ").fill("Phóng viên Ban Thời sự")
    page.get_by_label("Loại tác nghiệp").select_option(label="Phóng viên")
    page.get_by_label("PC – Trung tâm báo chí").check()
    page.get_by_label("HT – Hội trường – khu vực báo chí").check()
    page.get_by_label("Ảnh chân dung (JPEG hoặc PNG, tối đa 5 MB)").set_input_files(str(photo))
    page.get_by_label("Giấy giới thiệu của cơ quan (PDF, tối đa 10 MB)").set_input_files(str(letter))
    screenshot(page, "accreditation-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_test_id("application-status")).to_contain_text("Đã nộp, chờ duyệt")
    sign_out(page)

    sign_in(page, officer.email)
    page.get_by_role("link", name="Hồ sơ đăng ký tác nghiệp").first.click()
    page.get_by_label("Tìm (tên, cơ quan, số CCCD hoặc thẻ nhà báo)").fill("nguyen van binh")
    with page.expect_navigation():
        page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_test_id("result-count")).to_have_text("Tìm thấy 2 hồ sơ.")
    page.get_by_label("Tìm (tên, cơ quan, số CCCD hoặc thẻ nhà báo)").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Lọc").click()
    screenshot(page, "accreditation-queue")
    queue = page.get_by_test_id("queue")
    row = queue.locator("tr", has_text="Báo Nhân Dân").filter(has_text="Nguyễn Văn Bình")
    expect(row).to_contain_text("Đã nộp, chờ duyệt")
    row.get_by_role("link", name="Nguyễn Văn Bình").click()
    expect(page.get_by_test_id("near-duplicates")).to_be_visible()  # the other Nguyễn Văn Bình, same birthday
    expect(page.get_by_test_id("photo")).to_be_visible()
    assert loaded_width(page.get_by_test_id("photo")) == 300
    screenshot(page, "accreditation-detail")
    with page.expect_navigation():
        page.get_by_role("button", name="Duyệt và cấp thẻ").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã cấp thẻ PC-")
    sign_out(page)

    sign_in(page, journalist.email)
    page.goto(page.base + "/DH16/accreditation/status")
    expect(page.get_by_test_id("application-status")).to_contain_text("Đã duyệt")
    link = page.get_by_test_id("badge-link")
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(download_info.value.path()).pages)
    assert "Nguyễn Văn Bình" in text
    screenshot(page, "accreditation-approved")
    assert page.console_errors == []


def test_the_form_fits_a_phone_and_shows_errors_in_place(phone, desk, tmp_path):
    _officer, journalist = desk
    bad = tmp_path / "anh.jpg"
    bad.write_bytes(b"MZ\x90\x00 not really a photo")
    sign_in(phone, journalist.email)
    phone.goto(phone.base + "/DH16/accreditation/apply")
    assert page_width(phone) <= 360
    phone.get_by_label("Ngày sinh (dd/mm/yyyy)").fill("31/02/1986")
    phone.get_by_label("Ảnh chân dung (JPEG hoặc PNG, tối đa 5 MB)").set_input_files(str(bad))
    with phone.expect_navigation():
        phone.get_by_role("button", name="Gửi hồ sơ").click()
    expect(phone.get_by_role("alert").first).to_contain_text("Chưa có gì được lưu")
    expect(phone.locator(".invalid-feedback", has_text="Không có ngày 31/02/1986")).to_be_visible()
    assert page_width(phone) <= 360
    screenshot(phone, "accreditation-form-phone")


def test_bulk_approval_says_how_many_before_it_approves(page, desk):
    officer, _journalist = desk
    sign_in(page, officer.email)
    page.goto(page.base + "/DH16/accreditation/queue")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss() if len(dialogs) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Duyệt các hồ sơ đã chọn").click()  # nothing ticked yet
    assert dialogs == ["Hãy đánh dấu các hồ sơ cần duyệt trước."]
    boxes = page.get_by_test_id("queue").locator('input[name="ids"]')
    boxes.nth(0).check()
    boxes.nth(1).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Duyệt các hồ sơ đã chọn").click()
    assert dialogs[1] == "Duyệt 2 hồ sơ đã chọn và cấp thẻ?"
    expect(page.locator(".alert-success")).to_be_visible()
