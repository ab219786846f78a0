"""Browser journeys of the dashboard area: the dashboard on desktop and phone, logging a piece.

The dashboard test seeds the whole demo congress first (``flask seed-demo``, ~20 s) so
the screenshots in docs/dashboard.md show believable figures.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
import time_machine

from app.accounts.demo import DEMO_PASSWORD
from app.core.timeutil import from_local, local_today
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

CHART_BARS = "Array.from(document.querySelectorAll('svg.dash-columns rect')).filter(r => +r.getAttribute('height') > 0).length"
NO_SIDE_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def afternoon():
    """15:30 at the event today: the demo's scans of the day (07:00–18:00) are there whatever the hour."""
    moment = from_local(datetime.combine(local_today(), time(15, 30)))
    with time_machine.travel(moment.replace(tzinfo=UTC), tick=True):
        yield


def test_dashboard_on_desktop_and_phone_renders_the_charts(app, page, phone, afternoon):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output

    sign_in(page, "admin@demo.presscentre.vn", DEMO_PASSWORD)
    page.goto(page.base + "/DH16/dashboard")
    assert page.get_by_role("heading", name="Bảng điều hành", exact=True).is_visible()
    for heading in ("Cấp thẻ tác nghiệp", "Số người đang có mặt", "Lượt quét theo giờ và cổng (hôm nay)"):
        assert page.get_by_role("heading", name=heading).is_visible()
    assert page.evaluate(CHART_BARS) > 0, "the scan charts draw no bars"
    assert page.locator("svg.dash-meter rect").count() > 0
    # the numbers are on the page as text too
    assert int(page.get_by_test_id("funnel-total").inner_text()) > 0
    assert page.console_errors == []
    screenshot(page, "dashboard-desktop")

    sign_in(phone, "truongtt@demo.presscentre.vn", DEMO_PASSWORD)
    phone.goto(phone.base + "/DH16/dashboard")
    assert phone.evaluate(CHART_BARS) > 0
    assert phone.evaluate(NO_SIDE_SCROLL), "the dashboard scrolls sideways on a 360-px phone"
    screenshot(phone, "dashboard-phone")

    phone.goto(phone.base + "/DH16/coverage/report")
    assert int(phone.get_by_test_id("report-total").inner_text()) >= 140
    assert phone.evaluate(NO_SIDE_SCROLL)
    screenshot(phone, "dashboard-coverage-report-phone")


def test_journalist_logs_a_piece_on_a_phone(phone, make_application, make_organisation):
    organisation = make_organisation("Báo Nghệ An", level="local")
    journalist = make_application(status="approved", organisation=organisation).user
    sign_in(phone, journalist.email)
    phone.goto(phone.base + "/DH16/coverage/mine")
    phone.get_by_role("link", name="Ghi nhận tin, bài đã đăng").click()
    phone.get_by_label("Đường dẫn đến tin, bài (http:// hoặc https://)").fill(
        "https://baonghean.vn/khai-mac-dai-hoi-dang-bo-tinh.html"
    )
    phone.get_by_label("Tiêu đề", exact=True).fill("Khai mạc trọng thể Đại hội đại biểu Đảng bộ tỉnh")
    assert phone.get_by_label("Cơ quan báo chí").input_value() == "Báo Nghệ An"
    assert phone.get_by_label("Ngày đăng (dd/mm/yyyy)").input_value() == local_today().strftime("%d/%m/%Y")
    phone.get_by_label("Loại hình").select_option(label="Báo in")
    assert phone.evaluate(NO_SIDE_SCROLL)
    screenshot(phone, "dashboard-coverage-form-phone")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Lưu").click()
    assert phone.get_by_text("Đã ghi nhận tin, bài.").is_visible()
    row = phone.get_by_test_id("coverage-row")
    assert row.count() == 1
    assert "Khai mạc trọng thể" in row.inner_text()
    assert phone.evaluate(NO_SIDE_SCROLL)
