"""Badge fixtures: approved applications with stored photos, and reading PDFs back.

``decode_qr_codes`` renders a PDF with poppler's ``pdftoppm`` (Debian package
``poppler-utils``) and decodes every QR code on every page with zxing-cpp, so a test
checks what a gate scanner would read from the printed badge.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from app.accreditation.models import Application
from app.badges import services
from app.core import uploads


def portrait_jpeg(seed: int = 0) -> bytes:
    """A small portrait photo (300×400) like the ones kept after upload."""
    image = Image.new("RGB", (300, 400), (80 + seed % 100, 120, 160))
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 60, 210, 200), fill=(230, 190, 160))
    draw.rectangle((50, 230, 250, 400), fill=(30, 40, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture
def approved(db, make_application, make_user):
    """Factory: an approved application with a photo and its issued badge → (application, badge)."""

    def make(full_name: str = "Nguyễn Văn Ánh", *, photo: bool = True, zones=("PC", "HT"), **overrides):
        officer = overrides.pop("officer", None) or make_user("accreditation_officer")
        user = overrides.pop("user", None) or make_user("journalist", full_name=full_name)
        application: Application = make_application(
            status="approved", user=user, full_name=full_name, zones=zones, **overrides
        )
        if photo:
            stored = uploads.save_image_bytes(
                portrait_jpeg(application.id), "photos", sizes={"full": (300, 400)}
            )
            application.photo_key = stored.keys["full"]
        badge = services.issue_badge(application, officer)
        db.session.commit()
        return application, badge

    return make


def pdf_text(data: bytes) -> str:
    """Every page's extracted text."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def render_pages(data: bytes, dpi: int = 200) -> list[Image.Image]:
    """Each page of a PDF as an image, rendered by poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(Path(tmp) / "page")], check=True)
        pages = []
        for png in sorted(Path(tmp).glob("page*.png")):
            with Image.open(png) as image:
                pages.append(image.copy())
    return pages


def decode_qr_codes(data: bytes, dpi: int = 200) -> list[str]:
    """Render each page to PNG with pdftoppm and decode every QR code on it with zxing-cpp."""
    import zxingcpp

    assert shutil.which("pdftoppm"), "pdftoppm (Debian package poppler-utils) is needed"
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(Path(tmp) / "page")], check=True)
        for png in sorted(Path(tmp).glob("page*.png")):
            with Image.open(png) as image:
                results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
                found.extend(result.text for result in results)
    return found
