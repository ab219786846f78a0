"""The upload validator: content, not names, decides; bad files are refused and not stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from app.core import uploads


def storage(data: bytes, name: str = "file.jpg") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def jpeg_bytes(size=(600, 800), exif=True) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SpyCam"  # Make
        data[0x8825] = {2: (21.0, 1.0, 0.0)}  # GPS info
        image.save(out, "JPEG", exif=data)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(100, 750, "Giay gioi thieu")
    page.save()
    return out.getvalue()


def files_in(app) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()]


def test_image_is_reencoded_without_exif_in_two_sizes(app):
    stored = uploads.save_image(
        storage(jpeg_bytes()), "photos", min_size=(300, 400), sizes={"full": (300, 400), "thumb": (90, 120)}
    )
    full = Image.open(uploads.path_of(stored.keys["full"]))
    thumb = Image.open(uploads.path_of(stored.keys["thumb"]))
    assert full.size == (300, 400) and thumb.size == (90, 120)
    assert not full.getexif() and b"SpyCam" not in uploads.read_upload(stored.keys["full"])


def test_png_is_accepted(app):
    out = io.BytesIO()
    Image.new("RGB", (400, 500), "white").save(out, "PNG")
    stored = uploads.save_image(storage(out.getvalue(), "a.png"), "photos", min_size=(300, 400))
    assert uploads.path_of(stored.keys["full"]).exists()


def _bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")
    return out.getvalue()


def _polyglot() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("evil.html", "<script>alert(1)</script>")
    return jpeg_bytes() + archive.getvalue()


BAD_IMAGES = {
    "renamed executable": b"MZ\x90\x00\x03" + b"\x00" * 500,
    "svg with script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "html": b"<html><body>hi</body></html>",
    "truncated jpeg": jpeg_bytes(exif=False)[:400],
    "decompression bomb": _bomb(),
    "polyglot jpeg/zip": _polyglot(),
    "gif": b"GIF89a" + b"\x00" * 100,
    "empty": b"",
}


@pytest.mark.parametrize("name", BAD_IMAGES)
def test_bad_images_are_refused(app, name):
    with pytest.raises(uploads.UploadError):
        uploads.save_image(storage(BAD_IMAGES[name], "photo.jpg"), "photos", min_size=(300, 400))
    assert files_in(app) == []


def test_small_and_oversize_images_are_refused(app):
    with app.test_request_context(), pytest.raises(uploads.UploadError, match="300×400"):
        uploads.save_image(storage(jpeg_bytes((200, 200))), "photos", min_size=(300, 400))
    with pytest.raises(uploads.UploadError):
        uploads.save_image(storage(jpeg_bytes()), "photos", max_bytes=1000)


def test_pdf_checks(app):
    key = uploads.save_pdf(storage(pdf_bytes(), "letter.pdf"), "letters")
    assert uploads.read_upload(key).startswith(b"%PDF-")
    for bad in (
        b"<html>%PDF-1.4</html>",
        b"%PDF-1.4\n<html><script>alert(1)</script></html>",
        b"MZ\x90\x00",
        pdf_bytes()[:200],
    ):
        with pytest.raises(uploads.UploadError):
            uploads.save_pdf(storage(bad, "letter.pdf"), "letters")
    assert len(files_in(app)) == 1


def test_documents_by_content(app):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    key, mimetype = uploads.save_document(storage(docx.getvalue(), "a.docx"), "attachments")
    assert key.endswith(".docx") and "wordprocessingml" in mimetype
    key, mimetype = uploads.save_document(storage(pdf_bytes(), "x.docx"), "attachments")
    assert key.endswith(".pdf") and mimetype == "application/pdf"
    with pytest.raises(uploads.UploadError):
        uploads.save_document(storage(b"PK\x03\x04not a zip", "a.docx"), "attachments")


def test_paths_cannot_escape_the_upload_folder(app):
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound):
        uploads.path_of("../secret_key")
