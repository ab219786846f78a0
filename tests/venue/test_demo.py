"""The demo decoration work: 12 units, the standard template in Vietnamese, ~60 tasks in every state."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts import demo as accounts_demo
from app.accounts.models import User
from app.core.timeutil import utcnow
from app.venue import demo
from app.venue.demo_data import STANDARD_TEMPLATE
from app.venue.models import STATUSES, ChecklistTemplate, Evidence, Task, Unit


def test_demo_seed(db, client):
    accounts_demo.seed()
    demo.seed()
    db.session.commit()
    assert db.session.scalar(select(func.count(Unit.id))) == 12
    template = db.session.scalar(select(ChecklistTemplate).where(ChecklistTemplate.name == STANDARD_TEMPLATE))
    assert len(template.items) >= 12 and any(i.title == "Phông sân khấu chính" for i in template.items)
    tasks = db.session.scalars(select(Task)).all()
    assert 55 <= len(tasks) <= 70
    assert {t.status for t in tasks} == set(STATUSES)
    now = utcnow()
    assert 2 <= sum(t.is_overdue(now) for t in tasks) <= 15
    finished = [t for t in tasks if t.status in ("done", "verified")]
    with_photo = set(db.session.scalars(select(Evidence.task_id)))
    assert all(t.id in with_photo for t in finished)
    member = db.session.scalar(select(User).where(User.email == demo.DEMO_UNIT_MEMBER))
    assert member.unit_id is not None
    assert any(t.unit_id == member.unit_id for t in tasks)
    # The demo unit member signs in with the demo password and sees their unit's tasks.
    response = client.submit("/login", {"email": member.email, "password": accounts_demo.DEMO_PASSWORD})
    assert response.status_code == 302
    assert "Pano tuyên truyền Đại hội" in client.get("/DH16/venue/").get_data(as_text=True)
