"""No scan lost under load: N scans sent over loopback by several connections → N rows.

A bounded load (a fixed number of requests, a few seconds) against the app served on
localhost by a threaded server sharing the test database. Timing is measured in
bench/, not asserted here.
"""

from __future__ import annotations

import http.client
import json
import threading
import uuid
from collections import Counter
from urllib.parse import urlsplit

from sqlalchemy import func, select

from app.checkin.models import Scan
from tests.checkin.conftest import ApiClient

CONNECTIONS = 8
PER_CONNECTION = 50


def test_every_scan_sent_is_recorded(app, db, client, auth, live_server, make_gate, make_badge, payload_of):
    gate = make_gate("PC", "both")
    payloads = [payload_of(make_badge()[1]) for _ in range(25)] + ["rác không phải mã thẻ"]
    gate_id = gate.id
    auth.login("scanner")
    token = ApiClient(client).token
    cookie = client.get_cookie("session").value
    before = db.session.scalar(select(func.count()).select_from(Scan))
    db.session.remove()
    address = urlsplit(live_server)
    statuses: Counter = Counter()
    results: Counter = Counter()
    lock = threading.Lock()

    def connection(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", address.port, timeout=60)
        for i in range(PER_CONNECTION):
            body = json.dumps(
                {
                    "payload": payloads[(n * PER_CONNECTION + i) % len(payloads)],
                    "gate_id": gate_id,
                    "client_uuid": str(uuid.uuid4()),
                }
            )
            conn.request(
                "POST",
                "/DH16/api/v1/scans",
                body,
                {"Content-Type": "application/json", "Cookie": f"session={cookie}", "X-CSRFToken": token},
            )
            response = conn.getresponse()
            data = json.loads(response.read())
            with lock:
                statuses[response.status] += 1
                results[data.get("result")] += 1
        conn.close()

    threads = [threading.Thread(target=connection, args=(n,)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    sent = CONNECTIONS * PER_CONNECTION
    assert statuses == {201: sent}
    assert sum(results.values()) == sent and results["denied"] > 0
    assert db.session.scalar(select(func.count()).select_from(Scan)) - before == sent
