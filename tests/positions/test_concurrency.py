"""Fifty journalists ask at once near the deadline, then the desk's button, the worker and late
requests race the allocation, then holders cancel while the release runs: never more holders than
places, every waitlist number once (row lock on PostgreSQL, BEGIN IMMEDIATE on SQLite)."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select, update

from app.core.dbsetup import mark_write
from app.core.models import AuditEvent
from app.core.timeutil import utcnow
from app.extensions import db as _db
from app.extensions import limiter
from app.positions import services
from app.positions.models import HallSession
from tests.conftest import PASSWORD
from tests.positions.conftest import position_of, rows_of

PLACES = 5


def _signed_in(app, user):
    client = app.test_client()
    limiter.reset()
    assert client.submit("/login", {"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def _race(app, jobs) -> list:
    """Run every job at once (each in its own app context); returns their results."""
    _db.session.commit()  # the main thread's requests (sign-ins, forms) leave no transaction open
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(n, job):
        try:
            with app.app_context():
                barrier.wait()
                results[n] = job()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=110)
    assert errors == []
    return results


def test_fifty_requests_then_racing_allocations_never_give_a_place_twice(
    app, client, db, officer, reporter, make_session, make_user
):
    session = make_session(places={"photo": PLACES}, hours=24.2)  # requests close in 12 minutes
    session_id, position_id = session.id, position_of(session).id
    people = [reporter(f"Báo số {n % 20}", f"Phóng viên {n}")[0] for n in range(55)]
    request_url = f"/DH16/positions/sessions/{session_id}/request"
    clients = [(_signed_in(app, user), user) for user in people]
    tokens = [c.csrf_token(request_url) for c, _u in clients]

    def asking(client, token):
        return lambda: (
            client.post(request_url, data={"csrf_token": token, "position_id": position_id}).status_code
        )

    statuses = _race(app, [asking(c, t) for (c, _u), t in zip(clients[:50], tokens[:50], strict=True)])
    assert statuses == [302] * 50
    assert len(rows_of(session)) == 50

    # The deadline passes: the desk's button (three officers), the worker and five late requests race.
    db.session.execute(
        update(HallSession)
        .where(HallSession.id == session_id)
        .values(starts_at=utcnow() + timedelta(hours=23))
    )
    db.session.commit()
    desk = []
    for _ in range(3):
        c = app.test_client()
        limiter.reset()
        user = make_user("press_officer")
        assert c.submit("/login", {"email": user.email, "password": PASSWORD}).status_code == 302
        desk.append((c, c.csrf_token(f"/DH16/positions/sessions/{session_id}")))

    def pressing(client, token):
        url = f"/DH16/positions/sessions/{session_id}/allocate"
        return lambda: client.post(url, data={"csrf_token": token}).status_code

    def worker():
        mark_write()
        done = services.run_due_everywhere()
        db.session.commit()
        return done

    jobs = [pressing(c, t) for c, t in desk] + [worker]
    jobs += [asking(c, t) for (c, _u), t in zip(clients[50:], tokens[50:], strict=True)]
    results = _race(app, jobs)
    assert results[:3] == [302] * 3 and results[4:] == [409] * 5
    rows = rows_of(session)
    holders = [r for r in rows if r.status == "allocated"]
    waiting = sorted(r.waitlist_rank for r in rows if r.status == "waitlisted")
    assert len(rows) == 50 and len(holders) == PLACES and waiting == list(range(1, 46))
    assert len({r.organisation_id for r in holders}) == PLACES  # rotation: five outlets, one place each
    allocations = db.session.scalar(select(func.count()).where(AuditEvent.action == "positions.allocate"))
    assert allocations == 1

    # Release time: every holder but one cancels while the release runs.
    db.session.execute(
        update(HallSession)
        .where(HallSession.id == session_id)
        .values(starts_at=utcnow() + timedelta(hours=2))
    )
    db.session.commit()
    by_user = {user.id: client for client, user in clients}
    cancelling = []
    for row in holders[1:]:
        client = by_user[row.journalist_id]
        token = client.csrf_token("/DH16/positions/")
        url = f"/DH16/positions/requests/{row.id}/cancel"
        cancelling.append(
            lambda client=client, token=token, url=url: (
                client.post(url, data={"csrf_token": token}).status_code
            )
        )
    results = _race(app, [*cancelling, worker])
    assert results[:-1] == [302] * (PLACES - 1)
    rows = rows_of(session)
    held = [r for r in rows if r.status in ("allocated", "confirmed")]
    assert len(held) == PLACES
    moved = sorted(r.waitlist_rank for r in rows if r.allocated_by == "waitlist")
    # the unconfirmed holder's place and the four cancelled ones went to the first five in order
    assert moved == [1, 2, 3, 4, 5]
    assert sorted(r.waitlist_rank for r in rows if r.status == "waitlisted") == list(range(6, 46))
