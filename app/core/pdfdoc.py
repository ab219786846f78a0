"""One PDF scaffold for every report (the venue's progress report, the closing report).

- One font registration: Be Vietnam Pro from the pip package ``fontpkg-be-vietnam-pro``, so
  Vietnamese text is intact on any machine without system fonts (the badges use it too).
- One table: header cells are paragraphs that wrap inside their columns (long Vietnamese
  labels such as "Đã xong, chờ nghiệm thu" never print over the next column), numbers
  right-aligned, an optional bold total row.
- One page: A4 (portrait or landscape) with the report's title, the congress's name and the
  time the figures were read, in the reader's language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import fontpkg_be_vietnam_pro
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core.timeutil import format_datetime

FONT = "BeVietnamPro"
FONT_BOLD = "BeVietnamPro-Bold"
FONT_FILES = {FONT: "BeVietnamPro-Regular.ttf", FONT_BOLD: "BeVietnamPro-Bold.ttf"}
HEADER_FILL = colors.HexColor("#f2dcdb")
GRID = colors.HexColor("#9e9e9e")


def font_path(name: str = FONT) -> str:
    """The TTF file of one of the two faces (also for Pillow's drawing of demo pictures)."""
    return str(Path(fontpkg_be_vietnam_pro.ROOT) / "files" / FONT_FILES[name])


def register_fonts() -> None:
    """Register the embedded Vietnamese font with reportlab (once per process)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name in FONT_FILES:
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, font_path(name)))


@dataclass(frozen=True)
class Styles:
    """The paragraph styles every report uses."""

    title: ParagraphStyle
    heading: ParagraphStyle
    normal: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle


STYLES = Styles(
    title=ParagraphStyle("report-title", fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=4),
    heading=ParagraphStyle(
        "report-heading", fontName=FONT_BOLD, fontSize=11.5, leading=14.5, spaceBefore=9, spaceAfter=4
    ),
    normal=ParagraphStyle("report-normal", fontName=FONT, fontSize=9.5, leading=12.5),
    cell=ParagraphStyle("report-cell", fontName=FONT, fontSize=8.5, leading=10.5),
    header_cell=ParagraphStyle("report-header-cell", fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
)


def text(value, style: ParagraphStyle | None = None) -> Paragraph:
    """User or label text as a wrapping paragraph (escaped: a name with ``<`` stays a name).
    reportlab resolves a paragraph's font when it is made, so the font is registered first."""
    register_fonts()
    return Paragraph(escape(str(value)), style or STYLES.cell)


def table(
    rows: Sequence[Sequence],
    widths: Sequence[float],
    *,
    numeric_from: int = 1,
    total_row: bool = False,
) -> Table:
    """A table whose first row is its header: header cells wrap inside their columns; columns
    from ``numeric_from`` on are right-aligned; ``total_row`` prints the last row in bold."""
    header = [cell if isinstance(cell, Paragraph) else text(cell, STYLES.header_cell) for cell in rows[0]]
    body = [
        [cell if isinstance(cell, Paragraph | int | float) else str(cell) for cell in row] for row in rows[1:]
    ]
    result = Table([header, *body], colWidths=list(widths), repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
    ]
    if total_row and len(rows) > 1:
        style.append(("FONT", (0, -1), (-1, -1), FONT_BOLD, 8.5))
    result.setStyle(TableStyle(style))
    return result


def build(title: str, event_name: str, as_of: datetime, story: list, *, wide: bool = False) -> bytes:
    """The report as A4 PDF bytes (landscape when ``wide``): the title, the congress, "As of …",
    then ``story`` (paragraphs, tables, spacers)."""
    register_fonts()
    buffer = io.BytesIO()
    margin = 12 * mm if wide else 15 * mm
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if wide else A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=13 * mm,
        bottomMargin=13 * mm,
        title=title,
        author=event_name,
    )
    heading = [
        text(title, STYLES.title),
        text(event_name, STYLES.normal),
        text(_("As of %(time)s", time=format_datetime(as_of)), STYLES.normal),
        Spacer(1, 4 * mm),
    ]
    document.build(heading + story)
    return buffer.getvalue()


__all__ = [
    "FONT",
    "FONT_BOLD",
    "STYLES",
    "Spacer",
    "build",
    "font_path",
    "mm",
    "register_fonts",
    "table",
    "text",
]
