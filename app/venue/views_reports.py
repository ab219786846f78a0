"""Progress per unit, location and category, and the progress report as XLSX and PDF."""

from __future__ import annotations

from flask import Response, render_template

from app.core.permissions import Permission, permission_required
from app.core.timeutil import to_local, utcnow
from app.venue import reports
from app.venue.blueprint import bp
from app.venue.progress import DIMENSIONS, overall, progress_by


@bp.route("/progress")
@permission_required(Permission.MANAGE_VENUE)
def progress():
    """How far each unit, location and category has come: bars with the numbers beside them."""
    now = utcnow()
    tables = [(key, label, progress_by(key, now)) for key, (_column, _model, label) in DIMENSIONS.items()]
    return render_template("venue/progress.html", total=overall(now), tables=tables, now=now)


def _filename(extension: str) -> str:
    return f"bao-cao-tien-do-khanh-tiet-{to_local(utcnow()):%Y%m%d-%H%M}.{extension}"


@bp.route("/report.xlsx")
@permission_required(Permission.MANAGE_VENUE)
def report_xlsx():
    """The progress report as an Excel workbook (summary and every task)."""
    data = reports.build_xlsx(utcnow())
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="{_filename("xlsx")}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/report.pdf")
@permission_required(Permission.MANAGE_VENUE)
def report_pdf():
    """The progress report as a PDF with the Vietnamese font embedded."""
    data = reports.build_pdf(utcnow())
    return Response(
        data,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{_filename("pdf")}"',
            "Cache-Control": "no-store",
        },
    )
