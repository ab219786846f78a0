"""Spreadsheets and archives for the bulk import: the template, reading sheets, the photo ZIP.

Everything here distrusts its input: an XLSX is a ZIP and is checked like one before
openpyxl opens it (size, entry count, no path tricks), a CSV may come in UTF-8 or the
old Vietnamese Windows code page, and a photo archive is read entry by entry with
limits on count and size, never extracted to disk.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from app.core.text import fold
from app.core.uploads import UploadError

MAX_SHEET_BYTES = 10 * 1024 * 1024
MAX_ROWS = 2000  # one organisation's list; keeps the import request well inside the worker timeout
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 10
MAX_ZIP_BYTES = 30 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_PHOTO_BYTES = 5 * 1024 * 1024  # per photo, uncompressed, as for a journalist's own upload
MAX_UNCOMPRESSED = 300 * 1024 * 1024
PHOTO_NAME = re.compile(r"^(?P<stem>[A-Za-z0-9_.-]{1,64})\.(jpe?g|png)$", re.IGNORECASE)

# The fields a row can fill, in template order: (name, label, required).
FIELDS = (
    ("full_name", _l("Full name"), True),
    ("date_of_birth", _l("Date of birth (dd/mm/yyyy)"), True),
    ("national_id", _l("National ID (CCCD)"), True),
    ("press_card_number", _l("Press card number"), False),
    ("organisation", _l("Media organisation"), False),
    ("position", _l("Position"), False),
    ("category", _l("Work category"), True),
    ("phone", _l("Phone"), True),
    ("email", _l("E-mail"), True),
    ("zones", _l("Zones (codes, e.g. PC,HT)"), False),
    ("photo", _l("Photo file name in the ZIP"), False),
)
FIELD_NAMES = tuple(name for name, _label, _required in FIELDS)

# Header words (folded) that organisations use, in Vietnamese and English, for each field.
HEADER_WORDS = {
    "full_name": ("ho va ten", "ho ten", "full name", "name", "ten", "ho ten phong vien", "ho ten day du"),
    "date_of_birth": (
        "ngay sinh",
        "ngay thang nam sinh",
        "date of birth",
        "birth date",
        "dob",
        "birthday",
        "nam sinh",
    ),
    "national_id": (
        "so cccd",
        "cccd",
        "can cuoc cong dan",
        "can cuoc",
        "so can cuoc",
        "cmnd",
        "cmnd/cccd",
        "so dinh danh",
        "national id",
        "national id (cccd)",
        "id number",
        "id card",
    ),
    "press_card_number": (
        "so the nha bao",
        "the nha bao",
        "press card",
        "press card number",
        "press card no",
    ),
    "organisation": (
        "co quan bao chi",
        "co quan",
        "don vi",
        "ten co quan",
        "media organisation",
        "media organization",
        "organisation",
        "organization",
        "outlet",
        "media",
    ),
    "position": ("chuc vu", "chuc danh", "position", "job title", "title"),
    "category": ("loai", "nghiep vu", "category", "role", "vai tro", "loai the", "cong viec"),
    "phone": ("so dien thoai", "dien thoai", "sdt", "dt", "phone", "mobile", "di dong", "telephone", "tel"),
    "email": ("email", "e-mail", "thu dien tu", "mail", "dia chi email"),
    "zones": ("khu vuc", "khu vuc tac nghiep", "zones", "zone", "areas"),
    "photo": ("anh", "anh chan dung", "file anh", "ten file anh", "photo", "photo file", "picture"),
}


@dataclass
class Table:
    """A sheet's header row and its data rows (cells as read: str, number, date or None)."""

    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (sheet row number, cells)


def _word_pattern(word: str) -> re.Pattern:
    pattern = _PATTERNS.get(word)
    if pattern is None:
        pattern = _PATTERNS[word] = re.compile(rf"\b{re.escape(word)}\b")
    return pattern


_PATTERNS: dict[str, re.Pattern] = {}


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Guess which field each column holds from its header (Vietnamese or English).

    An exact (accent-insensitive) match wins, counting our own labels in the current
    language; otherwise the longest known word the header contains. Each field is
    given to one column at most.
    """
    mapping: dict[int, str] = {}
    used: set[str] = set()
    labels = {name: fold(str(label)) for name, label, _required in FIELDS}
    folded = [fold(h).strip(" :*()") for h in headers]
    for index, header in enumerate(folded):
        for name in FIELD_NAMES:
            if (
                name not in used
                and header
                and (header in HEADER_WORDS[name] or header in (labels[name], name))
            ):
                mapping[index] = name
                used.add(name)
                break
    for index, header in enumerate(folded):
        if index in mapping or not header:
            continue
        best, best_len = None, 0
        for name in FIELD_NAMES:
            if name in used:
                continue
            for word in HEADER_WORDS[name]:
                if len(word) > best_len and word in header and _word_pattern(word).search(header):
                    best, best_len = name, len(word)
        if best is not None and best_len >= 3:
            mapping[index] = best
            used.add(best)
    return mapping


def template_xlsx() -> bytes:
    """The XLSX template: one header per field, text-formatted ID columns, a category list."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Journalists")[:31]
    sheet.append([str(label) for _name, label, _required in FIELDS[:-1]])
    sheet.append(
        [
            "Nguyễn Văn An",
            "17/05/1985",
            "001085012345",
            "NB-12345",
            "Báo Nhân Dân",
            "Phóng viên",
            _("Reporter"),
            "0912 345 678",
            "an.nguyen@example.vn",
            "PC,HT",
        ]
    )
    for letter, width in zip("ABCDEFGHIJ", (26, 22, 18, 18, 30, 18, 18, 16, 28, 20), strict=True):
        sheet.column_dimensions[letter].width = width
        for row in range(1, 1001):
            sheet[f"{letter}{row}"].number_format = "@"  # text: keeps the leading 0 of IDs and phones
    categories = DataValidation(
        type="list",
        formula1='"{}"'.format(
            ",".join(
                str(x)
                for x in (
                    _("Reporter"),
                    _("Photographer"),
                    _("Camera operator"),
                    _("Technician"),
                    _("Editor"),
                )
            )
        ),
        allow_blank=True,
    )
    sheet.add_data_validation(categories)
    categories.add("G2:G1000")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _check_archive(data: bytes, *, max_entries: int) -> zipfile.ZipFile:
    """Open a ZIP and refuse bombs and path tricks before any entry is read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadError(_l("This file is not a valid ZIP archive.")) from None
    if len(infos) > max_entries:
        raise UploadError(_l("The archive holds too many files (at most %(n)s).", n=max_entries))
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED:
        raise UploadError(_l("The archive unpacks to too much data."))
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            raise UploadError(_("The archive contains a file with an unsafe path: %(name)s", name=name[:80]))
        if info.flag_bits & 0x1:
            raise UploadError(_l("Encrypted archives are not accepted."))
    return archive


def read_table(data: bytes, filename: str) -> Table:
    """Read an XLSX or CSV sheet; raises UploadError with a clear message."""
    if len(data) > MAX_SHEET_BYTES:
        raise UploadError(_l("The file is too large (at most %(mb)s MB).", mb=10))
    if data.startswith(b"PK"):
        rows = _xlsx_rows(data)
    elif filename.lower().endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise UploadError(_l("Upload the list as an Excel (XLSX) or CSV file."))
    rows = [(number, cells) for number, cells in rows if any(_present(c) for c in cells)]
    if not rows:
        raise UploadError(_l("The sheet is empty."))
    # Organisations often put a title or a note above the headers: take as the header row the
    # one among the first few whose cells name the most known fields (the first row on a tie).
    candidates = rows[:HEADER_SEARCH_ROWS]
    scores = [
        (len(guess_mapping([str(c) if _present(c) else "" for c in cells])), sum(map(_present, cells)))
        for _n, cells in candidates
    ]
    best = max(range(len(candidates)), key=lambda i: (scores[i][0], scores[i][0] > 0 and scores[i][1], -i))
    (_header_number, header_cells), data_rows = rows[best], rows[best + 1 :]
    if len(data_rows) > MAX_ROWS:
        raise UploadError(_l("The sheet has too many rows (at most %(n)s).", n=MAX_ROWS))
    headers = [str(c).strip() if _present(c) else "" for c in header_cells[:MAX_COLUMNS]]
    return Table(headers=headers, rows=[(n, list(cells[:MAX_COLUMNS])) for n, cells in data_rows])


def _present(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _xlsx_rows(data: bytes) -> list[tuple[int, list]]:
    archive = _check_archive(data, max_entries=500)
    if "xl/workbook.xml" not in archive.namelist():
        raise UploadError(_l("This file is not a valid Excel (XLSX) workbook."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 50:
                raise UploadError(_l("The sheet has too many rows (at most %(n)s).", n=MAX_ROWS))
            rows.append((number, list(cells)))
        workbook.close()
    except UploadError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise UploadError(_l("This file is not a valid Excel (XLSX) workbook.")) from None
    return rows


def _csv_rows(data: bytes) -> list[tuple[int, list]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes nearly anything
        raise UploadError(_l("The CSV file's text encoding could not be read."))
    if "\x00" in text:
        raise UploadError(_l("Upload the list as an Excel (XLSX) or CSV file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1)]


def cell_text(cell) -> str:
    """A cell as text for checking and showing (dates as dd/mm/yyyy, whole numbers without .0)."""
    if cell is None:
        return ""
    if isinstance(cell, datetime | date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


class PhotoArchive:
    """The photos of a ZIP, by lower-case file stem (e.g. the national ID), after safety checks.

    The archive is opened once; each photo is read on demand with its size limit.
    """

    def __init__(self, data: bytes):
        if len(data) > MAX_ZIP_BYTES:
            raise UploadError(_l("The file is too large (at most %(mb)s MB).", mb=30))
        self.archive = _check_archive(data, max_entries=MAX_ZIP_ENTRIES)
        self.index: dict[str, zipfile.ZipInfo] = {}
        for info in self.archive.infolist():
            if info.is_dir():
                continue
            base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            if base.startswith(("._", ".")):
                continue  # macOS resource forks and hidden files
            match = PHOTO_NAME.match(base)
            if match:
                self.index[match.group("stem").lower()] = info

    def read(self, stem: str) -> bytes | None:
        """The photo named ``stem`` (any of .jpg/.jpeg/.png), or None when the archive has none."""
        info = self.index.get(stem.lower())
        if info is None:
            return None
        if info.file_size > MAX_PHOTO_BYTES:
            raise UploadError(_l("The photo is too large (at most %(mb)s MB).", mb=5))
        with self.archive.open(info) as handle:
            content = handle.read(MAX_PHOTO_BYTES + 1)
        if len(content) > MAX_PHOTO_BYTES:
            raise UploadError(_l("The photo is too large (at most %(mb)s MB).", mb=5))
        return content


# ----------------------------------------------------------------------------- table cache
def table_to_json(table: Table) -> bytes:
    """The parsed table as JSON (dates tagged), so later steps need not parse the sheet again."""

    def cell(value):
        if isinstance(value, datetime | date):
            return {"date": value.isoformat()}
        if value is None or isinstance(value, str | int | float | bool):
            return value
        return str(value)

    return json.dumps(
        {"headers": table.headers, "rows": [[n, [cell(c) for c in cells]] for n, cells in table.rows]}
    ).encode()


def table_from_json(data: bytes) -> Table:
    """The table saved by :func:`table_to_json`."""

    def cell(value):
        if isinstance(value, dict) and "date" in value:
            return datetime.fromisoformat(value["date"])
        return value

    raw = json.loads(data)
    return Table(headers=raw["headers"], rows=[(n, [cell(c) for c in cells]) for n, cells in raw["rows"]])
