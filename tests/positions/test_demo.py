"""The demo seeder adds sessions, priority classes and requests on top of the accounts and
accreditation demo; the flower ceremony is already allocated with a waitlist."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.positions.models import HallSession, PositionRequest, PriorityOutlet
from tests.conftest import PASSWORD


def test_demo_seed(db, make_application, make_organisation, client, auth):
    from app.accounts import demo as accounts_demo
    from app.positions import demo

    accounts_demo.seed()
    host = make_organisation("Đài Phát thanh và Truyền hình Nghệ An", kind="tv", level="local")
    for n in range(40):
        make_application(
            status="approved",
            organisation=host if n % 5 == 0 else None,
            category=("camera", "photographer", "reporter")[n % 3],
        )
    db.session.commit()
    demo.seed()
    db.session.commit()

    assert db.session.scalar(select(func.count(HallSession.id))) == 4
    assert db.session.scalar(select(func.count(PriorityOutlet.id))) == 1
    states = dict(
        db.session.execute(
            select(PositionRequest.status, func.count(PositionRequest.id)).group_by(PositionRequest.status)
        ).all()
    )
    assert states["allocated"] == 5 and states["waitlisted"] == 9 and states["requested"] == 20
    for user in db.session.scalars(select(User)):  # the demo's published password is not the tests'
        user.set_password(PASSWORD)
    db.session.commit()
    auth.login("press_officer", user=db.session.scalar(select(User).where(User.email == demo.PRESS_OFFICER)))
    page = client.get("/DH16/positions/desk").get_data(as_text=True)
    assert "Phiên khai mạc Đại hội" in page and "Lễ dâng hoa" in page
    assert client.get("/DH16/positions/fairness").status_code == 200
