"""The progress report as XLSX (rows match the database) and PDF (Vietnamese text intact)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.core.spreadsheets import percent
from app.core.timeutil import to_local
from app.venue.models import Task

TITLE = "Báo cáo tiến độ công tác trang trí khánh tiết"
STATUS_VI = {
    "todo": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "blocked": "Vướng mắc",
    "done": "Đã xong, chờ nghiệm thu",
    "verified": "Đã nghiệm thu",
}


@pytest.fixture
def some_tasks(venue):
    culture, power = venue.unit("Sở Văn hóa, Thể thao và Du lịch"), venue.unit("Điện lực tỉnh")
    hall, street = venue.location("Hội trường Trung tâm Hội nghị tỉnh"), venue.location("Đường Trần Hưng Đạo")
    backdrop, lights = venue.category("Phông sân khấu"), venue.category("Chiếu sáng đường phố")
    return [
        venue.task(
            culture,
            title="Phông sân khấu chính",
            spec="phông 18×7 m",
            quantity=1,
            location=hall,
            category=backdrop,
            status="verified",
        ),
        venue.task(
            culture,
            title="Băng rôn chào mừng",
            spec="0,8×8 m",
            quantity=20,
            location=street,
            category=backdrop,
            status="done",
        ),
        venue.task(
            power,
            title="Kiểm tra 120 cột đèn",
            spec="",
            quantity=None,
            location=street,
            category=lights,
            due_in=timedelta(days=-1),
        ),
        venue.task(None, title="Thảm hoa trước sảnh", location=hall, category=lights, status="blocked"),
    ]


def test_xlsx_opens_and_its_rows_match_the_database(client, auth, db, some_tasks):
    auth.login("organiser")
    response = client.get("/DH16/venue/report.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Tổng hợp", "Nhiệm vụ"]
    summary = workbook["Tổng hợp"]
    assert summary["A1"].value == TITLE
    summary_rows = [tuple(row) for row in summary.iter_rows(values_only=True)]
    assert ("Tất cả nhiệm vụ", 4, 1, 0, 1, 1, 1, 1, 25) in summary_rows
    assert ("Sở Văn hóa, Thể thao và Du lịch", 2, 0, 0, 0, 1, 1, 0, 50) in summary_rows
    assert ("Điện lực tỉnh", 1, 1, 0, 0, 0, 0, 1, 0) in summary_rows
    assert ("Chưa giao", 1, 0, 0, 1, 0, 0, 0, 0) in summary_rows

    sheet = workbook["Nhiệm vụ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Nhiệm vụ", "Số lượng, quy cách")
    tasks = db.session.scalars(select(Task).order_by(Task.due_at, Task.id)).all()
    assert len(rows) - 1 == len(tasks) == 4
    for number, (row, task) in enumerate(zip(rows[1:], tasks, strict=True), start=1):
        assert row[0] == number  # STT counts the rows, it is no database id
        assert isinstance(row[7], datetime)  # a real date cell: sortable and filterable
        assert row[7] == to_local(task.due_at).replace(tzinfo=None, second=0, microsecond=0)
        assert row[1] == task.title
        assert (row[2] or "") == task.amount
        assert row[3] == task.category.name and row[4] == task.location.name
        assert row[5] == (task.unit.name if task.unit else "Chưa giao")
        assert row[9] == STATUS_VI[task.status]
    overdue_rows = [row[1] for row in rows[1:] if row[10] == "Có"]
    assert overdue_rows == ["Kiểm tra 120 cột đèn"]


def test_pdf_text_contains_the_vietnamese_title_and_names(client, auth, some_tasks):
    auth.login("organiser")
    response = client.get("/DH16/venue/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert TITLE in text
    assert "Điện lực tỉnh" in text and "Kiểm tra 120 cột đèn" in text
    # The font travels inside the PDF (a TrueType subset), so no system font is needed.
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    assert any("BeVietnamPro" in str(font["/BaseFont"]) for font in fonts)
    assert all("/FontFile2" in font["/FontDescriptor"] for font in fonts if "/FontDescriptor" in font)


def test_reports_work_without_any_task(client, auth):
    auth.login("admin")
    assert client.get("/DH16/venue/report.pdf").status_code == 200
    workbook = load_workbook(io.BytesIO(client.get("/DH16/venue/report.xlsx").data))
    assert workbook["Nhiệm vụ"].max_row == 1


def test_percentages_are_rounded_and_only_all_is_100():
    assert percent(4, 6) == 67 and percent(1, 3) == 33 and percent(1, 2) == 50
    assert percent(199, 200) == 99 and percent(1, 300) == 1
    assert percent(0, 5) == 0 and percent(5, 5) == 100 and percent(0, 0) == 0


def test_a_formula_typed_as_a_task_title_stays_text(client, auth, venue):
    venue.task(None, title='=HYPERLINK("http://evil.example","Bấm vào đây")')
    auth.login("organiser")
    workbook = load_workbook(io.BytesIO(client.get("/DH16/venue/report.xlsx").data))
    cell = workbook["Nhiệm vụ"]["B2"]
    assert (
        cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil.example","Bấm vào đây")'
    )  # shown as typed, never run


def _text_runs(data: bytes) -> list[tuple[int, float, float, float, str]]:
    """(page, y, x start, x end, text) of every run of text the PDF draws, from its own
    positions; the end from the font's widths."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):

        def visit(text, cm, tm, font, size, number=number):
            if text.strip() and font is not None:
                name = "BeVietnamPro-Bold" if "Bold" in str(font.get("/BaseFont", "")) else "BeVietnamPro"
                x, y = cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]
                width = stringWidth(text.strip(), name, size * tm[0] * cm[0] or size)
                runs.append((number, round(y, 1), x, x + width, text.strip()))

        page.extract_text(visitor_text=visit)
    return runs


def test_pdf_header_cells_wrap_inside_their_columns(client, auth, some_tasks):
    """ "Đã xong, chờ nghiệm thu" must not print over "Đã nghiệm thu": no two runs of text
    on one line overlap, as read from the PDF's own text positions."""
    from app.core import pdfdoc

    pdfdoc.register_fonts()
    auth.login("organiser")
    data = client.get("/DH16/venue/report.pdf").data
    runs = _text_runs(data)
    assert any("nghiệm" in run[4] for run in runs)
    overlaps = []
    for a in runs:
        for b in runs:
            if a is not b and a[:2] == b[:2] and a[2] < b[2] < a[3] - 0.5:
                overlaps.append(f"“{a[4]}” runs into “{b[4]}”")
    assert overlaps == []
