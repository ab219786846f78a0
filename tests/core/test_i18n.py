"""The vi and en catalogues are complete, and the interface is Vietnamese first."""

from __future__ import annotations

import pytest

from app import AREAS
from app.core import i18n


@pytest.mark.parametrize("area", AREAS)
def test_catalogues_are_complete(area):
    assert i18n.check(area) == []


def test_vietnamese_by_default_and_switch_to_english(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="vi"' in page and "Đăng nhập" in page
    response = client.submit("/language", {"language": "en", "next": "/login"}, form_url="/login")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="en"' in page and "Sign in" in page
    client.submit("/language", {"language": "vi", "next": "/"}, form_url="/")
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)


def test_signed_in_users_keep_their_language(client, auth, db):
    user = auth.login("admin")
    client.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    db.session.refresh(user)
    assert user.language == "en"


def test_unknown_language_is_refused(client):
    response = client.submit("/language", {"language": "fr"}, form_url="/")
    assert response.status_code == 400


def test_no_message_is_translated_two_ways():
    """Flask-Babel merges the areas' catalogues, so one msgid must mean one thing everywhere.

    An English word used in two senses gets two msgids (or a pgettext context).
    """
    seen: dict[tuple, tuple[str, object]] = {}
    conflicts = []
    for area in AREAS:
        for language in i18n.LANGUAGES:
            for message in i18n.load(area, language):
                if not message.id:
                    continue
                key = (
                    language,
                    message.id if isinstance(message.id, str) else message.id[0],
                    message.context,
                )
                if key in seen and seen[key][1] != message.string:
                    conflicts.append(f"{key}: {seen[key][0]}={seen[key][1]!r} vs {area}={message.string!r}")
                seen.setdefault(key, (area, message.string))
    assert conflicts == []


def test_the_kept_catalogue_follows_force_locale_and_refresh(app):
    """Each request keeps its catalogue (issue 18); a forced language (a badge sheet or an
    e-mail in another language) and a refreshed one still get their own."""
    from flask import render_template_string
    from flask_babel import force_locale, gettext, refresh

    template = "{{ _('Sign in') }}|{{ _('%(n)s application(s) found.', n=3) }}|{{ _('100%% sure') }}"
    with app.test_request_context("/login"):
        assert gettext("Sign in") == "Đăng nhập"
        assert render_template_string(template).startswith("Đăng nhập|Tìm thấy 3 hồ sơ")
        with force_locale("en"):
            assert gettext("Sign in") == "Sign in"
            assert render_template_string(template) == "Sign in|3 application(s) found.|100% sure"
        assert gettext("Sign in") == "Đăng nhập"
        assert render_template_string(template).startswith("Đăng nhập|")
        from flask import session

        session["language"] = "en"
        refresh()
        assert gettext("Sign in") == "Sign in"
        assert render_template_string(template).startswith("Sign in|")


def test_template_messages_are_escaped_and_formatted_like_jinjas(app):
    from flask import render_template_string

    with app.test_request_context("/login"):
        html = render_template_string("{{ _('Select %(name)s', name='<b>An</b>') }}")
        assert "&lt;b&gt;An&lt;/b&gt;" in html and "<b>" not in html
