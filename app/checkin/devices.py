"""Paired scanner devices: created by an administrator, paired once with a code, revocable.

A device is a phone or tablet that scans at its gates without anyone's personal
sign-in (as pretixSCAN does). The administrator creates it for one gate or several;
the page shows a pairing link (as a QR code) and a one-time code. The phone exchanges
the code, once and within :data:`PAIRING_MINUTES`, for a random device token that it
keeps; the token ends at the end of the congress (the event's last day) or after the
number of days the administrator chose, and can be revoked at any time. The server
keeps only SHA-256 hashes of the code and of the token.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import qrcode
import qrcode.image.svg
from flask_babel import gettext as _
from sqlalchemy import select, update

from app.checkin.models import Device, Gate, device_gates
from app.core import audit
from app.core.timeutil import event_tz, utcnow
from app.events.services import current_event, scoped
from app.extensions import db

PAIRING_MINUTES = 30
# The pairing code is typed on a phone: no 0/O, 1/I/L; 10 characters of 32 = 50 bits,
# single-use, valid 30 minutes and rate-limited, so guessing is hopeless.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
TOKEN_PREFIX = "pcd_"  # noqa: S105  (a label, not a secret: tells a device token apart in logs)
# A device's last-seen time is written at most once a minute, not on every scan.
LAST_SEEN_EVERY = timedelta(minutes=1)
MAX_DAYS = 60


class DeviceRefused(Exception):
    """A device token or pairing code the server refuses; ``code`` is machine-readable."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        """What the device's screen says, in the request's language."""
        return refusal_message(self.code)


def refusal_message(code: str) -> str:
    """The message for a refusal code, in the current language."""
    return {
        "device_unknown": _(
            "This device is not paired: its device token is unknown. "
            "Ask the administrator for a new pairing code."
        ),
        "device_revoked": _(
            "This device was revoked by the administrator. Its gate data and photos have been "
            "deleted from the device; ask for a new pairing code to scan again."
        ),
        "device_expired": _(
            "This device's pairing has expired. Its gate data and photos have been deleted from "
            "the device; ask the administrator for a new pairing code."
        ),
        "pairing_code_invalid": _("This pairing code is not valid. Check it, or ask for a new one."),
        "pairing_code_used": _(
            "This pairing code has already been used. Each code pairs one device once: "
            "ask the administrator for a new one."
        ),
        "pairing_code_expired": _(
            "This pairing code has expired (codes are valid for %(n)s minutes). "
            "Ask the administrator for a new one.",
            n=PAIRING_MINUTES,
        ),
    }[code]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalise_code(code: str) -> str:
    """The code as stored: capitals, without spaces or dashes (people type it either way)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """``ABCDEFGHJK`` → ``ABCD-EFGH-JK``, easier to read out and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def token_expiry(days: int | None, now: datetime | None = None) -> datetime:
    """When a new device's token ends: the end of the congress's last day, else in ``days`` days."""
    now = now or utcnow()
    last_day = current_event().last_day
    if last_day:
        local_end = datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=event_tz())
        end = local_end.astimezone(UTC).replace(tzinfo=None)
        if end > now:
            return end
    return now + timedelta(days=min(max(days or 1, 1), MAX_DAYS))


def create_device(name: str, gate_ids: list[int], *, days: int | None, actor) -> tuple[Device, str]:
    """A new device for these gates, and its one-time pairing code (shown once, stored hashed)."""
    gates = list(db.session.scalars(scoped(Gate).where(Gate.id.in_(gate_ids))))
    if not gates or len(gates) != len(set(gate_ids)):
        raise ValueError("unknown gate")
    now = utcnow()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    device = Device(
        name=name,
        created_at=now,
        created_by_id=actor.id if actor else None,
        pairing_code_hash=_sha256(code),
        pairing_expires_at=now + timedelta(minutes=PAIRING_MINUTES),
        expires_at=token_expiry(days, now),
        gates=gates,
    )
    db.session.add(device)
    db.session.flush()
    audit.record(
        "checkin.device_create",
        device,
        actor=actor,
        details={
            "name": name,
            "gate_ids": sorted(g.id for g in gates),
            "expires_at": device.expires_at.isoformat(),
        },
    )
    return device, code


def pair_device(code: str) -> tuple[Device, str]:
    """Exchange a pairing code, once, for a device token; raises :class:`DeviceRefused`."""
    code_hash = _sha256(normalise_code(code))
    device = db.session.scalar(select(Device).where(Device.pairing_code_hash == code_hash))
    now = utcnow()
    if device is None or device.revoked_at is not None:
        raise DeviceRefused("pairing_code_invalid")
    if device.paired_at is not None:
        raise DeviceRefused("pairing_code_used")
    if device.pairing_expires_at is None or device.pairing_expires_at <= now or device.expires_at <= now:
        raise DeviceRefused("pairing_code_expired")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)  # 256 random bits
    # One conditional UPDATE: of two phones presenting the same code at once, one wins.
    won = db.session.execute(
        update(Device)
        .where(Device.id == device.id, Device.paired_at.is_(None), Device.revoked_at.is_(None))
        .values(paired_at=now, token_hash=_sha256(token), last_seen_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        raise DeviceRefused("pairing_code_used")
    db.session.refresh(device)
    audit.record("checkin.device_pair", device, actor=None, details={"name": device.name})
    return device, token


@dataclass(frozen=True)
class PairedDevice:
    """What a scanner API request needs to know about the calling device."""

    id: int
    name: str
    gate_ids: frozenset[int]


def authenticate(token: str) -> PairedDevice:
    """The device holding this token; raises :class:`DeviceRefused` (unknown, revoked, expired).

    One statement on the scan path (the device joined with its gates). When the device
    was last seen more than a minute ago, that is written in its own short transaction,
    so a read (the gate pack) stays a read for the rest of the request.
    """
    if not token or len(token) > 200:
        raise DeviceRefused("device_unknown")
    rows = db.session.execute(
        select(
            Device.id,
            Device.name,
            Device.revoked_at,
            Device.expires_at,
            Device.last_seen_at,
            device_gates.c.gate_id,
        )
        .outerjoin(device_gates, device_gates.c.device_id == Device.id)
        .where(Device.token_hash == _sha256(token))
    ).all()
    if not rows:
        raise DeviceRefused("device_unknown")
    device_id, name, revoked_at, expires_at, last_seen_at, _gate = rows[0]
    if revoked_at is not None:
        raise DeviceRefused("device_revoked")
    now = utcnow()
    if expires_at <= now:
        raise DeviceRefused("device_expired")
    if last_seen_at is None or now - last_seen_at >= LAST_SEEN_EVERY:
        db.session.execute(
            update(Device)
            .where(Device.id == device_id)
            .values(last_seen_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return PairedDevice(device_id, name, frozenset(row[5] for row in rows if row[5] is not None))


def revoke_device(device: Device, *, actor, reason: str = "revoked") -> None:
    """End a device's pairing at once: its next request is refused and it wipes its data."""
    if device.revoked_at is not None:
        return
    device.revoked_at = utcnow()
    device.revoked_by_id = actor.id if actor else None
    db.session.flush()
    audit.record(
        "checkin.device_unpair" if reason == "unpaired" else "checkin.device_revoke",
        device,
        actor=actor,
        details={"name": device.name},
    )


def device_state(device: Device, now: datetime | None = None) -> str:
    """``revoked``, ``expired``, ``active`` (paired), ``waiting`` (code not used) or ``code_expired``."""
    now = now or utcnow()
    if device.revoked_at is not None:
        return "revoked"
    if device.expires_at <= now:
        return "expired"
    if device.paired_at is not None:
        return "active"
    if device.pairing_expires_at and device.pairing_expires_at > now:
        return "waiting"
    return "code_expired"


def all_devices() -> list[Device]:
    """Every device, newest first."""
    return list(db.session.scalars(select(Device).order_by(Device.created_at.desc(), Device.id.desc())))


def qr_svg(text: str) -> str:
    """An SVG QR code of ``text`` (the pairing link), drawn on the server."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]
