"""The raw-driver bare scan: the honest ceiling of a scan on this machine (issue 18).

A plain WSGI callable — no Flask, no SQLAlchemy — on the database driver itself, one
connection per thread: read the JSON body, one indexed SELECT of the token hash, then
(SQLite) ``BEGIN IMMEDIATE``, one INSERT, ``COMMIT``; (PostgreSQL) the SELECT and the
INSERT in one transaction. Same database, same scans table (its indexes included), same
gunicorn settings as the app. ``bench.run`` reports the app's scan as a ratio of this.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import UTC, datetime

from app.config import normalise_database_url

URL = normalise_database_url(os.environ["DATABASE_URL"])
SQLITE = URL.startswith("sqlite")
_local = threading.local()

SELECT = "SELECT id, event_id FROM badges WHERE token_hash = {p}"
INSERT = (
    "INSERT INTO scans (event_id, created_at, scanned_at, token_hash, badge_id, gate_id, result, offline, overturned)"
    " VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, false, false)"
)


def _connection():
    connection = getattr(_local, "connection", None)
    if connection is None:
        if SQLITE:
            import sqlite3

            connection = sqlite3.connect(URL.removeprefix("sqlite:///"), isolation_level=None, timeout=30)
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
                connection.execute(f"PRAGMA {pragma}")
        else:
            import psycopg

            connection = psycopg.connect(URL.replace("postgresql+psycopg://", "postgresql://"))
        _local.connection = connection
    return connection


_SELECT = {True: SELECT.format(p="?"), False: SELECT.format(p="%s")}[SQLITE]
_INSERT = {True: INSERT.format(p="?"), False: INSERT.format(p="%s")}[SQLITE]


def app(environ, start_response):
    """POST /scan: look the token up, log the scan, commit; GET /healthz: ok."""
    if environ.get("REQUEST_METHOD") != "POST":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    token = str(body.get("payload", "")).rsplit(":", 1)[-1]
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    now = datetime.now(UTC).replace(tzinfo=None)
    connection = _connection()
    row = connection.execute(_SELECT, (token_hash,)).fetchone()
    badge_id, event_id = row if row else (None, 1)
    result = "accepted" if badge_id else "denied"
    values = (event_id, now, now, token_hash, badge_id, int(body.get("gate_id", 1)), result)
    if SQLITE:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(_INSERT, values)
        connection.execute("COMMIT")
    else:
        connection.execute(_INSERT, values)
        connection.commit()
    answer = json.dumps({"result": result}).encode()
    start_response(
        "201 CREATED", [("Content-Type", "application/json"), ("Content-Length", str(len(answer)))]
    )
    return [answer]
