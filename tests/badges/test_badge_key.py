"""The badge key stands alone: SECRET_KEY can rotate; a changed badge key stops printing, with a message."""

from __future__ import annotations

import stat

import pytest
from sqlalchemy import func, select

from app.badges import services
from app.badges.models import Badge
from app.checkin.services import decide_scan
from app.config import load_config
from tests.badges.conftest import decode_qr_codes
from tests.checkin.conftest import make_gate  # noqa: F401,F811  (fixture)

REFUSED = "không còn khớp"  # part of the Vietnamese refusal message
REPRINT = "In lại"


def _keys(config: dict) -> dict:
    """The secrets a restart reads from the environment and instance/ (whatever they are called)."""
    return {k: v for k, v in config.items() if "SECRET" in k or k.endswith("_KEY")}


@pytest.fixture
def restart(app, monkeypatch, tmp_path):
    """``restart(SECRET_KEY=...)``: the app's secrets as a restart with this environment reads them."""
    for name in ("SECRET_KEY", "BADGE_MASTER_KEY", "BADGE_SECRET", "APP_ENV", "FLASK_ENV_MODE"):
        monkeypatch.delenv(name, raising=False)

    def apply(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        for name, value in _keys(load_config(str(tmp_path))).items():
            monkeypatch.setitem(app.config, name, value)

    return apply


def test_rotating_secret_key_leaves_badges_printable_and_scannable(
    db,
    client,
    auth,
    approved,
    make_gate,  # noqa: F811
    restart,
):
    restart(SECRET_KEY="first-secret-key-0123456789abcdef")
    _application, badge = approved(zones=("PC",))
    gate = make_gate("PC")
    restart(SECRET_KEY="rotated-secret-key-fedcba9876543210")

    auth.login("accreditation_officer")
    response = client.get(f"/DH16/badges/{badge.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (payload,) = decode_qr_codes(response.get_data())
    assert decide_scan(payload, gate.id, None).result == "accepted"
    printed = client.submit("/DH16/badges/print", {"badge_ids": [badge.id]}, form_url="/DH16/badges")
    assert printed.status_code == 200 and decode_qr_codes(printed.get_data()) == [payload]


def test_a_changed_badge_key_makes_printing_refuse_with_the_message(db, client, auth, approved, monkeypatch):
    (_a, badge), (_b, other) = approved("Nguyễn Văn An"), approved("Trần Thị Bình")
    monkeypatch.setitem(app_config(client), "BADGE_MASTER_KEY", "a-different-badge-master-key-" + "9" * 32)

    auth.login("accreditation_officer")
    single = client.get(f"/DH16/badges/{badge.id}.pdf", follow_redirects=True)
    assert single.mimetype != "application/pdf"
    page = single.get_data(as_text=True)
    assert REFUSED in page and badge.serial in page and REPRINT in page

    batch = client.submit("/DH16/badges/print", {"badge_ids": [badge.id, other.id]}, form_url="/DH16/badges")
    assert batch.mimetype != "application/pdf" and batch.status_code == 409
    page = batch.get_data(as_text=True)
    assert REFUSED in page and badge.serial in page and other.serial in page
    everything = client.submit("/DH16/badges/print", {"scope": "unprinted"}, form_url="/DH16/badges")
    assert everything.mimetype != "application/pdf"
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Badge.id)).where(Badge.printed_at.is_not(None))) == 0

    # The badge's page says so before anyone tries to print.
    assert 'data-testid="stale-token"' in client.get(f"/DH16/badges/{other.id}").get_data(as_text=True)

    # The remedy the message names works: a reprint makes a version that prints again.
    response = client.submit(
        f"/DH16/badges/{badge.id}/reprint", {"reason": "Khóa thẻ đã đổi"}, form_url=f"/DH16/badges/{badge.id}"
    )
    assert response.status_code == 302
    new = services.current_badge(badge.application)
    assert new.version == 2
    assert client.get(f"/DH16/badges/{new.id}.pdf").mimetype == "application/pdf"
    assert 'data-testid="stale-token"' not in client.get(f"/DH16/badges/{new.id}").get_data(as_text=True)


def test_a_journalist_with_a_stale_badge_is_told_to_contact_the_desk(db, client, auth, approved, monkeypatch):
    application, _badge = approved()
    monkeypatch.setitem(app_config(client), "BADGE_MASTER_KEY", "another-badge-master-key-" + "7" * 32)
    auth.login("journalist", user=application.user)
    response = client.get("/DH16/badges/mine.pdf", follow_redirects=True)
    assert response.mimetype != "application/pdf"
    assert "bàn cấp thẻ" in response.get_data(as_text=True)


def test_the_badge_key_is_generated_into_instance_in_development(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "BADGE_MASTER_KEY", "APP_ENV", "FLASK_ENV_MODE"):
        monkeypatch.delenv(name, raising=False)
    first = load_config(str(tmp_path))
    path = tmp_path / "badge_master_key"
    assert path.read_text().strip() == first["BADGE_MASTER_KEY"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first["BADGE_MASTER_KEY"]) >= 64
    monkeypatch.setenv("SECRET_KEY", "something-else-entirely-0123456789")
    again = load_config(str(tmp_path))
    assert again["BADGE_MASTER_KEY"] == first["BADGE_MASTER_KEY"]
    assert first["BADGE_MASTER_KEY"] not in (first["SECRET_KEY"], again["SECRET_KEY"])


def test_production_refuses_to_start_without_a_badge_key(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 64)
    monkeypatch.delenv("BADGE_MASTER_KEY", raising=False)
    with pytest.raises(RuntimeError, match="BADGE_MASTER_KEY"):
        load_config(str(tmp_path))
    assert not (tmp_path / "badge_master_key").exists()
    monkeypatch.setenv("BADGE_MASTER_KEY", "s" * 64)  # the same as SECRET_KEY: refused too
    with pytest.raises(RuntimeError, match="BADGE_MASTER_KEY"):
        load_config(str(tmp_path))
    monkeypatch.setenv("BADGE_MASTER_KEY", "short")
    with pytest.raises(RuntimeError, match="BADGE_MASTER_KEY"):
        load_config(str(tmp_path))
    monkeypatch.setenv("BADGE_MASTER_KEY", "b" * 64)
    assert load_config(str(tmp_path))["BADGE_MASTER_KEY"] == "b" * 64


def app_config(client) -> dict:
    return client.application.config
