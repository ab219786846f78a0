"""At the hall door: a gate bound to a session admits holders of a place in it and denies others,
through the one decision function (the cookie scanner's API here; the device API and the offline
page read the same rule), and the gate pack carries the place list for offline decisions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from app.checkin.models import Scan
from app.checkin.services import decide_scan
from app.core.timeutil import utcnow
from app.positions import services
from tests.checkin.conftest import count_statements
from tests.checkin.test_devices import _paired, admin, bearer, create_device  # noqa: F401  (fixtures)
from tests.positions.conftest import ask, rows_of


def _holder_and_other(db, officer, reporter, make_session, make_badge):
    session = make_session(places={"photo": 1})
    holder, holder_app = reporter("Thông tấn xã Việt Nam", "Lê Minh Châu", zones=("HT",))
    other, other_app = reporter("Báo Tuổi Trẻ", "Phạm Minh Đức", zones=("HT",))
    ask(holder, session)
    ask(other, session)
    services.allocate(session, officer, now=services.deadline_of(session) + timedelta(minutes=1))
    db.session.commit()
    assert {r.journalist_id: r.status for r in rows_of(session)} == {
        holder.id: "allocated",
        other.id: "waitlisted",
    }
    return session, make_badge(holder_app, zones="HT")[1], make_badge(other_app, zones="HT")[1], holder_app


def test_a_bound_gate_admits_a_holder_and_denies_one_without_a_place(
    db,
    api,
    officer,
    reporter,
    make_session,
    make_badge,
    make_gate,
    payload_of,
):
    session, holder_token, other_token, _app = _holder_and_other(
        db, officer, reporter, make_session, make_badge
    )
    gate = make_gate("HT", "in", name="Cổng C – Hội trường")
    # unbound: the zone rule alone admits both
    assert api.scan(payload_of(other_token), gate.id).get_json()["result"] == "accepted"
    services.bind_gate(gate, session, officer)
    db.session.commit()
    accepted = api.scan(payload_of(holder_token), gate.id).get_json()
    assert accepted["result"] == "accepted"
    denied = api.scan(payload_of(other_token), gate.id, client_uuid=None).get_json()
    assert (denied["result"], denied["reason"]) == ("denied", "no_place")
    assert denied["reason_text"] == "Không có chỗ trong phiên này"
    assert denied["holder"]["name"] == "Phạm Minh Đức"  # the staff see who was turned away
    # the zone rule still comes first: a place does not open a zone the badge lacks
    gate_pc = make_gate("PC", "in", name="Cổng A")
    services.bind_gate(gate_pc, session, officer)
    db.session.commit()
    assert api.scan(payload_of(holder_token), gate_pc.id).get_json()["reason"] == "wrong_zone"


def test_the_gate_pack_names_the_session_and_its_place_holders(
    db,
    api,
    officer,
    reporter,
    make_session,
    make_badge,
    make_gate,
):
    session, _h, _o, holder_app = _holder_and_other(db, officer, reporter, make_session, make_badge)
    gate = make_gate("HT", "in", name="Cổng C – Hội trường")
    pack = api.get(f"/DH16/api/v1/gates/{gate.id}/pack").get_json()
    assert pack["v"] == 3 and pack["gate"]["session"] is None and pack["gate"]["places"] == []
    services.bind_gate(gate, session, officer)
    db.session.commit()
    pack = api.get(f"/DH16/api/v1/gates/{gate.id}/pack").get_json()
    assert pack["gate"]["session"] == session.id and pack["gate"]["places"] == [holder_app.id]
    delta = api.get(f"/DH16/api/v1/gates/{gate.id}/pack?since={pack['ver']}").get_json()
    assert delta["delta"] is True and delta["gate"]["places"] == [holder_app.id]  # complete in every delta


def test_a_session_bound_scan_costs_no_more_than_one_statement_more(
    db,
    officer,
    reporter,
    make_session,
    make_badge,
    make_gate,
    payload_of,
):
    session, holder_token, other_token, _app = _holder_and_other(
        db, officer, reporter, make_session, make_badge
    )
    unbound = make_gate("HT", "in", name="Cổng D")
    bound = make_gate("HT", "in", name="Cổng C")
    services.bind_gate(bound, session, officer)
    db.session.commit()
    decide_scan(payload_of(other_token), unbound.id, None)  # warm: the event's details are cached per request
    db.session.commit()
    counts = {}
    for name, gate_id in (("unbound", unbound.id), ("bound", bound.id)):
        with count_statements(db.engine) as statements:
            decision = decide_scan(payload_of(holder_token), gate_id, None)
        db.session.commit()
        assert decision.result == "accepted"
        sql = [s for s in statements if not s.startswith(("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT"))]
        counts[name] = len(sql)
    print(f"statements per scan: {counts}")
    assert counts["bound"] <= counts["unbound"] + 1
    assert counts["bound"] == counts["unbound"]  # the place check rides in the gate's statement


def test_no_shows_are_places_with_no_scan_into_the_hall(
    db,
    officer,
    reporter,
    make_session,
    make_badge,
    make_gate,
    make_zone,
    payload_of,
):
    from app.positions.models import PositionRequest

    hall = make_zone("HT")
    session = make_session(places={"photo": 2}, zone_id=hall.id, hours=30)
    came, came_app = reporter("Báo A", "Người Đến", zones=("HT",))
    missed, _ = reporter("Báo B", "Người Vắng", zones=("HT",))
    ask(came, session)
    ask(missed, session)
    services.allocate(session, officer, now=services.deadline_of(session) + timedelta(minutes=1))
    db.session.commit()
    _badge, token = make_badge(came_app, zones="HT")
    gate = make_gate("HT", "in")
    decide_scan(payload_of(token), gate.id, None, scanned_at=utcnow())
    db.session.commit()
    # the scan came well before the window: still a no-show unless scanned near the session
    after = session.ends_at + timedelta(minutes=5)
    assert len(services.no_show_ids(now=after)) == 2
    db.session.execute(update(Scan).values(scanned_at=session.starts_at - timedelta(minutes=30)))
    db.session.commit()
    missed_row = db.session.query(PositionRequest).filter_by(journalist_id=missed.id).one()
    assert services.no_show_ids(now=after) == {missed_row.id}
    (row,) = [r for r in services.fairness(now=after) if r.outlet == "Báo B"]
    assert (row.requested, row.given, row.no_shows) == (1, 1, 1)


def test_a_paired_phone_on_the_lean_path_gets_the_same_answer_at_a_bound_gate(
    db,
    app,
    officer,
    reporter,
    make_session,
    make_badge,
    make_gate,
    payload_of,
    create_device,  # noqa: F811
):
    """The device path (answered before Flask, app/checkin/lean.py) decides through the same
    function: a holder without a place in the session is turned away there too."""
    import uuid

    session, holder_token, other_token, _app = _holder_and_other(
        db, officer, reporter, make_session, make_badge
    )
    gate = make_gate("HT", "in", name="Cổng C – Hội trường")
    services.bind_gate(gate, session, officer)
    db.session.commit()
    phone = app.test_client()
    _device, token = _paired(phone, create_device, [gate])

    def scan(badge_token):
        body = {"payload": payload_of(badge_token), "gate_id": gate.id, "client_uuid": str(uuid.uuid4())}
        return phone.post("/DH16/api/v1/scans", json=body, headers=bearer(token, None)).get_json()

    assert scan(holder_token)["result"] == "accepted"
    denied = scan(other_token)
    assert (denied["result"], denied["reason"]) == ("denied", "no_place")
