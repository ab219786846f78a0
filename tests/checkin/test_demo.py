"""The demo data: five zones, eight gates, a few hundred scans over the last days."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts import demo as accounts_demo
from app.checkin import demo
from app.checkin.models import Gate, Scan
from app.checkin.occupancy import occupancy_by_zone
from app.core.timeutil import utcnow
from app.events.models import Zone


def test_the_demo_seeds_zones_gates_and_believable_scans(db, make_badge, time_machine):
    time_machine.move_to("2025-10-14 09:00:00+00:00", tick=False)  # 16:00 in Hanoi
    accounts_demo.seed()
    demo.seed()
    db.session.commit()
    assert [z.code for z in db.session.scalars(select(Zone).order_by(Zone.sort_order))] == [
        "PC",
        "HT",
        "HB",
        "AN",
        "PH",
    ]
    gates = db.session.scalars(select(Gate)).all()
    assert len(gates) == 8 and {g.direction for g in gates} == {"in", "out", "both"}
    assert all("–" in g.name or "Cửa" in g.name or "Lối" in g.name or "Cổng" in g.name for g in gates)
    for _ in range(60):
        make_badge(zones="PC,HT,HB")
    make_badge(zones="PC", revoked_at=utcnow())
    demo.seed_late()
    db.session.commit()
    total = db.session.scalar(select(func.count()).select_from(Scan))
    assert 200 <= total <= 800
    results = dict(db.session.execute(select(Scan.result, func.count()).group_by(Scan.result)).all())
    assert results["accepted"] > results.get("denied", 0) > 0
    assert db.session.scalar(select(func.max(Scan.scanned_at))) <= utcnow()
    assert db.session.scalar(select(Scan.user_id).limit(1)) is not None
    assert occupancy_by_zone()["PC"] > 0  # some journalists are still in the press centre


def test_seed_late_without_gates_does_nothing(db):
    demo.seed_late()
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 0
