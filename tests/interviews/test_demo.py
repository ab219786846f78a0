"""The demo seeder adds a believable interview desk on top of the accounts and briefings demo."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.interviews.models import Interviewee, InterviewRequest
from tests.conftest import PASSWORD


def test_demo_seed(db, make_application, client, auth):
    from app.accounts import demo as accounts_demo
    from app.briefings import demo as briefings_demo
    from app.interviews import demo

    accounts_demo.seed()
    journalist = db.session.scalar(select(User).where(User.email == demo.DEMO_JOURNALIST))
    make_application(status="approved", user=journalist)
    for _ in range(10):
        make_application(status="approved")
    briefings_demo.seed()
    db.session.commit()
    demo.seed()
    db.session.commit()

    assert db.session.scalar(select(func.count(Interviewee.id))) == len(demo.PEOPLE)
    states = dict(
        db.session.execute(
            select(InterviewRequest.state, func.count(InterviewRequest.id)).group_by(InterviewRequest.state)
        ).all()
    )
    assert set(states) == {"received", "contacting", "accepted", "declined", "scheduled", "done", "no_show"}
    for user in db.session.scalars(select(User)):  # the demo's published password is not the tests'
        user.set_password(PASSWORD)
    db.session.commit()
    auth.login("press_officer", user=db.session.scalar(select(User).where(User.email == demo.PRESS_OFFICER)))
    board = client.get("/DH16/interviews/board")
    assert board.status_code == 200 and "Lê Minh Tuấn" in board.get_data(as_text=True)
    assert client.get("/DH16/interviews/interviewees").status_code == 200
    auth.logout()
    auth.login("journalist", user=journalist)
    mine = client.get("/DH16/interviews/").get_data(as_text=True)
    assert "Trần Thị Hoa" in mine and "Đã xếp lịch" in mine
