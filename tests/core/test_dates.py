"""One date and time parser for every form, filter and import (app/core/dates.py)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.core import dates
from app.core.dates import DateInputError


@pytest.mark.parametrize(
    "text, expected",
    [
        ("17/05/1985", date(1985, 5, 17)),
        ("7/5/1985", date(1985, 5, 7)),
        ("17-05-1985", date(1985, 5, 17)),
        ("17.05.1985", date(1985, 5, 17)),
        (" 17/05/1985 ", date(1985, 5, 17)),
        ("1985-05-17", date(1985, 5, 17)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_dates_people_type(text, expected):
    assert dates.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/1990", "29/02/2025", "00/01/2020", "12/13/2020", "1990-13-01"])
def test_a_day_that_does_not_exist_is_told_so(app, text):
    with app.test_request_context(), pytest.raises(DateInputError) as caught:
        dates.parse_date(text)
    assert str(caught.value).startswith("Không có ngày")


@pytest.mark.parametrize("text", ["hôm qua", "17/05/85", "05/17", "1985/05/17", "", "17/05/1985 12:00"])
def test_text_that_is_no_date_is_told_the_pattern(app, text):
    with app.test_request_context(), pytest.raises(DateInputError) as caught:
        dates.parse_date(text)
    assert "dd/mm/yyyy" in str(caught.value)


def test_times_are_24_hour():
    assert dates.parse_time("17:00") == time(17, 0)
    assert dates.parse_time("7:05") == time(7, 5)
    assert dates.parse_time("17h30") == time(17, 30)
    for bad in ("5pm", "24:00", "12:60", "17", ""):
        with pytest.raises(DateInputError):
            dates.parse_time(bad)


def test_date_and_time_together(app):
    assert dates.parse_datetime("15/10/2025 17:00") == datetime(2025, 10, 15, 17, 0)
    assert dates.parse_datetime("2025-10-15T17:00") == datetime(2025, 10, 15, 17, 0)
    with app.test_request_context():
        with pytest.raises(DateInputError, match="Không có ngày 31/02/2025"):
            dates.parse_datetime("31/02/2025 17:00")
        with pytest.raises(DateInputError, match="dd/mm/yyyy HH:MM"):
            dates.parse_datetime("15/10/2025")
        with pytest.raises(DateInputError, match="HH:MM"):
            dates.parse_datetime("15/10/2025 5pm")


def test_filters_ignore_what_they_cannot_read():
    assert dates.maybe_date("") is None
    assert dates.maybe_date("31/02/2025") is None
    assert dates.maybe_date("01/03/2025") == date(2025, 3, 1)


def test_no_module_parses_dates_its_own_way():
    """strptime and the browser's date widgets live only in app/core/dates.py."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in (root / "app").rglob("*.py")
        if path.name != "dates.py" and "strptime(" in path.read_text(encoding="utf-8")
    ]
    offenders += [
        str(path.relative_to(root))
        for path in (root / "templates").rglob("*.html")
        if 'type="date' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
