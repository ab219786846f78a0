"""The demo seeder adds a believable help desk on top of the accounts and badges demo data."""

from __future__ import annotations

from sqlalchemy import func, select

from app.badges.services import issue_badge
from app.helpdesk.models import EquipmentItem, FoundItem, HelpRequest, Loan


def test_demo_seed(db, make_application, make_user, client, auth):
    from app.accounts import demo as accounts_demo
    from app.helpdesk import demo

    accounts_demo.seed()
    officer = make_user("accreditation_officer")
    for _ in range(8):
        issue_badge(make_application(status="approved"), officer)
    db.session.commit()
    demo.seed()
    db.session.commit()

    assert db.session.scalar(select(func.count(EquipmentItem.id))) == len(demo.EQUIPMENT)
    states = dict(
        db.session.execute(
            select(HelpRequest.state, func.count(HelpRequest.id)).group_by(HelpRequest.state)
        ).all()
    )
    assert states["solved"] >= 3 and states["waiting"] >= 1 and states["new"] >= 2
    assert (
        db.session.scalar(select(func.count(HelpRequest.id)).where(HelpRequest.lost_badge_id.is_not(None)))
        == 1
    )
    assert db.session.scalar(select(func.count(Loan.id))) == 3
    assert db.session.scalar(select(func.count(FoundItem.id))) == len(demo.FOUND)
    auth.login("press_officer")
    for url in (
        "/DH16/helpdesk/board",
        "/DH16/helpdesk/equipment",
        "/DH16/helpdesk/report",
        "/DH16/helpdesk/found",
    ):
        assert client.get(url).status_code == 200, url
