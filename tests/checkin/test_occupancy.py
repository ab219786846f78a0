"""Occupancy per zone from in/out scans, and scans per hour per gate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.checkin.occupancy import inside_by_zone, occupancy_by_zone, scans_per_hour
from app.checkin.services import decide_scan
from app.core.timeutil import utcnow
from tests.checkin.conftest import count_statements


@pytest.fixture
def gates(make_gate):
    return {
        "in": make_gate("PC", "in"),
        "out": make_gate("PC", "out"),
        "both": make_gate("PC", "both"),
        "hall": make_gate("HT", "both"),
    }


@pytest.fixture
def scan_at(db, payload_of):
    """Scan ``token`` at ``gate`` ``minutes`` ago (today)."""
    base = utcnow()

    def scan(token, gate, seconds_ago):
        decision = decide_scan(
            payload_of(token), gate.id, None, scanned_at=base - timedelta(seconds=seconds_ago)
        )
        db.session.commit()
        return decision

    return scan


@pytest.fixture(autouse=True)
def _midday(time_machine):
    """Scans a few minutes old stay within today's event day."""
    time_machine.move_to("2025-10-14 05:00:00+00:00", tick=False)  # 12:00 in Hanoi


def test_in_then_out(db, gates, make_badge, scan_at):
    _b, a = make_badge(zones="PC,HT")
    _b, b = make_badge(zones="PC,HT")
    scan_at(a, gates["in"], 600)
    scan_at(b, gates["in"], 590)
    assert occupancy_by_zone() == {"PC": 2, "HT": 0}
    scan_at(a, gates["out"], 300)
    assert occupancy_by_zone() == {"PC": 1, "HT": 0}


def test_a_both_ways_gate_toggles(db, gates, make_badge, scan_at):
    _b, a = make_badge(zones="PC,HT")
    scan_at(a, gates["both"], 900)
    assert occupancy_by_zone()["PC"] == 1
    scan_at(a, gates["both"], 600)
    assert occupancy_by_zone()["PC"] == 0
    scan_at(a, gates["in"], 400)  # an "in" gate sets the state whatever it was
    scan_at(a, gates["in"], 200)
    assert occupancy_by_zone()["PC"] == 1
    scan_at(a, gates["both"], 100)
    assert occupancy_by_zone()["PC"] == 0
    scan_at(a, gates["hall"], 50)
    assert occupancy_by_zone() == {"PC": 0, "HT": 1}


def test_duplicates_and_denials_are_not_counted(db, gates, make_badge, scan_at):
    _b, a = make_badge(zones="PC")
    _b, revoked = make_badge(zones="PC", revoked_at=utcnow())
    assert scan_at(a, gates["both"], 100).result == "accepted"
    assert scan_at(a, gates["both"], 90).result == "duplicate"  # would toggle out if counted
    assert scan_at(revoked, gates["in"], 80).result == "denied"
    assert scan_at(a, gates["hall"], 70).result == "denied"  # no HT on the badge
    assert occupancy_by_zone() == {"PC": 1, "HT": 0}


def test_a_reprinted_badge_continues_the_holders_state(db, gates, make_badge, scan_at):
    old, old_token = make_badge(zones="PC")
    scan_at(old_token, gates["in"], 600)
    old.superseded_at = utcnow()
    db.session.commit()
    _new, new_token = make_badge(old.application, version=2, zones="PC")
    scan_at(new_token, gates["out"], 300)
    assert occupancy_by_zone()["PC"] == 0


def test_yesterdays_scans_do_not_count(db, gates, make_badge, scan_at):
    _b, a = make_badge(zones="PC")
    scan_at(a, gates["in"], 24 * 3600)
    assert occupancy_by_zone()["PC"] == 0


def test_who_is_inside_names_the_people(db, gates, make_badge, scan_at):
    badge, a = make_badge(zones="PC")
    scan_at(a, gates["in"], 100)
    zones = {zone.code: zone for zone in inside_by_zone()}
    pc = zones["PC"]
    assert (pc.inside, zones["HT"].inside) == (1, 0)
    person = pc.people[0]
    assert person["name"] == badge.application.full_name
    assert person["organisation"] == badge.application.organisation.name


def test_the_query_count_does_not_grow_with_scans(db, gates, make_badge, scan_at):
    tokens = [make_badge(zones="PC,HT")[1] for _ in range(6)]
    scan_at(tokens[0], gates["in"], 100)
    with count_statements(db.engine) as few:
        inside_by_zone()
        scans_per_hour()
    for i, token in enumerate(tokens):
        scan_at(token, gates["in"], 90 - i)
        scan_at(token, gates["hall"], 50 - i)
    with count_statements(db.engine) as many:
        assert occupancy_by_zone() == {"PC": 6, "HT": 6}
        scans_per_hour()

    def queries(statements):
        return [s for s in statements if not s.startswith("BEGIN")]

    assert len(queries(many)) == len(queries(few)) == 3


def test_scans_per_hour_per_gate(db, gates, make_badge, scan_at):
    _b, a = make_badge(zones="PC")
    scan_at(a, gates["in"], 60 * 70)  # 10:50 local
    scan_at(a, gates["in"], 60 * 70 - 30)  # duplicate
    scan_at(a, gates["hall"], 60 * 10)  # 11:50, denied (no HT)
    rows = scans_per_hour()
    assert [(r["hour"].hour, r["gate_id"], r["accepted"], r["duplicate"], r["denied"]) for r in rows] == [
        (11, gates["hall"].id, 0, 0, 1),
        (10, gates["in"].id, 1, 1, 0),
    ]


@pytest.mark.parametrize("role", ["scanner", "admin"])
def test_staff_see_the_occupancy_page(db, client, auth, gates, make_badge, scan_at, role):
    badge, a = make_badge(zones="PC")
    scan_at(a, gates["in"], 100)
    auth.login(role)
    page = client.get("/DH16/occupancy").get_data(as_text=True)
    assert badge.application.full_name in page and 'data-testid="inside-PC">1<' in page
    panel = client.get("/DH16/occupancy?partial=1").get_data(as_text=True)
    assert "<html" not in panel and 'data-testid="inside-PC">1<' in panel


def test_journalists_do_not(db, client, auth):
    auth.login("journalist")
    assert client.get("/DH16/occupancy").status_code == 403
