"""The gate pack: everything a scanner page needs to decide on its own when offline.

Format, version 1 (raise ``PACK_VERSION`` when it changes; static/checkin/decide.js
reads it)::

    {"v": 1, "event": "DH16", "tz": "Asia/Ho_Chi_Minh", "window": 60,
     "gate": {"id": 3, "name": "...", "zone": "PC", "direction": "in"},
     "photo": "/accreditation/photo/{id}/thumb" | null,
     "cats": {"reporter": "Phóng viên", ...},
     "orgs": ["Báo Nhân Dân", ...],
     "b": [[hash, name, org, cat, zones, from, until, flags, photo_id], ...]}

One row per badge version, superseded and revoked ones included so the page can say
*why* it refuses them. ``hash`` is the token's SHA-256 in hex; ``org`` indexes ``orgs``;
``cat`` is the category code; ``zones`` is "PC,HT"; ``from``/``until`` are
``YYYYMMDD`` numbers (local event days); ``flags`` is a bit set (1 superseded,
2 revoked, 4 not approved); ``photo_id`` fills ``{id}`` in ``photo`` (0: no photo).
Short keys and shared organisation names keep 20,000 badges well under 3 MB gzipped;
photos are not inline, the page fetches and caches thumbnails as it shows them.
"""

from __future__ import annotations

import gzip
import hashlib
import json

from flask import current_app, url_for
from sqlalchemy import select

from app.accreditation.models import Application, MediaOrganisation
from app.badges.models import Badge
from app.checkin.models import Gate
from app.checkin.services import DUPLICATE_WINDOW_SECONDS, category_label
from app.extensions import db

PACK_VERSION = 1
FLAG_SUPERSEDED, FLAG_REVOKED, FLAG_NOT_APPROVED = 1, 2, 4
CATEGORIES = ("reporter", "photographer", "camera", "technician", "editor")
_PHOTO_PLACEHOLDER = 987654321


def _photo_template() -> str | None:
    if "accreditation.photo" not in current_app.view_functions:
        return None
    url = url_for("accreditation.photo", application_id=_PHOTO_PLACEHOLDER, size="thumb")
    return url.replace(str(_PHOTO_PLACEHOLDER), "{id}")


def _day(value) -> int:
    return value.year * 10000 + value.month * 100 + value.day


def build_pack(gate: Gate) -> dict:
    """The pack for ``gate`` (one query for every badge, whatever their number)."""
    rows = db.session.execute(
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
            Application.id,
            Application.photo_thumb_key,
        )
        .join(Application, Application.id == Badge.application_id)
        .join(MediaOrganisation, MediaOrganisation.id == Application.organisation_id)
        .order_by(Badge.id)
    ).all()
    organisations: dict[str, int] = {}
    badges = []
    for token_hash, name, org, cat, zones, first, last, superseded, revoked, status, app_id, thumb in rows:
        flags = (
            (FLAG_SUPERSEDED if superseded else 0)
            | (FLAG_REVOKED if revoked else 0)
            | (FLAG_NOT_APPROVED if status != "approved" else 0)
        )
        org_index = organisations.setdefault(org, len(organisations))
        badges.append(
            [token_hash, name, org_index, cat, zones, _day(first), _day(last), flags, app_id if thumb else 0]
        )
    config = current_app.config
    return {
        "v": PACK_VERSION,
        "event": config["EVENT_CODE"],
        "tz": config["EVENT_TIMEZONE"],
        "window": DUPLICATE_WINDOW_SECONDS,
        "gate": {"id": gate.id, "name": gate.name, "zone": gate.zone.code, "direction": gate.direction},
        "photo": _photo_template(),
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
