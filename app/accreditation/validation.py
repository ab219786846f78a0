"""Field rules shared by the application form and the bulk import, and the display labels.

One place decides what a valid phone number, national ID (CCCD), press-card number and
date of birth are, so a row imported from a sheet passes exactly the checks a journalist's
own form does.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from app.core import dates
from app.core.text import fold
from app.core.timeutil import local_today

CATEGORY_LABELS = {
    "reporter": _l("Reporter"),
    "photographer": _l("Photographer"),
    "camera": _l("Camera operator"),
    "technician": _l("Technician"),
    "editor": _l("Editor"),
}
STATUS_LABELS = {
    "submitted": _l("Submitted, awaiting review"),
    "changes_requested": _l("Changes requested"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
}
# Bootstrap colour of each status; the label text always goes with it.
STATUS_STYLES = {
    "submitted": "secondary",
    "changes_requested": "warning",
    "approved": "success",
    "rejected": "danger",
}
KIND_LABELS = {
    "newspaper": _l("Newspaper"),
    "tv": _l("Television"),
    "radio": _l("Radio"),
    "online": _l("Online newspaper or portal"),
    "agency": _l("News agency"),
}
LEVEL_LABELS = {
    "central": _l("Central press"),
    "local": _l("Local press"),
    "foreign": _l("Foreign press"),
}

# Words a sheet may use for a category (folded): English codes, English and Vietnamese labels.
CATEGORY_WORDS = {
    "reporter": "reporter",
    "phong vien": "reporter",
    "pv": "reporter",
    "photographer": "photographer",
    "phong vien anh": "photographer",
    "nhiep anh": "photographer",
    "camera": "camera",
    "camera operator": "camera",
    "quay phim": "camera",
    "technician": "technician",
    "ky thuat vien": "technician",
    "ky thuat": "technician",
    "editor": "editor",
    "bien tap vien": "editor",
    "bien tap": "editor",
}

NATIONAL_ID_RE = re.compile(r"^\d{12}$")
PRESS_CARD_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./-]{2,31}$")
MIN_AGE, MAX_AGE = 16, 90
_PHONE_JUNK = re.compile(r"[\s.\-()/]")


class FieldError(ValueError):
    """A value that breaks a field rule; ``str(error)`` is the message for the user."""


def normalise_phone(raw: str | None) -> str:
    """A phone number in E.164 (``+84912345678``) from Vietnamese or international input.

    Accepts ``0912 345 678``, ``091.234.5678``, ``(024) 3825 1234`` (landline),
    ``+84 912 345 678``, ``0084912345678`` and any ``+<country><number>`` of 8 to 15 digits.
    """
    value = _PHONE_JUNK.sub("", raw or "")
    if value.startswith("00"):
        value = "+" + value[2:]
    if value.startswith("+84"):
        value = "0" + value[3:]
    if value.startswith("0"):
        national = value[1:]
        if national.isdigit() and len(national) in (9, 10) and not national.startswith("0"):
            return "+84" + national
    elif value.startswith("+"):
        digits = value[1:]
        if digits.isdigit() and 8 <= len(digits) <= 15 and not digits.startswith("0"):
            return value
    raise FieldError(_l("Enter a phone number such as 0912 345 678 or, from abroad, +33 6 12 34 56 78."))


def check_national_id(raw: str | None) -> str:
    """A national ID (CCCD) number: exactly 12 digits (spaces are ignored)."""
    value = re.sub(r"\s", "", raw or "")
    if not NATIONAL_ID_RE.match(value):
        raise FieldError(_l("The national ID (CCCD) number has exactly 12 digits."))
    return value


def check_press_card(raw: str | None) -> str | None:
    """A press-card number (optional): 3 to 32 letters, digits, dots, dashes or slashes."""
    value = (raw or "").strip().upper()
    if not value:
        return None
    if not PRESS_CARD_RE.match(value):
        raise FieldError(_l("The press-card number may hold only letters, digits, '.', '-' and '/'."))
    return value


def birth_date_range(today: date | None = None) -> tuple[date, date]:
    """The earliest and latest accepted dates of birth (ages 16 to 90)."""
    today = today or local_today()
    try:
        latest = today.replace(year=today.year - MIN_AGE)
        earliest = today.replace(year=today.year - MAX_AGE)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year - MIN_AGE, day=28)
        earliest = today.replace(year=today.year - MAX_AGE, day=28)
    return earliest, latest


def check_birth_date(value: date) -> date:
    """Refuse dates of birth that cannot belong to a working journalist."""
    earliest, latest = birth_date_range()
    if not earliest <= value <= latest:
        raise FieldError(
            _l(
                "The date of birth must be between %(first)s and %(last)s.",
                first=earliest.strftime("%d/%m/%Y"),
                last=latest.strftime("%d/%m/%Y"),
            )
        )
    return value


def parse_date(raw) -> date:
    """A date typed as dd/mm/yyyy (or ISO), or a date cell from a spreadsheet."""
    try:
        return dates.parse_date(raw)
    except dates.DateInputError as error:
        raise FieldError(error.args[0]) from None


def parse_category(raw) -> str:
    """A category code from a code, an English label or a Vietnamese label."""
    key = fold(str(raw or ""))
    if key in CATEGORY_WORDS:
        return CATEGORY_WORDS[key]
    raise FieldError(
        _l("Unknown category: use reporter, photographer, camera operator, technician or editor.")
    )
