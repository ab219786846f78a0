"""Faults under load: a worker killed with SIGKILL, PostgreSQL connections terminated.

A real gunicorn serves the test database on loopback; bounded loads of scans run in
threads while the fault happens. Every scan that got a 2xx answer must be in the database.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import PASSWORD, is_postgres
from tests.reliability import servers
from tests.reliability.conftest import scan_uuids

APP_NAME = "presscentre-under-test"  # libpq's PGAPPNAME: only the server's connections are killed


def _url(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"]


def _load(port, cookie, token, gate_id, payloads, seconds, threads=6):
    """Send scans from several threads; returns [(time, status, client_uuid)]."""
    results, lock = [], threading.Lock()
    stop = time.time() + seconds

    def worker(n):
        i = 0
        while time.time() < stop:
            client_uuid = str(uuid.uuid4())
            body = json.dumps(
                {"payload": payloads[(n + i) % len(payloads)], "gate_id": gate_id, "client_uuid": client_uuid}
            )
            try:
                status, _, _ = servers.request(
                    port,
                    "POST",
                    "/DH16/api/v1/scans",
                    body,
                    {"Content-Type": "application/json", "Cookie": cookie, "X-CSRFToken": token},
                )
            except (OSError, http.client.HTTPException):
                status = 0  # the connection died with its worker: no answer, so no promise made
            with lock:
                results.append((time.time(), status, client_uuid))
            i += 1

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    return pool, results


def _worker_pids(server) -> list[int]:
    pids = []
    for child in Path("/proc").glob("[0-9]*"):
        try:
            if f"PPid:\t{server.proc.pid}\n" in (child / "status").read_text():
                pids.append(int(child.name))
        except OSError:
            continue
    return pids


def test_killing_a_worker_loses_no_answered_scan(app, db, scan_setup, tmp_path):
    gate, scanner, payloads = scan_setup(30)
    server = servers.start(_url(app), tmp_path / "uploads", workers=2, RATELIMIT_ENABLED="0")
    try:
        cookie, token = servers.sign_in(server.port, scanner.email, PASSWORD)
        pool, results = _load(server.port, cookie, token, gate.id, payloads, seconds=4)
        time.sleep(1.5)
        victim = _worker_pids(server)[0]
        os.kill(victim, signal.SIGKILL)
        for thread in pool:
            thread.join()
        # The service keeps answering (gunicorn replaces the worker).
        assert servers.request(server.port, "GET", "/healthz")[0] == 200
    finally:
        server.stop()
    answered = {u for _t, status, u in results if 200 <= status < 300}
    assert len(answered) > 20
    stored = scan_uuids(db)
    assert answered <= stored, f"{len(answered - stored)} answered scans are missing"
    # No "database is locked" or other server errors, only the killed worker's dropped connections.
    assert not [s for _t, s, _u in results if s >= 500]


@pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL")
def test_terminated_connections_recover_within_the_retry_window(app, db, scan_setup, tmp_path):
    gate, scanner, payloads = scan_setup(30)
    url = _url(app)
    server = servers.start(url, tmp_path / "uploads", workers=2, RATELIMIT_ENABLED="0", PGAPPNAME=APP_NAME)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        cookie, token = servers.sign_in(server.port, scanner.email, PASSWORD)
        pool, results = _load(server.port, cookie, token, gate.id, payloads, seconds=5)
        time.sleep(1.5)
        with admin.connect() as connection:
            killed = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND application_name = :name"
                ),
                {"name": APP_NAME},
            ).scalar()
        killed_at = time.time()
        for thread in pool:
            thread.join()
    finally:
        server.stop()
        admin.dispose()
    assert killed >= 1
    late_errors = [(t - killed_at, s) for t, s, _u in results if s >= 500 and t > killed_at + 1.0]
    assert late_errors == []
    answered = {u for _t, status, u in results if 200 <= status < 300}
    assert answered <= scan_uuids(db)
