"""Exports of the filtered list: CSV with BOM (Vietnamese intact in Excel) and XLSX."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook


def test_csv_export_has_a_bom_and_vietnamese_text(client, auth, make_application, make_organisation):
    org = make_organisation("Đài Tiếng nói Việt Nam (VOV)", kind="radio")
    make_application(full_name="Nguyễn Thị Ánh Tuyết", organisation=org, category="editor")
    make_application(full_name='=HYPERLINK("http://evil")', status="approved")
    auth.login("accreditation_officer")
    response = client.get("/DH16/accreditation/export.csv?status=submitted")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    assert len(rows) == 2  # the filter applies
    row = rows[1]
    assert "Nguyễn Thị Ánh Tuyết" in row and "Đài Tiếng nói Việt Nam (VOV)" in row
    assert "Biên tập viên" in row and "+84912345678" in row and "17/05/1985" in row

    everything = client.get("/DH16/accreditation/export.csv?status=all").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in everything  # a formula is neutralised


def test_xlsx_export_reads_back(client, auth, make_application):
    make_application(full_name="Đặng Văn Đông", national_id="001085000001")
    make_application(full_name="=1+2", status="submitted")
    auth.login("accreditation_officer")
    response = client.get("/DH16/accreditation/export.xlsx?q=dang van dong")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Họ và tên"
    assert len(rows) == 2 and rows[1][1] == "Đặng Văn Đông" and rows[1][3] == "001085000001"

    sheet = load_workbook(io.BytesIO(client.get("/DH16/accreditation/export.xlsx?q=1%2B2").data)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == "=1+2" and cell.data_type == "s"  # text, never a formula


def test_exports_need_the_permission(client, auth):
    auth.login("journalist")
    assert client.get("/DH16/accreditation/export.csv").status_code == 403
    assert client.get("/DH16/accreditation/export.xlsx").status_code == 403
