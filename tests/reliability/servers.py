"""Real gunicorn instances for reliability tests (loopback only, bounded in time)."""

from __future__ import annotations

import http.client
import os
import re
from pathlib import Path

from bench.run import Server, login

ROOT = Path(__file__).resolve().parents[2]


def instance_env(database_url: str, upload_dir: Path, **extra) -> dict:
    """Environment for an app instance sharing the test database."""
    return {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DATABASE_URL": database_url,
        "SECRET_KEY": "reliability-secret",
        "BADGE_MASTER_KEY": "reliability-badge-master-key-0123456789abcdef",
        "UPLOAD_DIR": str(upload_dir),
        "ACCESS_LOG": "",
        **extra,
    }


def start(database_url: str, upload_dir: Path, workers: int = 2, **extra) -> Server:
    return Server("wsgi:app", instance_env(database_url, upload_dir, **extra), workers=workers)


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
