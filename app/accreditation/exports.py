"""CSV and XLSX exports of the desk's filtered list.

Format (version 1; raise ``EXPORT_VERSION`` when columns change): one row per
application, the columns of :data:`COLUMNS`, dates as dd/mm/yyyy and times in the
event's time zone. The CSV is UTF-8 with a byte-order mark so Excel shows Vietnamese
text as written; cells that a spreadsheet would run as a formula are prefixed with an
apostrophe.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from app.accreditation.models import Application
from app.accreditation.validation import CATEGORY_LABELS, LEVEL_LABELS, STATUS_LABELS
from app.core.spreadsheets import Book, csv_bytes
from app.core.timeutil import format_date, format_datetime

EXPORT_VERSION = 1


def columns() -> list[str]:
    """Column headings, in the reader's language."""
    return [
        _("No."),
        _("Full name"),
        _("Date of birth"),
        _("National ID (CCCD)"),
        _("Press card number"),
        _("Media organisation"),
        _("Level"),
        _("Work category"),
        _("Position"),
        _("Phone"),
        _("E-mail"),
        _("Zones"),
        _("Status"),
        _("Submitted"),
        _("Decided"),
    ]


def row_of(application: Application) -> list:
    """One application as export cells (plain strings and numbers)."""
    return [
        application.id,
        application.full_name,
        format_date(application.date_of_birth),
        application.national_id,
        application.press_card_number or "",
        application.organisation.name,
        str(LEVEL_LABELS.get(application.organisation.level, application.organisation.level)),
        str(CATEGORY_LABELS.get(application.category, application.category)),
        application.position,
        application.phone,
        application.email,
        ",".join(zone.code for zone in application.zones),
        str(STATUS_LABELS.get(application.status, application.status)),
        format_datetime(application.submitted_at),
        format_datetime(application.decided_at),
    ]


def to_csv(applications: Iterable[Application]) -> bytes:
    """The list as CSV, UTF-8 with BOM (Excel then reads the Vietnamese correctly)."""
    return csv_bytes(columns(), (row_of(application) for application in applications))


def to_xlsx(applications: Iterable[Application]) -> bytes:
    """The list as an Excel workbook; every text cell stays text (never a formula)."""
    book = Book()
    sheet = book.sheet(_("Applications"))
    sheet.header(columns())
    for application in applications:
        sheet.row(row_of(application))
    sheet.widths((6, 28, 12, 15, 14, 32, 14, 16, 18, 15, 28, 14, 18, 17, 17))
    sheet.freeze_header()
    return book.to_bytes()
