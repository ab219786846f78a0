"""The progress report ("Báo cáo tiến độ công tác trang trí khánh tiết") as XLSX and PDF.

Both carry the same numbers as the progress page: per unit, location and category,
then every task (XLSX) or every overdue task (PDF). Both are written by the
shared writers in app/core (``spreadsheets`` and ``pdfdoc``).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app.core import pdfdoc
from app.core.pdfdoc import STYLES, mm
from app.core.spreadsheets import Book
from app.core.timeutil import format_datetime, to_local
from app.events.services import current_event
from app.extensions import db
from app.venue.labels import priority_label, status_label
from app.venue.models import STATUSES, Task
from app.venue.progress import DIMENSIONS, ProgressRow, overall, progress_by
from app.venue.services import task_query


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
def build_pdf(now: datetime) -> bytes:
    """The report as an A4 landscape PDF on the shared scaffold (app/core/pdfdoc.py): summary
    tables, then the overdue tasks."""
    widths = [80 * mm] + [21 * mm] * 8
    story = [pdfdoc.table([_summary_header(_("All tasks")), _summary_row(overall(now))], widths)]
    for dimension, (_column, _model, label) in DIMENSIONS.items():
        story.append(pdfdoc.text(_("By %(dimension)s", dimension=str(label).lower()), STYLES.heading))
        rows = [[pdfdoc.text(r[0]), *r[1:]] for r in map(_summary_row, progress_by(dimension, now))]
        story.append(pdfdoc.table([_summary_header(str(label)), *rows], widths))
    overdue = [t for t in all_tasks() if t.is_overdue(now)]
    story.append(pdfdoc.text(_("Overdue tasks (%(n)s)", n=len(overdue)), STYLES.heading))
    if overdue:
        header = [_("Task"), _("Location"), _("Member unit"), _("Deadline"), _("Status")]
        rows = [
            [
                pdfdoc.text(f"{t.title} — {t.amount}" if t.amount else t.title),
                pdfdoc.text(t.location.name),
                pdfdoc.text(t.unit.name if t.unit else _("Not assigned")),
                format_datetime(t.due_at),
                status_label(t.status),
            ]
            for t in overdue
        ]
        widths = [95 * mm, 55 * mm, 60 * mm, 28 * mm, 30 * mm]
        story.append(pdfdoc.table([header, *rows], widths, numeric_from=5))
    else:
        story.append(pdfdoc.text(_("No task is overdue."), STYLES.normal))
    return pdfdoc.build(report_title(), current_event().name, now, story, wide=True)
