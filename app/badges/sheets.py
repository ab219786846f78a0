"""A4 sheets of badges with cut marks, for the print room (see pdf.py for one badge)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.badges.pdf import INK, BadgeCard, Layout, draw_badge, layout_for, new_canvas


@dataclass(frozen=True)
class SheetGrid:
    """Where badges go on an A4 sheet."""

    columns: int
    rows: int
    gutter: float  # points
    x0: float
    y0: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


def sheet_grid(layout: Layout, page=A4, margin: float = 8 * mm, gutter: float = 6 * mm) -> SheetGrid:
    """As many badges per A4 page as fit, centred; gutters for cut marks when that costs no badge.

    A6 badges tile A4 exactly 2 × 2 with no gutter: their white inset carries the cut marks.
    """
    w, h = layout.width * mm, layout.height * mm
    pw, ph = page
    spaced = (
        int((pw - 2 * margin + gutter) // (w + gutter)),
        int((ph - 2 * margin + gutter) // (h + gutter)),
    )
    tight = (max(1, int(pw // w)), max(1, int(ph // h)))
    if spaced[0] * spaced[1] < tight[0] * tight[1]:
        (columns, rows), gutter = tight, 0.0
    else:
        columns, rows = spaced
    x0 = (pw - columns * w - (columns - 1) * gutter) / 2
    y0 = (ph - rows * h - (rows - 1) * gutter) / 2
    return SheetGrid(columns, rows, gutter, x0, y0)


def _cut_marks(canvas: Canvas, x: float, y: float, w: float, h: float, length: float, offset: float) -> None:
    """Short lines continuing each edge of a badge outwards from its four corners."""
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.3)
    for cx in (x, x + w):
        for cy in (y, y + h):
            sx = -1 if cx == x else 1
            sy = -1 if cy == y else 1
            canvas.line(cx + sx * offset, cy, cx + sx * (offset + length), cy)
            canvas.line(cx, cy + sy * offset, cx, cy + sy * (offset + length))


def sheet_pdf(cards: Iterable[BadgeCard], size: str = "a6", *, title: str = "Badges") -> tuple[bytes, int]:
    """A4 pages of badges with cut marks; returns (pdf bytes, number of badges)."""
    layout = layout_for(size)
    grid = sheet_grid(layout)
    w, h = layout.width * mm, layout.height * mm
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, title)
    mark_length = min(4 * mm, grid.gutter / 2 - 0.5 * mm) if grid.gutter else 3 * mm
    mark_offset = 0.5 * mm if grid.gutter else 0.0
    count = 0
    for card in cards:
        slot = count % grid.per_page
        if count and slot == 0:
            canvas.showPage()
        column, row = slot % grid.columns, slot // grid.columns
        x = grid.x0 + column * (w + grid.gutter)
        y = A4[1] - grid.y0 - (row + 1) * h - row * grid.gutter
        draw_badge(canvas, card, layout, x, y)
        _cut_marks(canvas, x, y, w, h, mark_length, mark_offset)
        count += 1
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), count
