"""The gate pack: everything a scanner page needs to decide on its own when offline.

Format, version 3 (raise ``PACK_VERSION`` when it changes; static/checkin/decide.js
reads it)::

    {"v": 3, "ver": 1760427000123, "delta": false, "since": 0,
     "event": "DH16", "tz": "Asia/Ho_Chi_Minh", "window": 60,
     "gate": {"id": 3, "name": "...", "zone": "PC", "direction": "in", "closed": false,
              "session": 7, "places": [12, 40]},
     "photos": "/api/v1/gates/3/photos", "photo": "/api/v1/photos/{id}",
     "cats": {"reporter": "Phóng viên", ...},
     "orgs": ["Báo Nhân Dân", ...],
     "b": [[hash, name, org, cat, zones, from, until, flags, app_id, photo, serial], ...]}

One row per badge version, superseded and revoked ones included so the page can say
*why* it refuses them. ``hash`` is the token's SHA-256 in hex; ``org`` indexes ``orgs``;
``cat`` is the category code; ``zones`` is "PC,HT"; ``from``/``until`` are
``YYYYMMDD`` numbers (local event days); ``flags`` is a bit set (1 superseded,
2 revoked, 4 not approved, 8 reported lost); ``app_id`` is the holder's application (the person: a
reprint keeps it); ``photo`` is the version tag of the holder's scanner-size photo
(app/checkin/photos.py), "" when there is none or the badge is not valid (gate staff get
only valid holders' photos); ``serial`` is the printed badge number.

Versioning: ``ver`` is the time of the latest change the pack contains, in
milliseconds since 1970 UTC: the greatest of every badge's ``issued_at``,
``revoked_at``, ``superseded_at`` and every application's ``updated_at`` (so a
revocation, a reprint, a new badge or a changed application all move it). A device
asks ``?since=<ver>`` and gets a *delta*: ``"delta": true`` and only the rows of badges
that changed after ``since - OVERLAP_MS`` (the overlap covers a transaction that
committed late and clocks of several servers a little apart; applying a row twice is
harmless, the page upserts by hash). ``orgs`` then lists only the delta's
organisations. The gate header is always complete, so a gate's closing, direction or
zone change reaches the device with the next delta. Every API answer carries
``X-Pack-Version``: when it is newer than the device's ``ver``, the page asks for a
delta at once; it also asks every 60 s while online.

At a gate bound to a hall session (app/positions), ``session`` is its id and ``places`` the
application ids of the holders of a place in it (sorted; null and [] at an unbound gate): the
page then denies anyone else "no place in this session", as the server does. Being in the gate
header, the list is complete in every delta, so a place given or released reaches the device
with the next delta (at most 60 s).

A deactivated gate still gets its pack, with ``"closed": true``: the page then denies
every scan offline as the server does online ("gate closed").
Short keys and shared organisation names keep 20,000 badges well under 3 MB gzipped;
photos travel separately in batches (app/checkin/photos.py) and are stored on the device.
"""

from __future__ import annotations

import gzip
import hashlib
import json

from flask import url_for
from sqlalchemy import func, or_, select

from app.accreditation.models import Application, MediaOrganisation
from app.badges.models import Badge
from app.checkin.models import Gate
from app.checkin.photos import photo_tag
from app.checkin.services import DUPLICATE_WINDOW_SECONDS, category_label, epoch_ms
from app.events.services import event_of
from app.extensions import db
from app.positions.models import HOLDING, PositionRequest

PACK_VERSION = 3  # 3: the gate header names its hall session and the places in it
FLAG_SUPERSEDED, FLAG_REVOKED, FLAG_NOT_APPROVED, FLAG_LOST = 1, 2, 4, 8
CATEGORIES = ("reporter", "photographer", "camera", "technician", "editor")
OVERLAP_MS = 120_000
_PHOTO_PLACEHOLDER = 987654321


def _day(value) -> int:
    return value.year * 10000 + value.month * 100 + value.day


def current_version() -> int:
    """The time of the latest change any pack would contain (ms since 1970; one query)."""
    row = db.session.execute(
        select(
            select(func.max(Badge.issued_at)).scalar_subquery(),
            select(func.max(Badge.revoked_at)).scalar_subquery(),
            select(func.max(Badge.superseded_at)).scalar_subquery(),
            select(func.max(Application.updated_at)).scalar_subquery(),
        )
    ).one()
    return max(epoch_ms(value) for value in row)


def _from_ms(ms: int):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ms / 1000, UTC).replace(tzinfo=None)


def _places(session_id: int | None) -> list[int]:
    """Application ids with a place in the hall session (none for an unbound gate)."""
    if session_id is None:
        return []
    return list(
        db.session.scalars(
            select(PositionRequest.application_id)
            .where(PositionRequest.session_id == session_id, PositionRequest.status.in_(HOLDING))
            .order_by(PositionRequest.application_id)
        )
    )


def build_pack(gate: Gate, since: int | None = None) -> dict:
    """The pack for ``gate``, or its delta since version ``since`` (one query for the rows)."""
    version = current_version()
    query = (
        select(
            Badge.token_hash,
            Application.full_name,
            MediaOrganisation.name,
            Application.category,
            Badge.zone_codes,
            Badge.valid_from,
            Badge.valid_until,
            Badge.superseded_at,
            Badge.revoked_at,
            Application.status,
            Badge.lost_at,
            Application.id,
            Application.photo_key,
            Badge.serial,
        )
        .join(Application, Application.id == Badge.application_id)
        .join(MediaOrganisation, MediaOrganisation.id == Application.organisation_id)
        .order_by(Badge.id)
    )
    delta = since is not None and since > 0
    if delta:
        after = _from_ms(max(0, since - OVERLAP_MS))
        query = query.where(
            or_(
                Badge.issued_at > after,
                Badge.revoked_at > after,
                Badge.superseded_at > after,
                Application.updated_at > after,
            )
        )
    organisations: dict[str, int] = {}
    badges = []
    for (
        token_hash,
        name,
        org,
        cat,
        zones,
        first,
        last,
        superseded,
        revoked,
        status,
        lost,
        app_id,
        photo,
        serial,
    ) in db.session.execute(query):
        flags = (
            (FLAG_SUPERSEDED if superseded else 0)
            | (FLAG_REVOKED if revoked else 0)
            | (FLAG_NOT_APPROVED if status != "approved" else 0)
            | (FLAG_LOST if lost else 0)
        )
        org_index = organisations.setdefault(org, len(organisations))
        badges.append(
            [
                token_hash,
                name,
                org_index,
                cat,
                zones,
                _day(first),
                _day(last),
                flags,
                app_id,
                photo_tag(photo) if flags == 0 else "",
                serial,
            ]
        )
    event = event_of(gate)
    photo = url_for("checkin.api_photo", application_id=_PHOTO_PLACEHOLDER)
    return {
        "v": PACK_VERSION,
        "ver": version,
        "delta": delta,
        "since": since or 0,
        "event": event.code,
        "tz": event.timezone,
        "window": DUPLICATE_WINDOW_SECONDS,
        "gate": {
            "id": gate.id,
            "name": gate.name,
            "zone": gate.zone.code,
            "direction": gate.direction,
            "closed": not gate.active,
            "session": gate.hall_session_id,
            "places": _places(gate.hall_session_id),
        },
        "photos": url_for("checkin.api_gate_photos", gate_id=gate.id),
        "photo": photo.replace(str(_PHOTO_PLACEHOLDER), "{id}"),
        "cats": {code: category_label(code) for code in CATEGORIES},
        "orgs": list(organisations),
        "b": badges,
    }


def encode_pack(pack: dict) -> tuple[bytes, str]:
    """The pack as compact JSON bytes and its ETag (a hash of the content)."""
    body = json.dumps(pack, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return body, hashlib.sha256(body).hexdigest()[:32]


def gzip_body(body: bytes) -> bytes:
    """The body gzipped (level 6: most of the gain for little CPU)."""
    return gzip.compress(body, compresslevel=6, mtime=0)
