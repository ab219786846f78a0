"""One spreadsheet writer for every report and export (XLSX and CSV).

- Text is always text. In a workbook every text cell is stored as a string cell, so
  ``=HYPERLINK(…)`` typed as a name is shown as written and never run. In a CSV, which has no
  types, a cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
  return) gets a leading apostrophe (CSV/formula injection), except a phone number such as
  ``+84912345678``.
- Dates and times are real date cells (sortable, filterable) shown as dd/mm/yyyy [HH:MM].
- Percentages are whole numbers rounded half up (4 of 6 is 67, not 66).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")


def safe_text(value):
    """Neutralise text a spreadsheet would treat as a formula; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        if value[0] in "+-" and value[1:].isdigit():
            return value  # a phone number or a signed count runs nothing
        return "'" + value
    return value


def percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` in whole per cent, rounded half up (4 of 6 is 67); 0 of 0 is 0.
    Only all of it is 100 and only none of it is 0 (199 of 200 is 99, 1 of 300 is 1)."""
    if not whole:
        return 0
    value = int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return min(max(value, 1), 99) if 0 < part < whole else value


class Sheet:
    """One worksheet: ``header`` and ``row`` write typed, guarded cells."""

    def __init__(self, worksheet):
        self.worksheet = worksheet

    def _append(self, values: list) -> list:
        """Append a row and return its cells. (``worksheet.max_row`` scans every cell written so
        far: reading it per row made a 2,000-row sheet quadratic, seconds instead of a fraction.)"""
        self.worksheet.append(values)
        number = self.worksheet._current_row  # noqa: SLF001 - the row append just wrote
        return [self.worksheet.cell(row=number, column=i) for i in range(1, len(values) + 1)]

    def line(self, *cells, bold: bool = False, size: float | None = None) -> None:
        """A line of free text above a table (a title, the congress, the time of the report)."""
        written = self._append([str(cell) for cell in cells])
        for cell in written:
            cell.data_type = "s"
            if bold or size:
                cell.font = Font(bold=bold, size=size)

    def header(self, cells: Sequence) -> None:
        for cell in self._append([str(cell) for cell in cells]):
            cell.data_type = "s"
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def row(self, cells: Iterable, *, bold: bool = False) -> None:
        """A row of typed cells: text stays text, dates are date cells; ``bold`` for a total."""
        values = []
        for value in cells:
            if value is not None and not isinstance(value, str | int | float | date | Decimal):
                value = str(value)  # lazy translated strings and labels
            values.append(value)
        for cell in self._append(values):
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = "s"
            if bold:
                cell.font = Font(bold=True)

    def blank(self) -> None:
        self.worksheet.append([])

    def widths(self, widths: Sequence[float]) -> None:
        for index, width in enumerate(widths, start=1):
            self.worksheet.column_dimensions[get_column_letter(index)].width = width

    def freeze_header(self, row: int = 1, *, first_column: bool = False) -> None:
        """Keep the header (and with ``first_column`` the first column) in view while scrolling."""
        self.worksheet.freeze_panes = f"{'B' if first_column else 'A'}{row + 1}"


class Book:
    """A workbook of one or more sheets, saved to bytes."""

    def __init__(self):
        self.workbook = Workbook()
        self._first = True

    def sheet(self, title: str) -> Sheet:
        title = str(title)[:31]
        if self._first:
            self._first = False
            worksheet = self.workbook.active
            worksheet.title = title
        else:
            worksheet = self.workbook.create_sheet(title)
        return Sheet(worksheet)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.workbook.save(out)
        return out.getvalue()


def csv_bytes(header: Sequence, rows: Iterable[Iterable]) -> bytes:
    """A CSV export: UTF-8 with a BOM (spreadsheet programs then read Vietnamese correctly),
    every cell through the formula guard."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_text(str(cell)) for cell in header])
    for row in rows:
        writer.writerow(
            [safe_text(cell if isinstance(cell, str) or cell is None else str(cell)) for cell in row]
        )
    return out.getvalue().encode("utf-8-sig")
