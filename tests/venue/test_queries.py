"""Task pages run a fixed number of queries, whatever the number of tasks."""

from __future__ import annotations

from datetime import timedelta

import pytest

PAGES = [
    "/DH16/venue/",
    "/DH16/venue/board",
    "/DH16/venue/tasks",
    "/DH16/venue/overdue",
    "/DH16/venue/calendar",
    "/DH16/venue/progress",
]


def _add(venue, units, locations, categories, n):
    statuses = ("todo", "in_progress", "blocked", "done", "verified")
    for i in range(n):
        venue.task(
            units[i % len(units)],
            status=statuses[i % 5],
            location=locations[i % len(locations)],
            category=categories[i % len(categories)],
            due_in=timedelta(days=(i % 7) - 3, hours=1),
        )


@pytest.mark.parametrize(
    "role, url",
    [("organiser", url) for url in PAGES]
    + [("unit_member", url) for url in PAGES if url != "/DH16/venue/progress"],
)
def test_query_count_does_not_grow_with_tasks(client, auth, venue, count_queries, role, url):
    units = [venue.unit() for _ in range(3)]
    locations = [venue.location() for _ in range(3)]
    categories = [venue.category() for _ in range(3)]
    user = venue.member(units[0]) if role == "unit_member" else None
    auth.login(role, user=user)
    _add(venue, units, locations, categories, 5)
    client.get(url)  # the same warm-up before each count (session and caches as in real use)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _add(venue, units, locations, categories, 40)
    client.get(url)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many[0] == few[0], f"{url}: {few[0]} queries with 5 tasks, {many[0]} with 45"


def test_task_page_query_count_does_not_grow_with_history(client, auth, venue, count_queries, db):
    from app.core.timeutil import utcnow
    from app.venue import services

    unit = venue.unit()
    task = venue.task(unit)
    organiser = auth.login("organiser")
    url = f"/DH16/venue/tasks/{task.id}"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for i in range(10):
        venue.evidence(task)
        services.add_comment(task, f"Ý kiến {i}", organiser)
        services.assign_tasks([task], unit.id, venue.member(unit).id, organiser)
    db.session.commit()
    services.change_status(task, "start", organiser, now=utcnow())
    db.session.commit()
    client.get(url)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many[0] == few[0]
