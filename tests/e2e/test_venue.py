"""Browser journey of the decoration work: template → assignment → photo from a phone → verification.

An organiser applies the standard template to the congress hall and assigns its tasks
to two member units; a unit member, on a phone, uploads an evidence photo and marks a
task done; the organiser verifies it and the progress numbers move.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PIL import Image

from app.core.timeutil import local_today
from app.venue.models import ChecklistTemplate, Location, TaskCategory, TemplateItem, Unit
from tests.e2e.conftest import loaded_width, page_width, screenshot, sign_in

pytestmark = pytest.mark.browser

HALL = "Hội trường Trung tâm Hội nghị tỉnh"
CULTURE = "Sở Văn hóa, Thể thao và Du lịch"
LIGHTING = "Công ty Chiếu sáng đô thị"


@pytest.fixture
def setting(db, make_user):
    """Two units, the hall, three categories and the standard template; an organiser and a unit member."""
    culture, lighting = Unit(), Unit()
    culture.set_name(CULTURE)
    lighting.set_name(LIGHTING)
    hall = Location(name=HALL, kind="hall")
    backdrop, flowers, led = (TaskCategory(name=n) for n in ("Phông sân khấu", "Hoa, thảm hoa", "Đèn LED"))
    template = ChecklistTemplate(name="Mẫu chuẩn trang trí khánh tiết Đại hội")
    template.items = [
        TemplateItem(
            title="Phông sân khấu chính", quantity=1, spec="phông 18×7 m", category=backdrop, days_before=5
        ),
        TemplateItem(
            title="Hoa trang trí sân khấu", quantity=12, spec="lẵng hoa", category=flowers, days_before=1
        ),
        TemplateItem(title="Đèn LED hoa trang trí", quantity=40, spec="bộ đèn", category=led, days_before=6),
    ]
    db.session.add_all([culture, lighting, hall, template])
    db.session.commit()
    organiser = make_user("organiser", email="tieuban@tinh.vn", full_name="Võ Đình Khánh")
    member = make_user("unit_member", email="mai@vhttdl.vn", full_name="Đặng Thị Mai", unit_id=culture.id)
    return {"organiser": organiser, "member": member, "culture": culture, "lighting": lighting}


def _assign(page, titles: list[str], unit: str) -> None:
    for title in titles:
        page.get_by_label(f"Chọn {title}").check()
    page.get_by_label("Giao cho đơn vị thành viên").select_option(label=unit)
    with page.expect_navigation():
        page.get_by_role("button", name="Giao việc").click()
    assert "Đã giao" in page.get_by_role("status").first.inner_text()


def test_template_assignment_photo_and_verification(page, phone, setting, tmp_path):
    culture, lighting = setting["culture"], setting["lighting"]
    opening = (local_today() + timedelta(days=10)).strftime("%d/%m/%Y")

    # The organiser applies the template to the hall…
    sign_in(page, setting["organiser"].email)
    page.goto(page.base + "/DH16/venue/templates")
    page.get_by_role("link", name="Áp dụng cho địa điểm").click()
    page.get_by_label("Địa điểm").select_option(label=HALL)
    page.get_by_label("Ngày khai mạc Đại hội").fill(opening)
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo nhiệm vụ").click()
    assert "Đã tạo 3 nhiệm vụ" in page.get_by_role("status").first.inner_text()

    # …and gives its tasks to two units.
    _assign(page, ["Phông sân khấu chính", "Hoa trang trí sân khấu"], CULTURE)
    _assign(page, ["Đèn LED hoa trang trí"], LIGHTING)
    screenshot(page, "venue-list")
    page.goto(page.base + "/DH16/venue/progress")
    assert page.get_by_test_id(f"progress-unit-{culture.id}").inner_text() == "0/2 đã nghiệm thu (0%)"
    assert page.get_by_test_id(f"progress-unit-{lighting.id}").inner_text() == "0/1 đã nghiệm thu (0%)"

    # The unit member, on a phone, photographs the finished backdrop and reports it done.
    photo = tmp_path / "phong-san-khau.jpg"
    Image.new("RGB", (1200, 800), (179, 20, 27)).save(photo, "JPEG")
    sign_in(phone, setting["member"].email)
    phone.goto(phone.base + "/DH16/venue/")
    assert phone.get_by_role("link", name="Đèn LED hoa trang trí").count() == 0  # another unit's task
    assert page_width(phone) <= 360
    screenshot(phone, "venue-my-tasks-phone")
    phone.get_by_role("link", name="Phông sân khấu chính").click()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Bắt đầu thực hiện").click()
    file_input = phone.get_by_label("Ảnh minh chứng", exact=True)
    assert file_input.get_attribute("capture") == "environment"
    assert file_input.get_attribute("accept") == "image/*"
    file_input.set_input_files(str(photo))
    phone.get_by_label("Chú thích (không bắt buộc)").fill("Phông đã treo xong")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Tải ảnh lên").click()
    assert loaded_width(phone.get_by_role("img", name="Phông đã treo xong")) > 0
    with phone.expect_navigation():
        phone.get_by_role("button", name="Báo hoàn thành").click()
    assert "Đã xong, chờ nghiệm thu" in phone.get_by_test_id("task-status").inner_text()
    assert phone.get_by_role("button", name="Nghiệm thu").count() == 0  # only organisers verify
    assert page_width(phone) <= 360
    screenshot(phone, "venue-task-phone")

    # The organiser sees it awaiting a check, verifies it, and the progress moves.
    page.goto(page.base + "/DH16/venue/")
    page.get_by_role("link", name="Phông sân khấu chính").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Nghiệm thu").click()
    assert "Đã nghiệm thu" in page.get_by_test_id("task-status").inner_text()
    page.goto(page.base + "/DH16/venue/progress")
    assert page.get_by_test_id(f"progress-unit-{culture.id}").inner_text() == "1/2 đã nghiệm thu (50%)"
    assert page.get_by_test_id("progress-total").inner_text() == "1/3 đã nghiệm thu (33%)"
    screenshot(page, "venue-progress")
    page.goto(page.base + "/DH16/venue/board")
    assert page.get_by_test_id("count-verified").inner_text() == "1"
    screenshot(page, "venue-board")
    month = (local_today() + timedelta(days=5)).strftime("%Y-%m")
    page.goto(page.base + f"/DH16/venue/calendar?month={month}")
    assert page.get_by_role("link", name="Phông sân khấu chính").count() == 1
    screenshot(page, "venue-calendar")
    assert page.console_errors == []


def test_board_columns_stack_on_a_phone(phone, setting, db):
    sign_in(phone, setting["organiser"].email)
    phone.goto(phone.base + "/DH16/venue/board")
    boxes = [phone.locator(f"#col-{s}").bounding_box() for s in ("todo", "in_progress", "blocked")]
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]  # one below the other
    assert page_width(phone) <= 360
    screenshot(phone, "venue-board-phone")
