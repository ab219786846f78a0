"""Shared fixtures: the app on SQLite or PostgreSQL, a form-submitting client, users, mail.

Set ``DATABASE_URL`` to run the whole suite on PostgreSQL; otherwise each run uses a
fresh SQLite file. Tables are created once per run and emptied after every test.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email import policy as email_policy
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from sqlalchemy import text

from app import AREAS, create_app
from app.accounts.models import User
from app.config import normalise_database_url
from app.core import conditional, i18n, outbox
from app.core.permissions import STAFF_ROLES, Role
from app.dashboard import views as dashboard_views
from app.extensions import db as _db
from app.extensions import limiter

PASSWORD = "correct-horse-battery"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def database_url(tmp_path_factory) -> str:
    """The run's database. Under pytest-xdist (``make test`` runs one worker per core) each
    worker has its own: a SQLite file in its own temporary folder, or on PostgreSQL a database
    named after DATABASE_URL's and the worker (``test_gw0``), made empty at the start."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
    url = normalise_database_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy import create_engine

    base, name = url.rsplit("/", 1)
    name = f"{name}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{base}/{name}"


@contextmanager
def fresh_database(tmp_path: Path):
    """The URL of a new, empty database of the kind under test, dropped afterwards."""
    if not is_postgres():
        yield "sqlite:///" + str(tmp_path / f"fresh-{uuid.uuid4().hex[:8]}.db")
        return
    from sqlalchemy import create_engine

    base = normalise_database_url(os.environ["DATABASE_URL"])
    name = f"fresh_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def fresh_app(url: str, upload_dir: Path, **config):
    """An application on the database at ``url`` (from :func:`fresh_database`), nothing created yet."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_DIR": str(upload_dir),
            **config,
        }
    )


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


# ----------------------------------------------------------------------------- time limits
def pytest_collection_modifyitems(config, items):
    """Browser tests time out with pytest-timeout's "thread" method (see pyproject.toml).

    The "signal" method would raise inside Playwright's event loop and leave the shared
    browser unusable, so every later browser test would hang until its own limit; the
    thread method dumps the stacks and ends the run at the first hang.
    """
    for item in items:
        if item.get_closest_marker("browser") or "e2e" in item.path.parts:
            item.add_marker(pytest.mark.timeout(method="thread"), append=True)


# ----------------------------------------------------------------------------- mail
@dataclass
class Mailbox:
    """Messages received by the local SMTP server."""

    messages: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        with self.lock:
            message = message_from_bytes(envelope.content, policy=email_policy.default)
            message.add_header("X-Envelope-To", ",".join(envelope.rcpt_tos))
            self.messages.append(message)
        return "250 OK"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]

    @staticmethod
    def body(message: Message) -> str:
        part = message.get_body(("plain",)) if message.is_multipart() else message
        return part.get_content()

    def links(self, message: Message) -> list[str]:
        return re.findall(r"https?://\S+", self.body(message))


@pytest.fixture(scope="session")
def smtp_server():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, box
    controller.stop()


# ----------------------------------------------------------------------------- app
@pytest.fixture(scope="session")
def app(tmp_path_factory, smtp_server):
    controller, _box = smtp_server
    port = controller.port
    i18n.compile_all(AREAS)
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
            "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
            "MAIL_HOST": "127.0.0.1",
            "MAIL_PORT": port,
            "SERVER_BASE_URL": "http://localhost",
            "RATELIMIT_STORAGE_URI": "memory://",
            # Fast hashing keeps hundreds of test sign-ins quick; production uses scrypt.
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            # Dashboard figures computed on every render (tests/dashboard/test_freshness.py
            # turns the one-minute cache on).
            "DASHBOARD_FRESH_SECONDS": 0,
            # Every repeat of a feed asks its version (tests/core/test_repeat_answers.py turns
            # the one-second answer before Flask on).
            "CONDITIONAL_FRESH_SECONDS": 0,
        }
    )
    with application.app_context():
        _db.drop_all()
        _db.create_all()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()
    if is_postgres() and os.environ.get("PYTEST_XDIST_WORKER"):
        _drop_worker_database(application.config["SQLALCHEMY_DATABASE_URI"])


def _drop_worker_database(url: str) -> None:
    from sqlalchemy import create_engine

    name = url.rsplit("/", 1)[1]
    admin = create_engine(normalise_database_url(os.environ["DATABASE_URL"]), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_tables(tries: int = 5) -> None:
    """Empty every table. On PostgreSQL a browser test's page may still have a request in
    flight in the live server (a scanner page syncs every few seconds): TRUNCATE then waits
    for its locks or is chosen as a deadlock's victim, and is tried again once it is gone."""
    from sqlalchemy.exc import OperationalError

    _db.session.remove()
    tables = list(reversed(_db.metadata.sorted_tables))
    for attempt in range(tries):
        try:
            with _db.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    names = ", ".join(f'"{t.name}"' for t in tables)
                    connection.execute(text("SET LOCAL lock_timeout = '10s'"))
                    connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                else:
                    for table in tables:
                        connection.execute(table.delete())
            return
        except OperationalError:
            if attempt == tries - 1:
                raise
            time.sleep(0.5)


@pytest.fixture(autouse=True)
def _clean(app, smtp_server):
    """Each test starts with empty tables, no rate-limit history and an empty mailbox."""
    smtp_server[1].clear()
    ctx = app.app_context()
    ctx.push()
    limiter.reset()
    conditional.forget_bodies()  # feed bodies kept per version (app/core/conditional.py)
    dashboard_views.forget_figures()  # dashboard figures kept a minute (app/dashboard/views.py)
    yield
    ctx.pop()
    with app.app_context():
        _empty_tables()
    upload_dir = Path(app.config["UPLOAD_DIR"])
    shutil.rmtree(upload_dir, ignore_errors=True)
    upload_dir.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def db(app):
    return _db


@pytest.fixture(autouse=True)
def event(_clean, app):
    """The installation's one event ("DH16", running), created before every test's factories."""
    from app.events import services as events

    created = events.create_event(
        "DH16",
        app.config["EVENT_NAME"],
        status="running",
        timezone=app.config["EVENT_TIMEZONE"],
    )
    _db.session.commit()
    return created


@pytest.fixture
def mailbox(app, smtp_server):
    """The SMTP server's inbox; call ``deliver()`` to run the outbox into it."""
    box = smtp_server[1]

    def deliver():
        sent, failed = outbox.deliver_pending()
        assert failed == 0
        return sent

    box.deliver = deliver
    return box


# ----------------------------------------------------------------------------- clients
class FormClient(FlaskClient):
    """A test client that submits forms the way a browser does, with their CSRF token.

    The test's app context stays pushed (so tests can use the session), and Flask
    reuses it for requests; ``g`` is emptied before each request so nothing cached
    there (signed-in user, locale) leaks from one request to the next.
    """

    def open(self, *args, **kwargs):
        from flask import g, has_app_context

        if has_app_context():
            g.__dict__.clear()
        return super().open(*args, **kwargs)

    def csrf_token(self, url: str = "/login") -> str:
        response = self.get(url)
        match = CSRF_RE.search(response.get_data(as_text=True))
        assert match, f"no CSRF token on {url} ({response.status_code})"
        return match.group(1) or match.group(2)

    def submit(self, url: str, data: dict | None = None, *, form_url: str | None = None, **kwargs):
        data = dict(data or {})
        data["csrf_token"] = self.csrf_token(form_url or url)
        return self.post(url, data=data, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = FormClient
    return app.test_client()


@pytest.fixture
def make_user(db):
    """Factory: ``make_user(role="admin", email=..., **overrides)`` → a verified, active user.

    A staff role (not administrator, central overview or journalist) is held in the current
    event (a membership), as the site administrator appoints it; ``event=`` names another.
    """
    counter = {"n": 0}

    def make(role: str = "journalist", event=None, **overrides) -> User:
        counter["n"] += 1
        user = User(
            email=overrides.pop("email", f"{role}{counter['n']}@example.vn"),
            full_name=overrides.pop("full_name", f"Người dùng {counter['n']}"),
            role=Role(role),
            email_verified_at=overrides.pop("email_verified_at", _now()),
            **overrides,
        )
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        if Role(role) in STAFF_ROLES:
            from app.events import services as events

            events.appoint(user.id, event or events.current_event(), role)
        db.session.commit()
        return user

    return make


def _now():
    from app.core.timeutil import utcnow

    return utcnow()


class Auth:
    def __init__(self, client, make_user):
        self.client = client
        self.make_user = make_user

    def login(self, role: str = "admin", user: User | None = None, **overrides) -> User:
        """Create (unless given) and sign in a user of ``role`` through the sign-in form."""
        user = user or self.make_user(role, **overrides)
        response = self.client.submit("/login", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return user

    def logout(self):
        return self.client.submit("/logout", form_url="/")


@pytest.fixture
def auth(client, make_user):
    return Auth(client, make_user)


# ----------------------------------------------------------------------------- shared factories
@pytest.fixture
def make_zone(db):
    """Factory: ``make_zone(code="HT", name=...)`` (returns the existing zone for a known code)."""
    from app.events.models import Zone

    def make(code: str = "PC", name: str | None = None, sort_order: int = 0) -> Zone:
        from sqlalchemy import select

        zone = db.session.scalar(select(Zone).where(Zone.code == code))
        if zone is None:
            zone = Zone(code=code, name=name or f"Khu vực {code}", sort_order=sort_order)
            db.session.add(zone)
            db.session.commit()
        return zone

    return make


@pytest.fixture
def make_organisation(db):
    from app.accreditation.models import MediaOrganisation

    counter = {"n": 0}

    def make(name: str | None = None, kind: str = "newspaper", level: str = "central", **overrides):
        counter["n"] += 1
        org = MediaOrganisation(kind=kind, level=level, **overrides)
        org.set_name(name or f"Báo Thử Nghiệm {counter['n']}")
        db.session.add(org)
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_application(db, make_user, make_organisation, make_zone):
    """Factory: an application (status ``submitted`` unless given) with its journalist user."""
    from datetime import date

    from app.accreditation.models import Application

    counter = {"n": 0}

    def make(status: str = "submitted", user=None, organisation=None, zones=("PC",), **overrides):
        counter["n"] += 1
        n = counter["n"]
        user = user or make_user("journalist")
        application = Application(
            user_id=user.id,
            full_name=overrides.pop("full_name", user.full_name),
            date_of_birth=overrides.pop("date_of_birth", date(1985, 5, 17)),
            national_id=overrides.pop("national_id", f"0011900{n:05d}"),
            press_card_number=overrides.pop("press_card_number", f"NB-{n:05d}"),
            organisation=organisation or make_organisation(),
            position=overrides.pop("position", "Phóng viên"),
            category=overrides.pop("category", "reporter"),
            phone=overrides.pop("phone", "+84912345678"),
            email=overrides.pop("email", user.email),
            status=status,
            **overrides,
        )
        application.zones = [make_zone(code) for code in zones]
        application.refresh_search_key()
        db.session.add(application)
        db.session.commit()
        return application

    return make


@pytest.fixture
def make_badge(db, make_application):
    """Factory: an issued badge for an approved application; returns (badge, token).

    The QR payload is ``qr.make_payload(event.code, token)``.
    """
    from datetime import date

    from app.badges import qr
    from app.badges.models import Badge

    def make(
        application=None,
        *,
        version: int = 1,
        zones: str = "PC",
        valid_from=date(2020, 1, 1),
        valid_until=date(2099, 12, 31),
        **overrides,
    ):
        from app.badges.services import token_of

        application = application or make_application(status="approved")
        badge = Badge(
            application_id=application.id,
            serial=overrides.pop("serial", f"PC-{application.id:04d}"),
            version=version,
            token_nonce=qr.new_nonce(),
            zone_codes=zones,
            valid_from=valid_from,
            valid_until=valid_until,
            **overrides,
        )
        token = token_of(badge)
        badge.token_hash = qr.hash_token(token)
        db.session.add(badge)
        db.session.commit()
        return badge, token

    return make
