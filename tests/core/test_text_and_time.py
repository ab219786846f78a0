"""The text normaliser and the time-zone helper."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.core.text import clean_text, fold, like_pattern
from app.core.timeutil import format_datetime, from_local, to_local


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Nguyễn Văn A", "nguyen van a"),
        ("ĐẶNG Thị   Đào", "dang thi dao"),
        ("Thông tấn xã Việt Nam", "thong tan xa viet nam"),
        ("Nguye\u0303n", "nguyen"),  # decomposed input
        ("", ""),
        (None, ""),
    ],
)
def test_fold(raw, key):
    assert fold(raw) == key


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_Đ") == "%50\\%\\_d%"


def test_clean_text_drops_control_characters():
    assert clean_text("  Hà\x00 Nội\x07 ") == "Hà Nội"


def test_times_are_stored_utc_and_shown_in_hanoi():
    stored = from_local(datetime(2026, 12, 1, 8, 0))
    assert stored == datetime(2026, 12, 1, 1, 0)
    assert to_local(stored).hour == 8
    assert format_datetime(stored) == "01/12/2026 08:00"
