"""The desk's return links: a ``next`` from the query string reaches a link or a redirect only when same-site."""

from __future__ import annotations

import re
from html import unescape

import pytest

HOSTILE = [
    "https://evil.localhost/phish",
    "//evil.localhost/phish",
    "javascript:alert(1)",
    "/\\evil.localhost",
    "/\t/evil.localhost",
]


def _breadcrumb(html: str) -> str:
    match = re.search(r'<li class="breadcrumb-item"><a href="([^"]*)"', html)
    assert match, "no breadcrumb link"
    return match.group(1)


@pytest.mark.parametrize("target", HOSTILE)
def test_a_foreign_next_never_becomes_a_link(client, auth, make_application, target):
    application = make_application()
    auth.login("accreditation_officer")
    html = client.get(
        f"/DH16/accreditation/applications/{application.id}", query_string={"next": target}
    ).get_data(as_text=True)
    assert _breadcrumb(html) == "/DH16/accreditation/queue"
    for value in re.findall(r'name="next" value="([^"]*)"', html):
        assert value == "" or _same_site(value), value
    for value in re.findall(r'href="([^"]*)"', html):
        assert "evil.localhost" not in value and not value.lower().startswith("javascript"), value


def _same_site(value: str) -> bool:
    from app.core.urls import safe_next

    value = unescape(value)
    return safe_next(value) == value


def test_a_same_site_next_is_kept_in_the_link_and_the_forms(client, auth, make_application):
    application = make_application()
    auth.login("accreditation_officer")
    back = "/DH16/accreditation/queue?status=submitted&page=2"
    html = client.get(
        f"/DH16/accreditation/applications/{application.id}", query_string={"next": back}
    ).get_data(as_text=True)
    assert _breadcrumb(html) == back.replace("&", "&amp;")
    assert html.count(f'name="next" value="{back.replace("&", "&amp;")}"') == 3


@pytest.mark.parametrize("target", HOSTILE)
def test_a_decision_never_redirects_away(client, auth, make_application, target):
    application = make_application()
    auth.login("accreditation_officer")
    response = client.submit(
        f"/DH16/accreditation/applications/{application.id}/approve",
        {"next": target},
        form_url=f"/DH16/accreditation/applications/{application.id}",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/DH16/accreditation/applications/{application.id}"


@pytest.mark.parametrize("target", HOSTILE)
def test_bulk_approve_never_redirects_away(client, auth, make_application, target):
    application = make_application()
    auth.login("accreditation_officer")
    response = client.submit(
        "/DH16/accreditation/queue/approve",
        {"ids": [str(application.id)], "next": target},
        form_url="/DH16/accreditation/queue",
    )
    assert response.status_code == 302 and response.headers["Location"] == "/DH16/accreditation/queue"
