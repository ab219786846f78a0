"""The QR payload of a badge.

Format, version 1 (raise ``QR_VERSION`` when it changes)::

    PC1:<EVENT_CODE>:<token>

``token`` is 22 URL-safe characters from ``secrets.token_urlsafe(16)`` (128 random bits).
Only ``sha256(token)`` is stored (``Badge.token_hash``), so the database alone cannot
print a badge, and a payload cannot be forged without guessing 128 random bits. The
event code lets a gate tell a badge of another congress from a forgery.
"""

from __future__ import annotations

import hashlib
import re
import secrets

QR_VERSION = 1
PREFIX = f"PC{QR_VERSION}"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
MAX_PAYLOAD = 80


def new_token() -> str:
    """A fresh random token (128 bits)."""
    return secrets.token_urlsafe(16)


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def make_payload(event_code: str, token: str) -> str:
    """What the QR code holds."""
    return f"{PREFIX}:{event_code}:{token}"


def parse_payload(payload: str) -> tuple[str, str] | None:
    """(event_code, token) from a scanned payload, or None when it is not one of ours."""
    if not isinstance(payload, str) or len(payload) > MAX_PAYLOAD:
        return None
    parts = payload.strip().split(":")
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not _TOKEN.match(parts[2]):
        return None
    return parts[1], parts[2]
