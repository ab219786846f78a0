"""Allocation at the deadline: priority classes, rotation between outlets, the waitlist, the release."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.timeutil import utcnow
from app.positions import services
from tests.positions.conftest import ask, audit_actions, outbox, position_of, rows_of


def _after_deadline(session, minutes: int = 1):
    return services.deadline_of(session) + timedelta(minutes=minutes)


def test_priority_classes_are_served_first_by_rank(db, officer, reporter, make_session):
    session = make_session(places={"tv_riser": 2})
    early, _ = reporter("Báo Tuổi Trẻ", "Phạm Minh Đức")
    host, host_app = reporter("Đài Truyền hình Việt Nam", "Trần Quốc Bảo")
    agency, agency_app = reporter("Thông tấn xã Việt Nam", "Lê Minh Châu")
    host2, _ = reporter("Đài Truyền hình Việt Nam", "Vũ Thị Hạnh")
    services.save_priority(host_app.organisation_id, "Đài chủ nhà", 1, 1, officer)
    services.save_priority(agency_app.organisation_id, "Hãng thông tấn quốc gia", 2, 1, officer)
    db.session.commit()
    for user in (early, host2, agency, host):  # the priority outlets asked last
        ask(user, session, "tv_riser")

    result = services.allocate(session, officer, now=_after_deadline(session))
    db.session.commit()
    assert result == {"allocated": 2, "waitlisted": 2, "already": False}
    by_user = {r.journalist_id: r for r in rows_of(session)}
    # the host broadcaster (one guaranteed place, its earlier request) and the agency
    assert by_user[host2.id].status == "allocated" and by_user[host2.id].allocated_by == "priority"
    assert by_user[agency.id].status == "allocated" and by_user[agency.id].allocated_by == "priority"
    # the waitlist in rotation order: the outlet with nothing so far before the host's second
    assert (by_user[early.id].status, by_user[early.id].waitlist_rank) == ("waitlisted", 1)
    assert (by_user[host.id].status, by_user[host.id].waitlist_rank) == ("waitlisted", 2)
    assert "positions.allocate" in audit_actions()
    subjects = [m.subject for m in outbox()]
    assert sum("Có chỗ cho bạn" in s or "A place for you" in s for s in subjects) == 2


def test_rotation_over_three_scarce_sessions_gives_every_outlet_a_place(db, officer, reporter, make_session):
    outlets = ["Báo Nhân Dân", "Báo Quân đội nhân dân", "Báo Nghệ An"]
    people = [reporter(outlet, f"Phóng viên {n}")[0] for n, outlet in enumerate(outlets)]
    sessions = [
        make_session(f"Phiên {n}", hours=30 + 5 * n, places={"photo": 1}, kind="plenary") for n in range(3)
    ]
    for session in sessions:
        for user in people:  # the same outlet always asks first
            ask(user, session)
    winners = []
    for session in sessions:
        services.allocate(session, officer, now=_after_deadline(session))
        db.session.commit()
        (holder,) = [r for r in rows_of(session) if r.status == "allocated"]
        winners.append(holder.organisation_id)
        assert holder.allocated_by == "rotation"
    assert len(set(winners)) == 3  # each outlet got one place, none got two


def test_a_no_show_counts_against_the_outlet(db, officer, reporter, make_session):
    from app.events.models import Zone

    zone = Zone(code="HT", name="Hội trường")
    db.session.add(zone)
    db.session.commit()
    first, _ = reporter("Báo Nhân Dân", "Nguyễn Thị Thu")
    second, _ = reporter("Báo Tuổi Trẻ", "Đặng Văn Nam")
    past = make_session("Phiên trù bị", hours=30, zone_id=zone.id)
    ask(first, past)
    services.allocate(past, officer, now=_after_deadline(past))
    db.session.commit()
    # the same two outlets ask for the next session; the first got a place before (score 1)
    # and, once the first session is over without a scan, is a no-show too (score 2)
    nxt = make_session("Phiên bế mạc", hours=60, places={"photo": 1})
    ask(first, nxt)
    ask(second, nxt)
    after_past = past.ends_at + timedelta(hours=1)
    assert services.no_show_ids(now=after_past) == {rows_of(past)[0].id}
    assert services.outlet_scores(nxt.id, now=after_past) == {rows_of(past)[0].organisation_id: 2}
    services.allocate(nxt, officer, now=max(after_past, _after_deadline(nxt)), force=True)
    db.session.commit()
    assert {r.journalist_id: r.status for r in rows_of(nxt)} == {
        first.id: "waitlisted",
        second.id: "allocated",
    }


def test_release_at_t_minus_2h_moves_the_waitlist_in_order(db, officer, reporter, make_session):
    session = make_session(places={"photo": 2})
    users = [reporter(f"Báo số {n}", f"Phóng viên {n}")[0] for n in range(5)]
    for user in users:
        ask(user, session)
    services.allocate(session, officer, now=_after_deadline(session))
    db.session.commit()
    rows = {r.journalist_id: r for r in rows_of(session)}
    assert [rows[u.id].status for u in users] == [
        "allocated",
        "allocated",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    assert [rows[u.id].waitlist_rank for u in users[2:]] == [1, 2, 3]
    services.confirm(rows[users[0].id], users[0], now=_after_deadline(session, 5))
    db.session.commit()
    with pytest.raises(services.PositionError, match="thu lại"):
        services.release(session, officer, now=services.release_time_of(session) - timedelta(minutes=1))
    db.session.rollback()

    result = services.release(session, officer, now=services.release_time_of(session))
    db.session.commit()
    assert result == {"released": 1, "moved_up": 1, "already": False}
    rows = {r.journalist_id: r for r in rows_of(session)}
    assert rows[users[0].id].status == "confirmed"
    assert rows[users[1].id].status == "released"
    # the first on the waitlist has the place, confirmed (no time left to confirm); the rest wait on
    assert rows[users[2].id].status == "confirmed" and rows[users[2].id].allocated_by == "waitlist"
    assert rows[users[3].id].status == "waitlisted" and rows[users[4].id].status == "waitlisted"
    assert services.release(session, officer, now=services.release_time_of(session))["already"] is True
    # a holder who cancels frees the place for the next in order
    services.cancel(rows[users[0].id], users[0], now=services.release_time_of(session) + timedelta(minutes=5))
    db.session.commit()
    rows = {r.journalist_id: r for r in rows_of(session)}
    assert rows[users[3].id].status == "confirmed" and rows[users[4].id].status == "waitlisted"
    assert {"positions.release", "positions.move_up", "positions.cancel"} <= set(audit_actions())


def test_the_worker_pass_allocates_and_releases_when_due(db, officer, reporter, make_session):
    session = make_session(places={"photo": 1})
    one, _ = reporter("Báo A", "Người Một")
    two, _ = reporter("Báo B", "Người Hai")
    ask(one, session)
    ask(two, session)
    assert services.run_due_everywhere(now=utcnow()) == 0
    assert services.run_due_everywhere(now=_after_deadline(session)) == 1
    db.session.commit()
    assert services.run_due_everywhere(now=services.release_time_of(session)) == 1
    db.session.commit()
    assert {r.journalist_id: r.status for r in rows_of(session)} == {one.id: "released", two.id: "confirmed"}


def test_bad_requests_are_refused_with_a_clear_message(db, officer, reporter, make_session, make_user):
    session = make_session(places={"photo": 1, "radio": 1})
    other = make_session("Họp báo bên lề", hours=49, kind="press_event")  # overlaps the first
    user, _ = reporter()
    with pytest.raises(services.PositionError, match="đã đóng|closed"):
        services.request_position(user, session, position_of(session).id, now=_after_deadline(session))
    db.session.rollback()
    with pytest.raises(services.PositionError):
        services.request_position(user, session, position_of(other).id)  # a position of another session
    db.session.rollback()
    with pytest.raises(services.PositionError, match="accreditation|thẻ"):
        services.request_position(make_user("journalist"), session, position_of(session).id)
    db.session.rollback()
    ask(user, session)
    with pytest.raises(services.PositionError):
        services.request_position(user, session, position_of(session, "radio").id)  # twice in a session
    db.session.rollback()
    with pytest.raises(services.PositionError, match="Phiên khai mạc"):
        services.request_position(user, other, position_of(other).id)  # overlaps their own booking
    db.session.rollback()
    assert len(rows_of(session)) == 1 and rows_of(other) == []
