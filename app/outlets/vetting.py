"""Security vetting (thẩm định): export the approved people to vet, import the results.

The export lists every approved application of the congress not vetted yet, in the agreed
layout (name, date of birth, CCCD, outlet, position, category, photo reference), and marks
them "in vetting". The import matches result rows by CCCD to applications in vetting; an
unknown CCCD, a CCCD twice in the file, a person not sent for vetting or an unreadable
result refuses the whole file with a report, and nothing is written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accreditation import sheets
from app.accreditation.models import Application
from app.accreditation.outlet_models import VettingRecord
from app.accreditation.validation import CATEGORY_LABELS
from app.core import audit
from app.core.outbox import queue_email
from app.core.spreadsheets import Book
from app.core.text import fold
from app.core.timeutil import utcnow
from app.core.uploads import UploadError
from app.events.services import scoped
from app.extensions import db

EXPORT_HEADERS = (
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Số CCCD",
    "Cơ quan báo chí",
    "Chức vụ",
    "Loại công việc",
    "Mã ảnh",
)
RESULT_HEADERS = ("Số CCCD", "Kết quả", "Số văn bản")
CLEARED_WORDS = {"dat", "cleared", "thong qua", "dong y", "x"}
NOT_CLEARED_WORDS = {"khong dat", "not cleared", "khong thong qua", "khong dong y"}
MAX_BYTES = 5 * 1024 * 1024


def to_vet() -> list[Application]:
    """Approved applications of this congress with no vetting record yet."""
    return list(
        db.session.scalars(
            scoped(Application)
            .options(joinedload(Application.organisation))
            .where(
                Application.status == "approved",
                ~select(VettingRecord.id).where(VettingRecord.application_id == Application.id).exists(),
            )
            .order_by(Application.organisation_id, Application.full_name, Application.id)
        ).unique()
    )


def in_vetting() -> list[Application]:
    return list(
        db.session.scalars(
            scoped(Application)
            .options(joinedload(Application.organisation))
            .join(VettingRecord, VettingRecord.application_id == Application.id)
            .where(VettingRecord.status == "in_vetting")
            .order_by(Application.full_name)
        ).unique()
    )


def photo_reference(application: Application) -> str:
    """What names the person's photo for the vetting office: the file under the photo folder, by CCCD."""
    return f"{application.national_id}.jpg" if application.photo_key else ""


def export_xlsx(applications: list[Application]) -> bytes:
    book = Book()
    sheet = book.sheet("Tham dinh")
    sheet.header(EXPORT_HEADERS)
    for number, a in enumerate(applications, start=1):
        sheet.row(
            [
                number,
                a.full_name,
                a.date_of_birth,
                a.national_id,
                a.organisation.name if a.organisation else "",
                a.position,
                str(CATEGORY_LABELS.get(a.category, a.category)),
                photo_reference(a),
            ]
        )
    sheet.widths((6, 28, 12, 16, 30, 20, 18, 18))
    sheet.freeze_header()
    return book.to_bytes()


def mark_sent(applications: list[Application], actor) -> int:
    """The exported people are in vetting from now on (one audit event for the batch)."""
    now = utcnow()
    for a in applications:
        db.session.add(
            VettingRecord(application_id=a.id, status="in_vetting", exported_at=now, exported_by_id=actor.id)
        )
    db.session.flush()
    if applications:
        audit.record(
            "vetting.export",
            None,
            actor=actor,
            details={"count": len(applications), "ids": [a.id for a in applications][:500]},
        )
    return len(applications)


@dataclass
class ImportReport:
    cleared: int = 0
    not_cleared: int = 0
    problems: list[str] = field(default_factory=list)


def _result(cell) -> str | None:
    key = fold(sheets.cell_text(cell))
    if key in CLEARED_WORDS:
        return "cleared"
    if key in NOT_CLEARED_WORDS:
        return "not_cleared"
    return None


def read_results(data: bytes) -> list[tuple[int, str, str | None, str]]:
    """(row, CCCD, result or None, reference) from the office's results file; raises UploadError."""
    if len(data) > MAX_BYTES:
        raise UploadError(_("The file is too large (at most %(mb)s MB).", mb=MAX_BYTES // (1024 * 1024)))
    if not data.startswith(b"PK"):
        raise UploadError(_("Upload the vetting results as an Excel (XLSX) file."))
    sheets._check_archive(data, max_entries=200)  # noqa: SLF001 - the one ZIP safety check
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    except Exception:  # noqa: BLE001
        raise UploadError(_("This file is not a valid Excel (XLSX) workbook.")) from None
    if not rows:
        raise UploadError(_("The file is empty."))
    header = [fold(sheets.cell_text(c)) for c in rows[0]]
    try:
        columns = [header.index(fold(h)) for h in RESULT_HEADERS]
    except ValueError:
        raise UploadError(
            _(
                "The results file needs the columns %(headers)s in its first row.",
                headers=", ".join(RESULT_HEADERS),
            )
        ) from None
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        values = [cells[i] if i < len(cells) else None for i in columns]
        national_id = values[0]
        if isinstance(national_id, int | float) and not isinstance(national_id, bool):
            national_id = str(int(national_id)).zfill(12)
        out.append(
            (
                number,
                sheets.cell_text(national_id).replace(" ", ""),
                _result(values[1]),
                sheets.cell_text(values[2])[:64],
            )
        )
    if not out:
        raise UploadError(_("The results file has no rows."))
    return out


def import_results(data: bytes, actor) -> ImportReport:
    """Check every row, then write all results or none. Raises UploadError for an unreadable file;
    a report with problems means nothing was written."""
    rows = read_results(data)
    report = ImportReport()
    ids = [national_id for _n, national_id, _r, _ref in rows]
    apps = {
        a.national_id: a
        for a in db.session.scalars(scoped(Application).where(Application.national_id.in_(ids or ["-"])))
    }
    records = {
        r.application_id: r
        for r in db.session.scalars(
            scoped(VettingRecord).where(
                VettingRecord.application_id.in_([a.id for a in apps.values()] or [0])
            )
        )
    }
    seen: dict[str, int] = {}
    for number, national_id, result, reference in rows:
        if national_id in seen:
            report.problems.append(
                _(
                    "Row %(row)s: CCCD %(id)s is also on row %(other)s: which result holds is ambiguous.",
                    row=number,
                    id=national_id,
                    other=seen[national_id],
                )
            )
            continue
        seen[national_id] = number
        application = apps.get(national_id)
        if application is None:
            report.problems.append(
                _("Row %(row)s: no one with CCCD %(id)s in this congress.", row=number, id=national_id or "—")
            )
            continue
        record = records.get(application.id)
        if record is None or record.status != "in_vetting":
            report.problems.append(
                _(
                    "Row %(row)s: %(name)s (CCCD %(id)s) was not sent for vetting or already has a result.",
                    row=number,
                    name=application.full_name,
                    id=national_id,
                )
            )
            continue
        if result is None:
            report.problems.append(
                _("Row %(row)s: the result must be “Đạt” (cleared) or “Không đạt” (not cleared).", row=number)
            )
        elif not reference:
            report.problems.append(_("Row %(row)s: the reference number is missing.", row=number))
    if report.problems:
        return report
    now = utcnow()
    for _number, national_id, result, reference in rows:
        application = apps[national_id]
        record = records[application.id]
        record.status, record.reference, record.decided_at, record.decided_by_id = (
            result,
            reference,
            now,
            actor.id,
        )
        audit.record(
            "vetting.cleared" if result == "cleared" else "vetting.not_cleared",
            application,
            actor=actor,
            details={"reference": reference},
        )
        if result == "cleared":
            report.cleared += 1
            # now, and only now, the person hears that the accreditation is approved
            queue_email(
                application.user.email,
                "accreditation/approved",
                language=application.user.language,
                application=application,
            )
        else:
            report.not_cleared += 1
            queue_email(
                application.user.email,
                "outlets/not_cleared",
                language=application.user.language,
                application=application,
            )
    db.session.flush()
    return report


def vetting_counts() -> dict[str, int]:
    counts = {status: 0 for status in ("in_vetting", "cleared", "not_cleared")}
    for (status,) in db.session.execute(scoped(VettingRecord).with_only_columns(VettingRecord.status)):
        counts[status] = counts.get(status, 0) + 1
    counts["to_vet"] = len(to_vet())
    return counts
