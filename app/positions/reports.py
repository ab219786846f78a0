"""The fairness report as a workbook (the project's one spreadsheet writer, app/core/spreadsheets)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.core.eventinfo import current as current_event
from app.core.spreadsheets import Book, percent
from app.core.timeutil import format_datetime, utcnow
from app.positions.services import POSITION_KIND_LABELS, FairnessRow


def fairness_xlsx(rows: list[FairnessRow]) -> bytes:
    """One sheet: outlet, kind, requested, given, share given, waitlisted, moved up, released, no-shows."""
    book = Book()
    sheet = book.sheet(_("Fairness"))
    event = current_event()
    sheet.line(_("Positions in the hall: fairness report"), bold=True, size=13)
    sheet.line(event.name if event else "")
    sheet.line(_("Made %(when)s", when=format_datetime(utcnow())))
    sheet.blank()
    sheet.header(
        [
            _("Outlet"),
            _("Kind of position"),
            _("Places requested"),
            _("Places given"),
            _("Places given (%)"),
            _("Waitlisted"),
            _("Moved up from the waitlist"),
            _("Released (not confirmed)"),
            _("No-shows"),
        ]
    )
    for row in rows:
        sheet.row(
            [
                row.outlet,
                POSITION_KIND_LABELS[row.kind],
                row.requested,
                row.given,
                percent(row.given, row.requested),
                row.waitlisted,
                row.moved_up,
                row.released,
                row.no_shows,
            ]
        )
    sheet.widths([36, 22, 12, 10, 10, 12, 14, 14, 10])
    sheet.freeze_header(5)
    return book.to_bytes()
