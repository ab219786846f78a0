"""The coverage report as an Excel workbook: summary per outlet, per day, and every piece.

Sheets: outlets × media with totals, days × media with totals, then the list of pieces
(the same filters as the page). Every text cell is stored as text, never as a formula,
because titles and outlet names are typed by users.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core.timeutil import format_date
from app.dashboard.coverage_report import CoverageFilters, CoverageSummary, medium_label
from app.dashboard.models import MEDIA, CoverageItem
from app.extensions import db


def _as_text(sheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _pivot(sheet, first_header: str, rows, totals) -> None:
    sheet.append([first_header, *[medium_label(m) for m in MEDIA], _("Total")])
    for row in rows:
        sheet.append([row.key, *[row.counts[m] for m in MEDIA], row.total])
    sheet.append([_("Total"), *[totals.counts[m] for m in MEDIA], totals.total])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 40
    for index in range(2, len(MEDIA) + 3):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = "B2"


def items_for(filters: CoverageFilters) -> list[CoverageItem]:
    """Every piece matching ``filters``, newest first, with its journalist (one query)."""
    query = filters.apply(select(CoverageItem)).options(joinedload(CoverageItem.journalist))
    return list(db.session.scalars(query.order_by(CoverageItem.published_on.desc(), CoverageItem.id.desc())))


def to_xlsx(report: CoverageSummary, items: list[CoverageItem]) -> bytes:
    """The workbook's bytes."""
    workbook = Workbook()
    outlets = workbook.active
    outlets.title = _("By outlet")[:31]
    _pivot(outlets, _("Media outlet"), report.by_outlet, report.totals)

    days = workbook.create_sheet(_("By day")[:31])
    day_rows = [type(row)(format_date(row.key), row.counts) for row in report.by_day]
    _pivot(days, _("Date"), day_rows, report.totals)

    pieces = workbook.create_sheet(_("Pieces")[:31])
    pieces.append([_("Date"), _("Media outlet"), _("Medium"), _("Title"), _("Link"), _("Journalist")])
    for item in items:
        pieces.append(
            [
                format_date(item.published_on),
                item.outlet,
                medium_label(item.medium),
                item.title,
                item.url,
                item.journalist.full_name if item.journalist else "",
            ]
        )
    for cell in pieces[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate((12, 32, 14, 60, 50, 28), start=1):
        pieces.column_dimensions[get_column_letter(index)].width = width
    pieces.freeze_panes = "A2"

    for sheet in workbook.worksheets:
        _as_text(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
