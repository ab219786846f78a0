"""Checks on the JSON the scan API receives: types, lengths, UUIDs, ISO times.

Anything malformed is refused with :class:`InputError` (HTTP 400 with a message in
the user's language) before a rule runs, so a bad client can never cause a 500. A
payload that is well-formed JSON but not one of our QR codes is *not* an input error:
it is a scan, denied and logged like any other.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _

from app.core.timeutil import utcnow

# Longer than any QR payload (qr.MAX_PAYLOAD), so over-long codes are still logged as denied.
MAX_PAYLOAD_CHARS = 2000
MAX_BATCH = 200
MAX_GATE_ID = 2**31 - 1
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
SCAN_FIELDS = frozenset({"payload", "gate_id", "client_uuid", "scanned_at"})
# How far from the server's clock a scan time may be: an offline queue may hold scans of
# the last three days (a gate offline over a weekend), and a phone's clock may run minutes
# fast: up to an hour ahead is accepted and decided as "now" (CLOCK_SKEW in the decision),
# so a guard's phone with a wrong clock still works. Year 9999 or 1970 is a bug or a forgery.
MAX_SCAN_AGE = timedelta(hours=72)
MAX_SCAN_AHEAD = timedelta(hours=1)
# A scan made offline also says what the device decided and showed (batch only).
BATCH_FIELDS = SCAN_FIELDS | {"local_result", "local_direction"}
LOCAL_RESULTS = ("accepted", "duplicate", "denied", "pending")


class InputError(ValueError):
    """A request body the API refuses; ``str(error)`` is the message for the client."""


def _where(index: int | None) -> str:
    return "" if index is None else _("Scan %(n)s: ", n=index + 1)


def _payload(data: dict, where: str) -> str:
    value = data.get("payload")
    if not isinstance(value, str):
        raise InputError(where + _("“payload” must be the text read from the QR code."))
    if not value.strip():
        raise InputError(where + _("“payload” is empty."))
    if len(value) > MAX_PAYLOAD_CHARS:
        raise InputError(where + _("“payload” is longer than %(n)s characters.", n=MAX_PAYLOAD_CHARS))
    return value


def _gate_id(data: dict, where: str) -> int:
    value = data.get("gate_id")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_GATE_ID:
        raise InputError(where + _("“gate_id” must be a positive whole number."))
    return value


def _client_uuid(data: dict, where: str, *, required: bool) -> str | None:
    value = data.get("client_uuid")
    if value is None and not required:
        return None
    if not isinstance(value, str) or not _UUID.match(value):
        raise InputError(
            where + _("“client_uuid” must be a UUID such as 3f2b8c1e-5d4a-4b6f-9e21-7c0d8a9b1e42.")
        )
    return value.lower()


def parse_time(value: object, where: str = "") -> datetime:
    """An ISO 8601 time with a zone (``2025-10-14T08:30:00Z``) as naive UTC."""
    if not isinstance(value, str) or len(value) > 40:
        raise InputError(where + _("“scanned_at” must be an ISO 8601 time such as 2025-10-14T08:30:00Z."))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            where + _("“scanned_at” must be an ISO 8601 time such as 2025-10-14T08:30:00Z.")
        ) from None
    if moment.tzinfo is None:
        raise InputError(where + _("“scanned_at” needs a time zone, e.g. Z or +07:00."))
    try:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+07:00
        moment = datetime.min
    now = utcnow()
    if not now - MAX_SCAN_AGE <= moment <= now + MAX_SCAN_AHEAD:
        raise InputError(
            where
            + _(
                "“scanned_at” must be within the last %(hours)s hours and at most %(minutes)s minutes "
                "ahead of the server's clock; check the device's date and time.",
                hours=int(MAX_SCAN_AGE.total_seconds() // 3600),
                minutes=int(MAX_SCAN_AHEAD.total_seconds() // 60),
            )
        )
    return moment


def parse_scan(data: object, *, index: int | None = None, batch: bool = False) -> dict:
    """One scan object: ``payload``, ``gate_id``, ``client_uuid``, optional ``scanned_at``."""
    where = _where(index)
    if not isinstance(data, dict):
        raise InputError(where + _("Send a JSON object with payload, gate_id and client_uuid."))
    unknown = sorted(str(key) for key in data if key not in (BATCH_FIELDS if batch else SCAN_FIELDS))
    if unknown:
        raise InputError(where + _("Unknown field: %(fields)s.", fields=", ".join(unknown)[:100]))
    scanned_at = data.get("scanned_at")
    if batch and scanned_at is None:
        raise InputError(where + _("“scanned_at” is required for scans made offline."))
    local_result, local_direction = data.get("local_result"), data.get("local_direction")
    if local_result is not None and local_result not in LOCAL_RESULTS:
        raise InputError(where + _("“local_result” must be accepted, duplicate, denied or pending."))
    if local_direction is not None and local_direction not in ("in", "out"):
        raise InputError(where + _("“local_direction” must be in or out."))
    return {
        "payload": _payload(data, where),
        "gate_id": _gate_id(data, where),
        "client_uuid": _client_uuid(data, where, required=batch),
        "scanned_at": parse_time(scanned_at, where) if scanned_at is not None else None,
        "local_result": local_result,
        "local_direction": local_direction,
    }


def parse_batch(data: object) -> list[dict]:
    """``{"scans": [...]}`` with 1 to :data:`MAX_BATCH` scan objects."""
    if not isinstance(data, dict) or not isinstance(data.get("scans"), list):
        raise InputError(_("Send a JSON object whose “scans” field is a list of scans."))
    if set(data) - {"scans"}:
        raise InputError(
            _("Unknown field: %(fields)s.", fields=", ".join(sorted(set(data) - {"scans"}))[:100])
        )
    scans = data["scans"]
    if not 1 <= len(scans) <= MAX_BATCH:
        raise InputError(_("A batch holds 1 to %(n)s scans.", n=MAX_BATCH))
    return [parse_scan(item, index=i, batch=True) for i, item in enumerate(scans)]
