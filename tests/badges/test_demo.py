"""The demo seeder leaves a believable print history: printed runs, one reprint, one revocation."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts import demo as accounts_demo
from app.badges import demo, services
from app.badges.models import Badge
from app.extensions import db as _db


def test_seed_prints_most_badges_reprints_one_and_revokes_one(db, make_application):
    accounts_demo.seed()
    db.session.commit()
    for i in range(6):
        make_application(status="approved", full_name=f"Phóng viên {i}")
    demo.seed()
    _db.session.commit()
    badges = db.session.scalars(select(Badge)).all()
    assert len(badges) == 7  # six badges, one of them reprinted
    assert sum(1 for b in badges if b.revoked_at) == 1
    assert sum(1 for b in badges if b.superseded_at) == 1
    assert sum(1 for b in badges if b.printed_at) >= 3
    assert (
        db.session.scalar(select(func.count()).select_from(Badge).where(Badge.superseded_at.is_(None))) == 6
    )
    assert services.count_unprinted() >= 1
