"""Headers, CSRF, cookies, error pages and rate limits."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_inline_scripts_in_pages(client, auth):
    auth.login("admin")
    for url in ("/", "/admin/users", "/admin/audit", "/admin/users/new"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and " onclick=" not in html, url


def test_session_cookie_flags(client, make_user):
    from tests.conftest import PASSWORD

    user = make_user("admin")
    response = client.submit("/login", {"email": user.email, "password": PASSWORD})
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_post_without_csrf_is_refused(client, db):
    response = client.post(
        "/signup",
        data={
            "full_name": "Nguyễn A",
            "email": "a@b.vn",
            "password": "mat-khau-an-toan",
            "confirm": "mat-khau-an-toan",
        },
    )
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_error_pages_are_vietnamese(client, auth):
    assert "Không tìm thấy" in client.get("/no-such-page").get_data(as_text=True)
    auth.login("journalist")
    response = client.get("/admin/users")
    assert response.status_code == 403 and "Không được phép" in response.get_data(as_text=True)


def test_sign_in_sign_up_and_reset_hit_429_under_a_burst(client):
    for url, data in (
        ("/login", {"email": "x@y.vn", "password": "wrong-password"}),
        ("/signup", {"full_name": "", "email": ""}),
        ("/reset", {"email": "x@y.vn"}),
    ):
        statuses = [client.submit(url, data).status_code for _ in range(12)]
        assert 429 in statuses, (url, statuses)
        assert statuses[:5].count(429) == 0
        page = client.submit(url, data)
        assert page.status_code == 429 and "Quá nhiều lần thử" in page.get_data(as_text=True)


def test_health(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_lazy_messages_are_escaped_in_templates(app):
    from flask import render_template_string
    from flask_babel import lazy_gettext

    with app.test_request_context():
        html = render_template_string("{{ message }}", message=lazy_gettext("%(x)s", x="<b>x</b>"))
    assert html == "&lt;b&gt;x&lt;/b&gt;"


def test_the_bars_csrf_input_is_the_forms_own(app):
    """The bar draws its CSRF inputs without a form (app/core/forms.py, ``csrf_input``); they
    must stay what every form draws, the same token under the same name, with no id."""
    from app.core.forms import EmptyForm, csrf_input

    with app.test_request_context("/"):
        assert str(csrf_input()) == str(EmptyForm(formdata=None).csrf_token)
