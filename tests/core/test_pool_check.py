"""PostgreSQL connections are not pinged before each use (issue 18: one round trip per
request); one the server closed while it sat in the pool is found at checkout without a round
trip and replaced (app/core/dbsetup.py)."""

from __future__ import annotations

import select
import time

import pytest
from sqlalchemy import create_engine, text

from app.extensions import db
from tests.conftest import is_postgres

pytestmark = pytest.mark.skipif(not is_postgres(), reason="the pool's checkout check is a PostgreSQL matter")


def test_pages_send_no_ping(client, auth, monkeypatch):
    pings = []
    original = db.engine.dialect.do_ping
    monkeypatch.setattr(
        db.engine.dialect, "do_ping", lambda connection: pings.append(1) or original(connection)
    )
    auth.login("accreditation_officer")
    db.session.remove()
    for _ in range(3):
        assert client.get("/DH16/accreditation/queue").status_code == 200
        db.session.remove()
    assert pings == []


def test_connections_the_server_closed_while_idle_are_replaced_at_checkout(client):
    db.session.execute(text("SELECT 1"))
    db.session.remove()  # at least one connection waits in the pool
    pooled = [record.dbapi_connection for record in list(db.engine.pool._pool.queue)]
    killed = {connection.info.backend_pid for connection in pooled}
    admin = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for pid in killed:
                assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    finally:
        admin.dispose()
    # wait until the server's farewell is on every pooled connection's socket
    poll = select.poll()
    for connection in pooled:
        poll.register(connection.fileno(), select.POLLIN)
    deadline = time.monotonic() + 5
    while len(poll.poll(50)) < len(pooled) and time.monotonic() < deadline:
        pass
    for _ in range(len(pooled) + 1):
        assert client.get("/healthz").status_code == 200
        assert db.session.scalar(text("SELECT pg_backend_pid()")) not in killed
        db.session.remove()
