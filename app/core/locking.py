"""Re-reading one row under a lock, for decisions two desks may take at the same moment."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db


def lock_row(model, ident):
    """The row of ``model`` with id ``ident``, re-read with its attributes refreshed and
    locked until the transaction ends (``FOR UPDATE`` on PostgreSQL; SQLite serialises write
    requests); None when it is gone. Queries of owned models stay scoped to the URL's event."""
    return db.session.scalar(
        select(model).where(model.id == ident).with_for_update().execution_options(populate_existing=True)
    )
