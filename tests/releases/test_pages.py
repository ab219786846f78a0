"""Reader pages: accent-insensitive search, filters by category and day, a fixed query count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import event

from app.extensions import db as _db


def _titles(client, **query) -> str:
    page = client.get("/DH16/releases/", query_string=query).get_data(as_text=True)
    return page.split('class="list-unstyled release-list"', 1)[1]


def test_search_ignores_accents_and_case(client, make_release):
    make_release(title="Nghị quyết Đại hội đại biểu Đảng bộ tỉnh")
    make_release(title="Diễn văn khai mạc")
    assert "Nghị quyết" in _titles(client, q="nghi quyet dai hoi")
    assert "Nghị quyết" in _titles(client, q="NGHỊ QUYẾT")
    assert "Nghị quyết" not in _titles(client, q="khai mac")
    assert "Diễn văn" in _titles(client, q="khai mac")
    # LIKE wildcards typed by a reader are literal.
    assert "Nghị quyết" not in _titles(client, q="%")


def test_filter_by_category_and_day(client, make_release):
    with time_machine.travel(datetime(2025, 10, 13, 3, 0, tzinfo=UTC), tick=False) as traveller:
        make_release(title="Chương trình làm việc", category="programme")
        traveller.shift(timedelta(days=1))
        make_release(title="Bộ ảnh phiên khai mạc", category="photo_set")
        # 23:30 local on the 14th is still the 14th in Hà Nội (16:30 UTC).
        traveller.move_to(datetime(2025, 10, 14, 16, 30, tzinfo=UTC))
        make_release(title="Thông cáo cuối ngày", category="press_release")
        assert "Chương trình" in _titles(client, category="programme")
        assert "Bộ ảnh" not in _titles(client, category="programme")
        day = _titles(client, day="2025-10-14")
        assert "Bộ ảnh" in day and "Thông cáo cuối ngày" in day and "Chương trình" not in day
        assert "Chương trình" in _titles(client, day="13/10/2025")
        assert "Chương trình" in _titles(client, day="not a day", category="nonsense")


@pytest.fixture
def count_queries(app):
    counter = {"n": 0}

    def _count(*_args, **_kwargs):
        counter["n"] += 1

    engine = _db.engine
    event.listen(engine, "before_cursor_execute", _count)
    yield counter
    event.remove(engine, "before_cursor_execute", _count)


def test_the_list_costs_the_same_number_of_queries_for_3_or_15_releases(
    client, auth, make_release, count_queries, journalist
):
    from tests.releases.conftest import pdf_bytes

    reader = journalist("central")
    auth.login(user=reader)

    def cost() -> int:
        count_queries["n"] = 0
        assert client.get("/DH16/releases/").status_code == 200
        return count_queries["n"]

    for _ in range(3):
        make_release(attachments=[("a.pdf", pdf_bytes())], audience="central")
    few = cost()
    for _ in range(12):
        make_release(attachments=[("a.pdf", pdf_bytes())])
    assert cost() == few
