"""The iCalendar writer (app/core/calendars.py), read back by two independent parsers."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest
import vobject

from app.core import calendars

pytestmark = pytest.mark.timeout(30)

LONG_VIETNAMESE = (
    "Họp báo về kết quả Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI, nhiệm kỳ 2025–2030; "
    "phát biểu của đồng chí Bí thư Tỉnh uỷ, trả lời câu hỏi của phóng viên, báo chí trong nước và quốc tế"
)


def _entry(**overrides) -> calendars.Entry:
    values = {
        "uid": "conference-7@dh16.presscentre",
        "starts_at": datetime(2026, 12, 6, 1, 30),
        "ends_at": datetime(2026, 12, 6, 2, 30),
        "created_at": datetime(2026, 12, 1, 8, 0),
        "updated_at": datetime(2026, 12, 2, 9, 15, 42),
        "sequence": 3,
        "summary": LONG_VIETNAMESE,
        "status": "CONFIRMED",
        "url": "https://press.example.vn/DH16/briefings/7",
        "location": "Phòng họp báo số 1, Trung tâm Hội nghị tỉnh",
        "description": "Chủ đề: kinh tế; xã hội\n\nNgười phát biểu: Nguyễn Văn A – Bí thư, \\ Tỉnh uỷ",
    }
    values.update(overrides)
    return calendars.Entry(**values)


def _calendar(*entries) -> bytes:
    return calendars.calendar(
        prodid="-//Press centre//DH16//v1",
        name="Họp báo – Đại hội XVI",
        timezone="Asia/Ho_Chi_Minh",
        entries=entries,
    )


def test_every_line_fits_75_octets_and_ends_with_crlf_without_splitting_a_character():
    data = _calendar(_entry())
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75
        line.decode("utf-8")  # a fold never cuts a character in two


def test_both_parsers_read_back_what_was_written():
    entry = _entry()
    data = _calendar(entry, _entry(uid="conference-8@dh16.presscentre", status="CANCELLED", location=None))
    parsed = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    first = parsed[entry.uid]
    assert str(first["SUMMARY"]) == LONG_VIETNAMESE
    assert str(first["DESCRIPTION"]) == entry.description
    assert str(first["LOCATION"]) == entry.location
    assert first.decoded("DTSTART") == entry.starts_at.replace(tzinfo=UTC)
    assert first.decoded("DTSTAMP") == entry.updated_at.replace(tzinfo=UTC)
    assert int(first["SEQUENCE"]) == 3 and str(first["URL"]) == entry.url
    assert str(parsed["conference-8@dh16.presscentre"]["STATUS"]) == "CANCELLED"
    assert "LOCATION" not in parsed["conference-8@dh16.presscentre"]

    calendar = vobject.readOne(data.decode("utf-8"))
    assert calendar.x_wr_calname.value == "Họp báo – Đại hội XVI"
    events = {event.uid.value: event for event in calendar.vevent_list}
    assert events[entry.uid].summary.value == LONG_VIETNAMESE
    assert events[entry.uid].description.value == entry.description
    assert events[entry.uid].dtend.value == entry.ends_at.replace(tzinfo=UTC)


def test_text_is_escaped_and_short_lines_are_kept_whole():
    assert calendars.text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert calendars.fold("SEQUENCE:3") == "SEQUENCE:3\r\n"
    assert calendars.utc(datetime(2026, 1, 2, 3, 4, 5)) == "20260102T030405Z"
