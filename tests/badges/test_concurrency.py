"""Two officers acting on the same badge at the same moment (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.badges import services
from app.badges.models import Badge
from app.extensions import db as _db
from tests.conftest import is_postgres

pytestmark = pytest.mark.skipif(not is_postgres(), reason="row locks are a PostgreSQL matter")


def _race(app, work, officer_ids):
    """Run ``work(officer)`` in one thread per officer, each with its own session, all at once."""
    barrier = threading.Barrier(len(officer_ids))
    outcomes: list[str] = []

    def run(officer_id):
        with app.app_context():
            officer = _db.session.get(User, officer_id)
            barrier.wait(timeout=10)
            try:
                work(officer)
                _db.session.commit()
                outcomes.append("ok")
            except services.BadgeError:
                _db.session.rollback()
                outcomes.append("refused")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run, args=(oid,)) for oid in officer_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_simultaneous_reprints_make_one_new_version(app, db, approved, make_user):
    application, badge = approved()
    officers = [make_user("accreditation_officer").id for _ in range(2)]
    badge_id = badge.id

    def reprint(officer):
        services.reprint_badge(_db.session.get(Badge, badge_id), officer)

    assert _race(app, reprint, officers) == ["ok", "refused"]
    db.session.expire_all()
    versions = db.session.scalars(select(Badge).where(Badge.application_id == application.id)).all()
    assert sorted(b.version for b in versions) == [1, 2]
    assert sum(1 for b in versions if b.superseded_at is None) == 1


def test_two_simultaneous_print_runs_print_each_badge_once(app, db, approved, make_user):
    for name in ("An", "Bình", "Cường"):
        approved(f"Nguyễn Văn {name}")
    officers = [make_user("accreditation_officer").id for _ in range(2)]
    printed_counts: list[int] = []

    def print_all(officer):
        printed_counts.append(services.mark_printed(services.badges_to_print(None), officer))

    assert _race(app, print_all, officers) == ["ok", "ok"]
    assert sorted(printed_counts) == [0, 3]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Badge.id)).where(Badge.printed_at.is_not(None))) == 3
