"""The lean scan path (issue 18): a paired device's scan answered before Flask.

- statements per scan, device path and staff-session path, on the database in use
  (run with DATABASE_URL for PostgreSQL): the test fails when either grows;
- on SQLite the device check takes no write lock; the decision (two reads and the insert)
  takes it;
- the lean answer is the long way's answer, in the device's language;
- the decision is the one function every path calls: a rule changed there reaches the
  device path too;
- refusals still go the long way (401/403/400 with their messages).
"""

from __future__ import annotations

import uuid

import pytest

from app.checkin import lean, services
from tests.checkin.conftest import count_statements
from tests.checkin.test_devices import _paired, admin, bearer, create_device  # noqa: F401,F811  (fixtures)
from tests.conftest import is_postgres

DEVICE_PATH_STATEMENTS = 4  # device + gates + congress, badge, gate + duplicate check, insert
COOKIE_PATH_STATEMENTS = 4  # event of the URL with the signed-in user, badge, gate + duplicate check, insert


@pytest.fixture
def phone(app):
    return app.test_client()


@pytest.fixture
def paired(db, phone, make_gate, create_device):  # noqa: F811
    gate = make_gate()
    _device, token = _paired(phone, create_device, [gate])
    return gate.id, token


def _scan(phone, token, payload, gate_id, language=None, **fields):
    body = {"payload": payload, "gate_id": gate_id, "client_uuid": str(uuid.uuid4()), **fields}
    return phone.post("/DH16/api/v1/scans", json=body, headers=bearer(token, language))


def _queries(statements):
    return [s for s in statements if not s.startswith(("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT"))]


def test_statements_per_scan_on_the_device_path(db, phone, paired, make_badge, payload_of):
    gate_id, token = paired
    payload = payload_of(make_badge()[1])
    db.session.commit()
    with count_statements(db.engine) as statements:
        response = _scan(phone, token, payload, gate_id)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert len(_queries(statements)) == DEVICE_PATH_STATEMENTS, statements
    # one transaction: the device check, the decision's two reads and the insert
    assert [s for s in statements if s.startswith("BEGIN")] == (
        ["BEGIN IMMEDIATE"] if not is_postgres() else ["BEGIN"]
    )
    assert _queries(statements)[0].startswith("SELECT devices."), statements


def test_statements_per_scan_on_the_cookie_path(db, api, make_gate, make_badge, payload_of):
    gate = make_gate()
    payload, gate_id = payload_of(make_badge()[1]), gate.id
    db.session.commit()
    with count_statements(db.engine) as statements:
        assert api.scan(payload, gate_id, client_uuid=str(uuid.uuid4())).status_code == 201
    assert len(_queries(statements)) == COOKIE_PATH_STATEMENTS, statements


def test_the_lean_answer_is_the_long_ways_answer_in_the_devices_language(
    app, db, phone, paired, make_badge, payload_of
):
    gate_id, token = paired
    payload = payload_of(make_badge()[1])
    db.session.commit()
    client_uuid = str(uuid.uuid4())
    body = {"payload": payload, "gate_id": gate_id, "client_uuid": client_uuid}
    lean_answer = phone.post("/DH16/api/v1/scans", json=body, headers=bearer(token, "en"))
    assert lean_answer.status_code == 201
    layer = app.wsgi_app
    assert isinstance(layer, lean.LeanScan)
    layer.enabled = False
    try:  # the same scan again, the long way: the stored decision
        long_answer = phone.post("/DH16/api/v1/scans", json=body, headers=bearer(token, "en"))
    finally:
        layer.enabled = True
    assert long_answer.status_code == 200
    first, second = lean_answer.get_json(), long_answer.get_json()
    assert first.pop("replayed") is False and second.pop("replayed") is True
    assert first == second
    assert first["result_text"] == "Accepted" and first["direction_text"] == "IN"
    assert lean_answer.headers["X-Pack-Version"].isdigit()
    assert lean_answer.headers["X-Content-Type-Options"] == "nosniff"
    vietnamese = _scan(phone, token, payload, gate_id).get_json()
    assert vietnamese["result"] == "duplicate" and vietnamese["reason_text"] != first["reason_text"]


def test_a_rule_of_the_decision_reaches_the_device_path(
    db, phone, paired, make_badge, payload_of, monkeypatch
):
    """The lean path has no rules of its own: it calls services.decide_scan."""
    gate_id, token = paired
    payload = payload_of(make_badge()[1])
    db.session.commit()
    monkeypatch.setattr(services, "apply_rules", lambda *args, **kwargs: ("denied", "not_approved"))
    with count_statements(db.engine) as statements:
        answer = _scan(phone, token, payload, gate_id)
    assert answer.status_code == 201 and answer.get_json()["reason"] == "not_approved"
    assert len(_queries(statements)) == DEVICE_PATH_STATEMENTS  # the lean path answered


def test_refusals_still_go_the_long_way(db, phone, paired, make_gate, make_badge, payload_of):
    gate_id, token = paired
    other = make_gate()
    payload = payload_of(make_badge()[1])
    db.session.commit()
    assert _scan(phone, "pcd_forged", payload, gate_id).status_code == 401
    refused = _scan(phone, token, payload, other.id)
    assert refused.status_code == 403 and refused.get_json()["code"] == "gate_not_allowed"
    bad = phone.post(
        "/DH16/api/v1/scans", json={"payload": payload, "gate_id": "one"}, headers=bearer(token, "en")
    )
    assert (
        bad.status_code == 400 and bad.get_json()["message"] == "“gate_id” must be a positive whole number."
    )
    elsewhere = phone.post(
        "/NOPE/api/v1/scans", json={"payload": payload, "gate_id": gate_id}, headers=bearer(token)
    )
    assert elsewhere.status_code == 404


@pytest.mark.skipif(not is_postgres(), reason="round trips to a database server")
def test_three_round_trips_per_scan_on_postgresql(db, phone, paired, make_badge, payload_of, tmp_path):
    """The device check goes out with the badge read, the insert with the commit (psycopg's
    pipeline mode): three round trips to the server, where the raw bare scan has four."""
    from psycopg import pq

    gate_id, token = paired
    first, second = payload_of(make_badge()[1]), payload_of(make_badge()[1])
    db.session.commit()
    assert _scan(phone, token, first, gate_id).status_code == 201  # the thread's connection is made
    connection = lean._local.held[1]
    trace = tmp_path / "libpq.trace"
    with trace.open("w") as sink:
        connection.pgconn.trace(sink.fileno())
        connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        try:
            assert _scan(phone, token, second, gate_id).status_code == 201
        finally:
            connection.pgconn.untrace()
    # Each time the client writes after it has read, it waited for the server: a round trip.
    lines = [line for line in trace.read_text().splitlines() if line[:2] in ("F\t", "B\t")]
    runs = [line[0] for i, line in enumerate(lines) if i == 0 or line[0] != lines[i - 1][0]]
    assert runs.count("F") == 3, lines


def test_the_worker_is_told_which_requests_mostly_wait(app):
    """A paired device's scan may take the worker's second turn beside a page
    (app/core/httpworker.py, ``Turns``); a page, and a browser's scan with its session, may not."""
    scan = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/DH16/api/v1/scans",
        "HTTP_AUTHORIZATION": "Bearer pcd_x",
    }
    assert app.mostly_waits(scan)
    assert not app.mostly_waits({**scan, "HTTP_COOKIE": "session=1"})
    assert not app.mostly_waits({**scan, "REQUEST_METHOD": "GET"})
    assert not app.mostly_waits({**scan, "PATH_INFO": "/DH16/accreditation/queue"})
