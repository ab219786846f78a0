"""The demo seeder: organisations, applications with photos in mixed states, badges for approved ones."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accreditation import demo
from app.accreditation.models import Application, MediaOrganisation
from app.badges.models import Badge
from app.core import uploads
from app.events.models import Zone


def test_seed_without_zones_creates_the_standard_ones(db):
    from app.accounts import demo as accounts_demo

    accounts_demo.seed()
    db.session.commit()
    demo.seed(count=40)
    db.session.commit()
    assert sorted(db.session.scalars(select(Zone.code))) == ["AN", "HB", "HT", "PC", "PH"]
    assert db.session.scalar(select(func.count(MediaOrganisation.id))) >= 25
    applications = db.session.scalars(select(Application)).all()
    assert len(applications) >= 40
    statuses = {a.status for a in applications}
    assert {"approved", "submitted"} <= statuses
    approved = [a for a in applications if a.status == "approved"]
    assert db.session.scalar(select(func.count(Badge.id))) == len(approved)
    assert all(uploads.path_of(a.photo_thumb_key).exists() for a in applications)
    mine = db.session.scalar(select(Application).where(Application.email == demo.DEMO_JOURNALIST))
    assert mine.status == "approved" and mine.organisation.name == "Báo Nhân Dân"
    names = [(a.full_name, a.date_of_birth) for a in applications]
    assert len(names) > len(set(names))  # a few near-duplicates for the desk to find
    assert len({a.national_id for a in applications}) == len(applications)


def test_seed_reuses_existing_zones(db, make_zone):
    make_zone("PC", "Trung tâm báo chí")
    demo.seed(count=5)
    db.session.commit()
    assert db.session.scalar(select(func.count(Zone.id))) == 1
