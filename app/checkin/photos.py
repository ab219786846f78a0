"""Holders' photos at the scanner's size, for the gate only.

Gate staff never get an applicant's full-size photo: they get the photo of a holder of a
*valid* badge (application approved, badge neither revoked nor superseded), re-encoded
once at :data:`BOX` (120 × 160 px, about 3–4 KB) and kept next to the uploads
(``scanphotos/<hash of the photo key>.jpg``), so every later request is a file read.

The batch answer (``application/x-presscentre-photos``) is a plain binary list, so 500
small JPEGs travel in one request without base64::

    "PCPH" | count:u32 | count × (application_id:u32 | tag_len:u8 | tag | jpeg_len:u32 | jpeg)

All integers are big-endian. ``tag`` is the photo's version (:func:`photo_tag`): it
changes when the journalist replaces the photo, so a device refetches only what changed.
"""

from __future__ import annotations

import hashlib
import io
import struct

from flask import current_app
from PIL import Image
from sqlalchemy import select

from app.accreditation.models import Application
from app.badges.models import Badge
from app.core import uploads
from app.extensions import db

BOX = (120, 160)
MAX_BYTES = 4096
BATCH_LIMIT = 500
MAGIC = b"PCPH"
MIMETYPE = "application/x-presscentre-photos"


def photo_tag(photo_key: str | None) -> str:
    """A short version of a photo ('' when there is none)."""
    return hashlib.sha256(photo_key.encode()).hexdigest()[:8] if photo_key else ""


def _cache_key(photo_key: str) -> str:
    return f"scanphotos/{hashlib.sha256(photo_key.encode()).hexdigest()[:32]}.jpg"


def scan_photo(photo_key: str) -> bytes | None:
    """The scanner-size JPEG of a stored photo (made once, then read from disk)."""
    cached = uploads.path_of(_cache_key(photo_key))
    if cached.exists():
        return cached.read_bytes()
    source = uploads.path_of(photo_key)
    if not source.exists():
        return None
    with Image.open(source) as image:
        image = image.convert("RGB")
        image.thumbnail(BOX, Image.Resampling.LANCZOS)
        data = b""
        for quality in (70, 55, 40):
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True, progressive=False)
            data = out.getvalue()
            if len(data) <= MAX_BYTES:
                break
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(cached)
    return data


def _valid_holders():
    """Applications holding a valid badge, with a photo: (id, photo_key)."""
    return (
        select(Application.id, Application.photo_key)
        .join(Badge, Badge.application_id == Application.id)
        .where(
            Application.status == "approved",
            Application.photo_key.is_not(None),
            Badge.superseded_at.is_(None),
            Badge.revoked_at.is_(None),
        )
        .order_by(Application.id)
    )


def valid_holder_photo_key(application_id: int) -> str | None:
    """The photo key of this application if it holds a valid badge, else None."""
    row = db.session.execute(_valid_holders().where(Application.id == application_id).limit(1)).first()
    return row[1] if row else None


def batch(
    *, ids: list[int] | None = None, after: int = 0, limit: int = BATCH_LIMIT
) -> tuple[bytes, int | None]:
    """Photos of valid holders (``ids``, or the next ``limit`` after ``after``) and the next cursor."""
    query = _valid_holders()
    if ids is not None:
        query = query.where(Application.id.in_(ids[:limit]))
    else:
        query = query.where(Application.id > after).limit(limit)
    rows = db.session.execute(query).all()
    parts = [MAGIC, b""]
    count = 0
    for application_id, photo_key in rows:
        try:
            data = scan_photo(photo_key)
        except (OSError, ValueError):  # a damaged file: skip it, the gate shows no photo
            current_app.logger.warning("scan photo of application %s unreadable", application_id)
            data = None
        if not data:
            continue
        tag = photo_tag(photo_key).encode()
        parts.append(struct.pack(">IB", application_id, len(tag)) + tag + struct.pack(">I", len(data)) + data)
        count += 1
    parts[1] = struct.pack(">I", count)
    following = rows[-1][0] if ids is None and len(rows) == limit else None
    return b"".join(parts), following
