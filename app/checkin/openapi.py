"""The OpenAPI 3.1 description of the scan API, served at ``/api/v1/openapi.json``.

The bodies are not written here: ``components.schemas`` is generated from the msgspec
declarations in :mod:`app.checkin.contract` (the same ones that validate requests and write
answers), and each operation below only names its bodies and the statuses it really answers
(tests/checkin/test_contract.py sends the requests and compares).
"""

from __future__ import annotations

from app.checkin.contract import REF_TEMPLATE, schemas
from app.checkin.devices import PAIRING_MINUTES
from app.checkin.services import DUPLICATE_WINDOW_SECONDS
from app.events.services import current_event

# Every scanner route (app.checkin.auth.scanner_api): a paired device's token, or a staff
# session with the CSRF header on writes.
_SCANNER = [{"device": []}, {"session": [], "csrf": []}]
_SCANNER_READ = [{"device": []}, {"session": []}]
# What each refusal status means, for every operation that answers it.
ERROR_MEANINGS = {
    "400": "Invalid input, or (a session) the X-CSRFToken header missing or wrong",
    "401": (
        "No credentials, or a forged, expired or revoked device token (`code` says which; the "
        'answer carries Clear-Site-Data: "storage" for devices)'
    ),
    "403": "Not allowed: no scan permission, or a gate the device is not paired to (code gate_not_allowed)",
    "404": "No such gate (or photo), or no such congress",
    "409": "The congress is archived: read-only",
    "429": "Too many attempts",
}


def _ref(name: str) -> dict:
    return {"$ref": REF_TEMPLATE.format(name=name)}


def _json(name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


def _op(summary: str, security, answers: dict, errors: str, *, body: str | None = None, **extra) -> dict:
    """One operation: its answers ({status: response}) and its refusal statuses ("400 401 ...")."""
    operation = {"summary": summary, "security": security, **extra}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    responses = dict(answers)
    for status in errors.split():
        responses[status] = _json("Error", ERROR_MEANINGS[status])
    operation["responses"] = responses
    return operation


def _int_param(name: str, where: str = "path") -> dict:
    schema = {"type": "integer", "minimum": 0} if where == "query" else {"type": "integer"}
    return {"name": name, "in": where, "required": where == "path", "schema": schema}


def paths() -> dict:
    """Every operation of the API, with the statuses it answers."""
    return {
        "/api/v1/scans": {
            "post": _op(
                "Decide and record one scan",
                _SCANNER,
                {
                    "201": _json("Decision", "Recorded"),
                    "200": _json("Decision", "This client_uuid was recorded before: the stored decision"),
                },
                "400 401 403 404 409",
                body="ScanInput",
            )
        },
        "/api/v1/scans/batch": {
            "post": _op(
                "Record scans made offline (idempotent on client_uuid)",
                _SCANNER,
                {"200": _json("BatchResult", "One decision per scan, in order")},
                "400 401 403 404 409",
                body="BatchInput",
                description="Each scan is decided again by the server and recorded with offline=true.",
            )
        },
        "/api/v1/gates": {
            "get": _op(
                "The active gates (a device: only its own)",
                _SCANNER_READ,
                {"200": _json("GateList", "The gates")},
                "401 403",
            )
        },
        "/api/v1/gates/{gate_id}/pack": {
            "get": _op(
                "The gate pack for offline decisions",
                _SCANNER_READ,
                {
                    "200": {"description": "The pack", "headers": {"ETag": {"schema": {"type": "string"}}}},
                    "304": {"description": "Unchanged since the ETag sent"},
                },
                "400 401 403 404",
                description=(
                    "Compact JSON (see app/checkin/pack.py for the format): token hashes, names, "
                    "organisations, categories, zones, validity, superseded/revoked/not-approved "
                    "flags, application ids, photo tags, serials, the gate (closed, direction). "
                    "Gzipped when the client accepts it. Send If-None-Match with the last ETag to "
                    "get 304 when nothing changed, or since=<ver> for a delta of what changed."
                ),
                parameters=[
                    _int_param("gate_id"),
                    _int_param("since", "query"),
                    {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}},
                ],
            )
        },
        "/api/v1/gates/{gate_id}/photos": {
            "get": _op(
                "Scanner-size photos of valid badges' holders, many per answer",
                _SCANNER_READ,
                {
                    "200": {
                        "description": "The photos",
                        "headers": {"X-Next-After": {"schema": {"type": "integer"}}},
                    }
                },
                "400 401 403 404",
                description=(
                    "Binary (application/x-presscentre-photos, see app/checkin/photos.py): "
                    "'PCPH', count, then per photo application id, tag and JPEG. Give ids "
                    "(at most 500) or page with after=<application id> (X-Next-After)."
                ),
                parameters=[
                    _int_param("gate_id"),
                    {"name": "ids", "in": "query", "schema": {"type": "string"}},
                    _int_param("after", "query"),
                ],
            )
        },
        "/api/v1/photos/{application_id}": {
            "get": _op(
                "One holder's photo at the scanner's size (valid badges only)",
                _SCANNER_READ,
                {"200": {"description": "JPEG, 120 × 160", "content": {"image/jpeg": {}}}},
                "401 403 404",
                parameters=[_int_param("application_id")],
            )
        },
        "/api/v1/session": {
            "get": _op(
                "A fresh CSRF token for the X-CSRFToken header (a device gets null)",
                _SCANNER_READ,
                {"200": _json("SessionInfo", "The token")},
                "401 403",
            )
        },
        "/api/v1/devices/pair": {
            "post": _op(
                "Exchange a one-time pairing code for a device token",
                [],
                {"201": _json("Paired", "token (shown once) and device")},
                "400 401 409 429",
                body="PairInput",
                description=(
                    "The code an administrator shows when creating a device (valid "
                    f"{PAIRING_MINUTES} minutes, usable once) is the credential: no cookie, no CSRF. "
                    "A missing, wrong, used or expired code answers 401 with code pairing_code_*; "
                    "a body that is not JSON answers 400. "
                    "Keep the token; send it as Authorization: Bearer on every other call."
                ),
            )
        },
        "/api/v1/devices/me": {
            "get": _op(
                "The calling device: name, expiry, its active gates (a session: device null)",
                _SCANNER_READ,
                {"200": _json("DeviceMe", "The device")},
                "401 403",
            )
        },
        "/api/v1/devices/unpair": {
            "post": _op(
                "The device gives up its pairing (its token is revoked)",
                [{"device": []}],
                {"200": _json("Unpaired", "unpaired")},
                "400 401 403 409",
                description='Answers with Clear-Site-Data: "storage" so the browser drops the pack and photos.',
            )
        },
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This document (public: it holds no data)",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3.1"}},
            }
        },
    }


def spec() -> dict:
    """The OpenAPI document (built per request so the event's name and code are current)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Press centre scan API",
            "version": "1",
            "description": (
                "Badge scanning at the gates of the press centre of "
                f"{current_event().name}; every path is relative to the server URL, the congress's "
                "own address. Two ways in: a paired scanner device sends "
                "`Authorization: Bearer <device token>` (no cookie, no CSRF token; only its own gates, "
                "403 for another), obtained once from POST /api/v1/devices/pair with the one-time code "
                "an administrator shows; or a staff account that may scan signs in (session cookie), "
                "reads the CSRF token from GET /api/v1/session and sends it in the X-CSRFToken header of "
                "every POST. Without either, every operation answers 401; a forged, expired or revoked "
                "device token answers 401 with a machine `code` and a message in the Accept-Language. "
                "Rules, in order: unknown or other-event payload, "
                "superseded (reprinted), revoked, application not approved, outside valid days, zone "
                f"not on badge → denied; the same badge accepted at the same gate within "
                f"{DUPLICATE_WINDOW_SECONDS} s → duplicate; otherwise accepted. A closed gate denies every "
                "scan. Every scan is logged; every answer carries X-Pack-Version (the data version "
                "in ms; ask the pack with since= for a delta when it is newer than yours)."
            ),
        },
        # The API of one congress lives under its code: /<event_code>/api/v1/...
        "servers": [{"url": f"/{current_event().code}"}],
        "components": {
            "securitySchemes": {
                "device": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The device token of a paired scanner device (POST /api/v1/devices/pair).",
                },
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "session",
                    "description": "A signed-in staff session with the scan permission.",
                },
                "csrf": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-CSRFToken",
                    "description": "With a session, on every POST (from GET /api/v1/session). Not for devices.",
                },
            },
            "schemas": schemas(),
        },
        "paths": paths(),
    }
