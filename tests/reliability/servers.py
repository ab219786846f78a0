"""Real gunicorn instances for reliability tests (loopback only, bounded in time)."""

from __future__ import annotations

import http.client
import os
import re
import urllib.parse
import uuid
from pathlib import Path

import pytest

from bench.run import Server, login

ROOT = Path(__file__).resolve().parents[2]


# Settings of the caller's shell that would change the server under test: each test
# passes what it wants (REDIS_URL in CI would otherwise make every instance share counters).
NOT_INHERITED = ("DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY", "RATELIMIT_KEY_PREFIX", "GUNICORN_CMD_ARGS")


def instance_env(database_url: str, upload_dir: Path, **extra) -> dict:
    """Environment for an app instance sharing the test database."""
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in NOT_INHERITED and not k.startswith(("GUNICORN_", "RATELIMIT_"))
        },
        "DATABASE_URL": database_url,
        "SECRET_KEY": "reliability-secret",
        "BADGE_MASTER_KEY": "reliability-badge-master-key-0123456789abcdef",
        "UPLOAD_DIR": str(upload_dir),
        "ACCESS_LOG": "",
        **extra,
    }


def start(
    database_url: str, upload_dir: Path, workers: int | None = None, target: str = "wsgi:app", **extra
) -> Server:
    """gunicorn with the project's gunicorn.conf.py serving ``target`` (the application, or a
    test's own WSGI application); ``workers=None`` is the documented default."""
    return Server(target, instance_env(database_url, upload_dir, **extra), workers=workers)


def redis_url_or_skip(db_index: int) -> str:
    """A Redis database for a test: REDIS_URL (or 127.0.0.1:6379) when it answers.

    Without Redis the test is skipped, unless REQUIRE_REDIS=1 or CI is set (.ci/run),
    where a missing Redis fails the run.
    """
    import redis

    base = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379"
    parts = urllib.parse.urlsplit(base)
    url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{db_index}", parts.query, ""))
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("REQUIRE_REDIS") == "1" or os.environ.get("CI"):
            pytest.fail(f"Redis is required (REQUIRE_REDIS=1 or CI) but {url} does not answer: {error}")
        pytest.skip(f"Redis not running at {url}")
    return url


def key_prefix() -> str:
    """A rate-limit key prefix of its own, so parallel runs sharing one Redis never meet."""
    return f"test-{uuid.uuid4().hex[:12]}"


def request(port: int, method: str, path: str, body: str | bytes | None = None, headers: dict | None = None):
    """One HTTP request; returns (status, headers, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(method, path, body, headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def csrf_session(port: int) -> tuple[str, str]:
    """A fresh session cookie and its CSRF token, from the sign-in page."""
    status, headers, body = request(port, "GET", "/login")
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1).decode()
    return cookie, token


# Signing in through the form is the benchmark's own helper: (cookie, CSRF token).
sign_in = login
