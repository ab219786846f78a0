"""The OpenAPI 3 description of the scan API, served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from app.checkin.devices import PAIRING_MINUTES
from app.checkin.services import DUPLICATE_WINDOW_SECONDS, REASON_TEXTS
from app.checkin.validation import MAX_BATCH, MAX_PAYLOAD_CHARS, MAX_SCAN_AGE, MAX_SCAN_AHEAD
from app.events.services import current_event

_ERROR = {"$ref": "#/components/responses/Error"}
_UNAUTHORISED = {"$ref": "#/components/responses/Unauthorised"}
# Every scanner route (app.checkin.auth.scanner_api): a paired device's token, or a staff
# session with the CSRF header on writes.
_SCANNER = [{"device": []}, {"session": [], "csrf": []}]
_SCANNER_READ = [{"device": []}, {"session": []}]
_REFUSAL_CODES = [
    "device_unknown",
    "device_revoked",
    "device_expired",
    "pairing_code_invalid",
    "pairing_code_used",
    "pairing_code_expired",
]


def _scan_input(batch: bool) -> dict:
    required = ["payload", "gate_id"] + (["client_uuid", "scanned_at"] if batch else [])
    offline = (
        {
            "local_result": {
                "type": "string",
                "enum": ["accepted", "duplicate", "denied", "pending"],
                "description": "What the device decided offline; an 'accepted' the server denies is an alarm.",
            },
            "local_direction": {
                "type": "string",
                "enum": ["in", "out"],
                "description": "What the device showed (VÀO/RA); kept at a two-way gate when the server admits.",
            },
        }
        if batch
        else {}
    )
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": {
            "payload": {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_PAYLOAD_CHARS,
                "description": "The text read from the QR code, e.g. PC1:DH16:<token>.",
            },
            "gate_id": {"type": "integer", "minimum": 1},
            "client_uuid": {
                "type": "string",
                "format": "uuid",
                "description": "Chosen by the client; a scan re-sent with the same UUID is recorded once.",
            },
            "scanned_at": {
                "type": "string",
                "format": "date-time",
                "description": (
                    "When the badge was shown (ISO 8601 with a zone). Default: now. At most "
                    f"{int(MAX_SCAN_AGE.total_seconds() // 3600)} hours in the past and "
                    f"{int(MAX_SCAN_AHEAD.total_seconds() // 60)} minutes ahead of the server's clock."
                ),
            },
            **offline,
        },
    }


def spec() -> dict:
    """The OpenAPI document (built per request so the event code is current)."""
    decision = {
        "type": "object",
        "properties": {
            "scan_id": {"type": "integer"},
            "client_uuid": {"type": ["string", "null"]},
            "result": {"type": "string", "enum": ["accepted", "duplicate", "denied"]},
            "result_text": {"type": "string", "description": "The result in the user's language."},
            "reason": {"type": ["string", "null"], "enum": [*REASON_TEXTS, None]},
            "reason_text": {"type": "string", "description": "The reason in the user's language."},
            "gate_id": {"type": "integer"},
            "scanned_at": {"type": "string", "format": "date-time"},
            "offline": {"type": "boolean"},
            "replayed": {"type": "boolean", "description": "True when this UUID was recorded before."},
            "direction": {"type": ["string", "null"], "enum": ["in", "out", None]},
            "direction_text": {"type": ["string", "null"], "description": "VÀO / RA in the user's language."},
            "overturned": {
                "type": "boolean",
                "description": "An offline 'accepted' the server denied (an alarm was raised).",
            },
            "holder": {
                "type": ["object", "null"],
                "properties": {
                    "name": {"type": "string"},
                    "organisation": {"type": "string"},
                    "category": {"type": "string"},
                    "category_text": {"type": "string"},
                    "serial": {"type": "string"},
                    "application_id": {"type": "integer"},
                    "photo_url": {
                        "type": ["string", "null"],
                        "description": "Scanner-size photo; only for a holder of a valid badge.",
                    },
                },
            },
        },
    }
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
            "schemas": {
                "ScanInput": _scan_input(batch=False),
                "OfflineScanInput": _scan_input(batch=True),
                "Decision": decision,
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {"type": "string"},
                        "message": {"type": "string", "description": "What to fix, in the user's language."},
                        "status": {"type": "integer"},
                        "code": {
                            "type": "string",
                            "enum": [*_REFUSAL_CODES, "gate_not_allowed", "not_a_device"],
                            "description": "For device and pairing refusals: what went wrong, for programs.",
                        },
                    },
                },
                "Device": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "expires_at": {"type": "string", "format": "date-time"},
                        "gates": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
            "responses": {
                "Error": {
                    "description": (
                        "Invalid input (400), not allowed (403: no scan permission, or a gate the "
                        "device is not paired to) or unknown gate (404)"
                    ),
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "Unauthorised": {
                    "description": (
                        "No credentials, or a forged, expired or revoked device token (`code` says "
                        'which; the answer carries Clear-Site-Data: "storage" for devices)'
                    ),
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        },
        "paths": {
            "/api/v1/scans": {
                "post": {
                    "summary": "Decide and record one scan",
                    "security": _SCANNER,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/ScanInput"}}
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Recorded",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Decision"}}
                            },
                        },
                        "200": {
                            "description": "This client_uuid was recorded before: the stored decision",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Decision"}}
                            },
                        },
                        "400": _ERROR,
                        "401": _UNAUTHORISED,
                        "403": _ERROR,
                        "404": _ERROR,
                    },
                }
            },
            "/api/v1/scans/batch": {
                "post": {
                    "summary": "Record scans made offline (idempotent on client_uuid)",
                    "description": "Each scan is decided again by the server and recorded with offline=true.",
                    "security": _SCANNER,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "required": ["scans"],
                                    "properties": {
                                        "scans": {
                                            "type": "array",
                                            "minItems": 1,
                                            "maxItems": MAX_BATCH,
                                            "items": {"$ref": "#/components/schemas/OfflineScanInput"},
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "One decision per scan, in order",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Decision"},
                                            },
                                            "recorded": {"type": "integer"},
                                            "replayed": {"type": "integer"},
                                            "overturned": {"type": "integer"},
                                        },
                                    }
                                }
                            },
                        },
                        "400": _ERROR,
                        "401": _UNAUTHORISED,
                        "403": _ERROR,
                        "404": _ERROR,
                    },
                }
            },
            "/api/v1/gates": {
                "get": {
                    "summary": "The active gates (a device: only its own)",
                    "security": _SCANNER_READ,
                    "responses": {
                        "200": {"description": "gates: id, name, zone, zone_name, direction"},
                        "401": _UNAUTHORISED,
                        "403": _ERROR,
                    },
                }
            },
            "/api/v1/gates/{gate_id}/pack": {
                "get": {
                    "summary": "The gate pack for offline decisions",
                    "description": (
                        "Compact JSON (see app/checkin/pack.py for the format): token hashes, names, "
                        "organisations, categories, zones, validity, superseded/revoked/not-approved "
                        "flags, application ids, photo tags, serials, the gate (closed, direction). "
                        "Gzipped when the client accepts it. Send If-None-Match with the last ETag to "
                        "get 304 when nothing changed, or since=<ver> for a delta of what changed."
                    ),
                    "security": _SCANNER_READ,
                    "parameters": [
                        {"name": "gate_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                        {"name": "since", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                        {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "The pack",
                            "headers": {"ETag": {"schema": {"type": "string"}}},
                        },
                        "304": {"description": "Unchanged since the ETag sent"},
                        "400": _ERROR,
                        "401": _UNAUTHORISED,
                        "403": _ERROR,
                        "404": _ERROR,
                    },
                }
            },
            "/api/v1/gates/{gate_id}/photos": {
                "get": {
                    "summary": "Scanner-size photos of valid badges' holders, many per answer",
                    "description": (
                        "Binary (application/x-presscentre-photos, see app/checkin/photos.py): "
                        "'PCPH', count, then per photo application id, tag and JPEG. Give ids "
                        "(at most 500) or page with after=<application id> (X-Next-After)."
                    ),
                    "security": _SCANNER_READ,
                    "parameters": [
                        {"name": "gate_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                        {"name": "ids", "in": "query", "schema": {"type": "string"}},
                        {"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                    ],
                    "responses": {
                        "200": {
                            "description": "The photos",
                            "headers": {"X-Next-After": {"schema": {"type": "integer"}}},
                        },
                        "400": _ERROR,
                        "401": _UNAUTHORISED,
                        "403": _ERROR,
                        "404": _ERROR,
                    },
                }
            },
            "/api/v1/photos/{application_id}": {
                "get": {
                    "summary": "One holder's photo at the scanner's size (valid badges only)",
                    "security": _SCANNER_READ,
                    "parameters": [
                        {
                            "name": "application_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {
                        "200": {"description": "JPEG, 120 × 160"},
                        "401": _UNAUTHORISED,
                        "403": _ERROR,
                        "404": _ERROR,
                    },
                }
            },
            "/api/v1/session": {
                "get": {
                    "summary": "A fresh CSRF token for the X-CSRFToken header (a device gets null)",
                    "security": _SCANNER_READ,
                    "responses": {
                        "200": {"description": "csrf_token, user, device"},
                        "401": _UNAUTHORISED,
                        "403": _ERROR,
                    },
                }
            },
            **_device_paths(),
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document (public: it holds no data)",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1"}},
                }
            },
        },
    }


def _device_paths() -> dict:
    device_answer = {
        "description": "The device",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Device"}}},
    }
    return {
        "/api/v1/devices/pair": {
            "post": {
                "summary": "Exchange a one-time pairing code for a device token",
                "description": (
                    "The code an administrator shows when creating a device (valid "
                    f"{PAIRING_MINUTES} minutes, usable once) is the credential: no cookie, no CSRF. "
                    "A missing, wrong, used or expired code answers 401 with code pairing_code_*. "
                    "Keep the token; send it as Authorization: Bearer on every other call."
                ),
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["code"],
                                "properties": {"code": {"type": "string", "example": "ABCD-EFGH-JK"}},
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "token (shown once) and device",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "token": {"type": "string"},
                                        "device": {"$ref": "#/components/schemas/Device"},
                                    },
                                }
                            }
                        },
                    },
                    "400": _ERROR,
                    "401": _UNAUTHORISED,
                    "429": {"description": "Too many attempts"},
                },
            }
        },
        "/api/v1/devices/me": {
            "get": {
                "summary": "The calling device: name, expiry, its active gates (a session: device null)",
                "security": _SCANNER_READ,
                "responses": {"200": device_answer, "401": _UNAUTHORISED, "403": _ERROR},
            }
        },
        "/api/v1/devices/unpair": {
            "post": {
                "summary": "The device gives up its pairing (its token is revoked)",
                "description": 'Answers with Clear-Site-Data: "storage" so the browser drops the pack and photos.',
                "security": [{"device": []}],
                "responses": {
                    "200": {"description": "unpaired"},
                    "400": _ERROR,
                    "401": _UNAUTHORISED,
                },
            }
        },
    }
