"""Signing out ends the session on the server: a copied cookie opens nothing afterwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from app.config import load_config
from tests.conftest import PASSWORD

COOKIES = ("session", "remember_token")


def _thief(app, client, names):
    """A second browser holding copies of ``client``'s cookies named ``names``."""
    other = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, f"no {name} cookie to copy"
        other.set_cookie(name, cookie.value, domain=cookie.domain)
    return other


def _sign_in(client, user, remember: bool):
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.submit("/login", data)
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("names", [("session",), ("remember_token",), COOKIES])
def test_a_cookie_copied_before_sign_out_is_refused_after_it(app, client, auth, make_user, names):
    user = make_user("admin")
    _sign_in(client, user, remember=True)
    copy = _thief(app, client, names)
    assert copy.get("/admin/users").status_code == 200  # the copy works while signed in

    assert auth.logout().status_code == 302
    response = copy.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/admin/users").status_code == 302


def test_sign_out_is_audited_and_signing_in_again_works(client, auth, make_user, db):
    from sqlalchemy import select

    from app.core.models import AuditEvent

    user = make_user("admin")
    _sign_in(client, user, remember=False)
    auth.logout()
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.logout")) is not None
    _sign_in(client, user, remember=False)
    assert client.get("/admin/users").status_code == 200


def test_the_remember_cookie_lasts_at_most_fourteen_days(client, make_user):
    user = make_user("journalist")
    response = _sign_in(client, user, remember=True)
    cookie = next(
        value for value in response.headers.getlist("Set-Cookie") if value.startswith("remember_token=")
    )
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert expires <= datetime.now(UTC) + timedelta(days=14, minutes=1)
    assert "HttpOnly" in cookie


def test_the_remember_cookie_is_secure_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("BADGE_MASTER_KEY", "y" * 64)
    config = load_config(str(tmp_path))
    assert config["REMEMBER_COOKIE_SECURE"] is True and config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_DURATION"] <= timedelta(days=14)


def test_on_a_congress_page_a_copied_or_deactivated_session_opens_nothing(app, client, auth, make_user, db):
    """A congress's page reads the session's user with the congress (one statement); the
    session is still checked where it always was: its token, and the account active."""
    user = make_user("admin")
    _sign_in(client, user, remember=False)
    copy = _thief(app, client, ("session",))
    queue = "/DH16/accreditation/queue"
    assert copy.get(queue).status_code == 200
    auth.logout()
    response = copy.get(queue)
    assert response.status_code == 302 and "/login" in response.headers["Location"]

    _sign_in(client, user, remember=False)
    assert client.get(queue).status_code == 200
    user.active = False
    db.session.commit()
    response = client.get(queue)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
