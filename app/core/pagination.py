"""One paginator for every list page: a fixed number of queries whatever the row count."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from sqlalchemy import Select, func, select

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


def paginate(query: Select, *, per_page: int = 25, scalars: bool = True, count: Select | None = None) -> Page:
    """Run ``query`` for the requested page plus one COUNT: ``count`` when given (a leaner
    statement over the same rows, e.g. without the joins only the page needs), else
    ``query``'s rows counted."""
    page = page_number()
    if count is None:
        count = select(func.count()).select_from(query.order_by(None).subquery())
    total = db.session.scalar(count) or 0
    limited = query.limit(per_page).offset((page - 1) * per_page)
    result = db.session.execute(limited)
    items = list(result.unique().scalars() if scalars else result.all())
    return Page(items=items, page=page, per_page=per_page, total=total)
