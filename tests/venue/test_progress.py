"""Overdue tasks, progress per unit, location and category, and the deadline calendar."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import time_machine

from app.core.timeutil import utcnow
from app.venue.models import Task
from app.venue.progress import overall, progress_by


def test_overdue_means_past_due_and_not_finished(venue, db):
    unit = venue.unit()
    now = utcnow()
    cases = {
        ("todo", -1): True,
        ("in_progress", -1): True,
        ("blocked", -1): True,
        ("done", -1): False,
        ("verified", -1): False,
        ("todo", 1): False,
        ("in_progress", 1): False,
    }
    tasks = {key: venue.task(unit, status=key[0], due_at=now + timedelta(hours=key[1])) for key in cases}
    for key, task in tasks.items():
        assert task.is_overdue(now) is cases[key], key
    from sqlalchemy import select

    overdue_ids = set(db.session.scalars(select(Task.id).where(Task.is_overdue(now))))
    assert overdue_ids == {tasks[k].id for k, v in cases.items() if v}


def test_overdue_page_lists_only_overdue_tasks(client, auth, venue):
    unit = venue.unit()
    venue.task(unit, title="Cờ dọc tuyến phố", due_in=timedelta(hours=-2))
    venue.task(unit, title="Pano đã xong", status="done", due_in=timedelta(hours=-2))
    venue.task(unit, title="Đèn LED hoa", due_in=timedelta(days=2))
    auth.login("organiser")
    page = client.get("/DH16/venue/overdue").get_data(as_text=True)
    assert "Cờ dọc tuyến phố" in page
    assert "Pano đã xong" not in page and "Đèn LED hoa" not in page
    assert "1 nhiệm vụ" in page


def test_progress_numbers_per_unit_location_and_category(app, venue, db):
    a, b = venue.unit("Sở Xây dựng"), venue.unit("Điện lực tỉnh")
    hall, street = venue.location("Hội trường"), venue.location("Đường Lê Lợi", kind="street")
    flags, lights = venue.category("Cờ"), venue.category("Chiếu sáng")
    past = timedelta(days=-1)
    venue.task(a, status="verified", location=hall, category=flags)
    venue.task(a, status="done", location=hall, category=flags)
    venue.task(a, status="todo", location=street, category=flags, due_in=past)
    venue.task(b, status="verified", location=street, category=lights)
    venue.task(b, status="blocked", location=street, category=lights, due_in=past)
    venue.task(None, status="todo", location=hall, category=lights)
    now = utcnow()

    with app.test_request_context():
        units = {str(row.name): row for row in progress_by("unit", now)}
    assert (units["Sở Xây dựng"].total, units["Sở Xây dựng"].verified, units["Sở Xây dựng"].done) == (3, 1, 1)
    assert units["Sở Xây dựng"].percent == 33 and units["Sở Xây dựng"].overdue == 1
    assert (units["Điện lực tỉnh"].total, units["Điện lực tỉnh"].percent, units["Điện lực tỉnh"].overdue) == (
        2,
        50,
        1,
    )
    assert units["Chưa giao"].total == 1
    locations = {row.name: (row.total, row.verified) for row in progress_by("location", now)}
    assert locations == {"Hội trường": (3, 1), "Đường Lê Lợi": (3, 1)}
    categories = {
        row.name: (row.total, row.verified, row.counts["blocked"]) for row in progress_by("category", now)
    }
    assert categories == {"Cờ": (3, 1, 0), "Chiếu sáng": (3, 1, 1)}
    total = overall(now)
    assert (total.total, total.verified, total.done, total.overdue, total.percent) == (6, 2, 1, 2, 33)


def test_progress_page_shows_bars_with_numbers(client, auth, venue):
    unit = venue.unit("Công ty Chiếu sáng đô thị")
    venue.task(unit, status="verified")
    venue.task(unit, status="todo")
    venue.task(unit, status="done")
    venue.task(unit, status="todo")
    auth.login("organiser")
    page = client.get("/DH16/venue/progress").get_data(as_text=True)
    number = re.search(rf'data-testid="progress-unit-{unit.id}">([^<]+)<', page).group(1)
    assert number == "1/4 đã nghiệm thu (25%)"
    assert 'data-testid="progress-total">1/4 đã nghiệm thu (25%)' in page
    assert 'aria-label="1 trên 4 đã nghiệm thu, 1 chờ nghiệm thu"' in page


@time_machine.travel(datetime(2025, 10, 10, 2, 0), tick=False)
def test_calendar_groups_deadlines_by_local_day(client, auth, venue):
    unit = venue.unit()
    # 17:30 UTC on the 12th is 00:30 on the 13th in Hà Nội.
    venue.task(unit, title="Thảm hoa", due_at=datetime(2025, 10, 12, 17, 30))
    venue.task(unit, title="Băng rôn tháng sau", due_at=datetime(2025, 11, 3, 10, 0))
    auth.login("organiser")
    page = client.get("/DH16/venue/calendar").get_data(as_text=True)
    assert "10/2025" in page and "Thảm hoa" in page and "Băng rôn tháng sau" not in page
    assert 'id="day-2025-10-13"' in page
    page = client.get("/DH16/venue/calendar?month=2025-11").get_data(as_text=True)
    assert "Băng rôn tháng sau" in page and "Thảm hoa" not in page
    assert client.get("/DH16/venue/calendar?month=nonsense").status_code == 200


def test_board_has_a_column_per_status(client, auth, venue):
    unit = venue.unit()
    for status in ("todo", "todo", "in_progress", "blocked", "done", "verified"):
        venue.task(unit, status=status)
    auth.login("organiser")
    page = client.get("/DH16/venue/board").get_data(as_text=True)
    counts = dict(re.findall(r'data-testid="count-(\w+)">(\d+)<', page))
    assert counts == {"todo": "2", "in_progress": "1", "blocked": "1", "done": "1", "verified": "1"}


def test_list_filters(client, auth, venue):
    a, b = venue.unit("Công an tỉnh"), venue.unit("Tỉnh đoàn")
    venue.task(a, title="Phân luồng giao thông")
    venue.task(b, title="Cổng chào hơi", status="in_progress")
    auth.login("organiser")
    page = client.get(f"/DH16/venue/tasks?unit_id={b.id}").get_data(as_text=True)
    assert "Cổng chào hơi" in page and "Phân luồng giao thông" not in page
    page = client.get("/DH16/venue/tasks?q=phan+LUONG").get_data(as_text=True)
    assert "Phân luồng giao thông" in page and "Cổng chào hơi" not in page
    page = client.get("/DH16/venue/tasks?status=in_progress&priority=2&location_id=abc").get_data(
        as_text=True
    )
    assert "Cổng chào hơi" in page and "Phân luồng giao thông" not in page
