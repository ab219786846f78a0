"""The dashboard: blocks by permission, constant query count, numbers equal to the areas' pages."""

from __future__ import annotations

import re

import pytest
import time_machine

from app.badges import services as badge_services
from app.extensions import db as _db
from tests.dashboard.conftest import by_testid, first_int

# A fixed moment (10:00 in Hà Nội) so "today" and its hours never straddle midnight.
NOON = "2025-10-15T03:00:00Z"


def blocks_of(html: str) -> set[str]:
    return set(re.findall(r'data-testid="block-([a-z]+)"', html))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "admin",
            {"funnel", "occupancy", "scans", "conferences", "releases", "venue", "helpdesk", "coverage"},
        ),
        ("accreditation_officer", {"funnel", "occupancy", "scans", "helpdesk", "coverage"}),
        (
            "press_officer",
            {"funnel", "occupancy", "scans", "conferences", "releases", "helpdesk", "coverage"},
        ),
        ("approver", {"funnel", "occupancy", "scans", "conferences", "releases", "coverage"}),
        ("organiser", {"funnel", "occupancy", "scans", "venue", "coverage"}),
    ],
)
def test_blocks_follow_the_viewers_permissions(client, auth, role, expected):
    auth.login(role)
    response = client.get("/DH16/dashboard")
    assert response.status_code == 200
    assert blocks_of(response.get_data(as_text=True)) == expected


@pytest.mark.parametrize("role", ["journalist", "scanner", "unit_member"])
def test_people_without_the_permission_get_403(client, auth, role):
    auth.login(role)
    assert client.get("/DH16/dashboard").status_code == 403


def test_the_dashboard_is_in_the_navigation_for_those_who_may_see_it(client, auth):
    auth.login("organiser")
    assert 'href="/DH16/dashboard"' in client.get("/DH16/").get_data(as_text=True)


def test_empty_congress_shows_zeros_and_dashes_not_errors(client, auth):
    auth.login("admin")
    html = client.get("/DH16/dashboard").get_data(as_text=True)
    ids = by_testid(html)
    assert ids["funnel-total"] == "0"
    assert ids["coverage-total"] == "0"
    assert ids["venue-overdue"] == "0"


@time_machine.travel(NOON, tick=False)
def test_query_count_does_not_grow_with_the_data(client, auth, build_world, count_queries):
    admin = auth.login("admin")
    build_world(5)
    client.get("/DH16/dashboard")  # warm-up: the first request loads catalogues and templates
    _db.session.remove()  # both measured requests start from a fresh session
    with count_queries() as small:
        first = client.get("/DH16/dashboard")
    assert first.status_code == 200
    build_world(50)
    _db.session.remove()
    with count_queries() as large:
        second = client.get("/DH16/dashboard")
    assert second.status_code == 200
    # the data did grow: more applications and scans on the second page
    assert first_int(by_testid(second.get_data(as_text=True))["funnel-total"]) == 55
    assert len(large) == len(small), "\n".join(large)
    assert admin.id  # the same viewer both times


@time_machine.travel(NOON, tick=False)
def test_charts_are_svg_with_bars_and_the_numbers_as_text(client, auth, build_world):
    auth.login("admin")
    build_world(10)
    html = client.get("/DH16/dashboard").get_data(as_text=True)
    charts = re.findall(r'<svg class="dash-columns".*?</svg>', html, re.S)
    assert charts, "no scan chart"
    assert all(chart.count("<rect") > 0 for chart in charts)
    # every bar's value is also written as text in the chart and in the table
    assert re.search(r"<text[^>]*>\d+</text>", charts[0])
    assert "<script" not in "".join(charts)


def _dashboard(client) -> dict[str, str]:
    return by_testid(client.get("/DH16/dashboard").get_data(as_text=True))


@time_machine.travel(NOON, tick=False)
def test_numbers_equal_those_of_the_underlying_pages(client, auth, build_world):
    """Each figure on the dashboard is checked against the page (or service) its area shows."""
    auth.login("admin")
    build_world(12)
    dash = _dashboard(client)
    compared = compare_with_pages(client, dash)
    assert compared["gates"] == 3
    assert compared["conferences"] == 6  # the dashboard lists the next six


def compare_with_pages(client, dash: dict[str, str]) -> dict[str, int]:
    """Shared by this test and the demo-data test; returns how many gates and conferences it compared."""
    # accreditation queue: "N application(s) found." per status
    for status in ("submitted", "approved", "rejected", "changes_requested"):
        page = by_testid(client.get(f"/DH16/accreditation/queue?status={status}").get_data(as_text=True))
        assert first_int(dash[f"funnel-{status}"]) == first_int(page["result-count"]), status
    from app.events import scope, services

    with scope.in_event(services.current_event()):  # the congress of the dashboard, not the others
        printed = _db.session.scalar(_count(badge_services.queue_query("printed")))
    assert first_int(dash["funnel-badges-printed"]) == printed
    # check-in occupancy page: people inside per zone
    occupancy_html = client.get("/DH16/occupancy").get_data(as_text=True)
    occupancy = by_testid(occupancy_html)
    zone_keys = [key for key in dash if key.startswith("dash-inside-")]
    assert zone_keys
    for key in zone_keys:
        assert dash[key] == occupancy[key.removeprefix("dash-")], key
    # check-in occupancy page: scans per hour and gate (table rows) summed per gate
    per_gate: dict[str, dict[str, int]] = {}
    for _hour, gate, accepted, duplicate, denied in re.findall(
        r"<tr><td>(\d\d:00)</td><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>",
        occupancy_html,
    ):
        totals = per_gate.setdefault(gate, {"accepted": 0, "duplicate": 0, "denied": 0})
        totals["accepted"] += int(accepted)
        totals["duplicate"] += int(duplicate)
        totals["denied"] += int(denied)
    dash_gates = _dash_gates(client)
    assert dash_gates == per_gate
    # briefings: seats taken shown on the staff list of conferences
    manage = client.get("/DH16/briefings/manage").get_data(as_text=True)
    seats = dict(
        re.findall(r'href="/DH16/briefings/(\d+)">.*?<td class="text-nowrap">(\d+) / \d+</td>', manage, re.S)
    )
    compared = {"gates": len(per_gate), "conferences": 0}
    for key in [k for k in dash if re.fullmatch(r"conference-\d+-registered", k)]:
        conference_id = key.split("-")[1]
        if conference_id in seats:
            assert dash[key] == seats[conference_id], key
            compared["conferences"] += 1
    # releases: the manage page lists releases per status
    assert first_int(dash["releases-in-review"]) == _rows(
        client, "/DH16/releases/manage?status=in_review", "manage-row"
    )
    assert first_int(dash["releases-embargoed"]) == _rows(
        client, "/DH16/releases/manage?status=approved", "manage-row"
    )
    assert first_int(dash["releases-live"]) == _rows(client, "/DH16/releases/", "release-item")
    # venue: the progress page's "verified/total" and the overdue list's count
    progress = by_testid(client.get("/DH16/venue/progress").get_data(as_text=True))
    verified, total = (int(x) for x in re.findall(r"\d+", progress["progress-total"])[:2])
    assert (first_int(dash["venue-verified"]), first_int(dash["venue-total"])) == (verified, total)
    overdue = by_testid(client.get("/DH16/venue/overdue").get_data(as_text=True))
    assert first_int(dash["venue-overdue"]) == first_int(overdue["task-count"])
    # coverage: the coverage report
    report = by_testid(client.get("/DH16/coverage/report").get_data(as_text=True))
    assert dash["coverage-total"] == report["report-total"]
    for medium in ("print", "online", "tv", "radio"):
        assert dash[f"coverage-{medium}"] == report[f"report-{medium}"]
    return compared


def _count(query):
    from sqlalchemy import func, select

    return select(func.count()).select_from(query.order_by(None).subquery())


def _rows(client, url: str, testid: str) -> int:
    """Rows with ``testid`` over every page of a paginated list (until a page comes back empty)."""
    total = 0
    for page in range(1, 100):
        separator = "&" if "?" in url else "?"
        found = (
            client.get(f"{url}{separator}page={page}").get_data(as_text=True).count(f'data-testid="{testid}"')
        )
        if found == 0:
            break
        total += found
    return total


def _dash_gates(client) -> dict[str, dict[str, int]]:
    html = client.get("/DH16/dashboard").get_data(as_text=True)
    result = {}
    for name, gate_id in re.findall(
        r'<th scope="row" class="fw-normal">([^<]+)</th>\s*<td class="text-end" data-testid="scans-(\d+)-accepted"',
        html,
    ):
        ids = by_testid(html)
        result[name.replace("&amp;", "&")] = {
            result_name: int(ids[f"scans-{gate_id}-{result_name}"])
            for result_name in ("accepted", "duplicate", "denied")
        }
    return result
