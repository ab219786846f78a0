"""Badge PDFs: how one badge is drawn, and a badge alone on a page of its size.

A badge is drawn from a :class:`BadgeCard` (plain data), so the drawing never touches
the database. Two printed sizes exist: ``a6`` (105 × 148 mm) and ``card`` (CR80,
54 × 85.6 mm), both portrait, chosen by the ``BADGE_SIZE`` setting.

Speed (DESIGN §8): photos are already resized at upload and embedded as they are
(JPEG pass-through, no re-encoding), ASCII85 is off, the QR code has a fixed mask
pattern (qrcode otherwise tries all eight in pure Python, ~5 ms a code) and a fixed
version, and it is drawn as a handful of vector rectangles (crisp at any printer
resolution). Text is set in Be Vietnam Pro, embedded (subset) from the
``fontpkg-be-vietnam-pro`` pip package, so Vietnamese prints with its diacritics on
any machine without system fonts.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_H
from reportlab import rl_config
from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from app.core.pdfdoc import FONT, FONT_BOLD, register_fonts

# Binary streams: ASCII85 only inflates the file and costs time (DESIGN §8).
rl_config.useA85 = 0

QR_MASK_PATTERN = 2  # fixed: any of the 8 decodes; searching for the "best" one is slow
# Level H (almost a third of the code may be smudged, folded or glared) at version 4: 33×33
# modules, 34 bytes, enough for "PC1:<code>:<22-char token>" with a code of up to 7
# characters (a longer one takes the next version). With the 4-module quiet zone a module
# is 0.59 mm on the credit-card badge and 1.1 mm on A6.
QR_VERSION = 4
QR_CAPACITY = 34
QR_QUIET = 4  # modules of white around the code, the minimum the QR standard asks for
PARTY_RED = HexColor("#b3141b")
GOLD = HexColor("#ffd54f")
INK = HexColor("#1a1a1a")
GREY = HexColor("#6b6b6b")
PLACEHOLDER = HexColor("#c9c9c9")


@dataclass(frozen=True)
class Layout:
    """Dimensions of one printed size (millimetres, points for fonts)."""

    width: float
    height: float
    inset: float  # white safe margin: printers' unprintable edges and cut marks stay in it
    header: float
    gap: float
    photo_width: float
    qr: float
    band: float
    event_font: float
    title_font: float
    name_font: float
    org_font: float
    band_font: float
    small_font: float
    serial_font: float


LAYOUTS = {
    "a6": Layout(
        width=105,
        height=148,
        inset=5,
        header=24,
        gap=3,
        photo_width=42,
        qr=46,
        band=11,
        event_font=9.5,
        title_font=8,
        name_font=16,
        org_font=11,
        band_font=12,
        small_font=8,
        serial_font=10,
    ),
    "card": Layout(
        width=54,
        height=85.6,
        inset=2.5,
        header=13,
        gap=1.6,
        photo_width=22,
        qr=24,
        band=6.5,
        event_font=5.4,
        title_font=4.6,
        name_font=9,
        org_font=6.8,
        band_font=7,
        small_font=5,
        serial_font=6,
    ),
}


@dataclass(frozen=True)
class BadgeCard:
    """Everything printed on one badge."""

    event_name: str
    full_name: str
    organisation: str
    category_words: str  # the category in words: the colour band is never the only signal
    colour: str
    zones: Sequence[str]
    valid_from: date
    valid_until: date
    serial: str
    version: int
    payload: str
    photo_path: Path | None
    void_label: str | None = None  # printed across a superseded or revoked version
    zone_legend: str = ""  # the zones' names: "PC Trung tâm báo chí · HT Hội trường"
    labels: dict[str, str] | None = None  # "title", "zones", "valid", "version", "no_photo"


def layout_for(size: str) -> Layout:
    """The layout of a size name; unknown names fall back to A6."""
    return LAYOUTS.get((size or "a6").lower(), LAYOUTS["a6"])


# ----------------------------------------------------------------------------- QR
def qr_modules(payload: str) -> list[list[bool]]:
    """The QR matrix of a payload (level H, fixed version and mask; no quiet zone)."""
    code = qrcode.QRCode(
        version=QR_VERSION, error_correction=ERROR_CORRECT_H, border=0, mask_pattern=QR_MASK_PATTERN
    )
    code.add_data(payload, optimize=0)
    # QR_VERSION holds QR_CAPACITY bytes; only an unusually long event code needs a bigger one.
    code.make(fit=len(payload.encode("utf-8")) > QR_CAPACITY)
    return code.modules


def _draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR code in a ``size`` square whose lower-left corner is (x, y), with a quiet zone."""
    modules = qr_modules(payload)
    count = len(modules)
    quiet = QR_QUIET  # white around the code inside the square, clear of cut marks and text
    cell = size / (count + 2 * quiet)
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    path = canvas.beginPath()
    left = x + quiet * cell
    top = y + size - quiet * cell
    for row_index, row in enumerate(modules):
        column = 0
        while column < count:
            if row[column]:
                start = column
                while column < count and row[column]:
                    column += 1
                # one rectangle per horizontal run of dark modules
                path.rect(left + start * cell, top - (row_index + 1) * cell, (column - start) * cell, cell)
            else:
                column += 1
    canvas.setFillColor(INK)
    canvas.drawPath(path, stroke=0, fill=1)


# ----------------------------------------------------------------------------- text
def _fit_lines(text: str, font: str, size: float, width: float, max_lines: int, min_size: float):
    """Wrap ``text`` into at most ``max_lines`` lines, shrinking the font down to ``min_size``."""
    while True:
        lines = simpleSplit(text, font, size, width) or [""]
        if len(lines) <= max_lines or size <= min_size:
            return lines[:max_lines], size
        size = max(min_size, size - 0.5)


def _centred_lines(canvas, lines, font, size, cx, top, leading=1.18):
    """Draw centred lines downwards from ``top``; returns the y below the last line."""
    canvas.setFont(font, size)
    y = top
    for line in lines:
        y -= size * leading
        canvas.drawCentredString(cx, y + size * 0.22, line)
    return y


def _dmy(value: date) -> str:
    return value.strftime("%d/%m/%Y")


# ----------------------------------------------------------------------------- one badge
def draw_badge(canvas: Canvas, card: BadgeCard, layout: Layout, x: float = 0, y: float = 0) -> None:
    """Draw one badge with its lower-left corner at (x, y) (points)."""
    labels = card.labels or {}
    w, h = layout.width * mm, layout.height * mm
    inset, gap = layout.inset * mm, layout.gap * mm
    left, right, top, bottom = x + inset, x + w - inset, y + h - inset, y + inset
    inner = right - left
    cx = x + w / 2

    # Header: event name and the kind of badge, on the party red.
    header = layout.header * mm
    canvas.setFillColor(PARTY_RED)
    canvas.rect(left, top - header, inner, header, stroke=0, fill=1)
    canvas.setFillColor(white)
    lines, size = _fit_lines(
        card.event_name, FONT_BOLD, layout.event_font, inner - 2 * gap, 3, layout.event_font * 0.7
    )
    text_top = top - gap * 0.6
    text_bottom = _centred_lines(canvas, lines, FONT_BOLD, size, cx, text_top, leading=1.15)
    canvas.setFillColor(GOLD)
    title = labels.get("title", "")
    title_lines, title_size = _fit_lines(title, FONT_BOLD, layout.title_font, inner - gap, 1, 3)
    _centred_lines(canvas, title_lines, FONT_BOLD, title_size, cx, min(text_bottom, top - header * 0.62))

    # Photo (3:4) on the left, QR on the right, serial under the QR.
    photo_w = layout.photo_width * mm
    photo_h = photo_w * 4 / 3
    photo_top = top - header - gap
    photo_x = left + gap * 0.5
    if card.photo_path is not None:
        canvas.drawImage(
            str(card.photo_path),
            photo_x,
            photo_top - photo_h,
            photo_w,
            photo_h,
            preserveAspectRatio=True,
            anchor="c",
        )
    else:
        canvas.setFillColor(PLACEHOLDER)
        canvas.rect(photo_x, photo_top - photo_h, photo_w, photo_h, stroke=0, fill=1)
        canvas.setFillColor(white)
        canvas.circle(photo_x + photo_w / 2, photo_top - photo_h * 0.38, photo_w * 0.2, stroke=0, fill=1)
        canvas.setFillColor(GREY)
        words, words_size = _fit_lines(
            labels.get("no_photo", ""), FONT, layout.small_font, photo_w - gap, 2, 3
        )
        _centred_lines(canvas, words, FONT, words_size, photo_x + photo_w / 2, photo_top - photo_h * 0.7)
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.4)
    canvas.rect(photo_x, photo_top - photo_h, photo_w, photo_h, stroke=1, fill=0)

    qr_size = layout.qr * mm
    qr_x = right - qr_size
    _draw_qr(canvas, card.payload, qr_x, photo_top - qr_size, qr_size)
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, layout.serial_font)
    serial_y = photo_top - qr_size - layout.serial_font * 1.05
    canvas.drawCentredString(qr_x + qr_size / 2, serial_y, card.serial)
    canvas.setFont(FONT, layout.small_font)
    version_y = serial_y - layout.small_font * 1.2
    canvas.drawCentredString(qr_x + qr_size / 2, version_y, f"{labels.get('version', 'v')} {card.version}")

    # Bottom, from the edge up: valid days, zones, category band.
    canvas.setFillColor(INK)
    canvas.setFont(FONT, layout.small_font)
    valid = f"{labels.get('valid', '')} {_dmy(card.valid_from)} – {_dmy(card.valid_until)}"
    canvas.drawCentredString(cx, bottom + layout.small_font * 0.4, valid)

    zones_y = bottom + layout.small_font * 1.9
    _draw_zones(canvas, card.zones, labels.get("zones", ""), layout, cx, zones_y, inner)

    band = layout.band * mm
    band_y = zones_y + layout.band_font * 1.9
    canvas.setFillColor(HexColor(card.colour))
    canvas.rect(left, band_y, inner, band, stroke=0, fill=1)
    canvas.setFillColor(white)
    band_lines, band_size = _fit_lines(
        card.category_words.upper(), FONT_BOLD, layout.band_font, inner - gap, 1, 4
    )
    canvas.setFont(FONT_BOLD, band_size)
    canvas.drawCentredString(cx, band_y + band / 2 - band_size * 0.36, band_lines[0])

    # What the zone codes mean, just above the band (a guard reads "HT", a journalist
    # needs "Hội trường").
    if card.zone_legend:
        legend_lines, legend_size = _fit_lines(
            card.zone_legend, FONT, layout.small_font, inner, 2, layout.small_font * 0.75
        )
        canvas.setFillColor(INK)
        canvas.setFont(FONT, legend_size)
        line_y = band_y + band + gap * 0.4 + legend_size * 0.3
        for line in reversed(legend_lines):
            canvas.drawCentredString(cx, line_y, line)
            line_y += legend_size * 1.18

    # Name and organisation between the photo and the band.
    canvas.setFillColor(INK)
    name_top = min(photo_top - photo_h, version_y - layout.small_font * 0.3) - gap * 0.6
    name_lines, name_size = _fit_lines(
        card.full_name, FONT_BOLD, layout.name_font, inner, 2, layout.name_font * 0.6
    )
    below = _centred_lines(canvas, name_lines, FONT_BOLD, name_size, cx, name_top)
    org_lines, org_size = _fit_lines(
        card.organisation, FONT, layout.org_font, inner, 2, layout.org_font * 0.7
    )
    _centred_lines(canvas, org_lines, FONT, org_size, cx, below - gap * 0.3)

    if card.void_label:
        _draw_void(canvas, card.void_label, x, y, w, h)


def _draw_zones(canvas, zones, label, layout, cx, y, width) -> None:
    """Zone codes in outlined boxes after their label, centred on one line."""
    size = layout.small_font * 1.25
    canvas.setFont(FONT, layout.small_font)
    label_w = canvas.stringWidth(label + " ", FONT, layout.small_font)
    pad = size * 0.35
    boxes = [(code, canvas.stringWidth(code, FONT_BOLD, size) + 2 * pad) for code in zones] or [("—", size)]
    total = label_w + sum(b[1] for b in boxes) + pad * (len(boxes) - 1)
    x = cx - min(total, width) / 2
    canvas.setFillColor(INK)
    canvas.drawString(x, y, label)
    x += label_w
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.6)
    canvas.setFont(FONT_BOLD, size)
    for code, box_w in boxes:
        canvas.rect(x, y - size * 0.3, box_w, size * 1.25, stroke=1, fill=0)
        canvas.drawString(x + pad, y, code)
        x += box_w + pad


def _draw_void(canvas, label, x, y, w, h) -> None:
    """A diagonal stamp on a version that no longer opens any gate (staff previews only)."""
    diagonal = math.hypot(w, h)
    size = 0.8 * diagonal / max(1.0, pdfmetrics.stringWidth(label, FONT_BOLD, 1))
    canvas.saveState()
    canvas.translate(x + w / 2, y + h / 2)
    canvas.rotate(math.degrees(math.atan2(h, w)))
    canvas.setFont(FONT_BOLD, size)
    canvas.setFillColor(PARTY_RED)
    canvas.setFillAlpha(0.7)
    canvas.drawCentredString(0, -size / 3, label)
    canvas.restoreState()


# ----------------------------------------------------------------------------- documents
def new_canvas(buffer, pagesize, title: str) -> Canvas:
    register_fonts()
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1, initialFontName=FONT)
    canvas.setTitle(title)
    canvas.setCreator("Press centre")
    return canvas


def badge_pdf(card: BadgeCard, size: str = "a6") -> bytes:
    """One badge on a page of its own printed size."""
    layout = layout_for(size)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (layout.width * mm, layout.height * mm), f"{card.serial} v{card.version}")
    draw_badge(canvas, card, layout)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
