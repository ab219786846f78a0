"""Check-in fixtures: gates, a signed-in scanner talking JSON, a statement counter."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.badges import qr
from app.core import driver
from tests.e2e.conftest import live_server  # noqa: F401  (the load test serves the app on localhost)

META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture
def make_gate(db, make_zone):
    """Factory: ``make_gate(zone="PC", direction="in", name=..., active=True)``."""
    from app.checkin.models import Gate

    counter = {"n": 0}

    def make(zone: str = "PC", direction: str = "both", name: str | None = None, active: bool = True) -> Gate:
        counter["n"] += 1
        gate = Gate(
            zone_id=make_zone(zone).id,
            name=name or f"Cổng {counter['n']} – {zone} ({direction})",
            direction=direction,
            active=active,
        )
        db.session.add(gate)
        db.session.commit()
        return gate

    return make


@pytest.fixture
def payload_of(event):
    """The QR payload of a token, as printed on badges of this event."""
    return lambda token: qr.make_payload(event.code, token)


class ApiClient:
    """A signed-in client sending JSON with the CSRF header, as the scanner page does."""

    def __init__(self, client):
        self.client = client
        page = client.get("/DH16/scanner/").get_data(as_text=True)
        match = META_CSRF.search(page)
        assert match, "no CSRF meta tag on the scanner page"
        self.token = match.group(1)

    def post(self, url: str, body=None, **kwargs):
        headers = {"X-CSRFToken": self.token, **kwargs.pop("headers", {})}
        return self.client.post(url, json=body, headers=headers, **kwargs)

    def scan(self, payload: str, gate_id: int, **fields):
        return self.post("/DH16/api/v1/scans", {"payload": payload, "gate_id": gate_id, **fields})

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)


@pytest.fixture
def api(client, auth):
    """A scanner signed in; ``api.user`` is the staff member."""
    user = auth.login("scanner")
    helper = ApiClient(client)
    helper.user = user
    return helper


@contextmanager
def count_statements(engine):
    """Count the SQL statements run inside the block."""
    statements: list[str] = []

    def _count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def _count_driver(statement):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", _count)
    driver.listen(_count_driver)  # the lean scan path runs its statements on the driver
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", _count)
        driver.remove(_count_driver)
