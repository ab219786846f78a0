"""Several app instances on one database: shared rate limits through Redis."""

from __future__ import annotations

import urllib.parse
import uuid

import pytest

from tests.conftest import is_postgres
from tests.reliability import servers


@pytest.fixture
def shared_database(app, tmp_path):
    """The test database, as a URL both instances can open."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    return url, tmp_path / "uploads"


def test_rate_limit_holds_across_two_instances_with_redis(shared_database):
    url, uploads = shared_database
    redis_url = servers.redis_url_or_skip(14)
    prefix = servers.key_prefix()
    first = servers.start(url, uploads, workers=1, REDIS_URL=redis_url, RATELIMIT_KEY_PREFIX=prefix)
    second = servers.start(url, uploads, workers=1, REDIS_URL=redis_url, RATELIMIT_KEY_PREFIX=prefix)
    try:
        statuses = []
        for attempt in range(12):
            port = (first, second)[attempt % 2].port
            cookie, token = servers.csrf_session(port)
            form = urllib.parse.urlencode(
                {"csrf_token": token, "email": f"x{uuid.uuid4().hex[:6]}@y.vn", "password": "wrong-password"}
            )
            status, _, _ = servers.request(
                port,
                "POST",
                "/login",
                form,
                {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            )
            statuses.append(status)
        # 10 per minute in total, not 10 per instance.
        assert statuses[:10] == [200] * 10, statuses
        assert statuses[10:] == [429, 429], statuses
    finally:
        first.stop()
        second.stop()


@pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL")
def test_app_recovers_after_its_connections_are_killed(shared_database, app):
    from sqlalchemy import create_engine, text

    url, uploads = shared_database
    server = servers.start(url, uploads, workers=2, RATELIMIT_ENABLED="0")
    try:
        for _ in range(20):
            assert servers.request(server.port, "GET", "/healthz")[0] == 200
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            # Each backend is gone before the next request (the 5 s is a bound): its farewell
            # is on the socket. Without the wait, a loaded machine let a request take a
            # connection whose backend had the signal but had not said so yet; that one
            # fails its first statement, as a network cut does (app/core/dbsetup.py).
            killed = connection.execute(
                text(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'pytest'"
                )
            ).scalar()
        admin.dispose()
        assert killed >= 1
        # The checkout check finds each closed connection and the pool replaces it: no request fails.
        statuses = [servers.request(server.port, "GET", "/healthz")[0] for _ in range(40)]
        assert statuses == [200] * 40
    finally:
        server.stop()


def _parallel(calls):
    """Run callables at once (released together); returns their results in order."""
    import threading

    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as error:  # reported in the assertion, not lost in a thread
            results[i] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.skipif(not is_postgres(), reason="two instances share one PostgreSQL")
def test_two_instances_agree_on_scans_sign_ups_and_approvals(
    shared_database, db, scan_setup, make_conference, accredited, make_application, make_user
):
    import json

    from sqlalchemy import func, select

    from app.badges.models import Badge
    from app.briefings.models import Signup
    from app.checkin.models import Scan
    from tests.conftest import PASSWORD

    url, uploads = shared_database
    gate, scanner, payloads = scan_setup(1)
    conference = make_conference(capacity=5)
    journalists = [accredited() for _ in range(20)]
    pending = make_application(status="submitted")
    officers = [make_user("accreditation_officer") for _ in range(2)]
    # Plain values: the request threads have no app context to load attributes in.
    gate_id, conference_id, pending_id = gate.id, conference.id, pending.id
    scanner_email = scanner.email
    journalist_emails = [j.email for j in journalists]
    officer_emails = [o.email for o in officers]
    db.session.commit()
    first = servers.start(url, uploads, workers=2, RATELIMIT_ENABLED="0")
    second = servers.start(url, uploads, workers=2, RATELIMIT_ENABLED="0")
    ports = (first.port, second.port)
    try:
        # Scans: one badge, 20 presentations at once through both instances.
        sessions = [servers.sign_in(ports[i % 2], scanner_email, PASSWORD) for i in range(2)]

        def scan(i):
            cookie, token = sessions[i % 2]
            body = json.dumps({"payload": payloads[0], "gate_id": gate_id, "client_uuid": str(uuid.uuid4())})
            return servers.request(
                ports[i % 2],
                "POST",
                "/DH16/api/v1/scans",
                body,
                {"Content-Type": "application/json", "Cookie": cookie, "X-CSRFToken": token},
            )[0]

        assert _parallel([lambda i=i: scan(i) for i in range(20)]) == [201] * 20

        # Sign-ups: 20 journalists, 5 seats, alternating instances.
        logins = [servers.sign_in(ports[i % 2], email, PASSWORD) for i, email in enumerate(journalist_emails)]

        def sign_up(i):
            cookie, token = logins[i]
            form = urllib.parse.urlencode({"csrf_token": token})
            return servers.request(
                ports[i % 2],
                "POST",
                f"/DH16/briefings/{conference_id}/signup",
                form,
                {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            )[0]

        assert set(_parallel([lambda i=i: sign_up(i) for i in range(20)])) <= {302, 303}

        # Approvals: two officers on two instances approve the same application at once.
        officer_sessions = [
            servers.sign_in(ports[i], email, PASSWORD) for i, email in enumerate(officer_emails)
        ]

        def approve(i):
            cookie, token = officer_sessions[i]
            form = urllib.parse.urlencode({"csrf_token": token})
            return servers.request(
                ports[i],
                "POST",
                f"/DH16/accreditation/applications/{pending_id}/approve",
                form,
                {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            )[0]

        _parallel([lambda i=i: approve(i) for i in range(2)])
    finally:
        first.stop()
        second.stop()
    db.session.rollback()
    results = db.session.execute(select(Scan.result, func.count()).group_by(Scan.result)).all()
    assert dict(results) == {"accepted": 1, "duplicate": 19}
    statuses = db.session.execute(
        select(Signup.status, func.count())
        .where(Signup.conference_id == conference_id)
        .group_by(Signup.status)
    ).all()
    assert dict(statuses) == {"registered": 5, "waitlisted": 15}
    positions = db.session.scalars(
        select(Signup.position).where(Signup.conference_id == conference_id, Signup.status == "waitlisted")
    ).all()
    assert sorted(positions) == list(range(1, 16))
    assert db.session.scalar(select(func.count(Badge.id)).where(Badge.application_id == pending_id)) == 1
