"""Zone and gate administration, the scanner page and its service worker."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from app.checkin.models import Gate
from app.core.models import AuditEvent
from app.events.models import Zone


def test_an_admin_creates_and_edits_a_zone(db, client, auth):
    auth.login("admin")
    response = client.submit(
        "/DH16/admin/zones/new", {"code": "ht", "name": "Hội trường – khu vực báo chí", "sort_order": "10"}
    )
    assert response.status_code == 302
    zone = db.session.scalar(select(Zone))
    assert (zone.code, zone.name, zone.sort_order) == ("HT", "Hội trường – khu vực báo chí", 10)
    assert "Hội trường – khu vực báo chí" in client.get("/DH16/admin/zones").get_data(as_text=True)
    response = client.submit(
        f"/DH16/admin/zones/{zone.id}", {"code": "HT", "name": "Hội trường", "sort_order": "5"}
    )
    assert response.status_code == 302
    db.session.refresh(zone)
    assert zone.name == "Hội trường"
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "checkin.zone_create" in actions and "checkin.zone_update" in actions


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "", "name": "X", "sort_order": "1"}, "Vui lòng nhập mã khu vực."),
        ({"code": "H T", "name": "X", "sort_order": "1"}, "Dùng 1 đến 8 chữ in hoa hoặc chữ số"),
        ({"code": "ABCDEFGHI", "name": "X", "sort_order": "1"}, "Dùng 1 đến 8 chữ in hoa hoặc chữ số"),
        ({"code": "PC", "name": "", "sort_order": "1"}, "Vui lòng nhập tên khu vực."),
        ({"code": "PC", "name": "<b>x</b>", "sort_order": "1"}, "&lt;"),
        ({"code": "PC", "name": "X", "sort_order": "-1"}, "Nhập một số từ 0 đến 999."),
        ({"code": "PC", "name": "X", "sort_order": "abc"}, 'role="alert"'),
        ({"code": "PC", "name": "X" * 121, "sort_order": "1"}, "Tối đa 120 ký tự."),
    ],
)
def test_a_wrong_zone_form_is_shown_again_with_the_reason(db, client, auth, data, message):
    auth.login("admin")
    response = client.submit("/DH16/admin/zones/new", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Zone)) is None


def test_zone_codes_are_unique(db, client, auth, make_zone):
    make_zone("PC")
    auth.login("admin")
    response = client.submit("/DH16/admin/zones/new", {"code": "pc", "name": "Trùng", "sort_order": "0"})
    assert response.status_code == 400
    assert "Mã này đã được dùng cho khu vực khác." in response.get_data(as_text=True)


def test_an_admin_creates_edits_and_deactivates_a_gate(db, client, auth, make_zone):
    zone = make_zone("PC", "Trung tâm báo chí")
    auth.login("admin")
    response = client.submit(
        "/DH16/admin/gates/new",
        {
            "zone_id": str(zone.id),
            "name": "Cổng A – Trung tâm báo chí (vào)",
            "direction": "in",
            "active": "y",
        },
    )
    assert response.status_code == 302
    gate = db.session.scalar(select(Gate))
    assert (gate.zone_id, gate.direction, gate.active) == (zone.id, "in", True)
    listing = client.get("/DH16/admin/gates").get_data(as_text=True)
    assert "Cổng A – Trung tâm báo chí (vào)" in listing and "Lối vào" in listing
    response = client.submit(
        f"/DH16/admin/gates/{gate.id}", {"zone_id": str(zone.id), "name": gate.name, "direction": "both"}
    )
    assert response.status_code == 302
    db.session.refresh(gate)
    assert (gate.direction, gate.active) == ("both", False)
    auth.logout()
    auth.login("scanner")
    assert "Cổng A – Trung tâm báo chí" not in client.get("/DH16/scanner/").get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {"zone_id": "999999", "name": "Cổng", "direction": "in"},
        {"zone_id": "", "name": "Cổng", "direction": "in"},
        {"name": "", "direction": "in"},
        {"name": "Cổng", "direction": "sideways"},
    ],
)
def test_a_wrong_gate_form_is_refused(db, client, auth, make_zone, data):
    zone = make_zone("PC")
    auth.login("admin")
    data = {"zone_id": str(zone.id), **data}
    response = client.submit("/DH16/admin/gates/new", data)
    assert response.status_code == 400
    assert db.session.scalar(select(Gate)) is None


def test_a_gate_needs_a_zone_first(db, client, auth):
    auth.login("admin")
    response = client.get("/DH16/admin/gates/new")
    assert response.status_code == 302 and response.headers["Location"].endswith("/DH16/admin/zones/new")


def test_unknown_zones_and_gates_are_404(db, client, auth):
    auth.login("admin")
    assert client.get("/DH16/admin/zones/999999").status_code == 404
    assert client.get("/DH16/admin/gates/999999").status_code == 404


@pytest.mark.parametrize("role", ["scanner", "journalist", "accreditation_officer"])
def test_only_gate_managers_manage_gates(db, client, auth, make_zone, role):
    zone = make_zone("PC")
    auth.login(role)
    assert client.get("/DH16/admin/gates").status_code == 403
    assert client.get("/DH16/admin/zones").status_code == 403
    token = client.csrf_token("/")
    data = {"csrf_token": token, "zone_id": str(zone.id), "name": "X", "direction": "in"}
    assert client.post("/DH16/admin/gates/new", data=data).status_code == 403
    assert db.session.scalar(select(Gate)) is None


def test_the_scanner_page_carries_what_the_script_needs(db, client, auth, make_gate):
    gate = make_gate("PC", "in", name="Cổng A")
    make_gate("PC", "out", name="Cổng đóng", active=False)
    auth.login("scanner")
    page = client.get("/DH16/scanner/").get_data(as_text=True)
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', page)
    gates = json.loads(re.search(r"data-gates='([^']*)'", page).group(1))
    assert [g["id"] for g in gates] == [gate.id]
    reasons = json.loads(re.search(r"data-reasons='([^']*)'", page).group(1))
    assert reasons["revoked"] == "Thẻ đã bị thu hồi"
    assert 'for="usb-input"' in page and "Kết nối không an toàn" in page
    assert "<script>" not in page and "onclick" not in page


def test_the_service_worker_is_served_for_the_scanner_scope(client):
    response = client.get("/DH16/scanner/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/DH16/scanner/"
    assert b'addEventListener("fetch"' in response.get_data()
    response.close()
