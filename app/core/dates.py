"""Dates and times as people type them: dd/mm/yyyy and 24-hour HH:MM, in both languages.

One parser for every form, filter and import of every area, and one set of messages: a
text that is not a date is told the pattern, a date that does not exist (31/02/1990) is told
so. ISO dates (yyyy-mm-dd, from links and old bookmarks) are read too. Times are local (the
congress's time zone); converting to UTC is the caller's business (``timeutil``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_HM = re.compile(r"^(\d{1,2})[:hH](\d{2})(?::(\d{2}))?$")
DATE_HINT = "dd/mm/yyyy"
DATETIME_HINT = "dd/mm/yyyy HH:MM"
TIME_HINT = "HH:MM"


class DateInputError(ValueError):
    """A typed date or time that cannot be read; ``str()`` is the message for the user."""


def _no_such_day(text: str) -> DateInputError:
    return DateInputError(_l("There is no day %(text)s: check the day and the month.", text=text))


def parse_date(text) -> date:
    """``dd/mm/yyyy`` (also with ``-`` or ``.``) or ``yyyy-mm-dd`` → date."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    cleaned = " ".join(str(text or "").split())
    match = _DMY.match(cleaned)
    if match:
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise DateInputError(_l("Enter the date as dd/mm/yyyy, e.g. 17/05/1985."))
    try:
        return date(year, month, day)
    except ValueError:
        raise _no_such_day(cleaned) from None


def parse_time(text) -> time:
    """``HH:MM`` (24-hour; ``17h30`` too) → time."""
    if isinstance(text, time):
        return text
    cleaned = "".join(str(text or "").split())
    match = _HM.match(cleaned)
    if not match:
        raise DateInputError(_l("Enter the time as HH:MM (24-hour), e.g. 15:00."))
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise DateInputError(
            _l("There is no time %(text)s: hours go from 00 to 23, minutes from 00 to 59.", text=cleaned)
        )
    return time(hour, minute)


def parse_datetime(text) -> datetime:
    """``dd/mm/yyyy HH:MM`` (local) → naive datetime; ISO ``yyyy-mm-ddTHH:MM`` too."""
    if isinstance(text, datetime):
        return text
    cleaned = " ".join(str(text or "").replace("T", " ").split())
    day_part, _, time_part = cleaned.partition(" ")
    if not time_part:
        raise DateInputError(_l("Enter the date and time as dd/mm/yyyy HH:MM, e.g. 15/10/2025 17:00."))
    try:
        day = parse_date(day_part)
    except DateInputError as error:
        if not (_DMY.match(day_part) or _ISO.match(day_part)):
            raise DateInputError(
                _l("Enter the date and time as dd/mm/yyyy HH:MM, e.g. 15/10/2025 17:00.")
            ) from None
        raise error from None
    return datetime.combine(day, parse_time(time_part))


def maybe_date(text) -> date | None:
    """For search filters: the date, or None when empty or unreadable (the filter is ignored)."""
    try:
        return parse_date(text) if str(text or "").strip() else None
    except DateInputError:
        return None


def date_text(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def datetime_text(value: datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""
