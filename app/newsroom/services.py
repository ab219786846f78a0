"""Media library rules: albums, adding an item (checked by content, with caption, credit and
terms), editing, withdrawing, the file a reader downloads, an album's ZIP, short codes, and
the download log.

Who may see an item is not decided here: readers' lists, pages and downloads ask the
releases' query layer (``app.releases.queries.visible`` / ``readable`` with
:class:`MediaItem`). An item is live from the moment it is added, or from its embargo
time; that moment is its ``publish_at`` (the releases' rule).

Services ``flush``; the caller commits once. A file stored by :func:`add_item` is removed
again when the item is refused after storing, and the view removes it when the commit
fails, so nothing is half-written.
"""

from __future__ import annotations

import secrets
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from app.accounts.models import User
from app.core import audit, uploads
from app.core.text import clean_text
from app.core.timeutil import utcnow
from app.events.scope import ACROSS_EVENTS
from app.events.services import current_event
from app.extensions import db
from app.newsroom import hooks
from app.newsroom.labels import TERMS_LABELS
from app.newsroom.metadata import PhotoMetadata, embed
from app.newsroom.models import (
    ALBUM_KINDS,
    CAPTION_MAX,
    CREDIT_MAX,
    SHORT_CODE_LENGTH,
    TITLE_MAX,
    USAGE_TERMS,
    Album,
    MediaItem,
)
from app.releases.models import AUDIENCES, DownloadLog
from app.releases.services import reader_and_outlet, safe_filename

# Size limits per kind (the request limit, MAX_CONTENT_LENGTH, is 32 MB).
PHOTO_MAX_BYTES = 25 * 1024 * 1024
VIDEO_MAX_BYTES = 30 * 1024 * 1024
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
PREVIEW_BOX = (1280, 1280)
THUMB_BOX = (400, 400)
FULL_QUALITY = 92

# What a file's name promises: extension → (item kind, what its content must be, mimetype).
EXTENSIONS = {
    "jpg": ("photo", "jpeg", "image/jpeg"),
    "jpeg": ("photo", "jpeg", "image/jpeg"),
    "mp4": ("video", "mp4", "video/mp4"),
    "pdf": ("document", "pdf", "application/pdf"),
    "docx": (
        "document",
        "zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
# The extension each mimetype is saved and downloaded with.
MIME_EXTENSIONS = {
    mimetype: f".{ext}" for ext, (_kind, _magic, mimetype) in EXTENSIONS.items() if ext != "jpeg"
}
# Unambiguous letters and digits for printed short links (no 0/O, 1/I/L).
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class LibraryError(ValueError):
    """A refused library action; ``str(error)`` is a message for the user."""


def new_short_code(model) -> str:
    """A random short code not yet used by ``model`` (album or item) in any congress."""
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
        taken = db.session.scalar(
            select(model.id).where(model.short_code == code).execution_options(**ACROSS_EVENTS)
        )
        if taken is None:
            return code


# ----------------------------------------------------------------------------- albums
def check_album(title: str, title_en: str, kind: str) -> None:
    if not title.strip():
        raise LibraryError(_l("Please enter the title of the album."))
    if len(title) > TITLE_MAX or len(title_en) > TITLE_MAX:
        raise LibraryError(_l("The title is too long (at most %(n)s characters).", n=TITLE_MAX))
    if kind not in ALBUM_KINDS:
        raise LibraryError(_l("Please choose what the album groups."))


def create_album(actor: User, *, title: str, title_en: str = "", kind: str = "session") -> Album:
    """A new, empty album (a session of the congress or a topic)."""
    title, title_en = clean_text(title), clean_text(title_en)
    check_album(title, title_en, kind)
    album = Album(
        title=title, title_en=title_en, kind=kind, short_code=new_short_code(Album), created_by_id=actor.id
    )
    db.session.add(album)
    db.session.flush()
    audit.record("library.album_created", album, actor=actor, details={"title": title})
    return album


def update_album(album: Album, actor: User, *, title: str, title_en: str = "", kind: str = "session") -> None:
    """Rename an album; its items' search text follows."""
    title, title_en = clean_text(title), clean_text(title_en)
    check_album(title, title_en, kind)
    album.title, album.title_en, album.kind = title, title_en, kind
    for item in album.items:
        item.refresh_search_key()
    db.session.flush()
    audit.record("library.album_changed", album, actor=actor, details={"title": title})


# ----------------------------------------------------------------------------- items
def _check_description(
    caption: str, caption_en: str, credit: str, terms: str, audience: str, embargo_until, now: datetime
) -> None:
    """Caption, credit, terms, audience and embargo of an item, or LibraryError."""
    if not caption.strip():
        raise LibraryError(_l("Please write a caption in Vietnamese."))
    if len(caption) > CAPTION_MAX or len(caption_en) > CAPTION_MAX:
        raise LibraryError(_l("The caption is too long (at most %(n)s characters).", n=CAPTION_MAX))
    if not credit.strip():
        raise LibraryError(_l('Please give the credit, e.g. "Ảnh: TTXVN".'))
    if len(credit) > CREDIT_MAX:
        raise LibraryError(_l("The credit is too long (at most %(n)s characters).", n=CREDIT_MAX))
    if terms not in USAGE_TERMS:
        raise LibraryError(_l("Please choose the usage terms from the list."))
    if audience not in AUDIENCES:
        raise LibraryError(_l("Please choose who may see it."))
    if embargo_until is not None and embargo_until <= now:
        raise LibraryError(_l("The embargo time has already passed. Choose a later time or none."))


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _store_file(file_storage) -> dict:
    """Check an upload by content against its name and store it; the columns of its item."""
    name = clean_text(getattr(file_storage, "filename", "") or "")
    promised = EXTENSIONS.get(_extension(name))
    if name and promised is None:
        raise LibraryError(_l("Only photos (JPEG), videos (MP4) and documents (PDF, DOCX) can be added."))
    limits = {"photo": PHOTO_MAX_BYTES, "video": VIDEO_MAX_BYTES, "document": DOCUMENT_MAX_BYTES}
    kind, magic, mimetype = promised or ("document", "pdf", "application/pdf")
    data = uploads.read_checked(file_storage, limits[kind])
    actual = uploads.sniff(data)
    if actual != magic:
        raise LibraryError(
            _l(
                "The content of this file does not match its name (.%(ext)s): the file is not in %(kind)s format. "
                "Check that you chose the right file.",
                ext=_extension(name),
                kind={"jpeg": "JPEG", "mp4": "MP4", "pdf": "PDF", "zip": "DOCX"}[magic],
            )
        )
    columns = {
        "kind": kind,
        "mimetype": mimetype,
        "filename": safe_filename(name, "") + MIME_EXTENSIONS[mimetype],
    }
    if kind == "video":
        uploads.check_mp4(data)
    elif magic == "pdf":
        uploads.check_pdf(data)
    elif magic == "zip":
        uploads.check_docx(data)
    else:
        image = uploads.open_image(data)
        data = uploads.encode_jpeg(image, None, FULL_QUALITY)  # full size, EXIF and trailing bytes dropped
        columns.update(width=image.width, height=image.height)
    stored: list[str] = []
    try:
        stored.append(uploads.store_bytes("library", MIME_EXTENSIONS[mimetype].lstrip("."), data))
        if kind == "photo":
            stored.append(uploads.store_bytes("library", "jpg", uploads.encode_jpeg(image, PREVIEW_BOX)))
            stored.append(uploads.store_bytes("library", "jpg", uploads.encode_jpeg(image, THUMB_BOX, 80)))
    except Exception:
        for key in stored:
            uploads.delete_upload(key)
        raise
    columns.update(zip(("storage_key", "preview_key", "thumb_key"), stored, strict=False))
    columns["size_bytes"] = len(data)
    return columns


def stored_keys(item: MediaItem) -> list[str]:
    """Every file an item keeps (to delete them when its transaction fails)."""
    return [key for key in (item.storage_key, item.preview_key, item.thumb_key) if key]


def add_item(
    album: Album,
    actor: User,
    file_storage,
    *,
    caption: str,
    credit: str,
    terms: str,
    caption_en: str = "",
    audience: str = "public",
    embargo_until: datetime | None = None,
    now: datetime | None = None,
) -> MediaItem:
    """Add a photo, video or document to an album; raises LibraryError or UploadError.

    The description is checked before the file is read; the file is checked by content
    against its name, and stored only then. Live from now, or from ``embargo_until``.
    An album's first item announces the album (:data:`hooks.album_published`).
    """
    now = now or utcnow()
    caption, caption_en, credit = clean_text(caption), clean_text(caption_en), clean_text(credit)
    _check_description(caption, caption_en, credit, terms, audience, embargo_until, now)
    columns = _store_file(file_storage)
    first = not album.items
    try:
        item = MediaItem(
            album=album,
            caption=caption,
            caption_en=caption_en,
            credit=credit,
            terms=terms,
            audience=audience,
            embargo_until=embargo_until,
            status="published",
            publish_at=embargo_until or now,
            short_code=new_short_code(MediaItem),
            uploaded_by_id=actor.id,
            created_at=now,
            **columns,
        )
        item.refresh_search_key()
        db.session.add(item)
        db.session.flush()
        audit.record(
            "library.item_added",
            item,
            actor=actor,
            details={"album": album.title, "file": item.filename, "audience": audience},
        )
    except Exception:
        for key in (columns.get("storage_key"), columns.get("preview_key"), columns.get("thumb_key")):
            uploads.delete_upload(key)
        raise
    if first:
        # The one place the live notices (app/notices) hear of a new album; see hooks.py.
        hooks.album_published.send(album, item=item, publish_at=item.publish_at, audience=audience)
    return item


def update_item(
    item: MediaItem,
    actor: User,
    *,
    caption: str,
    credit: str,
    terms: str,
    caption_en: str = "",
    audience: str = "public",
    embargo_until: datetime | None = None,
    now: datetime | None = None,
) -> None:
    """Change an item's description, audience or embargo (an embargo already over stays)."""
    now = now or utcnow()
    caption, caption_en, credit = clean_text(caption), clean_text(caption_en), clean_text(credit)
    kept = embargo_until is not None and embargo_until == item.embargo_until
    _check_description(caption, caption_en, credit, terms, audience, None if kept else embargo_until, now)
    item.caption, item.caption_en, item.credit, item.terms = caption, caption_en, credit, terms
    item.audience, item.embargo_until = audience, embargo_until
    if embargo_until is not None and embargo_until > now:
        item.publish_at = embargo_until
    elif item.publish_at is None or item.publish_at > now:
        item.publish_at = now  # embargo lifted: live from now
    item.refresh_search_key()
    db.session.flush()
    audit.record("library.item_changed", item, actor=actor, details={"audience": audience})


def withdraw_item(item: MediaItem, actor: User, now: datetime | None = None) -> None:
    """Take an item back from every reader (staff still see it)."""
    if item.status == "withdrawn":
        raise LibraryError(_l("This item is already withdrawn."))
    item.status, item.withdrawn_at = "withdrawn", now or utcnow()
    db.session.flush()
    audit.record("library.item_withdrawn", item, actor=actor)


def restore_item(item: MediaItem, actor: User) -> None:
    """Hand a withdrawn item out again (at its publication moment, as before)."""
    if item.status != "withdrawn":
        raise LibraryError(_l("This item is not withdrawn."))
    item.status, item.withdrawn_at = "published", None
    db.session.flush()
    audit.record("library.item_restored", item, actor=actor)


# ----------------------------------------------------------------------------- downloads
def terms_text(code: str) -> tuple[str, str]:
    """The usage terms in Vietnamese and in English (what goes into the file)."""
    label = TERMS_LABELS.get(code, code)
    with force_locale("vi"):
        vi = str(label)
    with force_locale("en"):
        en = str(label)
    return vi, en


def photo_metadata(item: MediaItem) -> PhotoMetadata:
    """What a downloaded photo of ``item`` says about itself."""
    terms_vi, terms_en = terms_text(item.terms)
    return PhotoMetadata(
        caption=item.caption,
        caption_en=item.caption_en,
        credit=item.credit,
        terms_vi=terms_vi,
        terms_en=terms_en,
        title=item.album.title,
        source=current_event().name,
    )


def download_bytes(item: MediaItem) -> bytes:
    """The file a reader gets: a photo at full size with caption, credit and terms written
    into it (IPTC and XMP), any other item as stored."""
    data = uploads.read_upload(item.storage_key)
    if item.kind == "photo":
        return embed(data, photo_metadata(item))
    return data


def zip_name(item: MediaItem, taken: set[str]) -> str:
    """A unique name inside an album's ZIP (numbered so the order survives unzipping)."""
    name = f"{len(taken) + 1:03d}-{item.filename}"
    taken.add(name)
    return name


def album_zip(album: Album, items: Iterable[MediaItem]):
    """A temporary file holding the ZIP of ``items`` (already filtered for the reader), photos
    with their metadata, and a text file with every caption, credit and terms."""
    out = tempfile.TemporaryFile()
    taken: set[str] = set()
    lines = [album.title, ""]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for item in items:
            name = zip_name(item, taken)
            archive.writestr(name, download_bytes(item))
            terms_vi, terms_en = terms_text(item.terms)
            lines += [
                name,
                item.caption,
                *([item.caption_en] if item.caption_en else []),
                item.credit,
                terms_vi,
                "",
            ]
        archive.writestr("chu-thich.txt", "\n".join(lines).encode("utf-8"), zipfile.ZIP_DEFLATED)
    out.seek(0)
    return out


def log_downloads(
    items: Iterable[MediaItem], user, ip: str | None, now: datetime, album: Album | None = None
) -> int:
    """Log one download per item, for the reader and their outlet (in the releases' log).

    An archived congress is read-only: its files still download, unlogged."""
    if current_event().is_archived:
        return 0
    user_id, organisation_id = reader_and_outlet(user)
    rows = [
        {
            "event_id": current_event().id,
            "media_item_id": item.id,
            "album_id": album.id if album is not None else None,
            "user_id": user_id,
            "organisation_id": organisation_id,
            "ip": (ip or "")[:64] or None,
            "downloaded_at": now,
        }
        for item in items
    ]
    if rows:
        db.session.execute(insert(DownloadLog), rows)
    return len(rows)


def zip_download_name(album: Album) -> str:
    """The ZIP's file name: the album's short code and title, without unsafe characters."""
    stem = "".join(ch for ch in album.title if ch not in '<>:"/\\|?*').strip(" .")[:80] or "album"
    return f"{stem}.zip"
