"""The demo seeder adds the press centre's notices of the last days, already e-mailed."""

from __future__ import annotations

from sqlalchemy import func, select

from app.core.models import OutboxMessage
from app.notices.models import Notice, NoticeSettings


def test_demo_seed(db, journalist, client, auth):
    from app.accounts import demo as accounts_demo
    from app.notices import demo

    accounts_demo.seed()
    for category in ("reporter", "photographer", "camera"):
        journalist("central", category)
    db.session.commit()
    demo.seed()
    db.session.commit()
    demo.seed()  # again: nothing twice
    db.session.commit()

    assert db.session.scalar(select(func.count(Notice.id))) == len(demo.NOTICES)
    assert db.session.scalar(select(func.count()).where(OutboxMessage.status == "pending")) == 0
    settings = db.session.scalar(select(NoticeSettings))
    assert settings.auto_conference_changed and not settings.auto_release_published
    auth.login("press_officer")
    page = client.get("/DH16/notices/").get_data(as_text=True)
    assert "Xe đưa đón phóng viên" in page and "Tổ phóng viên ảnh chung" in page
