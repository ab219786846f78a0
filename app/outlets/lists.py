"""An outlet's list as XLSX: the app's own template (Vietnamese headers), reading and checking it.

The whole list is checked before anything is written: one bad row (or a wrong template, a
formula, a file too large) and the focal point gets every row's errors in their language,
and nothing is stored. The reader distrusts the file as the bulk import does: size first,
then the ZIP's entries (``accreditation.sheets``), then openpyxl in read-only mode.
"""

from __future__ import annotations

import io

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from app.accreditation import services as accreditation
from app.accreditation import sheets, validation
from app.core.text import clean_text
from app.core.uploads import UploadError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 1000
# (field, header as printed in the template: always Vietnamese, the outlets' working language)
COLUMNS = (
    ("full_name", "Họ và tên"),
    ("date_of_birth", "Ngày sinh (dd/mm/yyyy)"),
    ("national_id", "Số CCCD"),
    ("press_card_number", "Số thẻ nhà báo"),
    ("position", "Chức vụ"),
    ("category", "Loại công việc"),
    ("phone", "Điện thoại"),
    ("email", "Email"),
)
HEADERS = tuple(header for _f, header in COLUMNS)
CATEGORY_CHOICES = ("Phóng viên", "Phóng viên ảnh", "Quay phim", "Kỹ thuật viên", "Biên tập viên")


def template_xlsx() -> bytes:
    """The template: the headers, text-formatted cells (CCCD keeps its leading zero), a category list."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sach"
    sheet.append(list(HEADERS))
    for letter, width in zip("ABCDEFGH", (26, 22, 16, 16, 20, 18, 16, 28), strict=True):
        sheet.column_dimensions[letter].width = width
        for row in range(2, 1002):
            sheet[f"{letter}{row}"].number_format = "@"
    categories = DataValidation(
        type="list", formula1='"{}"'.format(",".join(CATEGORY_CHOICES)), allow_blank=True
    )
    sheet.add_data_validation(categories)
    categories.add("F2:F1001")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_rows(data: bytes) -> list[tuple[int, list]]:
    """The data rows of an uploaded template (row number, cells); raises UploadError."""
    if len(data) > MAX_BYTES:
        raise UploadError(_("The file is too large (at most %(mb)s MB).", mb=MAX_BYTES // (1024 * 1024)))
    if not data.startswith(b"PK"):
        raise UploadError(_("Upload the list as an Excel (XLSX) file made from the template."))
    archive = sheets._check_archive(data, max_entries=200)  # noqa: SLF001 - the one ZIP safety check
    if "xl/workbook.xml" not in archive.namelist():
        raise UploadError(_("This file is not a valid Excel (XLSX) workbook."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                raise UploadError(_("The list has too many rows (at most %(n)s).", n=MAX_ROWS))
            rows.append((number, list(cells)[: len(HEADERS) + 5]))
        workbook.close()
    except UploadError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise UploadError(_("This file is not a valid Excel (XLSX) workbook.")) from None
    if not rows:
        raise UploadError(_("The list is empty."))
    header = [str(c).strip() if c is not None else "" for c in rows[0][1][: len(HEADERS)]]
    if tuple(header) != HEADERS:
        raise UploadError(
            _(
                "This is not the press centre's template: its first row must be the headers %(headers)s. "
                "Download the template and copy your list into it.",
                headers=", ".join(HEADERS),
            )
        )
    data_rows = [(n, cells) for n, cells in rows[1:] if any(c is not None and str(c).strip() for c in cells)]
    if not data_rows:
        raise UploadError(_("The list has no people: fill in one row per person under the headers."))
    return data_rows


def _text(cell) -> str:
    return clean_text(sheets.cell_text(cell))


def check_values(values: dict) -> tuple[accreditation.Details | None, list[str]]:
    """One person's fields (from a row or the form) checked as the application form does."""
    errors = []
    checked = {}
    name = clean_text(str(values.get("full_name") or ""))
    if not 2 <= len(name) <= 120 or any(ch in name for ch in "<>="):
        errors.append(_("Full name: 2 to 120 characters."))
    raw_id = values.get("national_id")
    if isinstance(raw_id, int | float) and not isinstance(raw_id, bool):
        raw_id = str(int(raw_id)).zfill(12)
    for key, check, raw in (
        ("national_id", validation.check_national_id, sheets.cell_text(raw_id)),
        ("press_card_number", validation.check_press_card, _text(values.get("press_card_number"))),
        ("phone", validation.normalise_phone, _phone(values.get("phone"))),
        ("category", validation.parse_category, values.get("category")),
    ):
        try:
            checked[key] = check(raw)
        except validation.FieldError as error:
            errors.append(str(error))
    try:
        checked["date_of_birth"] = validation.check_birth_date(
            validation.parse_date(values.get("date_of_birth"))
        )
    except validation.FieldError as error:
        errors.append(_("Date of birth: %(error)s", error=str(error)))
    try:
        checked["email"] = validate_email(
            _text(values.get("email")), check_deliverability=False
        ).normalized.lower()
    except EmailNotValidError:
        errors.append(_("E-mail: this is not a valid e-mail address."))
    position = _text(values.get("position"))[:120]
    if errors:
        return None, errors
    return (
        accreditation.Details(
            full_name=name,
            date_of_birth=checked["date_of_birth"],
            national_id=checked["national_id"],
            press_card_number=checked["press_card_number"],
            organisation_id=0,
            position=position,
            category=checked["category"],
            phone=checked["phone"],
            email=checked["email"],
        ),
        [],
    )


def _phone(cell) -> str:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        digits = str(int(cell))
        return "+" + digits if digits.startswith("84") and len(digits) > 10 else "0" + digits
    return sheets.cell_text(cell)


def check_sheet(
    rows: list[tuple[int, list]],
) -> tuple[list[tuple[int, accreditation.Details]], dict[int, list[str]]]:
    """Every row's details, and by row number what is wrong (formulas are refused, not run)."""
    people, errors = [], {}
    for number, cells in rows:
        formulas = [
            HEADERS[i]
            for i, c in enumerate(cells[: len(HEADERS)])
            if isinstance(c, str) and c.lstrip().startswith("=")
        ]
        if formulas:
            errors[number] = [
                _(
                    "A formula is not accepted (column %(cols)s): type the value itself.",
                    cols=", ".join(formulas),
                )
            ]
            continue
        values = {field: (cells[i] if i < len(cells) else None) for i, (field, _h) in enumerate(COLUMNS)}
        details, problems = check_values(values)
        if problems:
            errors[number] = problems
        else:
            people.append((number, details))
    return people, errors
