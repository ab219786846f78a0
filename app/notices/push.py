"""Web Push: the installation's VAPID keys and the worker job that sends pending push deliveries.

Standard Web Push: the payload is encrypted for the browser's subscription keys (RFC 8291,
``aes128gcm``) and the request carries a VAPID JWT signed with the installation's key
(RFC 8292); pywebpush does both. The private key lives in a file in ``instance/``
(``NOTICES_VAPID_KEY_FILE``, mode 0600), made by ``flask notices vapid-keys`` or on first
use — never in the database. Payload format (version 1)::

    {"v": 1, "title": "...", "body": "...", "url": "/DH16/notices/mine", "id": <notice id>}
"""

from __future__ import annotations

import base64
import json
import logging
import os
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from sqlalchemy import select

from app.core.outbox import register_periodic
from app.core.timeutil import utcnow
from app.events.models import Event
from app.extensions import db
from app.notices.models import Notice, NoticeDelivery, PushSubscription

log = logging.getLogger(__name__)

PAYLOAD_VERSION = 1
MAX_ATTEMPTS = 6
TTL_SECONDS = 6 * 3600  # a notice older than six hours is no longer news


def key_file() -> Path:
    return Path(
        current_app.config.get("NOTICES_VAPID_KEY_FILE")
        or Path(current_app.instance_path) / "vapid_private.pem"
    )


def ensure_keys(*, replace: bool = False) -> Path:
    """The VAPID private key file, made (P-256, PEM, mode 0600) when missing or when replacing."""
    path = key_file()
    if path.exists() and not replace:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    os.replace(tmp, path)
    return path


def _private_key() -> ec.EllipticCurvePrivateKey:
    return serialization.load_pem_private_key(ensure_keys().read_bytes(), password=None)


def public_key() -> str:
    """The VAPID public key (uncompressed point, base64url): the browser's applicationServerKey."""
    raw = (
        _private_key()
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def payload(notice: Notice, event: Event, language: str) -> bytes:
    """What the phone shows: the event's name, the notice in the person's language."""
    body = notice.body_en if language == "en" and notice.body_en else notice.body
    return json.dumps(
        {
            "v": PAYLOAD_VERSION,
            "id": notice.id,
            "title": event.name,
            "body": body,
            "url": f"/{event.code}/notices/mine",
        },
        ensure_ascii=False,
    ).encode("utf-8")


def send_one(subscription: PushSubscription, data: bytes):
    """Encrypt and POST one message to a subscription's endpoint; returns the HTTP response."""
    from py_vapid import Vapid02
    from pywebpush import webpush

    vapid = Vapid02(private_key=_private_key())
    subject = current_app.config.get("NOTICES_VAPID_SUBJECT") or f"mailto:{current_app.config['MAIL_FROM']}"
    return webpush(
        {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        },
        data=data,
        vapid_private_key=vapid,
        vapid_claims={"sub": subject},
        ttl=TTL_SECONDS,
        timeout=5,
        content_encoding="aes128gcm",
    )


@register_periodic
def deliver_push(limit: int = 200) -> int:
    """Send due push deliveries (run by the outbox worker); returns how many were delivered.

    Each row is taken under a row lock (PostgreSQL skips rows another worker holds; SQLite's
    write transaction serialises) and committed as soon as it is sent, so a second pass or a
    second worker finds it delivered and never sends it again.
    """
    from pywebpush import WebPushException

    from app.accounts.models import User
    from app.core.dbsetup import mark_write

    mark_write()
    now = utcnow()
    delivered = 0
    for _ in range(limit):
        # One row at a time, locked until its commit: a second worker skips it meanwhile
        # and, once it is committed, no longer finds it pending.
        delivery = db.session.scalar(
            select(NoticeDelivery)
            .where(
                NoticeDelivery.channel == "push",
                NoticeDelivery.status == "pending",
                NoticeDelivery.next_attempt_at <= now,
            )
            .order_by(NoticeDelivery.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .execution_options(across_events=True)
        )
        if delivery is None:
            break
        subscriptions = db.session.scalars(
            select(PushSubscription)
            .where(
                PushSubscription.event_id == delivery.event_id, PushSubscription.user_id == delivery.user_id
            )
            .execution_options(across_events=True)
        ).all()
        if not subscriptions:
            delivery.status = "none"
            db.session.commit()
            continue
        notice = db.session.get(Notice, delivery.notice_id)
        event = db.session.get(Event, delivery.event_id)
        language = db.session.scalar(select(User.language).where(User.id == delivery.user_id)) or "vi"
        data = payload(notice, event, language)
        ok, errors = 0, []
        for subscription in subscriptions:
            try:
                send_one(subscription, data)
                ok += 1
            except WebPushException as exc:
                status = getattr(exc.response, "status_code", None)
                if status in (404, 410):  # the browser unsubscribed: forget it
                    db.session.delete(subscription)
                errors.append(f"{status}: {exc}"[:500])
            except OSError as exc:
                errors.append(f"{type(exc).__name__}: {exc}"[:500])
        delivery.attempts += 1
        if ok:
            delivery.status, delivery.sent_at, delivery.last_error = "sent", utcnow(), None
            delivered += 1
        else:
            delivery.last_error = "; ".join(errors)[:2000] or None
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = "failed"
            else:
                delivery.next_attempt_at = now + timedelta(seconds=30 * 2**delivery.attempts)
        db.session.commit()
    return delivered
