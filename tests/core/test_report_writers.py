"""Every report and export is written by the shared writers in app/core (issue 16): one PDF
scaffold with one font registration (``pdfdoc``) and one spreadsheet writer with one formula
guard (``spreadsheets``). A second copy in an area is what let the misprints differ by report."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core import pdfdoc
from app.core.spreadsheets import Book, csv_bytes

pytestmark = pytest.mark.timeout(30)

APP = Path(__file__).resolve().parents[2] / "app"
# Reading an uploaded workbook and building an import template (with its list validation)
# are not reports: the journalists' and the outlets' templates.
ALLOWED = {"core/spreadsheets.py", "core/pdfdoc.py", "accreditation/sheets.py", "outlets/lists.py"}
SECOND_COPY = re.compile(
    r"registerFont\(|SimpleDocTemplate\(|Workbook\(\)|csv\.writer\(|def safe_text|startswith\(\(\"=\""
)


def test_no_area_keeps_its_own_pdf_or_spreadsheet_scaffold():
    copies = [
        f"{path.relative_to(APP)}: {match.group(0)}"
        for path in APP.rglob("*.py")
        if str(path.relative_to(APP)) not in ALLOWED
        for match in SECOND_COPY.finditer(path.read_text(encoding="utf-8"))
    ]
    assert copies == []


def test_csv_is_utf8_with_bom_and_guards_formulas():
    data = csv_bytes(
        ["Họ tên", "Ghi chú"], [["Nguyễn Văn An", '=HYPERLINK("x")'], ["Lê Thị Bình", "+84912345678"]]
    )
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert 'Nguyễn Văn An,"\'=HYPERLINK(""x"")"' in text
    assert "+84912345678" in text and "'+84912345678" not in text


def test_a_bold_total_row_and_a_frozen_first_column():
    book = Book()
    sheet = book.sheet("Tổng hợp")
    sheet.header(["Cơ quan", "Số tin"])
    sheet.row(["=1+1", 3])
    sheet.row(["Tổng", 3], bold=True)
    sheet.freeze_header(first_column=True)
    worksheet = load_workbook(io.BytesIO(book.to_bytes())).active
    assert worksheet["A2"].value == "=1+1" and worksheet["A2"].data_type == "s"  # shown as typed, never run
    assert worksheet["A3"].font.b and not worksheet["A2"].font.b
    assert worksheet.freeze_panes == "B2"


def test_the_pdf_scaffold_embeds_the_vietnamese_font(app):
    from datetime import datetime

    from pypdf import PdfReader

    with app.test_request_context():
        story = [
            pdfdoc.table([["Đơn vị", "Đã xong, chờ nghiệm thu"], ["Ban Tuyên giáo", 4]], [60 * pdfdoc.mm] * 2)
        ]
        data = pdfdoc.build("Báo cáo thử", "Đại hội XVI", datetime(2026, 12, 4, 8, 30), story)
    page = PdfReader(io.BytesIO(data)).pages[0]
    text = page.extract_text()
    assert "Báo cáo thử" in text and "Ban Tuyên giáo" in text
    fonts = {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any("BeVietnamPro" in name for name in fonts)
