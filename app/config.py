"""Configuration, read once from the environment (DESIGN §5)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

# The badge master key signs every badge's QR token (app/badges/qr.py); a shorter one is refused.
BADGE_MASTER_KEY_MIN_LENGTH = 32


def _instance_secret(instance_path: str, name: str = "secret_key") -> str:
    """Return a secret kept in ``instance/<name>``, generating it on first use.

    Development never runs on a silent default key: the key is random and stays
    the same across restarts so sessions (and badge tokens) survive them.
    """
    path = Path(instance_path) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _badge_master_key(env, instance_path: str, *, production: bool, secret_key: str) -> str:
    """The badge master key: its own secret, never derived from SECRET_KEY or anything else.

    Rotating SECRET_KEY (sessions, e-mailed links) must not touch badges: every printed
    badge's QR token is signed with a key derived from this one (app/badges/qr.py), and a
    later per-event design derives each event's badge key from it too. Generated into
    ``instance/badge_master_key`` in development; required in production.
    """
    key = (env.get("BADGE_MASTER_KEY") or "").strip()
    if not key:
        if production:
            raise RuntimeError(
                "BADGE_MASTER_KEY must be set in production (APP_ENV=production): a random value of at "
                f"least {BADGE_MASTER_KEY_MIN_LENGTH} characters, kept apart from SECRET_KEY and never "
                "derived from it, e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`. "
                "Keep it with your backups: badges can be printed again only with the same key."
            )
        return _instance_secret(instance_path, "badge_master_key")
    if len(key) < BADGE_MASTER_KEY_MIN_LENGTH:
        raise RuntimeError(
            f"BADGE_MASTER_KEY is too short: use a random value of at least {BADGE_MASTER_KEY_MIN_LENGTH} "
            "characters, e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    if key == secret_key:
        raise RuntimeError(
            "BADGE_MASTER_KEY must not be the same as SECRET_KEY: give each its own random value."
        )
    return key


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "presscentre.db")
    return normalise_database_url(url)


def load_config(instance_path: str) -> dict:
    """Build the configuration dict from environment variables."""
    env = os.environ
    production = env.get("FLASK_ENV_MODE", env.get("APP_ENV", "development")) == "production"
    secret = env.get("SECRET_KEY")
    if not secret:
        if production:
            raise RuntimeError("SECRET_KEY must be set in production (APP_ENV=production).")
        secret = _instance_secret(instance_path)
    database_url = _database_url(instance_path)
    badge_master_key = _badge_master_key(env, instance_path, production=production, secret_key=secret)
    redis_url = env.get("REDIS_URL") or None
    config = {
        "SECRET_KEY": secret,
        "BADGE_MASTER_KEY": badge_master_key,
        "PRODUCTION": production,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Keeps the counters of several installations (or test runs) apart in one Redis.
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX", ""),
        # Only the benchmark turns rate limits off (it signs in once, then loads the scan API).
        "RATELIMIT_ENABLED": env.get("RATELIMIT_ENABLED", "1") != "0",
        "MAIL_HOST": env.get("MAIL_HOST", "127.0.0.1"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_FROM": env.get("MAIL_FROM", "Trung tâm báo chí <press@localhost>"),
        "UPLOAD_DIR": env.get("UPLOAD_DIR") or str(Path(instance_path) / "uploads"),
        # EVENT_* only name the first event (flask init-db's migration, seed-demo); events live in the database.
        "EVENT_NAME": env.get("EVENT_NAME", "Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI, nhiệm kỳ 2025–2030"),
        "EVENT_CODE": env.get("EVENT_CODE", "DH16"),
        "BADGE_SIZE": env.get("BADGE_SIZE", "a6"),  # "a6" or "card" (CR80)
        "EVENT_FIRST_DAY": env.get("EVENT_FIRST_DAY") or None,  # ISO date; badges valid from
        "EVENT_LAST_DAY": env.get("EVENT_LAST_DAY") or None,  # ISO date; badges valid until
        "EVENT_TIMEZONE": env.get("EVENT_TIMEZONE", "Asia/Ho_Chi_Minh"),
        "BABEL_DEFAULT_LOCALE": env.get("PREFERRED_LANGUAGE", "vi"),
        "BABEL_DEFAULT_TIMEZONE": env.get("EVENT_TIMEZONE", "Asia/Ho_Chi_Minh"),
        "LANGUAGES": ("vi", "en"),
        "SERVER_BASE_URL": env.get("SERVER_BASE_URL", "http://127.0.0.1:8000"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1" or production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # "Keep me signed in" lasts two weeks at most (a congress season), over HTTPS only in production.
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "REMEMBER_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1" or production,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        # Whole-request cap; each upload kind has its own, smaller limit.
        "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
        "PASSWORD_RESET_MAX_AGE": 3600,
        "EMAIL_VERIFY_MAX_AGE": 3 * 24 * 3600,
        "BEHIND_PROXY": env.get("BEHIND_PROXY", "0") == "1",
        # The scanner page's deadline for each API call before it decides on the device.
        "SCANNER_API_TIMEOUT_MS": int(env.get("SCANNER_API_TIMEOUT_MS", "1000")),
    }
    return config


def engine_options(database_url: str) -> dict:
    """Engine options per database: a busy timeout for SQLite; for PostgreSQL a pool of 10 (and
    10 more under a burst) and a 30-minute recycle. No pre-ping (a round trip on every
    request): a connection the server closed while it sat in the pool is found at checkout
    without one (app/core/dbsetup.py), so the first request after a restart or after its
    connections were killed still answers (tests/reliability/test_instances.py)."""
    if database_url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_size": 10, "max_overflow": 10, "pool_recycle": 1800}
