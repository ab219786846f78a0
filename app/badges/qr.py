"""The QR payload of a badge.

Format, version 1 (raise ``QR_VERSION`` when it changes)::

    PC1:<EVENT_CODE>:<token>

``token`` is 22 URL-safe characters (128 bits): the first 16 bytes of
``HMAC-SHA256(badge_key, "<serial>:<version>:<nonce>")`` where ``nonce`` is 16 random
bytes kept on the badge row and ``badge_key = HMAC-SHA256(BADGE_MASTER_KEY,
"badge-token:<the event's key id>")`` (app/core/tokens.py, the one signed-token helper).
Only the nonce and ``sha256(token)`` are stored
(``Badge.token_nonce``, ``Badge.token_hash``): the server can print the badge again
(batch sheets, downloads) but the database alone cannot, and nobody can forge a payload
without the key. The event code lets a gate tell a badge of another congress from a
forgery.

``BADGE_MASTER_KEY`` is a secret of its own (app/config.py), never derived from
``SECRET_KEY``. Each event has its own key id (``Event.key_id``; nothing secret in the
database), the installation's first event keeping ``"site"`` so badges printed before
events had keys of their own stay printable. If the master key or an event's key id changes,
a stored hash no longer matches the re-derived token: printing refuses such a badge
(``badges.services.payload_of``) and the desk issues a new version; scanning is unaffected,
because the gate compares hashes only.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from app.core import tokens

QR_VERSION = 1
PREFIX = f"PC{QR_VERSION}"
PURPOSE = "badge-token"  # the signing purpose (app/core/tokens.py)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
MAX_PAYLOAD = 80


def new_nonce() -> str:
    """A fresh random nonce for a new badge version."""
    return secrets.token_hex(16)


def derive_token(key: bytes, serial: str, version: int, nonce: str) -> str:
    """The badge's token, recomputable by the server only (``key``: ``tokens.key(PURPOSE)``)."""
    return tokens.sign_with(key, f"{serial}:{version}:{nonce}")


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
