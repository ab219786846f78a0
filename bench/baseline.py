"""The bare baseline: a minimal Flask app doing only what a scan must.

One indexed look-up of the token hash, one INSERT into the scan log, one commit, on
the same database and with the same SQLite settings (WAL, synchronous=NORMAL,
BEGIN IMMEDIATE) as the real app. The benchmark reports the real scan endpoint's
throughput as a ratio of this one's, measured in the same run.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from sqlalchemy import create_engine, event, text

from app.config import normalise_database_url

URL = normalise_database_url(os.environ["DATABASE_URL"])
engine = create_engine(URL, pool_pre_ping=not URL.startswith("sqlite"))

if URL.startswith("sqlite"):

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


app = Flask(__name__)


@app.post("/scan")
def scan():
    """Look the token up, log the scan, commit."""
    body = request.get_json(silent=True) or {}
    token = str(body.get("payload", "")).rsplit(":", 1)[-1]
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        badge_id, event_id = connection.execute(
            text("SELECT id, event_id FROM badges WHERE token_hash = :h"), {"h": token_hash}
        ).first() or (None, 1)
        connection.execute(
            text(
                "INSERT INTO scans (event_id, created_at, scanned_at, token_hash, badge_id, gate_id, result, overturned,"
                " offline) VALUES (:e, :now, :now, :h, :b, :g, :r, false, false)"
            ),
            {
                "e": event_id,
                "now": now,
                "h": token_hash,
                "b": badge_id,
                "g": int(body.get("gate_id", 1)),
                "r": "accepted" if badge_id else "denied",
            },
        )
    return jsonify(result="accepted" if badge_id else "denied")
