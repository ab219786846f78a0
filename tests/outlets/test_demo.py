"""The demo seeder adds three outlets (one focal point still a request) with people in every state."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accreditation.outlet_models import FocalPoint, QuotaRequest, VettingRecord
from app.badges import services as badges
from app.outlets import services as outlets
from app.outlets import status


def test_demo_seed(db, make_application, make_user, client, auth):
    from app.accounts import demo as accounts_demo
    from app.outlets import demo

    accounts_demo.seed()
    officer = make_user("accreditation_officer")
    for _ in range(3):
        badges.issue_badge(make_application(status="approved"), officer)
    db.session.commit()
    demo.seed()
    demo.seed_late()
    db.session.commit()

    assert dict(
        db.session.execute(select(FocalPoint.status, func.count()).group_by(FocalPoint.status)).all()
    ) == {
        "active": 2,
        "requested": 1,
    }
    focal = db.session.scalar(select(FocalPoint).where(FocalPoint.status == "active").order_by(FocalPoint.id))
    shown = set(status.states(outlets.people_of(focal)).values())
    assert shown == {"collected", "printed", "in_vetting", "changes_requested", "submitted"}
    assert db.session.scalar(select(func.count(QuotaRequest.id))) == 1
    assert set(db.session.scalars(select(VettingRecord.status))) == {"cleared", "in_vetting", "not_cleared"}
    client.submit("/login", {"email": focal.user.email, "password": accounts_demo.DEMO_PASSWORD})
    page = client.get("/DH16/outlets/")
    assert page.status_code == 200 and "Lê Quang Vinh" in page.get_data(as_text=True)
