"""One check for every next/return URL: same-site paths pass, everything else is refused."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD

# Each would take the browser to another site (or run script) if put into a link or a redirect.
HOSTILE = [
    "https://evil.localhost/phish",
    "http://evil.localhost",
    "//evil.localhost/phish",
    "///evil.localhost/phish",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\\evil.localhost",
    "\\\\evil.localhost",
    "\\/evil.localhost",
    "/\t/evil.localhost",
    "/\n/evil.localhost",
    "https:evil.localhost",
    "/%0d%0aSet-Cookie:x=1".replace("%0d%0a", "\r\n"),
]
SAME_SITE = ["/", "/admin/users", "/DH16/accreditation/queue?status=submitted&q=nguy%E1%BB%85n", "/a:b"]


def _check():
    from app.core.urls import safe_next

    return safe_next


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_refused(app, target):
    assert _check()(target) is None


@pytest.mark.parametrize("target", SAME_SITE)
def test_same_site_paths_pass(app, target):
    assert _check()(target) == target


def test_the_check_is_a_template_global_and_filter(app):
    with app.test_request_context("/"):
        template = app.jinja_env.from_string(
            "{{ safe_next(a) }}|{{ b|safe_next }}|{{ c|safe_next or '/home' }}"
        )
        assert template.render(a="/x", b="//evil.localhost", c="javascript:x") == "/x|None|/home"


@pytest.mark.parametrize("target", HOSTILE[:8])
def test_language_switch_never_redirects_away(client, target):
    response = client.submit("/language", {"language": "en", "next": target}, form_url="/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_never_redirects_away(client, make_user, target):
    user = make_user("admin")
    response = client.submit(
        "/login",
        {"email": user.email, "password": PASSWORD},
        form_url="/login",
        query_string={"next": target},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_sign_in_returns_to_a_same_site_page(client, make_user):
    user = make_user("admin")
    response = client.submit(
        "/login",
        {"email": user.email, "password": PASSWORD},
        form_url="/login",
        query_string={"next": "/admin/audit"},
    )
    assert response.headers["Location"] == "/admin/audit"


def test_page_links_ignore_url_for_options_in_the_query(client, auth, db):
    """``?_external=1&_scheme=javascript`` must not reach url_for through the pagination links."""
    from app.accounts.models import User

    auth.login("admin")
    db.session.add_all(
        User(email=f"u{n}@example.vn", full_name=f"Người {n}", role="journalist", password_hash="x")
        for n in range(55)
    )
    db.session.commit()
    html = client.get("/admin/users?_external=1&_scheme=javascript&_anchor=%0Aalert(1)&q=example").get_data(
        as_text=True
    )
    links = re.findall(r'class="page-link" href="([^"]*)"', html)
    assert links, "no pagination links"
    assert all(link.startswith("/admin/users?") and "javascript" not in link for link in links), links
