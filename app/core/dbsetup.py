"""Engine settings that make SQLite safe under several gunicorn workers, and reads
without a transaction on PostgreSQL.

SQLite runs in WAL mode with ``synchronous=NORMAL`` and a busy timeout. A write
transaction starts with ``BEGIN IMMEDIATE`` so two workers never both hold a read
lock and then deadlock when each tries to write ("database is locked"). Requests
that only read (GET/HEAD) start a plain deferred transaction so readers never wait
for writers; a GET route that writes calls :func:`mark_write` before its first query.
Outside a request (CLI, worker, tests) transactions are deferred unless the code
calls :func:`mark_write`, so a script that only reads never blocks the web workers.

On PostgreSQL the same rule decides how a request talks to the server: a request that only
reads runs its statements in autocommit (:func:`bind_for`), so no ``BEGIN`` and no
``ROLLBACK`` travel to the server — two of the review queue's eleven round trips (issue 18).
It reads what it read before: PostgreSQL's isolation level, READ COMMITTED, gives every
statement its own snapshot inside a transaction too. Should such a request write after all
(a flush, an INSERT, UPDATE or DELETE statement) or lock a row (``FOR UPDATE``), that
statement goes to a second connection, with a transaction, committed or rolled back as
before, and the request's later statements follow it there until that transaction ends.

A pooled PostgreSQL connection is not pinged before each use (the pool's pre-ping was one
more round trip on every request). The server says so on the socket when it closes a
connection — a restart, a failover, an administrator's ``pg_terminate_backend`` send a
FATAL message and hang up — so an idle connection with anything to read is finished:
:func:`_closed_while_idle` looks with a zero-timeout poll at checkout (a system call, no
round trip) and the pool replaces it. A connection lost without a word (a network cut) fails
its first statement, and SQLAlchemy then recycles every connection of the pool made before
that moment; ``pool_recycle`` retires connections after 30 minutes in any case.
"""

from __future__ import annotations

import select
import threading
from weakref import WeakKeyDictionary

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

from app.core import sqlite_writers
from app.extensions import Session

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def mark_write() -> None:
    """Declare that the current GET request writes: SQLite takes the write lock up front and
    PostgreSQL runs it in a transaction from its first statement."""
    g.request_writes = True


def _wants_write() -> bool:
    if has_request_context():
        return request.method not in READ_METHODS or bool(g.get("request_writes"))
    return has_app_context() and bool(g.get("request_writes"))


_AUTOCOMMIT: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()


def _autocommit(engine: Engine) -> Engine:
    """``engine`` in autocommit (same pool; the level is set on checkout and reset on return)."""
    twin = _AUTOCOMMIT.get(engine)
    if twin is None:
        twin = _AUTOCOMMIT[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return twin


_WROTE = "wrote"  # session.info: this transaction wrote or locked (its reads follow it)


def bind_for(session, engine: Engine, clause) -> Engine:
    """The engine of a statement (see the module's note; installed on the session class by
    :func:`configure_engine`): on PostgreSQL, a request that only reads gets its connection in
    autocommit. A flush, an INSERT/UPDATE/DELETE or a locking read goes to ``engine``, with a
    transaction, and so does every statement after it until that transaction ends, so the
    request reads what it wrote."""
    if engine.dialect.name != "postgresql" or session.info.get(_WROTE):
        return engine
    if getattr(clause, "is_dml", False) or getattr(clause, "_for_update_arg", None) is not None:
        session.info[_WROTE] = True
        return engine
    if has_request_context() and not _wants_write():
        return _autocommit(engine)
    return engine


@event.listens_for(Session, "before_flush")
def _wrote(session, _flush_context, _instances) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WROTE, None)


def configure_engine(engine: Engine) -> None:
    """Install the SQLite pragmas and transaction mode; on PostgreSQL, the reads without a
    transaction (:func:`bind_for`)."""
    Session.bind_for = staticmethod(bind_for)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "checkout", _closed_while_idle)
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
        if not _wants_write():
            connection.exec_driver_sql("BEGIN")
            return
        # A write transaction waits for its turn in the writers' queue (app/core/sqlite_writers.py),
        # not in SQLite's sleeping busy handler, and holds it until its COMMIT or ROLLBACK.
        queued = getattr(_turn, "connection", None) is None and sqlite_writers.acquire(engine)
        if queued:
            _turn.connection, _turn.engine = connection, engine
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if queued:
                _end_turn()
            raise

    @event.listens_for(engine, "commit")
    def _on_commit(connection):
        _finish(connection, "COMMIT")

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection):
        _finish(connection, "ROLLBACK")

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, _record):
        # a connection back in the pool has no transaction: never keep the turn past it
        if getattr(_turn, "engine", None) is engine:
            _end_turn()


def _closed_while_idle(dbapi_connection, _record, _proxy) -> None:
    """Refuse a pooled PostgreSQL connection the server spoke on or hung up while it sat in
    the pool (see the module's note): the pool then makes a new one in its place."""
    poll = select.poll()
    try:
        poll.register(dbapi_connection.fileno(), select.POLLIN)
    except (OSError, ValueError) as error:  # closed on this side already
        raise exc.DisconnectionError("the connection is closed") from error
    if poll.poll(0):
        raise exc.DisconnectionError("the server closed this connection while it was idle")


# The write transaction of this thread that holds the writers' queue, if any.
_turn = threading.local()


def _end_turn() -> None:
    engine = _turn.engine
    _turn.connection = _turn.engine = None
    sqlite_writers.release(engine)


def _finish(connection, statement: str) -> None:
    """End the transaction that holds the turn, then hand the turn on. SQLAlchemy's events
    come *before* the driver's COMMIT or ROLLBACK, so the statement is run here, and the
    driver's own call that follows finds no transaction open and does nothing. Should it
    fail here, the turn is handed on all the same and the driver's call runs it again and
    reports the error as usual."""
    if getattr(_turn, "connection", None) is not connection:
        return
    try:
        dbapi_connection = connection.connection.dbapi_connection
        if dbapi_connection is not None and dbapi_connection.in_transaction:
            dbapi_connection.execute(statement)
    except Exception:  # noqa: BLE001, S110 - the driver's own COMMIT/ROLLBACK reports it next
        pass
    finally:
        _end_turn()


def release_leftover_turn(_exc=None) -> None:
    """At the end of every request: a turn still held (a transaction left open past its
    request) is handed on, so no writer waits for a request that is over."""
    if getattr(_turn, "engine", None) is not None:
        _end_turn()
