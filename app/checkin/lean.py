"""The lean scan path: a paired device's ``POST /<event>/api/v1/scans`` answered before Flask.

A gate's phone scans hundreds of badges an hour and waits for each answer. Its request
carries no cookie and no CSRF token, so the session, the signed-in user, the CSRF check
and the rate limiter (which exempts the scan API anyway) are pure cost. This WSGI layer,
in front of the Flask application, answers such a request with:

1. the body decoded and validated by the API contract (:func:`contract.decode_scan`);
2. **one** prebuilt statement for the device token: the device, its gates and its
   congress together (no event look-up by code, no user);
3. the decision by :func:`app.checkin.services.decide` — the same rules, and the same
   statements, as the staff session and the offline batch (two reads), then the insert;
4. the answer written by the contract with its texts cached per language.

The statements run on the driver (:mod:`app.core.driver`): each thread keeps one DBAPI
connection of its own, out of the pool (no checkout, no pre-ping), and runs the statements
compiled once from the same SQLAlchemy constructs as the long way.

On SQLite the device check reads outside any lock; the decision is one write transaction
(``BEGIN IMMEDIATE``: two indexed reads and the insert, a fraction of a millisecond),
because the duplicate rule needs the reads and the insert in one transaction: two lanes
scanning copies of one badge at the same instant must not both admit it. (Reads outside
the lock with a deferred upgrade at the insert were measured too: under 16 writers SQLite
refuses most upgrades — the snapshot is stale — and the retries halved throughput;
bench/README.md.) On PostgreSQL the badge row is locked by the decision's first read
(``FOR UPDATE``), as on every path, and the statements travel in psycopg's pipeline mode:
the device check with the badge read, then the gate and duplicate check, then the insert
with the commit — three round trips to the server.

Anything but the plain case goes to the Flask application unchanged, which answers it as
before, with the messages in the device's language: a body that does not fit the
contract, an unknown, revoked or expired token, a gate the device is not paired to, an
unknown gate, another congress's address, an archived congress, a security denial (the
long way writes its audit entry and alarm), a client UUID already recorded (the long way
answers the stored decision), or any error (nothing is written before the commit, so the
second try starts clean; a connection the server dropped is closed and replaced).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import threading
from contextlib import contextmanager
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import bindparam, select, update
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from app.checkin import contract, services
from app.checkin.devices import LAST_SEEN_EVERY
from app.checkin.models import Device, device_gates
from app.core import driver, security, sqlite_writers
from app.core.timeutil import utcnow
from app.events.models import Event
from app.extensions import db

log = logging.getLogger(__name__)

SCAN_PATH = re.compile(r"^/([A-Za-z0-9_-]{1,16})/api/v1/scans$")
MAX_BODY = 16 * 1024  # a scan is ~200 bytes; anything larger goes the long way (and its checks)

_devices, _events = Device.__table__, Event.__table__
# The device, its gates (one row each) and its congress, by the token's hash: one statement.
DEVICE_LOOKUP = (
    select(
        _devices.c.id,
        _devices.c.revoked_at,
        _devices.c.expires_at,
        _devices.c.last_seen_at,
        device_gates.c.gate_id,
        _events.c.id,
        _events.c.code,
        _events.c.name,
        _events.c.timezone,
        _events.c.first_day,
        _events.c.last_day,
        _events.c.key_id,
        _events.c.status,
    )
    .select_from(
        _devices.outerjoin(device_gates, device_gates.c.device_id == _devices.c.id).join(
            _events, _events.c.id == _devices.c.event_id
        )
    )
    .where(_devices.c.token_hash == bindparam("token_hash"))
)
TOUCH_DEVICE = (
    update(_devices).where(_devices.c.id == bindparam("device_id")).values(last_seen_at=bindparam("now"))
)

# The headers every answer carries (app/core/security.py sets the same on Flask's answers).
BASE_HEADERS = [("Content-Type", "application/json"), *security.BASE_HEADERS]


STATUS_LINES = {200: "200 OK", 201: "201 CREATED"}


class Fallback(Exception):
    """Not the plain case: the Flask application answers the request."""


class LeanScan:
    """WSGI middleware: the device scan answered here, every other request passed on."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.languages = tuple(app.config["LANGUAGES"])
        self.default_language = app.config["BABEL_DEFAULT_LOCALE"]
        self._language_of: dict[str, str] = {}
        self.enabled = app.config.get("LEAN_SCAN", True)

    def _scan_address(self, environ) -> re.Match | None:
        """The address's match when ``environ`` is a paired device's scan this layer takes."""
        if (
            not self.enabled
            or environ.get("REQUEST_METHOD") != "POST"
            or environ.get("HTTP_AUTHORIZATION", "")[:7].lower() != "bearer "
            or environ.get("HTTP_COOKIE")  # a browser with a session: the long way, as before
        ):
            return None
        return SCAN_PATH.match(environ.get("PATH_INFO", ""))

    def mostly_waits(self, environ) -> bool:
        """Whether this request mostly waits for the database (app/core/httpworker.py,
        ``Turns``): a device's scan is a fraction of a millisecond of Python around three round
        trips to PostgreSQL, so it may take the worker's second turn while a page computes."""
        return self._scan_address(environ) is not None

    def __call__(self, environ, start_response):
        match = self._scan_address(environ)
        if match is None:
            return self.wsgi_app(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY or not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            return self.wsgi_app(environ, start_response)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)  # for the long way, should it be needed
        try:
            status, payload, version = self.scan(
                match.group(1), environ["HTTP_AUTHORIZATION"][7:].strip(), body, environ
            )
        except Fallback:
            return self.wsgi_app(environ, start_response)
        except Exception:  # noqa: BLE001 - nothing was committed: the long way answers, or reports it
            log.exception("lean scan path failed; answering the long way")
            return self.wsgi_app(environ, start_response)
        headers = [*BASE_HEADERS, ("Content-Length", str(len(payload))), ("X-Pack-Version", str(version))]
        start_response(STATUS_LINES[status], headers)
        return [payload]

    def language(self, header: str | None) -> str:
        """The Accept-Language's best of ours (as app/core/i18n.select_locale), cached per header."""
        key = header or ""
        language = self._language_of.get(key)
        if language is None:
            best = parse_accept_header(header, LanguageAccept).best_match(self.languages) if header else None
            language = best or self.default_language
            if len(self._language_of) < 256:
                self._language_of[key] = language
        return language

    def scan(self, code: str, token: str, body: bytes, environ) -> tuple[int, bytes, int]:
        """(status, JSON body, pack version) for the plain case; raises :class:`Fallback` otherwise."""
        scan = contract.decode_scan_quietly(body)
        if scan is None or not token or len(token) > 200:
            raise Fallback
        token_hash = hashlib.sha256(token.encode()).hexdigest()
        language = self.language(environ.get("HTTP_ACCEPT_LANGUAGE"))
        script_root = environ.get("SCRIPT_NAME", "").rstrip("/")
        # Inside a test, the test's own app context is the request's, as in Flask. Its session
        # ends its transaction first: this path works on a connection of its own, as in a
        # server, and an older read snapshot of the test's could not write after it.
        own = has_app_context() and current_app._get_current_object() is self.app
        context = None if own else self.app.app_context()
        if context is not None:
            context.push()
        else:
            db.session.commit()
        try:
            return self._decide(code, token_hash, scan, language, script_root)
        finally:
            if context is not None:
                context.pop()

    def _decide(self, code, token_hash, scan, language, script_root):
        engine = db.engine
        statements = _statements_for(engine)
        connection = _connection_for(engine)
        sqlite = engine.dialect.name == "sqlite"
        # PostgreSQL: the statements travel in psycopg's pipeline mode on a connection in
        # autocommit, with BEGIN and COMMIT written out: BEGIN, the device check and the
        # decision's first read (the badge, locked) go out together; then the gate and
        # duplicate read; then the insert, the device's "last seen" and COMMIT. Three round
        # trips (tests/checkin/test_lean.py counts them), where the raw bare scan has four.
        ahead = None if sqlite else services.badge_read(scan["payload"])
        cursor = connection.cursor()
        other_cursor = None if sqlite else connection.cursor()  # results read after the sync
        control_cursor = None if sqlite else connection.cursor()  # BEGIN and COMMIT
        device_lookup = statements.get(DEVICE_LOOKUP)
        locked = False
        try:
            with _round_trips(connection, sqlite) as sync:
                if not sqlite:
                    driver.execute(control_cursor, "BEGIN")
                driver.send(cursor, device_lookup, {"token_hash": token_hash})
                if ahead is not None:
                    driver.send(other_cursor, statements.get(ahead[0]), ahead[1])
                sync()
                rows = driver.rows(cursor, device_lookup)
                device_id, last_seen_at, now = _plain_device(rows, code, scan["gate_id"])
                if sqlite:
                    # The decision's reads and its insert are one write transaction, so two
                    # scans of a badge are decided in turn (the device check above takes no
                    # lock). This worker's threads, and then the workers, queue for it here
                    # (a fair thread lock, then a lock on a file beside the database, which
                    # the kernel hands on at once), not in SQLite's busy handler, which
                    # sleeps up to 100 ms between tries: that sleeping was the scan's tail
                    # under 16 writers.
                    if not sqlite_writers.acquire(engine):
                        raise Fallback
                    locked = True
                    driver.execute(cursor, "BEGIN IMMEDIATE")

                def run(statement, values):
                    if ahead is not None and statement is ahead[0] and values == ahead[1]:
                        found = driver.rows(other_cursor, statements.get(statement))
                        return found[0] if found else None
                    return driver.first(cursor, statements.get(statement), values)

                outcome = services.decide(
                    run, scan["payload"], scan["gate_id"], now=now, scanned_at=scan["scanned_at"]
                )
                if outcome.follows_up:
                    raise Fallback  # a security denial: the long way records it with its audit entry and alarm
                values = outcome.row(
                    now=now,
                    gate_id=scan["gate_id"],
                    staff_id=None,
                    device_id=device_id,
                    client_uuid=scan["client_uuid"],
                    offline=False,
                )
                insert = statements.get(services.INSERT_SCAN[engine.dialect.name], tuple(values))
                driver.send(cursor, insert, values)
                if sqlite:  # SQLite cannot commit while the INSERT … RETURNING is stepping
                    inserted = driver.rows(cursor, insert)
                    if not inserted:
                        raise Fallback  # the client UUID is recorded: the long way answers the stored decision
                if last_seen_at is None or now - last_seen_at >= LAST_SEEN_EVERY:
                    driver.send(
                        other_cursor or cursor,
                        statements.get(TOUCH_DEVICE),
                        {"device_id": device_id, "now": now},
                    )
                if sqlite:
                    connection.commit()
                else:
                    driver.execute(control_cursor, "COMMIT")  # sent as the pipeline ends
            if not sqlite:
                inserted = driver.rows(cursor, insert)
                if not inserted:
                    raise Fallback  # nothing was written but the device's "last seen"
        except services.UnknownGate:
            connection.rollback()
            raise Fallback from None
        except engine.dialect.loaded_dbapi.Error as error:
            _forget_connection(connection)
            log.warning("lean scan path: %s; answering the long way", error)
            raise Fallback from None
        except BaseException:
            connection.rollback()
            raise
        finally:
            for each in (cursor, other_cursor, control_cursor):
                if each is not None:
                    each.close()
            if locked:
                sqlite_writers.release(engine)
        decision = outcome.decision(inserted[0][0], scan["gate_id"], scan["client_uuid"], False)
        texts = contract.texts_for(language)
        prefix = f"{script_root}/{rows[0][6]}/api/v1/photos/"
        payload = contract.encode(
            contract.decision_out(decision, texts, lambda ident, p=prefix: f"{p}{ident}")
        )
        return 201, payload, decision.changed_ms


def _plain_device(rows: list[tuple], code: str, gate_id: int) -> tuple[int, datetime | None, datetime]:
    """(device id, last seen, now) when the device check found the plain case: a known,
    unrevoked, unexpired device of this address's congress, paired to ``gate_id``, the
    congress not archived. Raises :class:`Fallback` otherwise: the long way says why."""
    if not rows:
        raise Fallback
    device_id, revoked_at, expires_at, last_seen_at = rows[0][:4]
    event_code, event_status = rows[0][6], rows[0][12]
    now = utcnow()
    if (
        revoked_at is not None
        or event_code != code.upper()
        or event_status == "archived"
        or expires_at <= now
        or gate_id not in {row[4] for row in rows}
    ):
        raise Fallback
    return device_id, last_seen_at, now


@contextmanager
def _round_trips(connection, sqlite: bool):
    """A block whose statements go out together until ``sync()`` (psycopg's pipeline mode);
    on SQLite, in the process, there is nothing to save: every statement runs at once."""
    if sqlite:
        yield lambda: None
        return
    with connection.pipeline() as pipeline:
        yield pipeline.sync


# ----------------------------------------------------------------------------- the driver
# Each thread of a worker keeps one driver connection of its own, made by the engine (so
# with its settings: SQLite's pragmas) and then kept out of the pool: no checkout and no
# checkout check per scan. A connection the server dropped fails its statement; it is then
# closed, this scan goes the long way (through the pool, which looks at a connection before
# handing it out: app/core/dbsetup.py) and the next one makes a new one.
_local = threading.local()
_prepared: dict[int, driver.Statements] = {}


def _statements_for(engine) -> driver.Statements:
    statements = _prepared.get(id(engine))
    if statements is None:
        statements = _prepared[id(engine)] = driver.Statements(engine.dialect)
    return statements


def _connection_for(engine):
    held = getattr(_local, "held", None)
    if held is not None and held[0] is engine:
        return held[1]
    fairy = engine.raw_connection()
    connection = fairy.driver_connection
    fairy.detach()
    if engine.dialect.name == "sqlite":
        connection.isolation_level = None  # BEGIN IMMEDIATE and COMMIT are written out here
    else:
        connection.autocommit = True  # BEGIN and COMMIT too: they travel with the statements
    _local.held = (engine, connection)
    return connection


def _forget_connection(connection) -> None:
    _local.held = None
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - it is being thrown away
        log.debug("closing a dropped connection failed", exc_info=True)


def install(app) -> None:
    """Put the lean scan path in front of ``app`` (``LEAN_SCAN = False`` turns it off)."""
    app.wsgi_app = LeanScan(app, app.wsgi_app)
    app.mostly_waits = app.wsgi_app.mostly_waits  # read by the worker (app/core/httpworker.py)
