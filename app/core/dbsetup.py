"""Engine settings that make SQLite safe under several gunicorn workers.

SQLite runs in WAL mode with ``synchronous=NORMAL`` and a busy timeout. A write
transaction starts with ``BEGIN IMMEDIATE`` so two workers never both hold a read
lock and then deadlock when each tries to write ("database is locked"). Requests
that only read (GET/HEAD) start a plain deferred transaction so readers never wait
for writers; a GET route that writes calls :func:`mark_write` before its first query.
Outside a request (CLI, worker, tests) transactions are deferred unless the code
calls :func:`mark_write`, so a script that only reads never blocks the web workers.
"""

from __future__ import annotations

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def mark_write() -> None:
    """Declare that the current GET request writes, so SQLite takes the write lock up front."""
    g.sqlite_write = True


def _wants_write() -> bool:
    if has_request_context():
        return request.method not in READ_METHODS or bool(g.get("sqlite_write"))
    return has_app_context() and bool(g.get("sqlite_write"))


def configure_engine(engine: Engine) -> None:
    """Install the SQLite pragmas and transaction mode; PostgreSQL needs nothing here."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write() else "BEGIN")
