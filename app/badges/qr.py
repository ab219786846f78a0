"""The QR payload of a badge.

Format, version 1 (raise ``QR_VERSION`` when it changes)::

    PC1:<EVENT_CODE>:<token>

``token`` is 22 URL-safe characters (128 bits): the first 16 bytes of
``HMAC-SHA256(badge_key, "<serial>:<version>:<nonce>")`` where ``nonce`` is 16 random
bytes kept on the badge row and ``badge_key = HMAC-SHA256(BADGE_MASTER_KEY,
"badge-token:<key id>")``. Only the nonce and ``sha256(token)`` are stored
(``Badge.token_nonce``, ``Badge.token_hash``): the server can print the badge again
(batch sheets, downloads) but the database alone cannot, and nobody can forge a payload
without the key. The event code lets a gate tell a badge of another congress from a
forgery.

``BADGE_MASTER_KEY`` is a secret of its own (app/config.py), never derived from
``SECRET_KEY``. Today the whole installation signs under one key id, :data:`SITE_KEY_ID`;
the per-event design gives each event its own key id (stored on the event; nothing secret
in the database) and derives that event's badge key from the same master key, the first
event keeping :data:`SITE_KEY_ID` so its badges stay printable. If the master key changes,
a stored hash no longer matches the re-derived token: printing refuses such a badge
(``badges.services.payload_of``) and the desk issues a new version; scanning is unaffected,
because the gate compares hashes only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from functools import lru_cache

QR_VERSION = 1
PREFIX = f"PC{QR_VERSION}"
# The key id this installation's badges are signed under (see the module docstring).
SITE_KEY_ID = "site"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
MAX_PAYLOAD = 80


def new_nonce() -> str:
    """A fresh random nonce for a new badge version."""
    return secrets.token_hex(16)


@lru_cache(maxsize=16)
def badge_key(master_key: str, key_id: str = SITE_KEY_ID) -> bytes:
    """The key that signs badge tokens under ``key_id``, derived from the badge master key."""
    return hmac.new(master_key.encode(), f"badge-token:{key_id}".encode(), hashlib.sha256).digest()


def derive_token(key: bytes, serial: str, version: int, nonce: str) -> str:
    """The badge's token, recomputable by the server only (``key`` from :func:`badge_key`)."""
    digest = hmac.new(key, f"{serial}:{version}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode("ascii").rstrip("=")


def new_token() -> str:
    """A random token of the same shape (tests and other events' badges)."""
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
