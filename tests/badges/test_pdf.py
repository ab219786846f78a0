"""Badge PDFs read back the way a gate and a person would: QR decoded from pixels, text extracted."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from app.badges import pdf, printing, qr, services, sheets
from app.badges.models import Badge
from app.events.services import current_event
from tests.badges.conftest import decode_qr_codes, pdf_text

MM = 72 / 25.4


def _badge_of(payload: str) -> Badge | None:
    """What a scanner does with a payload: parse it, hash the token, find the badge."""
    from sqlalchemy import select

    from app.extensions import db

    parsed = qr.parse_payload(payload)
    assert parsed is not None, payload
    return db.session.scalar(select(Badge).where(Badge.token_hash == qr.hash_token(parsed[1])))


@pytest.fixture
def badge_size(app):
    def set_size(size: str):
        app.config["BADGE_SIZE"] = size

    yield set_size
    app.config.pop("BADGE_SIZE", None)


@pytest.mark.parametrize(("size", "width_mm", "height_mm"), [("a6", 105, 148), ("card", 54, 85.6)])
def test_badge_pdf_qr_decodes_to_that_badge_and_text_keeps_diacritics(
    app, approved, badge_size, size, width_mm, height_mm
):
    badge_size(size)
    application, badge = approved("Nguyễn Thị Ánh Tuyết", category="camera", zones=("PC", "HT", "HB"))
    data = printing.render_badge(badge)

    page = PdfReader(io.BytesIO(data)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(width_mm * MM, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(height_mm * MM, abs=0.5)

    codes = decode_qr_codes(data, dpi=300)
    assert codes == [services.payload_of(badge)]
    found = _badge_of(codes[0])
    assert found is not None and found.id == badge.id
    assert qr.hash_token(qr.parse_payload(codes[0])[1]) == badge.token_hash

    text = pdf_text(data)
    assert "Nguyễn" in text and "Nguyễn Thị Ánh Tuyết" in text
    assert application.organisation.name in text
    assert badge.serial in text
    for zone in ("PC", "HT", "HB"):
        assert zone in text
    # the codes are explained: each zone's name is printed too (tests name them "Khu vực PC"…)
    flat = " ".join(text.split())
    assert "PC Khu vực PC" in flat and "HT Khu vực HT" in flat and "HB Khu vực HB" in flat
    first, last = badge.valid_from.strftime("%d/%m/%Y"), badge.valid_until.strftime("%d/%m/%Y")
    assert first in text and last in text
    # The category is written in words, not only shown as a colour.
    assert "QUAY PHIM" in text and "CAMERA OPERATOR" in text
    assert current_event().name.split(",")[0] in text.replace("\n", " ")


def test_the_font_is_embedded_and_the_photo_is_passed_through(approved):
    _application, badge = approved("Đỗ Hùng Dũng")
    reader = PdfReader(io.BytesIO(printing.render_badge(badge)))
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    # Only Be Vietnam Pro, each subset embedded (no font the printer's computer must have).
    assert fonts and all("BeVietnamPro" in str(font["/BaseFont"]) for font in fonts)
    assert all("/FontFile2" in font["/FontDescriptor"].get_object() for font in fonts)
    images = reader.pages[0].images
    assert len(images) == 1
    assert images[0].image.size == (300, 400)


def test_a_badge_without_photo_gets_a_placeholder(approved):
    _application, badge = approved("Phan Thanh Bình", photo=False)
    data = printing.render_badge(badge)
    assert len(PdfReader(io.BytesIO(data)).pages[0].images) == 0
    assert "No photo" in pdf_text(data)
    assert _badge_of(decode_qr_codes(data)[0]).id == badge.id


def test_a_replaced_version_is_stamped_void(db, approved, make_user):
    _application, old = approved()
    services.reprint_badge(old, make_user("accreditation_officer"))
    db.session.commit()
    assert "SUPERSEDED" in pdf_text(printing.render_badge(old))


@pytest.mark.parametrize(("size", "per_page"), [("a6", 4), ("card", 9)])
def test_sheet_holds_every_badge_with_a_readable_qr(approved, badge_size, size, per_page):
    badge_size(size)
    badges = [approved(f"Nguyễn Văn {name}")[1] for name in ("An", "Bình", "Cường", "Dũng", "Hà")]
    data = printing.render_sheet(badges)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == -(-len(badges) // per_page)
    assert float(reader.pages[0].mediabox.width) == pytest.approx(210 * MM, abs=0.5)
    codes = decode_qr_codes(data, dpi=300)
    assert sorted(codes) == sorted(services.payload_of(b) for b in badges)
    text = pdf_text(data)
    assert all(b.serial in text for b in badges)


def test_sheet_grid_fits_a4():
    a6 = sheets.sheet_grid(pdf.layout_for("a6"))
    card = sheets.sheet_grid(pdf.layout_for("card"))
    assert (a6.columns, a6.rows, a6.gutter) == (2, 2, 0.0)
    assert (card.columns, card.rows) == (3, 3) and card.gutter > 0
    assert pdf.layout_for("nonsense") is pdf.LAYOUTS["a6"]


def test_qr_keeps_its_fixed_version_and_grows_only_for_a_long_event_code():
    short = pdf.qr_modules("PC1:DH16:" + "A" * 22)
    assert len(short) == 4 * pdf.QR_VERSION + 17
    long = pdf.qr_modules("PC1:" + "DAIHOI" * 10 + ":" + "A" * 22)
    assert len(long) > len(short)


def _zbar_codes_badge_by_badge(data: bytes, size: str, dpi: int = 200) -> list[str]:
    """Each badge of each page, cut out as a guard's phone frames one badge, read by a second,
    independent decoder (ZBar, through pyzbar). (ZBar on a whole 9-up page at 200 dpi misses
    about one code in fifteen that it reads alone: aligned neighbours confuse its finder.)"""
    from pyzbar import pyzbar
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    from tests.badges.conftest import render_pages

    layout = pdf.layout_for(size)
    grid = sheets.sheet_grid(layout)
    w, h, scale = layout.width * mm, layout.height * mm, dpi / 72
    found = []
    for image in render_pages(data, dpi):
        for slot in range(grid.per_page):
            column, row = slot % grid.columns, slot // grid.columns
            left = grid.x0 + column * (w + grid.gutter)
            top = grid.y0 + row * (h + grid.gutter)  # from the top of the page
            box = tuple(round(v * scale) for v in (left, top, left + w, top + h))
            assert box[3] <= A4[1] * scale + 1
            found += [
                c.data.decode() for c in pyzbar.decode(image.crop(box).convert("L")) if c.type == "QRCODE"
            ]
    return found


@pytest.mark.parametrize("layout", ["a6", "card"])
def test_every_code_of_a_sheet_reads_with_two_independent_decoders(db, app, approved, layout):
    """Twelve badges on A4 at 200 dpi (a cheap phone's view of a printed sheet): zxing-cpp reads
    every code of each whole page, ZBar every code badge by badge. Level H, a 4-module quiet
    zone, modules of at least 0.5 mm."""
    app.config["BADGE_SIZE"] = layout
    try:
        badges = [approved(f"Nguyễn Văn Thứ {n}")[1] for n in range(12)]
        data = printing.render_sheet(badges)
    finally:
        app.config.pop("BADGE_SIZE", None)
    expected = sorted(services.payload_of(b) for b in badges)
    assert sorted(decode_qr_codes(data)) == expected
    assert sorted(_zbar_codes_badge_by_badge(data, layout)) == expected
    import zxingcpp

    from tests.badges.conftest import render_pages

    for image in render_pages(data):
        assert {r.ec_level for r in zxingcpp.read_barcodes(image)} == {"H"}
    assert pdf.QR_QUIET >= 4
    modules = len(pdf.qr_modules(expected[0])) + 2 * pdf.QR_QUIET
    assert pdf.layout_for(layout).qr / modules >= 0.5  # mm per module
