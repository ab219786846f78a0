"""The scan decision (DESIGN §3): every rule, their order, and the log of every attempt."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.badges import qr
from app.checkin import services
from app.checkin.models import Scan
from app.checkin.services import BadgeFacts, apply_rules, decide_scan
from app.core.models import AuditEvent
from app.core.timeutil import utcnow

RULES = ["superseded", "revoked", "not_approved", "outside_dates", "wrong_zone", "duplicate"]


def scans(db) -> list[Scan]:
    return list(db.session.scalars(select(Scan).order_by(Scan.id)))


def test_a_valid_badge_is_accepted_with_the_holder_and_logged(
    db, make_badge, make_gate, make_user, payload_of
):
    gate = make_gate("PC", "in")
    staff = make_user("scanner")
    badge, token = make_badge(zones="PC,HT")
    decision = decide_scan(payload_of(token), gate.id, staff.id)
    assert (decision.result, decision.reason) == ("accepted", None)
    application = badge.application
    assert decision.holder.name == application.full_name
    assert decision.holder.organisation == application.organisation.name
    assert decision.holder.category == "reporter"
    [row] = scans(db)
    assert (row.badge_id, row.gate_id, row.user_id, row.result, row.reason, row.offline) == (
        badge.id,
        gate.id,
        staff.id,
        "accepted",
        None,
        False,
    )
    assert row.token_hash == badge.token_hash


@pytest.mark.parametrize(
    "payload",
    [
        "hello world",  # random text
        "PC1:DH16:",  # truncated
        "PC1:DH16:abc",  # truncated token
        "PC1:DH16:" + "A" * 22 + "X" * 600,  # over-long
        "PC2:DH16:" + "A" * 22,  # another format version
        "<script>alert(1)</script>",
        "PC1:DH16:" + "A" * 21 + "!",  # a character no token has
        "\x00\ud800 binary",
    ],
)
def test_payloads_that_are_not_ours_are_denied_and_logged(db, make_gate, make_badge, payload):
    make_badge()
    gate = make_gate()
    decision = decide_scan(payload, gate.id, None)
    assert (decision.result, decision.reason) == ("denied", "unknown")
    [row] = scans(db)
    assert row.result == "denied" and row.reason == "unknown" and row.badge_id is None
    assert len(row.token_hash) == 64  # a hash of what was shown, never the text itself
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "checkin.scan_denied")) is not None


def test_a_forged_token_in_our_format_is_unknown(db, make_gate, make_badge, event):
    make_badge()
    gate = make_gate()
    forged = qr.make_payload(event.code, qr.new_token())
    assert decide_scan(forged, gate.id, None).reason == "unknown"
    assert scans(db)[0].token_hash == qr.hash_token(forged.rsplit(":", 1)[1])


def test_a_badge_of_another_event_is_denied_as_such(db, make_gate, make_badge):
    _badge, token = make_badge()
    gate = make_gate()
    decision = decide_scan(qr.make_payload("DH15", token), gate.id, None)
    assert (decision.result, decision.reason) == ("denied", "other_event")
    assert decision.holder is None  # nothing is revealed about a foreign badge
    assert scans(db)[0].reason == "other_event"


def test_a_reprinted_badge_is_denied_and_the_new_version_accepted(db, make_gate, make_badge, payload_of):
    gate = make_gate()
    old, old_token = make_badge(superseded_at=utcnow())
    new, new_token = make_badge(old.application, version=2)
    assert decide_scan(payload_of(old_token), gate.id, None).reason == "superseded"
    assert decide_scan(payload_of(new_token), gate.id, None).result == "accepted"


def test_a_revoked_badge_is_denied(db, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge(revoked_at=utcnow(), revoke_reason="Đổi phóng viên")
    decision = decide_scan(payload_of(token), gate.id, None)
    assert (decision.result, decision.reason) == ("denied", "revoked")
    assert decision.holder is not None  # staff see whose badge it is


@pytest.mark.parametrize("status", ["submitted", "rejected", "changes_requested"])
def test_a_badge_whose_application_is_not_approved_is_denied(
    db, make_gate, make_badge, make_application, payload_of, status
):
    gate = make_gate()
    _badge, token = make_badge(make_application(status=status))
    assert decide_scan(payload_of(token), gate.id, None).reason == "not_approved"


def test_valid_days_are_event_days_in_the_event_time_zone(db, make_gate, make_badge, payload_of):
    gate = make_gate()
    # 17:30 UTC on 14/10 is 00:30 on 15/10 in Hanoi.
    late = datetime(2025, 10, 14, 17, 30)
    _a, from_15th = make_badge(valid_from=date(2025, 10, 15), valid_until=date(2025, 10, 17))
    _b, until_14th = make_badge(valid_from=date(2025, 10, 10), valid_until=date(2025, 10, 14))
    assert decide_scan(payload_of(from_15th), gate.id, None, scanned_at=late).result == "accepted"
    assert decide_scan(payload_of(until_14th), gate.id, None, scanned_at=late).reason == "outside_dates"
    early = late - timedelta(hours=1)  # 23:30 on 14/10 in Hanoi
    assert decide_scan(payload_of(from_15th), gate.id, None, scanned_at=early).reason == "outside_dates"


def test_a_badge_without_the_gates_zone_is_denied(db, make_gate, make_badge, payload_of):
    hall = make_gate("HT")
    _badge, token = make_badge(zones="PC,HB")
    assert decide_scan(payload_of(token), hall.id, None).reason == "wrong_zone"


def test_the_same_badge_at_the_same_gate_within_the_window_is_a_duplicate(
    db, make_gate, make_badge, payload_of
):
    gate, other = make_gate(), make_gate()
    _badge, token = make_badge()
    start = utcnow() - timedelta(minutes=10)
    window = services.DUPLICATE_WINDOW_SECONDS
    assert decide_scan(payload_of(token), gate.id, None, scanned_at=start).result == "accepted"
    again = decide_scan(payload_of(token), gate.id, None, scanned_at=start + timedelta(seconds=window - 1))
    assert (again.result, again.reason) == ("duplicate", "duplicate")
    assert (
        decide_scan(payload_of(token), other.id, None, scanned_at=start + timedelta(seconds=5)).result
        == "accepted"
    )
    later = decide_scan(payload_of(token), gate.id, None, scanned_at=start + timedelta(seconds=window + 1))
    assert later.result == "accepted"
    assert [s.result for s in scans(db)] == ["accepted", "duplicate", "accepted", "accepted"]


def test_an_offline_scan_synced_late_is_a_duplicate_of_a_later_accepted_one(
    db, make_gate, make_badge, payload_of
):
    gate = make_gate()
    _badge, token = make_badge()
    online = utcnow() - timedelta(minutes=5)
    decide_scan(payload_of(token), gate.id, None, scanned_at=online)
    earlier = decide_scan(
        payload_of(token), gate.id, None, scanned_at=online - timedelta(seconds=20), offline=True
    )
    assert earlier.result == "duplicate"


def test_a_denied_badge_shown_twice_stays_denied(db, make_gate, make_badge, payload_of):
    gate = make_gate("HT")
    _badge, token = make_badge(zones="PC")
    assert [decide_scan(payload_of(token), gate.id, None).reason for _ in range(2)] == ["wrong_zone"] * 2


# ----------------------------------------------------------------------------- order of the rules
@pytest.fixture
def badge_with_faults(db, make_badge, make_application, make_gate):
    """A badge failing every rule from ``first`` on; returns (payload, gate id)."""

    def make(first: str):
        faults = RULES[RULES.index(first) :]
        gate = make_gate("HT")
        application = make_application(status="rejected" if "not_approved" in faults else "approved")
        badge, token = make_badge(
            application,
            zones="PC" if "wrong_zone" in faults else "PC,HT",
            valid_from=date(2020, 1, 1),
            valid_until=date(2020, 1, 2) if "outside_dates" in faults else date(2099, 1, 1),
            superseded_at=utcnow() if "superseded" in faults else None,
            revoked_at=utcnow() if "revoked" in faults else None,
        )
        return badge, token, gate

    return make


@pytest.mark.parametrize("first", RULES)
def test_the_first_failing_rule_decides(db, badge_with_faults, payload_of, first):
    badge, token, gate = badge_with_faults(first)
    if first == "duplicate":
        assert decide_scan(payload_of(token), gate.id, None).result == "accepted"
    decision = decide_scan(payload_of(token), gate.id, None)
    assert decision.reason == first
    assert decision.result == ("duplicate" if first == "duplicate" else "denied")


def test_the_event_is_checked_before_the_token(db, make_gate, payload_of):
    gate = make_gate()
    assert decide_scan(qr.make_payload("OTHER", qr.new_token()), gate.id, None).reason == "other_event"


def test_apply_rules_order_without_a_database():
    facts = BadgeFacts(1, True, True, False, date(2020, 1, 1), date(2020, 1, 2), ("PC",))
    day = date(2030, 1, 1)
    assert apply_rules(None, "HT", day, True) == ("denied", "unknown")
    assert apply_rules(facts, "HT", day, True) == ("denied", "superseded")
    facts = BadgeFacts(1, False, True, False, date(2020, 1, 1), date(2020, 1, 2), ("PC",))
    assert apply_rules(facts, "HT", day, True) == ("denied", "revoked")
    facts = BadgeFacts(1, False, False, False, date(2020, 1, 1), date(2020, 1, 2), ("PC",))
    assert apply_rules(facts, "HT", day, True) == ("denied", "not_approved")
    facts = BadgeFacts(1, False, False, True, date(2020, 1, 1), date(2020, 1, 2), ("PC",))
    assert apply_rules(facts, "HT", day, True) == ("denied", "outside_dates")
    facts = BadgeFacts(1, False, False, True, date(2020, 1, 1), date(2031, 1, 2), ("PC",))
    assert apply_rules(facts, "HT", day, True) == ("denied", "wrong_zone")
    assert apply_rules(facts, "PC", day, True) == ("duplicate", "duplicate")
    assert apply_rules(facts, "PC", day, False) == ("accepted", None)


# ----------------------------------------------------------------------------- recording
def test_a_client_uuid_is_recorded_once(db, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge()
    uuid = "3f2b8c1e-5d4a-4b6f-9e21-7c0d8a9b1e42"
    first = decide_scan(payload_of(token), gate.id, None, client_uuid=uuid)
    db.session.commit()
    again = decide_scan(payload_of(token), gate.id, None, client_uuid=uuid)
    assert again.replayed and again.scan_id == first.scan_id and again.result == "accepted"
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1


def test_an_unknown_gate_is_refused_without_a_row(db, make_badge, payload_of):
    _badge, token = make_badge()
    with pytest.raises(services.UnknownGate):
        decide_scan(payload_of(token), 999999, None)
    db.session.rollback()
    assert scans(db) == []


def test_a_scan_time_in_the_future_is_taken_as_now(db, make_gate, make_badge, payload_of):
    gate = make_gate()
    _badge, token = make_badge()
    decision = decide_scan(payload_of(token), gate.id, None, scanned_at=utcnow() + timedelta(days=3))
    assert decision.scanned_at <= utcnow()


def test_the_scan_path_runs_three_statements(db, app, make_gate, make_badge, payload_of):
    from tests.checkin.conftest import count_statements

    gate = make_gate()
    _badge, token = make_badge()
    gate_id, payload = gate.id, payload_of(token)
    db.session.commit()
    with count_statements(db.engine) as statements:
        decide_scan(payload, gate_id, None)
    sql = [s for s in statements if not s.startswith(("BEGIN", "SAVEPOINT", "RELEASE"))]
    assert len(sql) == 3, sql


def test_a_badge_of_another_event_is_denied_as_another_congress(db, make_gate, make_badge, event):
    """Even with our event code in its payload: the token belongs to another event's badge."""
    from app.events.services import create_event

    badge, token = make_badge()
    other = create_event("DH15", "Đại hội huyện", status="closed")
    badge.event_id = other.id
    db.session.commit()
    gate = make_gate()
    decision = decide_scan(qr.make_payload(event.code, token), gate.id, None)
    assert (decision.result, decision.reason) == ("denied", "other_event")
    assert decide_scan(qr.make_payload("DH15", token), gate.id, None).reason == "other_event"
    assert db.session.scalar(select(func.count(Scan.id)).where(Scan.event_id == event.id)) == 2
