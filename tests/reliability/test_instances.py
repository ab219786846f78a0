"""Several app instances on one database: shared rate limits through Redis."""

from __future__ import annotations

import os
import urllib.parse
import uuid

import pytest

from tests.conftest import is_postgres
from tests.reliability import servers

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


def _redis_or_skip(db_index: int) -> str:
    import redis

    url = f"{REDIS}/{db_index}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis is required in CI")
        pytest.skip("Redis not running")
    return url


@pytest.fixture
def shared_database(app, tmp_path):
    """The test database, as a URL both instances can open."""
    url = app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
    return url, tmp_path / "uploads"


def test_rate_limit_holds_across_two_instances_with_redis(shared_database):
    url, uploads = shared_database
    redis_url = _redis_or_skip(14)
    first = servers.start(url, uploads, workers=1, REDIS_URL=redis_url)
    second = servers.start(url, uploads, workers=1, REDIS_URL=redis_url)
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
    server = servers.start(url, uploads, workers=2)
    try:
        for _ in range(20):
            assert servers.request(server.port, "GET", "/healthz")[0] == 200
        admin = create_engine(
            url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as connection:
            killed = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'pytest'"
                )
            ).scalar()
        admin.dispose()
        assert killed >= 1
        # Pool pre-ping replaces the dead connections: no request fails.
        statuses = [servers.request(server.port, "GET", "/healthz")[0] for _ in range(40)]
        assert statuses == [200] * 40
    finally:
        server.stop()
