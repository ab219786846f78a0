"""One paginator for every list page: a fixed number of queries whatever the row count."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from sqlalchemy import Select, func, literal, select

from app.extensions import db


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_number() -> int:
    """The ``page`` query argument, clamped to a sane positive number."""
    raw = request.args.get("page", "1")
    return max(1, min(int(raw), 100_000)) if raw.isdigit() else 1


TOTAL = "page_total"  # the extra column of each row that carries the count


def written_in_sql(value):
    """``value`` written into the statement's SQL instead of sent beside it, for values of a
    few known kinds only (a page's LIMIT and OFFSET, a status): never text a user typed.

    PostgreSQL plans a statement whose values it does not know for the average case: an
    unknown LIMIT for a tenth of the rows, a plan so much dearer than a page's that it planned
    the review queue anew on every request (0.5 ms). With these values written in, it keeps
    one plan per value (issue 18)."""
    return literal(value, literal_execute=True)


def paginate(query: Select, *, per_page: int = 25, scalars: bool = True, count: Select | None = None) -> Page:
    """Run ``query`` for the requested page with its COUNT in the same statement: ``count``
    when given (a leaner statement over the same rows, e.g. without the joins only the page
    needs), else ``query``'s rows counted. The count is an uncorrelated scalar subquery,
    which SQLite and PostgreSQL compute once per statement: a list page costs one round trip,
    not two (issue 18). Only a page without rows past the first asks for the count alone.
    With ``scalars=False`` each row also carries the count, as its last column (``page_total``)."""
    page = page_number()
    if count is None:
        count = select(func.count()).select_from(query.order_by(None).subquery())
    limited = (
        query.add_columns(count.correlate(None).scalar_subquery().label(TOTAL))
        .limit(written_in_sql(per_page))
        .offset(written_in_sql((page - 1) * per_page))
    )
    result = db.session.execute(limited)
    rows = result.unique().all() if scalars else result.all()
    if rows:
        total = rows[0][-1]
    else:
        total = 0 if page == 1 else db.session.scalar(count) or 0
    items = [row[0] for row in rows] if scalars else rows
    return Page(items=items, page=page, per_page=per_page, total=total)
