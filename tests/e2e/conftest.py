"""Browser journeys: the app served on localhost, driven by Debian's Chromium via Playwright.

Chromium is never downloaded: Playwright launches ``/usr/bin/chromium`` (or
``CHROMIUM_PATH``). Without it the tests skip, unless ``REQUIRE_BROWSER=1`` (CI),
where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

# Screenshots go to a git-ignored scratch folder; the tracked ones in docs/screenshots are
# refreshed only on purpose: `make screenshots` (UPDATE_SCREENSHOTS=1).
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCRATCH_SCREENSHOTS = Path(__file__).resolve().parent / "screens-tmp"
SCREENSHOTS = DOCS_SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else SCRATCH_SCREENSHOTS
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


@pytest.fixture(scope="session")
def playwright_driver():
    """The one Playwright driver of the run: a second ``sync_playwright()`` in the same
    process fails ("Sync API inside the asyncio loop"), so a test that needs a browser
    started with other flags (a fake camera) launches it from this driver."""
    if chromium_path() is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (REQUIRE_BROWSER=1) but was not found")
        pytest.skip("Chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    instance = playwright_driver.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield instance
    instance.close()


@pytest.fixture
def live_server(app):
    """The app on a free localhost port, in a thread, sharing the test database."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context; fails the test on any console error or dialog it did not expect."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    new_page.console_errors = []
    new_page.on("console", lambda msg: msg.type == "error" and new_page.console_errors.append(msg.text))
    new_page.base = live_server
    yield new_page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A 360-px-wide phone screen."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="vi-VN",
    )
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    new_page.console_errors = []
    new_page.on("console", lambda msg: msg.type == "error" and new_page.console_errors.append(msg.text))
    new_page.base = live_server
    yield new_page
    context.close()


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Fill in and send the sign-in form as a person would."""
    page.goto(page.base + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").last.click()


def screenshot(page, name: str) -> None:
    """Save a README screenshot (to docs/screenshots only with UPDATE_SCREENSHOTS=1)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# The width of an <img> once it has loaded (a loaded machine may not have it at the
# navigation's end; a lazy image loads when scrolled into view).
LOADED_WIDTH = """img => img.complete && img.naturalWidth ? img.naturalWidth : new Promise((done, fail) => {
  img.addEventListener("load", () => done(img.naturalWidth), {once: true});
  img.addEventListener("error", () => fail(new Error("the image did not load")), {once: true});
})"""


def loaded_width(locator) -> int:
    """The natural width of the image ``locator`` names, waiting for it to load."""
    locator.scroll_into_view_if_needed()
    return locator.evaluate(LOADED_WIDTH)


def page_width(page) -> int:
    """How wide the page lays out (``scrollWidth``), once it has loaded: read at the end of a
    navigation on a loaded machine, the style sheet may not apply yet and a 1,600 px photo
    shows at its own width."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")
