"""Fixtures of the accreditation tests: files a journalist uploads, zones, a filled-in form."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

STANDARD_ZONES = (
    ("PC", "Trung tâm báo chí"),
    ("HT", "Hội trường – khu vực báo chí"),
    ("HB", "Phòng họp báo"),
    ("AN", "Khu vực chụp ảnh"),
    ("PH", "Khu vực truyền hình/phát thanh"),
)


def jpeg_bytes(size=(600, 800), colour=(200, 160, 140), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SpyCam"
        image.save(out, "JPEG", exif=data)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def png_bytes(size=(400, 500)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


def pdf_bytes(text: str = "Giay gioi thieu") -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(100, 750, text)
    page.save()
    return out.getvalue()


def upload_files(app) -> list[Path]:
    """Every stored upload (photos, letters, import files)."""
    return sorted(p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file())


@pytest.fixture
def zones(make_zone):
    """The five standard zones, by code."""
    return {code: make_zone(code, name, sort_order=i) for i, (code, name) in enumerate(STANDARD_ZONES)}


@pytest.fixture
def form_data(zones, make_organisation):
    """Factory: a complete, valid application form (with photo and letter) plus overrides."""
    organisation = make_organisation("Báo Tuổi Trẻ", kind="newspaper", level="central")

    def build(**overrides) -> dict:
        data = {
            "full_name": "Nguyễn Văn A",
            "date_of_birth": "17/05/1985",
            "national_id": "001085012345",
            "press_card_number": "NB-12345",
            "organisation": str(organisation.id),
            "new_organisation": "",
            "new_organisation_kind": "newspaper",
            "position": "Phóng viên",
            "category": "reporter",
            "phone": "0912 345 678",
            "email": "a.nguyen@example.vn",
            "zones": [str(zones["PC"].id), str(zones["HT"].id)],
            "photo": (io.BytesIO(jpeg_bytes(exif=True)), "chan-dung.jpg"),
            "letter": (io.BytesIO(pdf_bytes()), "giay-gioi-thieu.pdf"),
        }
        for key, value in overrides.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data

    build.organisation = organisation
    return build


@pytest.fixture
def submit_form(client):
    """Send the application form as a browser would (multipart, with the CSRF token)."""

    def submit(data: dict):
        return client.submit(
            "/DH16/accreditation/apply", data, content_type="multipart/form-data", follow_redirects=False
        )

    return submit
