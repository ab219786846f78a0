"""Paired scanner devices: created by an administrator, paired once, scanning with a token.

A device scans through the API with ``Authorization: Bearer`` (no cookie, no CSRF), only
at its own gates; a forged, expired or revoked token, or a pairing code used twice or
too late, is refused with a message in the caller's language, and nothing is written.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.checkin import devices
from app.checkin.models import Device, Scan
from app.core.models import AuditEvent
from app.core.timeutil import utcnow

CODE_RE = re.compile(r'data-testid="pairing-code">([A-Z0-9-]+)<')
LINK_RE = re.compile(r'data-testid="pairing-link"[^>]*>([^<]+)<')


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def admin(client, auth):
    """An administrator signed in through the sign-in form."""
    return auth.login("admin")


@pytest.fixture
def create_device(client, admin, db):
    """Create a device through the administrator's form; returns (device, code, page)."""

    def create(gates, name: str = "Điện thoại 1 – Cổng A", days: int = 3):
        response = client.submit(
            "/DH16/admin/devices/new",
            {"name": name, "gate_ids": [str(g.id) for g in gates], "days": str(days)},
        )
        assert response.status_code == 201, response.get_data(as_text=True)[:2000]
        assert response.headers["Cache-Control"] == "no-store"
        page = response.get_data(as_text=True)
        code = CODE_RE.search(page).group(1)
        device = db.session.scalar(select(Device).where(Device.name == name))
        return device, code, page

    return create


@pytest.fixture
def phone(app):
    """A second client with no cookies at all: the paired phone."""
    return app.test_client()


def pair(phone, code: str, **headers):
    return phone.post("/DH16/api/v1/devices/pair", json={"code": code}, headers=headers)


def bearer(token: str, language: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"}
    if language:
        headers["Accept-Language"] = language
    return headers


def test_the_administrator_creates_a_device_and_sees_a_qr_code_and_a_one_time_code(
    db, client, make_gate, create_device
):
    gate_a, gate_b = make_gate("PC", "in", name="Cổng A"), make_gate("HT", "both", name="Cổng C")
    device, code, page = create_device([gate_a, gate_b])
    assert "<svg" in page and 'data-testid="pairing-qr"' in page
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}", code)
    link = LINK_RE.search(page).group(1)
    assert link.endswith("/DH16/scanner/pair#code=" + devices.normalise_code(code))
    assert {g.id for g in device.gates} == {gate_a.id, gate_b.id}
    assert device.pairing_code_hash and devices.normalise_code(code) not in device.pairing_code_hash
    assert device.token_hash is None and device.paired_at is None
    assert device.pairing_expires_at - device.created_at == timedelta(minutes=30)
    assert "checkin.device_create" in actions(db)
    listing = client.get("/DH16/admin/devices").get_data(as_text=True)
    assert "Điện thoại 1 – Cổng A" in listing and 'data-state="waiting"' in listing
    assert "Cổng A" in listing and "Cổng C" in listing


def test_the_form_refuses_a_device_without_gates(db, client, make_gate, admin):
    make_gate()
    response = client.submit("/DH16/admin/devices/new", {"name": "Máy 2", "days": "3"})
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một cổng." in response.get_data(as_text=True)
    assert count(db, Device) == 0


def test_a_paired_device_scans_with_its_token_and_is_refused_once_revoked(
    db, client, phone, make_gate, make_badge, payload_of, create_device
):
    gate = make_gate("PC", "in")
    _badge, token = make_badge()
    device, code, _page = create_device([gate])

    paired = pair(phone, code)
    assert paired.status_code == 201
    device_token = paired.get_json()["token"]
    assert len(device_token) >= 40 and paired.get_json()["device"]["gates"][0]["id"] == gate.id
    assert "Set-Cookie" not in paired.headers
    db.session.expire_all()
    assert device.token_hash == devices._sha256(device_token) and device.paired_at is not None

    # No cookie, no CSRF token: the device token alone.
    scan = phone.post(
        "/DH16/api/v1/scans",
        json={"payload": payload_of(token), "gate_id": gate.id, "client_uuid": str(uuid.uuid4())},
        headers=bearer(device_token),
    )
    assert scan.status_code == 201, scan.get_json()
    assert scan.get_json()["result"] == "accepted"
    row = db.session.scalar(select(Scan))
    assert row.device_id == device.id and row.user_id is None

    # The administrator revokes it (the list's button).
    response = client.submit(f"/DH16/admin/devices/{device.id}/revoke", form_url="/DH16/admin/devices")
    assert response.status_code == 302
    assert 'data-state="revoked"' in client.get("/DH16/admin/devices").get_data(as_text=True)

    refused = phone.post(
        "/DH16/api/v1/scans",
        json={"payload": payload_of(token), "gate_id": gate.id},
        headers=bearer(device_token),
    )
    assert refused.status_code == 401
    body = refused.get_json()
    assert body["code"] == "device_revoked"
    assert body["message"].startswith("Thiết bị này đã bị quản trị viên thu hồi")
    assert refused.headers["Clear-Site-Data"] == '"storage"'
    assert count(db, Scan) == 1
    assert [a for a in actions(db) if a.startswith("checkin.device")] == [
        "checkin.device_create",
        "checkin.device_pair",
        "checkin.device_revoke",
    ]


def test_a_pairing_code_works_once(db, phone, app, make_gate, create_device):
    device, code, _page = create_device([make_gate()])
    first = pair(phone, code.lower().replace("-", " "))  # typed in lower case with spaces
    assert first.status_code == 201
    db.session.expire_all()
    token_hash, audit_count = device.token_hash, len(actions(db))

    again = pair(app.test_client(), code)
    assert again.status_code == 401
    assert again.get_json()["code"] == "pairing_code_used"
    assert again.get_json()["message"].startswith("Mã ghép nối này đã được dùng")
    assert "token" not in again.get_json()
    db.session.expire_all()
    assert device.token_hash == token_hash and len(actions(db)) == audit_count


def test_an_expired_or_wrong_pairing_code_is_refused_and_nothing_is_written(
    db, phone, make_gate, create_device
):
    device, code, _page = create_device([make_gate()])
    device.pairing_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    audit_count = len(actions(db))

    late = pair(phone, code, **{"Accept-Language": "en"})
    assert late.status_code == 401 and late.get_json()["code"] == "pairing_code_expired"
    assert late.get_json()["message"].startswith("This pairing code has expired")
    wrong = pair(phone, "ZZZZ-ZZZZ-ZZ")
    assert wrong.status_code == 401 and wrong.get_json()["code"] == "pairing_code_invalid"
    empty = phone.post("/DH16/api/v1/devices/pair", json={})
    assert empty.status_code == 401
    db.session.expire_all()
    assert device.paired_at is None and device.token_hash is None
    assert len(actions(db)) == audit_count


def _paired(phone, create_device, gates, **kwargs) -> tuple[Device, str]:
    device, code, _page = create_device(gates, **kwargs)
    return device, pair(phone, code).get_json()["token"]


@pytest.mark.parametrize("case", ["forged", "expired", "revoked"])
@pytest.mark.parametrize(
    ("language", "start"),
    [
        (None, {"forged": "Thiết bị này chưa", "expired": "Ghép nối của", "revoked": "Thiết bị này đã bị"}),
        ("en", {"forged": "This device is not", "expired": "This device's", "revoked": "This device was"}),
    ],
)
def test_a_forged_expired_or_revoked_token_gets_401_in_the_callers_language(
    db, phone, make_gate, make_badge, payload_of, create_device, case, language, start
):
    gate = make_gate()
    _badge, badge_token = make_badge()
    device, token = _paired(phone, create_device, [gate])
    if case == "forged":
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    elif case == "expired":
        device.expires_at = utcnow() - timedelta(seconds=1)
    else:
        devices.revoke_device(device, actor=None)
    db.session.commit()
    scans_before, audit_before = count(db, Scan), len(actions(db))
    item = {"payload": payload_of(badge_token), "gate_id": gate.id, "client_uuid": str(uuid.uuid4())}
    when = (utcnow() - timedelta(minutes=5)).isoformat() + "Z"
    calls = [
        phone.post("/DH16/api/v1/scans", json=item, headers=bearer(token, language)),
        phone.post(
            "/DH16/api/v1/scans/batch",
            json={"scans": [{**item, "scanned_at": when}]},
            headers=bearer(token, language),
        ),
        phone.get(f"/DH16/api/v1/gates/{gate.id}/pack", headers=bearer(token, language)),
        phone.get("/DH16/api/v1/gates", headers=bearer(token, language)),
    ]
    code = {"forged": "device_unknown", "expired": "device_expired", "revoked": "device_revoked"}[case]
    for response in calls:
        assert response.status_code == 401 and response.is_json
        assert response.get_json()["code"] == code
        assert response.get_json()["message"].startswith(start[case])
        assert response.headers["Clear-Site-Data"] == '"storage"'
    assert count(db, Scan) == scans_before and len(actions(db)) == audit_before


def test_a_device_uses_only_its_own_gates(db, phone, make_gate, make_badge, payload_of, create_device):
    mine, other = make_gate("PC", "in", name="Cổng A"), make_gate("HT", "in", name="Cổng C")
    _badge, badge_token = make_badge(zones="PC,HT")
    _device, token = _paired(phone, create_device, [mine])

    gates = phone.get("/DH16/api/v1/gates", headers=bearer(token)).get_json()["gates"]
    assert [g["id"] for g in gates] == [mine.id]
    assert phone.get(f"/DH16/api/v1/gates/{mine.id}/pack", headers=bearer(token)).status_code == 200
    pack = phone.get(f"/DH16/api/v1/gates/{other.id}/pack", headers=bearer(token))
    assert pack.status_code == 403 and pack.get_json()["code"] == "gate_not_allowed"

    refused = phone.post(
        "/DH16/api/v1/scans",
        json={"payload": payload_of(badge_token), "gate_id": other.id},
        headers=bearer(token),
    )
    assert refused.status_code == 403
    assert refused.get_json()["message"] == f"Thiết bị này không được ghép nối với cổng số {other.id}."
    when = (utcnow() - timedelta(minutes=5)).isoformat() + "Z"
    batch = {
        "scans": [
            {
                "payload": payload_of(badge_token),
                "gate_id": gate_id,
                "client_uuid": str(uuid.uuid4()),
                "scanned_at": when,
            }
            for gate_id in (mine.id, other.id)
        ]
    }
    assert phone.post("/DH16/api/v1/scans/batch", json=batch, headers=bearer(token)).status_code == 403
    assert count(db, Scan) == 0  # not even the first, allowed, scan of the batch

    batch["scans"] = batch["scans"][:1]
    answer = phone.post("/DH16/api/v1/scans/batch", json=batch, headers=bearer(token))
    assert answer.status_code == 200 and answer.get_json()["recorded"] == 1
    assert db.session.scalar(select(Scan.device_id)) == _device.id


def test_the_device_page_holds_no_data_and_needs_no_session(db, phone, make_gate, make_badge):
    make_gate("PC", "in", name="Cổng A bí mật")
    make_badge()
    response = phone.get("/DH16/scanner/device")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Cổng A bí mật" not in page
    assert "data-gates='[]'" in page and '<meta name="csrf-token" content="">' in page
    assert "checkin/device-shell.js" in page
    assert phone.get("/DH16/scanner/pair").status_code == 200


def test_me_tells_the_device_its_gates(db, phone, make_gate, create_device):
    gate = make_gate("PC", "in", name="Cổng A")
    make_gate("PC", "in", name="Cổng B")
    _device, token = _paired(phone, create_device, [gate], name="Máy quét 7")
    body = phone.get("/DH16/api/v1/devices/me", headers=bearer(token)).get_json()
    assert body["device"]["name"] == "Máy quét 7" and [g["name"] for g in body["device"]["gates"]] == [
        "Cổng A"
    ]


def test_unpairing_revokes_the_token_and_clears_the_browser_storage(db, phone, make_gate, create_device):
    device, token = _paired(phone, create_device, [make_gate()])
    response = phone.post("/DH16/api/v1/devices/unpair", headers=bearer(token))
    assert response.status_code == 200
    assert response.headers["Clear-Site-Data"] == '"storage"'
    assert phone.get("/DH16/api/v1/gates", headers=bearer(token)).get_json()["code"] == "device_revoked"
    assert "checkin.device_unpair" in actions(db)


def test_signing_out_clears_the_scanner_storage(client, auth):
    auth.login("scanner")
    response = auth.logout()
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"storage"'


def test_the_token_ends_with_the_congress_when_its_last_day_is_set(app, db, event):
    event.last_day = date.today() + timedelta(days=2)
    db.session.commit()
    end = devices.token_expiry(days=50)
    event.last_day = None
    db.session.commit()
    # midnight after the last day in Asia/Ho_Chi_Minh is 17:00 UTC of the last day
    assert end.hour == 17 and end.date() == date.today() + timedelta(days=2)
    assert devices.token_expiry(days=5) - utcnow() > timedelta(days=4, hours=23)


def test_a_staff_session_still_scans_with_the_csrf_header(db, api, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge()
    assert api.scan(payload_of(token), gate.id).status_code == 201
    row = db.session.scalar(select(Scan))
    assert row.user_id == api.user.id and row.device_id is None


def test_a_device_scan_costs_four_statements_one_fewer_than_a_staff_scan(
    db, phone, make_gate, make_badge, payload_of, create_device
):
    from tests.checkin.conftest import count_statements

    gate = make_gate()
    payload = payload_of(make_badge()[1])
    _device, token = _paired(phone, create_device, [gate])
    gate_id = gate.id
    db.session.commit()
    with count_statements(db.engine) as statements:
        response = phone.post(
            "/DH16/api/v1/scans",
            json={"payload": payload, "gate_id": gate_id, "client_uuid": str(uuid.uuid4())},
            headers=bearer(token),
        )
    assert response.status_code == 201
    queries = [s for s in statements if not s.startswith(("BEGIN", "COMMIT"))]
    # the lean path (app/checkin/lean.py): the device with its gates and congress, the badge,
    # the gate + duplicate check, the insert (last seen was written at pairing, < 1 minute ago)
    assert len(queries) == 4, queries
