"""The coverage report as an Excel workbook: summary per outlet, per day, and every piece.

Sheets: outlets × media with totals, days × media with totals, then the list of pieces
(the same filters as the page). Every text cell is stored as text, never as a formula,
because titles and outlet names are typed by users.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core.spreadsheets import Book, Sheet
from app.core.timeutil import format_date
from app.dashboard.coverage_report import CoverageFilters, CoverageSummary, medium_label
from app.dashboard.models import MEDIA, CoverageItem
from app.extensions import db


def _pivot(sheet: Sheet, first_header: str, rows, totals) -> None:
    sheet.header([first_header, *[medium_label(m) for m in MEDIA], _("Total")])
    for row in rows:
        sheet.row([row.key, *[row.counts[m] for m in MEDIA], row.total])
    sheet.row([_("Total"), *[totals.counts[m] for m in MEDIA], totals.total], bold=True)
    sheet.widths((40, *[14] * (len(MEDIA) + 1)))
    sheet.freeze_header(first_column=True)


def items_for(filters: CoverageFilters) -> list[CoverageItem]:
    """Every piece matching ``filters``, newest first, with its journalist (one query)."""
    query = filters.apply(select(CoverageItem)).options(joinedload(CoverageItem.journalist))
    return list(db.session.scalars(query.order_by(CoverageItem.published_on.desc(), CoverageItem.id.desc())))


def to_xlsx(report: CoverageSummary, items: list[CoverageItem]) -> bytes:
    """The workbook's bytes, written by the shared spreadsheet writer (text stays text)."""
    book = Book()
    _pivot(book.sheet(_("By outlet")), _("Media outlet"), report.by_outlet, report.totals)
    day_rows = [type(row)(format_date(row.key), row.counts) for row in report.by_day]
    _pivot(book.sheet(_("By day")), _("Date"), day_rows, report.totals)

    pieces = book.sheet(_("Pieces"))
    pieces.header([_("Date"), _("Media outlet"), _("Medium"), _("Title"), _("Link"), _("Journalist")])
    for item in items:
        pieces.row(
            [
                format_date(item.published_on),
                item.outlet,
                medium_label(item.medium),
                item.title,
                item.url,
                item.journalist.full_name if item.journalist else "",
            ]
        )
    pieces.widths((12, 32, 14, 60, 50, 28))
    pieces.freeze_header()
    return book.to_bytes()
