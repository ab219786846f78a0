"""The scan API at its edges (issue 14, items 11, 12 and 16).

- An anonymous call is a 401, as the OpenAPI document says, not the CSRF 400: the
  document is walked operation by operation without credentials.
- Deeply nested or oversized JSON is a 400 in the user's language, never a 500, and
  nothing is written.
- A scan time far from now (year 9999, 1970, last month) is a 400; nothing is written.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.checkin.models import Scan
from app.core.jsonbody import MAX_DEPTH
from app.core.timeutil import utcnow


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Scan))


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def test_every_operation_of_the_document_answers_401_without_credentials(app, db, make_gate):
    gate = make_gate()
    anonymous = app.test_client()
    document = anonymous.get("/DH16/api/v1/openapi.json").get_json()
    operations = list(_operations(document))
    assert len(operations) >= 8
    schemes = document["components"]["securitySchemes"]
    assert schemes["device"] == {**schemes["device"], "type": "http", "scheme": "bearer"}
    assert schemes["session"]["in"] == "cookie"
    failures = []
    for path, method, operation in operations:
        if path == "/api/v1/openapi.json":
            assert operation["security"] == []
            continue
        assert "401" in operation["responses"], f"{method} {path} documents no 401"
        url = document["servers"][0]["url"] + re.sub(
            r"\{\w+\}", str(gate.id), path
        )  # any id: the caller is refused before it is looked up
        response = anonymous.open(url, method=method, json={} if method == "POST" else None)
        if response.status_code != 401 or not response.is_json:
            failures.append(f"{method} {path}: {response.status_code}")
    assert failures == []
    assert count(db) == 0


def test_an_anonymous_post_is_401_not_the_csrf_400(app, db, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge()
    response = app.test_client().post(
        "/DH16/api/v1/scans", json={"payload": payload_of(token), "gate_id": gate.id}
    )
    assert response.status_code == 401
    assert response.get_json()["message"] == "Vui lòng đăng nhập để tiếp tục."
    assert count(db) == 0


def test_a_signed_in_post_without_csrf_is_still_refused(db, client, auth, make_gate, make_badge, payload_of):
    auth.login("scanner")
    gate = make_gate()
    _badge, token = make_badge()
    response = client.post("/DH16/api/v1/scans", json={"payload": payload_of(token), "gate_id": gate.id})
    assert response.status_code == 400 and "biểu mẫu" in response.get_json()["message"].lower()
    assert count(db) == 0


def test_a_role_without_scan_gets_403(db, client, auth, make_gate):
    auth.login("journalist")
    assert client.get("/DH16/api/v1/gates").status_code == 403


# ----------------------------------------------------------------------------- deep JSON
def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("url", ["/DH16/api/v1/scans", "/DH16/api/v1/scans/batch"])
@pytest.mark.parametrize("depth", [1000, 5000, MAX_DEPTH + 1])
def test_deeply_nested_json_is_a_400_and_nothing_is_written(db, api, make_gate, url, depth):
    make_gate()
    response = api.post(url, None, data=_nested(depth), content_type="application/json")
    assert response.status_code == 400 and response.is_json
    assert response.get_json()["message"] == f"JSON đã gửi lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)."
    assert count(db) == 0


def test_deep_json_is_a_400_for_devices_and_pairing_too(app, db):
    phone = app.test_client()
    body = _nested(1000)
    pairing = phone.post(
        "/DH16/api/v1/devices/pair",
        data=body,
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert pairing.status_code == 400
    assert (
        pairing.get_json()["message"] == f"The JSON sent is nested too deeply (at most {MAX_DEPTH} levels)."
    )


def test_oversized_json_is_a_400(db, api, make_gate):
    make_gate()
    body = '{"scans": [' + ",".join(['"' + "x" * 1000 + '"'] * 1100) + "]}"
    response = api.post("/DH16/api/v1/scans/batch", None, data=body, content_type="application/json")
    assert response.status_code == 400
    assert "quá lớn" in response.get_json()["message"]
    assert count(db) == 0


def test_nesting_within_the_limit_is_still_read(db, api, make_gate):
    make_gate()
    response = api.post("/DH16/api/v1/scans", None, data=_nested(MAX_DEPTH), content_type="application/json")
    assert response.status_code == 400  # read, then refused by the scan validator: not a scan object
    assert "payload" in response.get_json()["message"]


# ----------------------------------------------------------------------------- scan time
@pytest.mark.parametrize(
    "when",
    [
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-05:00",
        "1970-01-01T00:00:00Z",
        "0001-01-01T00:00:00+07:00",
        lambda: (utcnow() - timedelta(hours=73)).isoformat() + "Z",
        lambda: (utcnow() + timedelta(minutes=70)).isoformat() + "Z",
    ],
)
@pytest.mark.parametrize("url", ["/DH16/api/v1/scans", "/DH16/api/v1/scans/batch"])
def test_a_scan_time_outside_the_window_is_a_400(db, api, make_gate, make_badge, payload_of, when, url):
    gate = make_gate()
    _badge, token = make_badge()
    item = {
        "payload": payload_of(token),
        "gate_id": gate.id,
        "client_uuid": str(uuid.uuid4()),
        "scanned_at": when() if callable(when) else when,
    }
    response = api.post(url, {"scans": [item]} if url.endswith("batch") else item)
    assert response.status_code == 400
    assert "phải nằm trong 72 giờ vừa qua" in response.get_json()["message"]
    assert count(db) == 0


def test_a_scan_time_within_the_window_is_kept(db, api, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge()
    when = (utcnow() - timedelta(hours=71)).replace(microsecond=0)
    item = {"payload": payload_of(token), "gate_id": gate.id, "client_uuid": str(uuid.uuid4())}
    response = api.post(
        "/DH16/api/v1/scans/batch", {"scans": [{**item, "scanned_at": when.isoformat() + "Z"}]}
    )
    assert response.status_code == 200
    assert db.session.scalar(select(Scan.scanned_at)) == when


def test_every_api_route_is_in_the_document(app):
    document = app.test_client().get("/DH16/api/v1/openapi.json").get_json()
    assert document["servers"] == [{"url": "/DH16"}]
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/<event_code>/api/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/<event_code>"))
            served |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served == documented


def test_a_phone_clock_minutes_fast_still_scans_as_now(db, api, make_gate, make_badge, payload_of):
    """A guard's phone whose clock runs ten minutes fast is not refused: the scan is taken as now."""
    gate = make_gate()
    _badge, token = make_badge()
    ahead = (utcnow() + timedelta(minutes=10)).replace(microsecond=0)
    item = {"payload": payload_of(token), "gate_id": gate.id, "client_uuid": str(uuid.uuid4())}
    response = api.post("/DH16/api/v1/scans", {**item, "scanned_at": ahead.isoformat() + "Z"})
    assert response.status_code == 201
    assert db.session.scalar(select(Scan.scanned_at)) < ahead
