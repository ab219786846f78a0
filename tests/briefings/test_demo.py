"""The demo seeder builds a believable programme on top of the accounts and check-in demo data."""

from __future__ import annotations

from sqlalchemy import func, select

from app.briefings.models import Conference, Question, Room, Signup


def test_demo_seed(db, make_application):
    from app.accounts import demo as accounts_demo
    from app.briefings import demo
    from app.checkin import demo as checkin_demo

    accounts_demo.seed()
    checkin_demo.seed()
    for _ in range(16):
        make_application(status="approved")
    demo.seed()
    db.session.commit()

    rooms = db.session.scalars(select(Room).order_by(Room.id)).all()
    assert rooms[0].name == "Phòng họp báo số 1 – Trung tâm báo chí" and rooms[0].gate.zone.code == "HB"
    conferences = db.session.scalars(select(Conference)).all()
    assert len(conferences) == 10
    assert sum(1 for c in conferences if c.series_key) == 5
    assert {c.visibility for c in conferences} == {"public", "accredited"}
    assert db.session.scalar(select(func.count()).where(Signup.status == "waitlisted")) > 0
    assert db.session.scalar(select(func.count()).where(Question.status == "approved")) > 0
