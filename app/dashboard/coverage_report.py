"""The coverage summary ("tổng hợp tình hình báo chí"): pieces per outlet, medium and day.

Two grouped queries, whatever the number of pieces: (outlet, medium) and (day, medium).
The page, the XLSX export, the dashboard block and the closing report all read these
functions, so they always show the same totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from app.core.text import fold, like_pattern
from app.dashboard.models import MEDIA, CoverageItem
from app.extensions import db

MEDIUM_LABELS = {
    "print": _l("Print press"),
    "online": _l("Online"),
    "tv": _l("Television"),
    "radio": _l("Radio"),
}


def medium_label(medium: str) -> str:
    """The medium's name in the current language."""
    return str(MEDIUM_LABELS.get(medium, medium))


@dataclass
class CoverageFilters:
    """Optional narrowing of the coverage list and report."""

    q: str = ""
    medium: str = ""
    outlet: str = ""
    start: date | None = None
    end: date | None = None  # inclusive

    def apply(self, query: Select) -> Select:
        """Add the chosen conditions to a query on CoverageItem."""
        if fold(self.q):
            query = query.where(CoverageItem.search_key.like(like_pattern(self.q), escape="\\"))
        if self.medium in MEDIA:
            query = query.where(CoverageItem.medium == self.medium)
        if self.outlet:
            query = query.where(CoverageItem.outlet == self.outlet)
        if self.start:
            query = query.where(CoverageItem.published_on >= self.start)
        if self.end:
            query = query.where(CoverageItem.published_on <= self.end)
        return query

    def as_args(self) -> dict:
        """The filters as query arguments (dates as dd/mm/yyyy), empty ones left out."""
        args = {"q": self.q, "medium": self.medium, "outlet": self.outlet}
        if self.start:
            args["start"] = self.start.strftime("%d/%m/%Y")
        if self.end:
            args["end"] = self.end.strftime("%d/%m/%Y")
        return {key: value for key, value in args.items() if value}


@dataclass
class Row:
    """Counts of one outlet or one day, per medium."""

    key: object
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEDIA, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class CoverageSummary:
    """Pieces per outlet and per day, each split by medium, with the totals."""

    by_outlet: list[Row]
    by_day: list[Row]
    totals: Row

    @property
    def total(self) -> int:
        return self.totals.total


def _grouped(column, filters: CoverageFilters) -> dict[object, Row]:
    query = filters.apply(
        select(column, CoverageItem.medium, func.count(CoverageItem.id)).group_by(column, CoverageItem.medium)
    )
    rows: dict[object, Row] = {}
    for key, medium, count in db.session.execute(query):
        rows.setdefault(key, Row(key)).counts[medium] = count
    return rows


def summary(filters: CoverageFilters | None = None) -> CoverageSummary:
    """The report: outlets by most pieces, days in date order, totals per medium (two queries)."""
    filters = filters or CoverageFilters()
    outlets = _grouped(CoverageItem.outlet, filters)
    days = _grouped(CoverageItem.published_on, filters)
    totals = Row("total")
    for row in outlets.values():
        for medium, count in row.counts.items():
            totals.counts[medium] += count
    return CoverageSummary(
        by_outlet=sorted(outlets.values(), key=lambda r: (-r.total, fold(r.key))),
        by_day=sorted(days.values(), key=lambda r: r.key),
        totals=totals,
    )


def totals_by_medium() -> Row:
    """Pieces per medium over everything logged (one query), for the dashboard block."""
    row = Row("total")
    for medium, count in db.session.execute(
        select(CoverageItem.medium, func.count(CoverageItem.id)).group_by(CoverageItem.medium)
    ):
        row.counts[medium] = count
    return row


def outlet_names() -> list[str]:
    """Every outlet that has pieces, alphabetically (for the filter)."""
    names = db.session.scalars(select(CoverageItem.outlet).distinct()).all()
    return sorted(names, key=fold)
