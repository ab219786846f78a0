"""The scan API: decisions as JSON, input validation, CSRF, idempotent batches, OpenAPI."""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta, timezone

import pytest
from sqlalchemy import func, select

from app.checkin.contract import MAX_BATCH
from app.checkin.models import Scan
from app.core.timeutil import utcnow


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Scan))


def test_a_scan_answers_with_the_decision_in_the_users_language(db, api, make_gate, make_badge, payload_of):
    gate = make_gate("PC", "in")
    badge, token = make_badge(revoked_at=utcnow())
    response = api.scan(payload_of(token), gate.id, client_uuid=str(uuid.uuid4()))
    assert response.status_code == 201
    body = response.get_json()
    assert body["result"] == "denied" and body["reason"] == "revoked"
    assert body["reason_text"] == "Thẻ đã bị thu hồi"
    assert body["holder"]["name"] == badge.application.full_name
    assert body["holder"]["category_text"] in ("Phóng viên", "reporter")
    assert body["offline"] is False
    row = db.session.scalar(select(Scan))
    assert row.user_id == api.user.id and row.gate_id == gate.id


def test_english_users_get_english_reasons(db, client, auth, make_user, make_gate, make_badge, payload_of):
    from tests.checkin.conftest import ApiClient

    auth.login(user=make_user("scanner", language="en"))
    api = ApiClient(client)
    gate = make_gate("HT")
    _badge, token = make_badge(zones="PC")
    body = api.scan(payload_of(token), gate.id).get_json()
    assert body["reason_text"] == "Badge does not open this zone"
    assert body["result_text"] == "Denied"


def test_a_scan_without_the_csrf_header_is_refused(db, client, auth, make_gate, make_badge, payload_of):
    auth.login("scanner")
    gate = make_gate()
    _badge, token = make_badge()
    response = client.post("/DH16/api/v1/scans", json={"payload": payload_of(token), "gate_id": gate.id})
    assert response.status_code == 400 and response.is_json
    assert count(db) == 0


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "PC1:DH16:x",
        {},
        {"gate_id": 1},
        {"payload": 5, "gate_id": 1},
        {"payload": "", "gate_id": 1},
        {"payload": "   ", "gate_id": 1},
        {"payload": "x" * 2001, "gate_id": 1},
        {"payload": "x", "gate_id": "1"},
        {"payload": "x", "gate_id": True},
        {"payload": "x", "gate_id": 0},
        {"payload": "x", "gate_id": -3},
        {"payload": "x", "gate_id": 1.5},
        {"payload": "x", "gate_id": 10**20},
        {"payload": "x", "gate_id": 1, "client_uuid": "not-a-uuid"},
        {"payload": "x", "gate_id": 1, "client_uuid": 42},
        {"payload": "x", "gate_id": 1, "client_uuid": "3f2b8c1e5d4a4b6f9e217c0d8a9b1e42"},
        {"payload": "x", "gate_id": 1, "scanned_at": "yesterday"},
        {"payload": "x", "gate_id": 1, "scanned_at": "2025-10-14T08:30:00"},  # no zone
        {"payload": "x", "gate_id": 1, "scanned_at": "2025-13-14T08:30:00Z"},
        {"payload": "x", "gate_id": 1, "scanned_at": 1760430600},
        {"payload": "x", "gate_id": 1, "scanned_at": "2025-10-14T08:30:00Z" + " " * 40},
        {"payload": "x", "gate_id": 1, "result": "accepted"},  # the client never decides
    ],
)
def test_malformed_input_gets_a_clear_400_and_writes_nothing(db, api, make_gate, body):
    make_gate()
    response = api.post("/DH16/api/v1/scans", body)
    assert response.status_code == 400
    data = response.get_json()
    assert data["status"] == 400 and data["message"]
    assert count(db) == 0


def test_messages_are_in_the_users_language(db, api, make_gate):
    gate = make_gate()
    message = api.post(
        "/DH16/api/v1/scans", {"payload": "x", "gate_id": gate.id, "client_uuid": "x"}
    ).get_json()["message"]
    assert "client_uuid" in message and "phải là" in message


def test_form_encoded_bodies_are_refused(db, api, make_gate):
    gate = make_gate()
    response = api.client.post(
        "/DH16/api/v1/scans", data={"payload": "x", "gate_id": gate.id}, headers={"X-CSRFToken": api.token}
    )
    assert response.status_code == 400 and response.is_json


def test_an_unknown_gate_is_a_404(db, api, make_badge, payload_of):
    _badge, token = make_badge()
    response = api.scan(payload_of(token), 999999)
    assert response.status_code == 404 and response.is_json
    assert count(db) == 0


def test_an_over_long_or_forged_payload_is_a_denied_scan_not_an_error(db, api, make_gate):
    gate = make_gate()
    for payload in ("PC1:DH16:" + "Z" * 1500, "PC1:DH16:AAAAAAAAAAAAAAAAAAAAAA"):
        body = api.scan(payload, gate.id).get_json()
        assert (body["result"], body["reason"], body["holder"]) == ("denied", "unknown", None)
    assert count(db) == 2


def test_a_resent_scan_returns_the_stored_decision(db, api, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge()
    client_uuid = str(uuid.uuid4())
    first = api.scan(payload_of(token), gate.id, client_uuid=client_uuid)
    second = api.scan(payload_of(token), gate.id, client_uuid=client_uuid.upper())
    assert first.status_code == 201 and second.status_code == 200
    assert second.get_json()["result"] == "accepted" and second.get_json()["replayed"] is True
    assert second.get_json()["scan_id"] == first.get_json()["scan_id"]
    assert count(db) == 1


# ----------------------------------------------------------------------------- batch
HANOI = timezone(timedelta(hours=7))


def hour_ago(seconds: int = 0):
    """A scan time an hour ago (plus ``seconds``), whole seconds, naive UTC."""
    return (utcnow() - timedelta(hours=1)).replace(microsecond=0) + timedelta(seconds=seconds)


def iso(moment) -> str:
    """Naive UTC → ISO 8601 in Vietnam's time, as a phone there sends it."""
    return moment.replace(tzinfo=UTC).astimezone(HANOI).isoformat()


def _item(payload: str, gate_id: int, when: str | None = None, client_uuid: str | None = None):
    return {
        "payload": payload,
        "gate_id": gate_id,
        "client_uuid": client_uuid or str(uuid.uuid4()),
        "scanned_at": when or iso(hour_ago()),
    }


def test_a_batch_is_decided_again_and_recorded_offline(db, api, make_gate, make_badge, payload_of):
    gate = make_gate()
    _ok, ok_token = make_badge()
    _revoked, revoked_token = make_badge(revoked_at=utcnow())  # revoked after the pack was taken
    start = hour_ago()
    items = [
        _item(payload_of(ok_token), gate.id, iso(start)),
        _item(payload_of(revoked_token), gate.id, iso(start + timedelta(seconds=10))),
        _item(payload_of(ok_token), gate.id, iso(start + timedelta(seconds=20))),
    ]
    response = api.post("/DH16/api/v1/scans/batch", {"scans": items})
    assert response.status_code == 200
    body = response.get_json()
    assert [r["result"] for r in body["results"]] == ["accepted", "denied", "duplicate"]
    assert body["results"][1]["reason"] == "revoked"
    assert [r["client_uuid"] for r in body["results"]] == [i["client_uuid"] for i in items]
    assert (body["recorded"], body["replayed"]) == (3, 0)
    rows = db.session.scalars(select(Scan).order_by(Scan.id)).all()
    assert all(r.offline for r in rows) and len(rows) == 3
    assert rows[0].scanned_at == start


def test_a_resent_batch_is_recorded_once(db, api, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge()
    items = [_item(payload_of(token), gate.id), _item("garbage", gate.id)]
    first = api.post("/DH16/api/v1/scans/batch", {"scans": items}).get_json()
    items.append(_item(payload_of(token), gate.id, iso(hour_ago(600))))
    again = api.post("/DH16/api/v1/scans/batch", {"scans": items}).get_json()
    assert (again["recorded"], again["replayed"]) == (1, 2)
    assert [r["scan_id"] for r in again["results"][:2]] == [r["scan_id"] for r in first["results"]]
    assert [r["result"] for r in again["results"]] == ["accepted", "denied", "accepted"]
    assert count(db) == 3


def test_the_same_uuid_twice_in_one_batch_is_one_scan(db, api, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge()
    item = _item(payload_of(token), gate.id)
    body = api.post("/DH16/api/v1/scans/batch", {"scans": [item, dict(item)]}).get_json()
    assert body["results"][0]["scan_id"] == body["results"][1]["scan_id"]
    assert count(db) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"scans": []},
        {"scans": "x"},
        {"items": []},
        {"scans": [], "extra": 1},
        {"scans": [{"payload": "x", "gate_id": 1, "client_uuid": str(uuid.uuid4())}]},  # no scanned_at
        {"scans": [{"payload": "x", "gate_id": 1, "scanned_at": "2025-10-14T08:30:00Z"}]},  # no uuid
        {"scans": [_item("x", 1)] * (MAX_BATCH + 1)},
        {"scans": [_item("x", 1), "oops"]},
    ],
)
def test_malformed_batches_get_a_400_and_write_nothing(db, api, make_gate, body):
    make_gate()
    response = api.post("/DH16/api/v1/scans/batch", body)
    assert response.status_code == 400 and response.get_json()["message"]
    assert count(db) == 0


def test_a_batch_naming_an_unknown_gate_writes_nothing(db, api, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge()
    items = [_item(payload_of(token), gate.id), _item(payload_of(token), 999999)]
    assert api.post("/DH16/api/v1/scans/batch", {"scans": items}).status_code == 404
    assert count(db) == 0


# ----------------------------------------------------------------------------- permissions and docs
@pytest.mark.parametrize("role", ["journalist", "press_officer", "organiser", "accreditation_officer"])
def test_only_scanning_staff_may_scan(db, client, auth, make_gate, role):
    gate = make_gate()
    auth.login(role)
    token = client.csrf_token("/")
    body = {"payload": "x", "gate_id": gate.id}
    assert client.post("/DH16/api/v1/scans", json=body, headers={"X-CSRFToken": token}).status_code == 403
    assert client.get(f"/DH16/api/v1/gates/{gate.id}/pack").status_code == 403
    assert client.get("/DH16/scanner/").status_code == 403
    assert count(db) == 0


def test_anonymous_api_calls_get_401(db, client, make_gate):
    gate = make_gate()
    assert client.post("/DH16/api/v1/scans", json={"payload": "x", "gate_id": gate.id}).status_code in (
        400,
        401,
    )
    assert client.get(f"/DH16/api/v1/gates/{gate.id}/pack").status_code == 401
    assert client.get("/DH16/api/v1/session").status_code == 401


def test_the_gates_list_shows_active_gates(db, api, make_gate):
    open_gate = make_gate("PC", "in", name="Cổng A")
    make_gate("PC", "out", name="Cổng cũ", active=False)
    gates = api.get("/DH16/api/v1/gates").get_json()["gates"]
    assert [g["id"] for g in gates] == [open_gate.id]


def test_the_gate_chooser_lists_entrances_before_exits(db, api, make_gate):
    """Names alone put "(ra)" before "(vào)"; a guard opening the gate at 07:30 wants the entrance."""
    out = make_gate("PC", "out", name="Cổng A – Trung tâm báo chí (ra)")
    both = make_gate("PC", "both", name="Cổng B – Trung tâm báo chí")
    entrance = make_gate("PC", "in", name="Cổng A – Trung tâm báo chí (vào)")
    gates = api.get("/DH16/api/v1/gates").get_json()["gates"]
    assert [g["id"] for g in gates] == [entrance.id, both.id, out.id]


def test_a_fresh_csrf_token_can_be_fetched(db, api, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge()
    fresh = api.get("/DH16/api/v1/session").get_json()["csrf_token"]
    api.token = fresh
    assert api.scan(payload_of(token), gate.id).status_code == 201


def test_the_openapi_document_describes_every_endpoint(client):
    response = client.get("/DH16/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert {
        "/api/v1/scans",
        "/api/v1/scans/batch",
        "/api/v1/gates/{gate_id}/pack",
        "/api/v1/gates/{gate_id}/photos",
        "/api/v1/photos/{application_id}",
    } <= set(spec["paths"])
    assert spec["servers"] == [{"url": "/DH16"}]  # the paths are relative to the congress's address
    reason = spec["components"]["schemas"]["Decision"]["properties"]["reason"]
    reasons = {value for choice in reason["anyOf"] for value in choice.get("enum", [])}
    assert "revoked" in reasons and "other_event" in reasons


def test_a_scan_request_runs_the_event_and_sign_in_lookups_and_three_statements(
    db, api, make_gate, make_badge, payload_of
):
    """DESIGN §8: each round trip on the scan path costs throughput."""
    from tests.checkin.conftest import count_statements

    gate = make_gate()
    payload, gate_id = payload_of(make_badge()[1]), gate.id
    db.session.commit()
    with count_statements(db.engine) as statements:
        assert api.scan(payload, gate_id, client_uuid=str(uuid.uuid4())).status_code == 201
    queries = [s for s in statements if not s.startswith("BEGIN")]
    # the event of the URL with the signed-in user, the badge, the gate + duplicate check, the insert
    assert len(queries) == 4, queries
