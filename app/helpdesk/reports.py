"""The help desk's report: first response and resolution times per category and congress day.

Days are the congress's local days (a request filed at 23:30 local time counts on that day,
whatever the UTC date). Times are in whole minutes; p50 and p90 are nearest-rank percentiles
of the requests that got a first response (or were solved), so a day with one request shows
that request's time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.spreadsheets import Book
from app.core.timeutil import to_local
from app.extensions import db
from app.helpdesk.models import CATEGORIES, HelpRequest
from app.helpdesk.services import CATEGORY_LABELS


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0.5 for the median), or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class ReportRow:
    """One (day, category) line of the report."""

    day: date
    category: str
    filed: int = 0
    first_response: list[float] = field(default_factory=list)  # minutes
    resolution: list[float] = field(default_factory=list)  # minutes
    open: int = 0

    @property
    def answered(self) -> int:
        return len(self.first_response)

    @property
    def solved(self) -> int:
        return len(self.resolution)

    def figures(self) -> dict[str, float | None]:
        return {
            "first_p50": percentile(self.first_response, 0.5),
            "first_p90": percentile(self.first_response, 0.9),
            "solved_p50": percentile(self.resolution, 0.5),
            "solved_p90": percentile(self.resolution, 0.9),
        }


def _minutes(start, end) -> float:
    return round((end - start).total_seconds() / 60, 1)


def build() -> list[ReportRow]:
    """Every (local day, category) with requests, in day order then category order."""
    rows: dict[tuple[date, str], ReportRow] = {}
    query = select(
        HelpRequest.created_at,
        HelpRequest.category,
        HelpRequest.first_response_at,
        HelpRequest.solved_at,
        HelpRequest.state,
    )
    for created_at, category, first_at, solved_at, state in db.session.execute(query):
        day = to_local(created_at).date()
        row = rows.get((day, category))
        if row is None:
            row = rows[(day, category)] = ReportRow(day, category)
        row.filed += 1
        if first_at is not None:
            row.first_response.append(_minutes(created_at, first_at))
        if state == "solved" and solved_at is not None:
            row.resolution.append(_minutes(created_at, solved_at))
        else:
            row.open += 1
    order = {name: n for n, name in enumerate(CATEGORIES)}
    return sorted(rows.values(), key=lambda r: (r.day, order.get(r.category, 99)))


def totals(rows: list[ReportRow]) -> list[ReportRow]:
    """One line per category over every day (the day field holds the first day)."""
    merged: dict[str, ReportRow] = {}
    for row in rows:
        total = merged.setdefault(row.category, ReportRow(row.day, row.category))
        total.filed += row.filed
        total.open += row.open
        total.first_response += row.first_response
        total.resolution += row.resolution
    order = {name: n for n, name in enumerate(CATEGORIES)}
    return sorted(merged.values(), key=lambda r: order.get(r.category, 99))


def columns() -> list[str]:
    return [
        _("Day"),
        _("Category"),
        _("Requests"),
        _("Answered"),
        _("First response p50 (min)"),
        _("First response p90 (min)"),
        _("Solved"),
        _("Resolution p50 (min)"),
        _("Resolution p90 (min)"),
        _("Still open"),
    ]


def _line(day_text, row: ReportRow) -> list:
    figures = row.figures()
    return [
        day_text,
        str(CATEGORY_LABELS.get(row.category, row.category)),
        row.filed,
        row.answered,
        figures["first_p50"],
        figures["first_p90"],
        row.solved,
        figures["solved_p50"],
        figures["solved_p90"],
        row.open,
    ]


def to_xlsx(rows: list[ReportRow]) -> bytes:
    """The report as a workbook (the shared spreadsheet writer): a sheet by day and category,
    one of totals per category."""
    book = Book()
    by_day = book.sheet(_("By day"))
    by_day.header(columns())
    for row in rows:
        by_day.row(_line(row.day, row))
    summary = book.sheet(_("Whole congress"))
    summary.header(columns())
    for row in totals(rows):
        summary.row(_line(_("All days"), row))
    for sheet in (by_day, summary):
        sheet.freeze_header()
        sheet.widths((12, 22, 10, 10, 16, 16, 10, 16, 16, 10))
    return book.to_bytes()
