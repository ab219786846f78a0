"""The scan API's bodies, declared once (msgspec): validation, serialisation and the OpenAPI schemas.

Every JSON body the check-in API reads or writes is a :class:`msgspec.Struct` below. The
same declaration

* validates what a client sends (:func:`parse_scan`, :func:`parse_batch`): a body that
  does not fit is an :class:`InputError`, answered 400 with a message in the user's
  language that names the field (msgspec's own English text is never shown);
* writes the answers (:func:`decision_out`, :func:`encode`), with the result, reason,
  direction and category texts cached once per language (:func:`texts_for`);
* is the ``components.schemas`` of the OpenAPI document (:func:`schemas`,
  app/checkin/openapi.py), so the document cannot drift from what the code does.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

import msgspec
from flask_babel import force_locale
from flask_babel import gettext as _
from msgspec import UNSET, Meta, Struct, UnsetType

from app.checkin.services import DIRECTION_TEXTS, REASON_TEXTS, category_label, result_text
from app.core.timeutil import utcnow

# Longer than any QR payload (qr.MAX_PAYLOAD), so over-long codes are still logged as denied.
MAX_PAYLOAD_CHARS = 2000
MAX_BATCH = 200
MAX_GATE_ID = 2**31 - 1
UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
# How far from the server's clock a scan time may be: an offline queue may hold scans of
# the last three days (a gate offline over a weekend), and a phone's clock may run minutes
# fast: up to an hour ahead is accepted and decided as "now" (CLOCK_SKEW in the decision),
# so a guard's phone with a wrong clock still works. Year 9999 or 1970 is a bug or a forgery.
MAX_SCAN_AGE = timedelta(hours=72)
MAX_SCAN_AHEAD = timedelta(hours=1)
LOCAL_RESULTS = ("accepted", "duplicate", "denied", "pending")
REFUSAL_CODES = (
    "device_unknown",
    "device_revoked",
    "device_expired",
    "pairing_code_invalid",
    "pairing_code_used",
    "pairing_code_expired",
    "gate_not_allowed",
    "not_a_device",
)

Payload = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_PAYLOAD_CHARS,
        description="The text read from the QR code, e.g. PC1:DH16:<token>.",
    ),
]
GateId = Annotated[int, Meta(ge=1, le=MAX_GATE_ID)]
ClientUuid = Annotated[
    str,
    Meta(
        pattern=UUID_PATTERN,
        extra_json_schema={"format": "uuid"},
        description="Chosen by the client; a scan re-sent with the same UUID is recorded once.",
    ),
]
ScanTime = Annotated[
    str,
    Meta(
        max_length=40,
        extra_json_schema={"format": "date-time"},
        description=(
            "When the badge was shown (ISO 8601 with a zone). Default: now. At most "
            f"{int(MAX_SCAN_AGE.total_seconds() // 3600)} hours in the past and "
            f"{int(MAX_SCAN_AHEAD.total_seconds() // 60)} minutes ahead of the server's clock."
        ),
    ),
]
DateTime = Annotated[str, Meta(extra_json_schema={"format": "date-time"})]
Direction = Literal["in", "out"]


# ----------------------------------------------------------------------------- requests
class ScanInput(Struct, forbid_unknown_fields=True):
    """One scan, decided now (POST /api/v1/scans)."""

    payload: Payload
    gate_id: GateId
    client_uuid: ClientUuid | None = None
    scanned_at: ScanTime | None = None


class OfflineScanInput(Struct, forbid_unknown_fields=True):
    """A scan made offline, sent later in a batch: its UUID and time are required."""

    payload: Payload
    gate_id: GateId
    client_uuid: ClientUuid
    scanned_at: ScanTime
    local_result: (
        Annotated[
            Literal["accepted", "duplicate", "denied", "pending"],
            Meta(description="What the device decided offline; an 'accepted' the server denies is an alarm."),
        ]
        | None
    ) = None
    local_direction: (
        Annotated[
            Direction,
            Meta(
                description="What the device showed (VÀO/RA); kept at a two-way gate when the server admits."
            ),
        ]
        | None
    ) = None


class BatchInput(Struct, forbid_unknown_fields=True):
    """Scans made offline (POST /api/v1/scans/batch)."""

    scans: Annotated[list[OfflineScanInput], Meta(min_length=1, max_length=MAX_BATCH)]


class PairInput(Struct):
    """A one-time pairing code (POST /api/v1/devices/pair)."""

    code: Annotated[str, Meta(examples=["ABCD-EFGH-JK"])]


# ----------------------------------------------------------------------------- answers
class HolderOutput(Struct):
    name: str
    organisation: str
    category: str
    category_text: str
    serial: str
    application_id: int
    photo_url: Annotated[
        str | None, Meta(description="Scanner-size photo; only for a holder of a valid badge.")
    ]


Reason = Literal[tuple(REASON_TEXTS)]  # every reason the decision can give


class Decision(Struct):
    """A scan as decided and recorded; the ``*_text`` fields are in the user's language."""

    scan_id: int
    client_uuid: str | None
    result: Literal["accepted", "duplicate", "denied"]
    result_text: Annotated[str, Meta(description="The result in the user's language.")]
    reason: Reason | None
    reason_text: Annotated[str, Meta(description="The reason in the user's language.")]
    gate_id: int
    scanned_at: DateTime
    offline: bool
    replayed: Annotated[bool, Meta(description="True when this UUID was recorded before.")]
    direction: Direction | None
    direction_text: Annotated[str | None, Meta(description="VÀO / RA in the user's language.")]
    overturned: Annotated[
        bool, Meta(description="An offline 'accepted' the server denied (an alarm was raised).")
    ]
    holder: HolderOutput | None


class BatchResult(Struct):
    """One decision per scan of the batch, in order, and the counts."""

    results: list[Decision]
    recorded: int
    replayed: int
    overturned: int


class Error(Struct, omit_defaults=True):
    """Every refusal: a title, what to fix in the user's language, the status, and for device
    refusals a machine ``code``."""

    error: str
    message: Annotated[str, Meta(description="What to fix, in the user's language.")]
    status: int
    code: (
        Annotated[
            Literal[REFUSAL_CODES],
            Meta(description="For device and pairing refusals: what went wrong, for programs."),
        ]
        | UnsetType
    ) = UNSET


class Gate(Struct):
    id: int
    name: str
    zone: str
    zone_name: str
    direction: Literal["in", "out", "both"]


class GateList(Struct):
    gates: list[Gate]


class Device(Struct):
    id: int
    name: str
    expires_at: DateTime
    gates: list[Gate]


class DeviceMe(Struct, omit_defaults=True):
    """The calling device (a staff session: ``device`` null and the user's name)."""

    device: Device | None
    user: str | UnsetType = UNSET


class Paired(Struct):
    """The device token (shown once: keep it) and the device."""

    token: str
    device: Device


class Unpaired(Struct):
    unpaired: bool
    message: str


class SessionInfo(Struct):
    """A fresh CSRF token for a staff session (a device: null, and its name)."""

    csrf_token: str | None
    user: str | None
    device: str | None


# Every declared body: the OpenAPI document's components.schemas, in this order.
SCHEMA_TYPES = (
    ScanInput,
    OfflineScanInput,
    BatchInput,
    PairInput,
    Decision,
    HolderOutput,
    BatchResult,
    Error,
    Gate,
    GateList,
    Device,
    DeviceMe,
    Paired,
    Unpaired,
    SessionInfo,
)
REF_TEMPLATE = "#/components/schemas/{name}"


def schemas() -> dict:
    """The JSON Schemas of every body, keyed by name (OpenAPI 3.1 ``components.schemas``)."""
    _refs, components = msgspec.json.schema_components(SCHEMA_TYPES, ref_template=REF_TEMPLATE)
    return components


_encoder = msgspec.json.Encoder()
encode = _encoder.encode  # Struct → JSON bytes


# ----------------------------------------------------------------------------- validation
class InputError(ValueError):
    """A request body the API refuses; ``str(error)`` is the message for the client."""


_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_INDEX = re.compile(r"^\.scans\[(\d+)\]")


def _field_message(field: str, detail: str, batch: bool) -> str:
    """The message for a wrong field, in the user's language (the hand-written ones of old)."""
    if field == "payload":
        if "length >= 1" in detail:
            return _("“payload” is empty.")
        if "length <=" in detail:
            return _("“payload” is longer than %(n)s characters.", n=MAX_PAYLOAD_CHARS)
        return _("“payload” must be the text read from the QR code.")
    if field == "gate_id":
        return _("“gate_id” must be a positive whole number.")
    if field == "client_uuid":
        return _("“client_uuid” must be a UUID such as 3f2b8c1e-5d4a-4b6f-9e21-7c0d8a9b1e42.")
    if field == "scanned_at":
        if batch and "missing required field" in detail:
            return _("“scanned_at” is required for scans made offline.")
        return _("“scanned_at” must be an ISO 8601 time such as 2025-10-14T08:30:00Z.")
    if field == "local_result":
        return _("“local_result” must be accepted, duplicate, denied or pending.")
    if field == "local_direction":
        return _("“local_direction” must be in or out.")
    return _("Send a JSON object with payload, gate_id and client_uuid.")


def _where(index: int | None) -> str:
    return "" if index is None else _("Scan %(n)s: ", n=index + 1)


def input_error(error: msgspec.ValidationError, *, batch: bool) -> InputError:
    """msgspec's error (English, with a ``$.path``) as the API's message in the user's language."""
    text = str(error)
    match = _AT.search(text)
    path = match.group("path") if match else ""
    detail = text[: match.start()] if match else text
    index = None
    if batch:
        item = _INDEX.match(path)
        if item is None:
            if path == ".scans" and "length" in detail:
                return InputError(_("A batch holds 1 to %(n)s scans.", n=MAX_BATCH))
            if "unknown field" in detail:
                unknown = re.search(r"unknown field `(.*)`", detail)
                return InputError(
                    _("Unknown field: %(fields)s.", fields=(unknown.group(1) if unknown else "")[:100])
                )
            return InputError(_("Send a JSON object whose “scans” field is a list of scans."))
        index, path = int(item.group(1)), path[item.end() :]
    where = _where(index)
    unknown = re.search(r"unknown field `(.*)`", detail)
    if unknown:
        return InputError(where + _("Unknown field: %(fields)s.", fields=unknown.group(1)[:100]))
    missing = re.search(r"missing required field `(\w+)`", detail)
    field = missing.group(1) if missing else path.lstrip(".").split(".")[0].split("[")[0]
    return InputError(where + _field_message(field, detail, batch))


def parse_time(value: str, where: str = "") -> datetime:
    """An ISO 8601 time with a zone (``2025-10-14T08:30:00Z``) as naive UTC, near the server's clock."""
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


def _scan_dict(scan: ScanInput | OfflineScanInput, index: int | None = None) -> dict:
    where = _where(index)
    if not scan.payload.strip():
        raise InputError(where + _("“payload” is empty."))
    return {
        "payload": scan.payload,
        "gate_id": scan.gate_id,
        "client_uuid": scan.client_uuid.lower() if scan.client_uuid else None,
        "scanned_at": parse_time(scan.scanned_at, where) if scan.scanned_at is not None else None,
        "local_result": getattr(scan, "local_result", None),
        "local_direction": getattr(scan, "local_direction", None),
    }


def parse_scan(data: object) -> dict:
    """One scan (already-read JSON): ``payload``, ``gate_id``, ``client_uuid``, ``scanned_at``."""
    try:
        scan = msgspec.convert(data, ScanInput)
    except msgspec.ValidationError as error:
        raise input_error(error, batch=False) from None
    return _scan_dict(scan)


def decode_scan_quietly(body: bytes) -> dict | None:
    """One scan straight from the request's bytes (the lean device path), or None when it
    does not fit; no message is written (the long way writes it, in the caller's language)."""
    try:
        scan = msgspec.json.decode(body, type=ScanInput)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    if not scan.payload.strip():
        return None
    moment = None
    if scan.scanned_at is not None:
        try:
            moment = datetime.fromisoformat(scan.scanned_at)
            moment = moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else None
        except (ValueError, OverflowError):
            return None
        now = utcnow()
        if moment is None or not now - MAX_SCAN_AGE <= moment <= now + MAX_SCAN_AHEAD:
            return None
    return {
        "payload": scan.payload,
        "gate_id": scan.gate_id,
        "client_uuid": scan.client_uuid.lower() if scan.client_uuid else None,
        "scanned_at": moment,
    }


def parse_batch(data: object) -> list[dict]:
    """``{"scans": [...]}`` with 1 to :data:`MAX_BATCH` offline scans."""
    try:
        batch = msgspec.convert(data, BatchInput)
    except msgspec.ValidationError as error:
        raise input_error(error, batch=True) from None
    return [_scan_dict(scan, index) for index, scan in enumerate(batch.scans)]


# ----------------------------------------------------------------------------- answers
_TEXTS: dict[str, dict] = {}


def texts_for(language: str) -> dict:
    """The answer's texts in one language, built once per process (they are constants)."""
    texts = _TEXTS.get(language)
    if texts is None:
        from flask import g

        g.setdefault("_contract_texts", True)  # flask-babel ignores an empty ``g``
        with force_locale(language):
            texts = {
                "result": {key: result_text(key) for key in ("accepted", "duplicate", "denied")},
                "reason": {key: str(text) for key, text in REASON_TEXTS.items()},
                "direction": {key: str(text) for key, text in DIRECTION_TEXTS.items()},
                "category": {},
                "language": language,
            }
        _TEXTS[language] = texts
    return texts


def _category_text(texts: dict, code: str) -> str:
    known = texts["category"].get(code)
    if known is None:
        with force_locale(texts["language"]):
            known = texts["category"][code] = category_label(code)
    return known


def decision_out(decision, texts: dict, photo_url) -> Decision:
    """A :class:`~app.checkin.services.ScanDecision` as the API answers it.

    ``photo_url(application_id)`` gives the holder's photo address.
    """
    holder = decision.holder
    return Decision(
        scan_id=decision.scan_id,
        client_uuid=decision.client_uuid,
        result=decision.result,
        result_text=texts["result"][decision.result],
        reason=decision.reason,
        reason_text=texts["reason"][decision.reason] if decision.reason else texts["result"]["accepted"],
        gate_id=decision.gate_id,
        scanned_at=decision.scanned_at.isoformat(timespec="seconds") + "Z",
        offline=decision.offline,
        replayed=decision.replayed,
        direction=decision.direction,
        direction_text=texts["direction"][decision.direction] if decision.direction else None,
        overturned=decision.overturned,
        holder=None
        if holder is None
        else HolderOutput(
            name=holder.name,
            organisation=holder.organisation,
            category=holder.category,
            category_text=_category_text(texts, holder.category),
            serial=holder.serial,
            application_id=holder.application_id,
            photo_url=photo_url(holder.application_id) if holder.has_photo else None,
        ),
    )


def gate_out(gate) -> Gate:
    """A :class:`~app.checkin.models.Gate` as the API lists it."""
    return Gate(
        id=gate.id, name=gate.name, zone=gate.zone.code, zone_name=gate.zone.name, direction=gate.direction
    )


def device_out(device) -> Device:
    """A :class:`~app.checkin.models.Device` with its active gates."""
    return Device(
        id=device.id,
        name=device.name,
        expires_at=device.expires_at.isoformat() + "Z",
        gates=[gate_out(g) for g in device.gates if g.active],
    )
