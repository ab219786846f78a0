"""Markup typed into every text field comes out inert on every page, in a real browser.

The demo is seeded; every POST form each role can reach is sent with a probe in every
text field; then Chromium opens every page as several roles and looks for the probe
as an element (it would exist only if some page printed the text unescaped) and for
dialogs and console errors.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from app.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from app.extensions import limiter
from tests.e2e.conftest import sign_in
from tests.reliability.formwalk import forms_on, get_pages

pytestmark = pytest.mark.browser

PROBE = '<img id="xss-probe" src="/static/favicon.svg"><script>alert("xss")</script>'
WALK_ROLES = (
    "admin",
    "accreditation_officer",
    "press_officer",
    "approver",
    "organiser",
    "unit_member",
    "journalist",
)
BROWSE_ROLES = ("admin", "approver", "journalist", "unit_member")


def _fill(form) -> dict:
    values = {}
    for field in form.fields:
        if field.name == "csrf_token" or field.kind in ("file", "hidden", "checkbox"):
            continue
        if field.kind == "select":
            options = [o for o in field.options if o not in ("", "0")]
            values[field.name] = options[0] if options else ""
        elif field.kind in ("text", "textarea", "search", "email", "url"):
            values[field.name] = PROBE if field.kind in ("text", "textarea", "search") else "probe@example.vn"
        else:
            values[field.name] = ""
    return values


@pytest.mark.timeout(600)  # seeds the whole demo and walks every form of every area
def test_markup_in_every_field_is_inert_everywhere(app, client, page):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    users = {str(role): email for email, _name, role in DEMO_USERS}
    for role in WALK_ROLES:
        limiter.reset()
        client.submit("/logout", form_url="/")
        client.submit("/login", {"email": users[role], "password": DEMO_PASSWORD})
        for _endpoint, url in get_pages(app):
            for form in forms_on(client, url):
                client.submit(form.action, _fill(form), form_url=form.page)
    client.submit("/logout", form_url="/")

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    leaks, shown_as_text = [], 0
    for role in BROWSE_ROLES:
        limiter.reset()
        page.context.clear_cookies()
        sign_in(page, users[role], DEMO_PASSWORD)
        for _endpoint, url in get_pages(app):
            if (
                url.endswith((".pdf", ".xlsx", ".csv", ".ics", ".atom", ".json", ".js"))
                or "/DH16/api/" in url
            ):
                continue
            try:
                response = page.goto(page.base + url)
            except PlaywrightError as error:
                if "Download is starting" in str(error):  # an attachment (e.g. a letter), not a page
                    continue
                raise
            if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            if page.locator("#xss-probe").count():
                leaks.append(f"{role} {url}")
            elif "xss-probe" in page.content():
                shown_as_text += 1
    assert leaks == []
    # The probe was stored and shown somewhere, as text: the walk did reach the pages.
    assert shown_as_text > 0
    assert dialogs == []
