"""The progress report as XLSX (rows match the database) and PDF (Vietnamese text intact)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

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
    for row, task in zip(rows[1:], tasks, strict=True):
        assert row[0] == task.id
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
