"""Signed tokens: the one helper behind badge QR tokens and private feed and iCal links.

Every token is signed with a key of its own event and purpose::

    key(purpose, key id) = HMAC-SHA256(master key, "<purpose>:<key id>")
    token                = base64url(HMAC-SHA256(key, message)[:16])     (22 characters, 128 bits)

The master key (``BADGE_MASTER_KEY``: ``instance/badge_master_key`` in development, the
environment in production) never enters the database; each event stores only its key
id (``Event.key_id``). Rotating an event's key id changes every token of that event and of
no other. Only a token's SHA-256 (:func:`digest`) is stored, so the database alone can
neither show nor forge one; the server recomputes a token from the row's nonce to show a
link or print a badge again.

Purposes: ``badge-token`` (app/badges/qr.py), ``briefings-feed`` (iCal), ``release-feed``
(Atom). Paired scanner devices hold random tokens instead (a token is shown once and
only its hash is kept), bound to their event by the device row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from flask import current_app

from app.core import eventinfo

# The key id of an installation's first event: badges printed before events had keys of
# their own were signed under it, and stay valid.
SITE_KEY_ID = "site"


@lru_cache(maxsize=256)
def _key(master_key: str, purpose: str, key_id: str) -> bytes:
    return hmac.new(master_key.encode(), f"{purpose}:{key_id}".encode(), hashlib.sha256).digest()


def key(purpose: str, key_id: str | None = None) -> bytes:
    """The signing key for ``purpose`` under ``key_id`` (the current event's by default)."""
    if key_id is None:
        info = eventinfo.current()
        key_id = info.key_id if info is not None else SITE_KEY_ID
    return _key(current_app.config["BADGE_MASTER_KEY"], purpose, key_id)


def sign_with(signing_key: bytes, message: str) -> str:
    """The token of ``message`` under an explicit key (the badge scan path caches its key)."""
    signature = hmac.new(signing_key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(signature[:16]).decode("ascii").rstrip("=")


def sign(purpose: str, message: str, key_id: str | None = None) -> str:
    """The token of ``message`` for ``purpose``, signed with the event's key."""
    return sign_with(key(purpose, key_id), message)


def digest(token: str) -> str:
    """What is stored of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def matches(token: str, stored_digest: str) -> bool:
    """Whether ``token`` is the one whose digest is stored (constant time)."""
    return hmac.compare_digest(digest(token), stored_digest or "")
