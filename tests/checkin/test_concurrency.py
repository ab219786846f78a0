"""Simultaneous scans: one badge at one gate is accepted once, every attempt is logged.

Each thread has its own test client and application context (so its own database
session and connection), and they all send at the same moment. SQLite serialises
writers with BEGIN IMMEDIATE; PostgreSQL locks the badge row (SELECT ... FOR UPDATE).
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from app.checkin.models import Scan
from app.core.timeutil import utcnow
from tests.checkin.conftest import ApiClient

THREADS = 20


def _signed_in(app, client, auth):
    """Sign in once and return (session cookie, CSRF token) to share between threads."""
    auth.login("scanner")
    token = ApiClient(client).token
    return client.get_cookie("session").value, token


def _run_together(app, db, cookie: str, token: str, url: str, bodies: list[dict]) -> list:
    db.session.remove()  # the test's own connection goes back to the pool
    barrier = threading.Barrier(len(bodies))
    answers: list = [None] * len(bodies)

    def worker(i: int) -> None:
        with app.app_context():
            client = app.test_client()
            client.set_cookie("session", cookie)
            barrier.wait()
            response = client.post(url, json=bodies[i], headers={"X-CSRFToken": token})
            answers[i] = (response.status_code, response.get_json())
            db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_twenty_simultaneous_scans_of_one_badge_accept_it_once(
    app, db, client, auth, make_gate, make_badge, payload_of
):
    gate = make_gate("PC", "in")
    badge, token = make_badge()
    body = {"payload": payload_of(token), "gate_id": gate.id}
    badge_id = badge.id
    cookie, csrf = _signed_in(app, client, auth)
    bodies = [{**body, "client_uuid": str(uuid.uuid4())} for _ in range(THREADS)]
    answers = _run_together(app, db, cookie, csrf, "/DH16/api/v1/scans", bodies)
    assert [status for status, _ in answers] == [201] * THREADS
    assert Counter(data["result"] for _, data in answers) == {"accepted": 1, "duplicate": THREADS - 1}
    rows = db.session.execute(
        select(Scan.result, func.count()).where(Scan.badge_id == badge_id).group_by(Scan.result)
    ).all()
    assert dict(rows) == {"accepted": 1, "duplicate": THREADS - 1}


def test_twenty_simultaneous_batches_with_one_uuid_record_one_scan(
    app, db, client, auth, make_gate, make_badge, payload_of
):
    gate = make_gate()
    _badge, token = make_badge()
    item = {
        "payload": payload_of(token),
        "gate_id": gate.id,
        "client_uuid": str(uuid.uuid4()),
        "scanned_at": (utcnow() - timedelta(hours=1)).isoformat() + "Z",
    }
    cookie, csrf = _signed_in(app, client, auth)
    answers = _run_together(app, db, cookie, csrf, "/DH16/api/v1/scans/batch", [{"scans": [item]}] * THREADS)
    assert [status for status, _ in answers] == [200] * THREADS
    assert {data["results"][0]["scan_id"] for _, data in answers} == {answers[0][1]["results"][0]["scan_id"]}
    assert sum(data["recorded"] for _, data in answers) == 1
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1


def test_simultaneous_scans_of_different_badges_are_all_accepted(
    app, db, client, auth, make_gate, make_badge, payload_of
):
    gate = make_gate()
    payloads = [payload_of(make_badge()[1]) for _ in range(THREADS)]
    bodies = [{"payload": p, "gate_id": gate.id} for p in payloads]
    cookie, csrf = _signed_in(app, client, auth)
    answers = _run_together(app, db, cookie, csrf, "/DH16/api/v1/scans", bodies)
    assert [data["result"] for _, data in answers] == ["accepted"] * THREADS
    assert db.session.scalar(select(func.count()).select_from(Scan)) == THREADS
