"""The one upload validator and store.

Files are checked by content, never by name or declared type: images are opened
by Pillow, verified, size-checked, re-encoded (which drops EXIF and any trailing
payload) and stored in the sizes a caller asks for; PDFs must start with ``%PDF-``
and parse; DOCX must be a real Office Open XML package. Stored names are random,
under ``UPLOAD_DIR`` (never under static/), and served only by routes that check
permission through :func:`send_upload`.
"""

from __future__ import annotations

import io
import os
import secrets
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_file
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # decompression-bomb guard: ~ a 7,000 × 6,000 photo
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class UploadError(ValueError):
    """A refused upload; ``str(error)`` is a message for the user, in their language."""


@dataclass(frozen=True)
class StoredImage:
    """Keys of a stored image, one per size name (e.g. ``{"full": ..., "thumb": ...}``)."""

    keys: dict[str, str]
    width: int
    height: int


def _root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


PHONE_PHOTO_MAX_BYTES = 20 * 1024 * 1024  # a 12-48 megapixel phone photo; shrunk when stored


def megabytes(size: int) -> str:
    """A size in MB as the reader writes numbers: "5,0" in Vietnamese, "5.0" in English."""
    return format_decimal(size / 1048576, format="#,##0.0")


def _read(file_storage, max_bytes: int) -> bytes:
    if file_storage is None or not getattr(file_storage, "filename", None):
        raise UploadError(_l("Please choose a file."))
    data = file_storage.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadError(_l("The file is too large (at most %(mb)s MB).", mb=megabytes(max_bytes)))
    if not data:
        raise UploadError(_l("The file is empty."))
    return data


def _new_key(kind: str, ext: str) -> str:
    return f"{kind}/{secrets.token_urlsafe(18)}.{ext}"


def _write(key: str, data: bytes) -> None:
    path = _root() / key
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _looks_like_archive(data: bytes) -> bool:
    try:
        return zipfile.is_zipfile(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any failure means "not a zip"
        return False


def open_image(data: bytes, *, min_size: tuple[int, int] | None = None) -> Image.Image:
    """Open and fully verify image bytes (JPEG or PNG); raises UploadError with a clear message."""
    bad = UploadError(_l("This file is not a valid JPEG or PNG image."))
    if _looks_like_archive(data):
        raise bad
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ("JPEG", "PNG"):
                raise bad
            if probe.width * probe.height > MAX_PIXELS:
                raise UploadError(_l("The image has too many pixels."))
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(_l("The image has too many pixels.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise bad from None
    image = ImageOps.exif_transpose(image)
    if min_size and (image.width < min_size[0] or image.height < min_size[1]):
        raise UploadError(
            _l(
                "The image is too small: at least %(w)s×%(h)s pixels are needed.",
                w=min_size[0],
                h=min_size[1],
            )
        )
    return image


def encode_jpeg(image: Image.Image, box: tuple[int, int] | None = None, quality: int = 85) -> bytes:
    """Re-encode as a fresh JPEG (no EXIF), fitted inside ``box`` when given."""
    image = image.convert("RGB")
    if box:
        image = image.copy()
        image.thumbnail(box, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def check_image(file_storage, *, max_bytes: int = 5 * 1024 * 1024, min_size=None) -> None:
    """Raise UploadError if the upload is no usable image; the stream is rewound, so a form
    can report a bad photo together with its other errors and store it later."""
    try:
        open_image(_read(file_storage, max_bytes), min_size=min_size)
    finally:
        if file_storage is not None and hasattr(file_storage, "stream"):
            file_storage.stream.seek(0)


def check_pdf_upload(file_storage, *, max_bytes: int = 10 * 1024 * 1024) -> None:
    """Raise UploadError if the upload is no acceptable PDF; the stream is rewound."""
    try:
        check_pdf(_read(file_storage, max_bytes))
    finally:
        if file_storage is not None and hasattr(file_storage, "stream"):
            file_storage.stream.seek(0)


def save_image(
    file_storage,
    kind: str,
    *,
    max_bytes: int = 5 * 1024 * 1024,
    min_size: tuple[int, int] | None = None,
    sizes: dict[str, tuple[int, int]] | None = None,
) -> StoredImage:
    """Validate an uploaded image and store it re-encoded in each requested size."""
    data = _read(file_storage, max_bytes)
    return save_image_bytes(data, kind, min_size=min_size, sizes=sizes)


def save_image_bytes(
    data: bytes,
    kind: str,
    *,
    min_size: tuple[int, int] | None = None,
    sizes: dict[str, tuple[int, int]] | None = None,
) -> StoredImage:
    """Like :func:`save_image` for bytes already read (bulk imports, demo data)."""
    image = open_image(data, min_size=min_size)
    sizes = sizes or {"full": (1600, 1600)}
    keys = {}
    for name, box in sizes.items():
        key = _new_key(kind, "jpg")
        _write(key, encode_jpeg(image, box))
        keys[name] = key
    return StoredImage(keys=keys, width=image.width, height=image.height)


# What a PDF may not hold anywhere (catalog /OpenAction and /AA, page /AA, annotation /A and
# /AA, form fields, the names tree, outlines): scripts, actions that start a program or send
# or load data, and files hidden inside. Names are compared after pypdf decodes ``#xx`` escapes.
_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript", "/XFA"})
_SCRIPT_ACTIONS = frozenset({"/JavaScript"})
_PROGRAM_ACTIONS = frozenset({"/Launch", "/SubmitForm", "/ImportData", "/GoToE"})
_EMBEDDED_KEYS = frozenset({"/EmbeddedFiles", "/EF"})
_EMBEDDED_TYPES = frozenset({"/EmbeddedFile"})
# A letter has a few hundred objects; past this the file is refused rather than walked forever.
_MAX_PDF_OBJECTS = 200_000


def _pdf_refusal(kind: str) -> UploadError:
    messages = {
        "script": _l(
            "This PDF contains scripts (JavaScript), which are not accepted. "
            "Print it to a new PDF or scan the paper document, and upload that file."
        ),
        "action": _l(
            "This PDF contains actions that start a program or send data, which are not accepted. "
            "Print it to a new PDF or scan the paper document, and upload that file."
        ),
        "embedded": _l(
            "This PDF contains embedded files, which are not accepted. "
            "Print it to a new PDF or scan the paper document, and upload that file."
        ),
    }
    return UploadError(messages[kind])


def _pdf_threat(obj) -> str | None:
    """``"script"``, ``"action"`` or ``"embedded"`` when a dictionary is one, else None."""
    from pypdf.generic import DictionaryObject

    if not isinstance(obj, DictionaryObject):
        return None
    keys = set(obj.keys())
    action = obj.get("/S")
    if keys & _SCRIPT_KEYS or action in _SCRIPT_ACTIONS:
        return "script"
    if action in _PROGRAM_ACTIONS:
        return "action"
    if keys & _EMBEDDED_KEYS or obj.get("/Type") in _EMBEDDED_TYPES:
        return "embedded"
    return None


def _walk_pdf(reader) -> None:
    """Visit every object reachable from the trailer (without recursion) and refuse threats."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        visited += 1
        if visited > _MAX_PDF_OBJECTS:
            raise UploadError(_l("This file is not a valid PDF document."))
        if isinstance(obj, DictionaryObject):  # stream objects too: their dictionary is checked
            threat = _pdf_threat(obj)
            if threat:
                raise _pdf_refusal(threat)
            stack.extend(value for key, value in obj.items() if key not in ("/Parent", "/P"))
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


def check_pdf(data: bytes) -> None:
    """Raise UploadError unless ``data`` is a real PDF without scripts, dangerous actions or
    embedded files anywhere in its objects (each refusal says which, and what to do)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    bad = UploadError(_l("This file is not a valid PDF document."))
    if not data.startswith(b"%PDF-"):
        raise bad
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) < 1:
            raise bad
        _walk_pdf(reader)
    except UploadError:
        raise
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, OSError, RecursionError):
        raise bad from None


def save_pdf(file_storage, kind: str, *, max_bytes: int = 10 * 1024 * 1024) -> str:
    """Validate and store a PDF; returns its key."""
    data = _read(file_storage, max_bytes)
    check_pdf(data)
    key = _new_key(kind, "pdf")
    _write(key, data)
    return key


def check_docx(data: bytes) -> None:
    """Raise UploadError unless ``data`` is a Word document (Office Open XML, no macros)."""
    bad = UploadError(_l("This file is not a valid Word (DOCX) document."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise bad from None
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise bad
    if any(name.lower().endswith("vbaproject.bin") for name in names) or total > 200 * 1024 * 1024:
        raise bad


def save_document(file_storage, kind: str, *, max_bytes: int = 20 * 1024 * 1024) -> tuple[str, str]:
    """Store a PDF, DOCX, JPEG or PNG attachment checked by content; returns (key, mimetype)."""
    data = _read(file_storage, max_bytes)
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        ext, mimetype = "pdf", "application/pdf"
    elif data.startswith(b"PK"):
        check_docx(data)
        ext = "docx"
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif data[:3] == b"\xff\xd8\xff" or data.startswith(b"\x89PNG"):
        image = open_image(data)
        data, ext, mimetype = encode_jpeg(image, None, 90), "jpg", "image/jpeg"
    else:
        raise UploadError(_l("Only PDF, DOCX, JPEG and PNG files are accepted."))
    key = _new_key(kind, ext)
    _write(key, data)
    return key, mimetype


# ISO base media brands of the MP4 files cameras, phones and editing tools write.
_MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"MSNV", b"dash"}
)


def sniff(data: bytes) -> str | None:
    """What the content of a file is, by its first bytes (magic numbers), never by its name:
    ``"jpeg"``, ``"png"``, ``"pdf"``, ``"zip"`` (DOCX is a zip package), ``"mp4"`` or None."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "mp4"
    return None


def check_mp4(data: bytes) -> None:
    """Raise UploadError unless ``data`` is an MP4 video: an ``ftyp`` box with a known brand
    first, then top-level boxes that end exactly at the end of the file, a movie (``moov``)
    box among them."""
    bad = UploadError(_l("This file is not a valid MP4 video."))
    if len(data) < 16 or data[4:8] != b"ftyp" or data[8:12] not in _MP4_BRANDS:
        raise bad
    position, boxes = 0, set()
    while position + 8 <= len(data):
        size = int.from_bytes(data[position : position + 4], "big")
        boxes.add(data[position + 4 : position + 8])
        if size == 1 and position + 16 <= len(data):  # 64-bit size follows the type
            size = int.from_bytes(data[position + 8 : position + 16], "big")
        elif size == 0:  # the box runs to the end of the file
            size = len(data) - position
        if size < 8:
            raise bad
        position += size
    if b"moov" not in boxes or position != len(data):  # no movie, or cut off mid-box
        raise bad


def read_checked(file_storage, max_bytes: int) -> bytes:
    """The bytes of an upload, refused with a clear message when missing, empty or too large."""
    return _read(file_storage, max_bytes)


def store_bytes(kind: str, ext: str, data: bytes) -> str:
    """Store bytes already checked under a new random key (written whole, then renamed)."""
    key = _new_key(kind, ext)
    _write(key, data)
    return key


def path_of(key: str) -> Path:
    """The file behind a key; refuses anything outside the upload folder."""
    root = _root().resolve()
    path = (root / key).resolve()
    if root not in path.parents:
        abort(404)
    return path


def read_upload(key: str) -> bytes:
    """The bytes stored under a key."""
    return path_of(key).read_bytes()


def delete_upload(key: str | None) -> None:
    """Remove a stored file if present (used when a transaction that stored it fails)."""
    if key:
        path_of(key).unlink(missing_ok=True)


def send_upload(key: str | None, *, download_name: str | None = None, as_attachment: bool = False):
    """Serve a stored file. Call only after the route has checked permission on its owner."""
    if not key:
        abort(404)
    path = path_of(key)
    if not path.exists():
        abort(404)
    response = send_file(
        path, as_attachment=as_attachment, download_name=download_name, max_age=0, conditional=True
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
