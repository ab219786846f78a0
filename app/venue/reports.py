"""The progress report ("Báo cáo tiến độ công tác trang trí khánh tiết") as XLSX and PDF.

Both carry the same numbers as the progress page: per unit, location and category,
then every task (XLSX) or every overdue task (PDF). The PDF embeds Be Vietnam Pro
(installed by pip from ``fontpkg-be-vietnam-pro``), so Vietnamese text is intact on
any machine without system fonts.
"""

from __future__ import annotations

import io
from datetime import datetime
from xml.sax.saxutils import escape

import fontpkg_be_vietnam_pro
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core.spreadsheets import Book
from app.core.timeutil import format_datetime, to_local
from app.events.services import current_event
from app.extensions import db
from app.venue.labels import priority_label, status_label
from app.venue.models import STATUSES, Task
from app.venue.progress import DIMENSIONS, ProgressRow, overall, progress_by
from app.venue.services import task_query

FONT = "BeVietnamPro"
FONT_BOLD = "BeVietnamPro-Bold"
FONT_FILES = {FONT: "BeVietnamPro-Regular.ttf", FONT_BOLD: "BeVietnamPro-Bold.ttf"}


def report_title() -> str:
    """The report's title in the current language."""
    return _("Progress report on decoration work")


def all_tasks() -> list[Task]:
    """Every task with its unit, location, category and person responsible, in one query."""
    return list(db.session.scalars(task_query().order_by(Task.due_at, Task.id)).unique())


def _summary_header(dimension_label: str) -> list[str]:
    return [
        dimension_label,
        _("Tasks"),
        *[status_label(s) for s in STATUSES],
        _("Overdue"),
        _("Verified (%)"),
    ]


def _summary_row(row: ProgressRow) -> list:
    return [str(row.name), row.total, *[row.counts[s] for s in STATUSES], row.overdue, row.percent]


def task_header() -> list[str]:
    """Columns of the task sheet."""
    return [
        _("No."),
        _("Task"),
        _("Quantity and specification"),
        _("Task category"),
        _("Location"),
        _("Member unit"),
        _("Person responsible"),
        _("Deadline"),
        _("Priority"),
        _("Status"),
        _("Overdue"),
    ]


def task_row(task: Task, now: datetime, number: int) -> list:
    """One task as report cells: ``number`` counts the rows (STT 1, 2, 3…); the deadline is
    a real date cell in local time."""
    return [
        number,
        task.title,
        task.amount,
        task.category.name,
        task.location.name,
        task.unit.name if task.unit else _("Not assigned"),
        task.assignee.full_name if task.assignee else "",
        to_local(task.due_at).replace(tzinfo=None, second=0, microsecond=0),
        priority_label(task.priority),
        status_label(task.status),
        _("Yes") if task.is_overdue(now) else "",
    ]


# ----------------------------------------------------------------------------- XLSX
def build_xlsx(now: datetime) -> bytes:
    """The report as an Excel workbook: a summary sheet and a sheet listing every task."""
    book = Book()
    summary = book.sheet(_("Summary"))
    summary.line(report_title(), bold=True, size=14)
    summary.line(current_event().name)
    summary.line(_("As of %(time)s", time=format_datetime(now)))
    summary.blank()
    summary.header(_summary_header(_("All tasks")))
    summary.row(_summary_row(overall(now)))
    for dimension, (_column, _model, label) in DIMENSIONS.items():
        summary.blank()
        summary.header(_summary_header(str(label)))
        for row in progress_by(dimension, now):
            summary.row(_summary_row(row))
    summary.widths((42, *[14] * 8))

    sheet = book.sheet(_("Tasks"))
    sheet.header(task_header())
    for number, task in enumerate(all_tasks(), start=1):
        sheet.row(task_row(task, now, number))
    sheet.widths((6, 40, 28, 22, 28, 32, 24, 17, 12, 22, 10))
    sheet.freeze_header()
    return book.to_bytes()


# ----------------------------------------------------------------------------- PDF
def register_fonts() -> None:
    """Register the embedded Vietnamese font with reportlab (once per process)."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, filename in FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(fontpkg_be_vietnam_pro.ROOT / "files" / filename)))


HEADER_CELL = ParagraphStyle("header-cell", fontName=FONT_BOLD, fontSize=8, leading=10)


def _table(data: list[list], widths: list[float], *, numeric_from: int = 1) -> Table:
    """A table whose header cells wrap inside their columns (long Vietnamese labels)."""
    header = [Paragraph(escape(str(c)), HEADER_CELL) if not isinstance(c, Paragraph) else c for c in data[0]]
    table = Table([header, *data[1:]], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2dcdb")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def build_pdf(now: datetime) -> bytes:
    """The report as an A4 landscape PDF: summary tables, then the overdue tasks."""
    register_fonts()
    title_style = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=4)
    heading = ParagraphStyle(
        "heading", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
    )
    normal = ParagraphStyle("normal", fontName=FONT, fontSize=9, leading=12)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=report_title(),
        author=current_event().name,
    )
    story = [
        Paragraph(report_title(), title_style),
        Paragraph(current_event().name, normal),
        Paragraph(_("As of %(time)s", time=format_datetime(now)), normal),
        Spacer(1, 4 * mm),
    ]
    widths = [80 * mm] + [21 * mm] * 8
    total = overall(now)
    story.append(_table([_summary_header(_("All tasks")), _summary_row(total)], widths))
    for dimension, (_column, _model, label) in DIMENSIONS.items():
        story.append(Paragraph(_("By %(dimension)s", dimension=str(label).lower()), heading))
        rows = [[Paragraph(r[0], cell), *r[1:]] for r in map(_summary_row, progress_by(dimension, now))]
        story.append(_table([_summary_header(str(label)), *rows], widths))
    overdue = [t for t in all_tasks() if t.is_overdue(now)]
    story.append(Paragraph(_("Overdue tasks (%(n)s)", n=len(overdue)), heading))
    if overdue:
        header = [_("Task"), _("Location"), _("Member unit"), _("Deadline"), _("Status")]
        rows = [
            [
                Paragraph(f"{t.title} — {t.amount}" if t.amount else t.title, cell),
                Paragraph(t.location.name, cell),
                Paragraph(t.unit.name if t.unit else _("Not assigned"), cell),
                format_datetime(t.due_at),
                status_label(t.status),
            ]
            for t in overdue
        ]
        story.append(_table([header, *rows], [95 * mm, 55 * mm, 60 * mm, 28 * mm, 30 * mm], numeric_from=5))
    else:
        story.append(Paragraph(_("No task is overdue."), normal))
    document.build(story)
    return buffer.getvalue()
