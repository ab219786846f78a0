"""Browser smoke test: sign in as admin, see the home page, switch language and back."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import page_width, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_admin_signs_in_and_switches_language(page, make_user):
    admin = make_user("admin", full_name="Nguyễn Quản Trị", email="admin@tinh.vn")
    page.goto(page.base + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    screenshot(page, "home-vi")
    sign_in(page, admin.email)
    assert page.get_by_test_id("welcome").inner_text() == "Xin chào, Nguyễn Quản Trị."
    page.get_by_test_id("admin-menu").click()  # set-up pages are grouped under "Quản trị"
    assert page.get_by_role("link", name="Người dùng").first.is_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_test_id("welcome").inner_text() == "Welcome, Nguyễn Quản Trị."
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.console_errors == []


def test_phone_width_has_no_horizontal_scroll(phone):
    phone.goto(phone.base + "/login")
    width = page_width(phone)
    assert width <= 360
    assert phone.get_by_label("E-mail").is_visible()
    screenshot(phone, "login-phone")


def test_keyboard_only_sign_in(page, make_user):
    user = make_user("admin", email="kb@tinh.vn")
    page.goto(page.base + "/login")
    page.get_by_label("E-mail").focus()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")
    page.get_by_test_id("welcome").wait_for()
