"""ORM write transactions queue for SQLite's write lock in the writers' queue
(app/core/sqlite_writers.py), not in SQLite's sleeping busy handler, and always hand the
turn on: after COMMIT, after ROLLBACK, and when a request ends with its transaction open."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from app.core import dbsetup, sqlite_writers

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(autouse=True)
def _sqlite_only(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the writers' queue is SQLite's")


def _queue_is_free() -> bool:
    if sqlite_writers._THREADS.acquire(timeout=0.05):
        sqlite_writers._THREADS.release()
        return True
    return False


def _write(app, db, *, end: str = "commit") -> None:
    with app.test_request_context("/", method="POST"):
        db.session.execute(text("UPDATE events SET name = name WHERE id = -1"))
        assert not _queue_is_free()  # this transaction holds the turn
        getattr(db.session, end)()
        db.session.remove()


@pytest.mark.parametrize("end", ["commit", "rollback"])
def test_the_turn_is_handed_on_when_the_transaction_ends(app, db, end):
    _write(app, db, end=end)
    assert _queue_is_free()


def test_a_request_that_leaves_its_transaction_open_hands_the_turn_on(app, db, client, auth, monkeypatch):
    """A signed-in POST that ends without committing (bulk approval with nothing ticked)
    began its write transaction at its first statement (loading the user); the end of the
    request hands the turn on. The request runs in a thread of its own, as in a server (its
    own app context, torn down at its end)."""
    auth.login("accreditation_officer")
    token = client.csrf_token("/DH16/accreditation/queue")
    db.session.remove()  # the test's own requests share its app context: end their transaction
    assert _queue_is_free()
    answers, turns = [], []
    acquire = sqlite_writers.acquire
    monkeypatch.setattr(sqlite_writers, "acquire", lambda engine: turns.append(1) or acquire(engine))

    def request():
        answers.append(client.post("/DH16/accreditation/queue/approve", data={"csrf_token": token}))

    thread = threading.Thread(target=request)
    thread.start()
    thread.join(10)
    assert answers and answers[0].status_code == 302
    assert turns  # the request did take a turn
    assert _queue_is_free()


def test_a_second_writer_waits_in_the_queue_and_goes_when_the_first_commits(app, db):
    started, order = threading.Event(), []

    def second():
        with app.app_context():
            dbsetup.mark_write()
            started.set()
            db.session.execute(text("UPDATE events SET name = name WHERE id = -1"))
            order.append("second")
            db.session.commit()
            db.session.remove()

    with app.test_request_context("/", method="POST"):
        db.session.execute(text("UPDATE events SET name = name WHERE id = -1"))
        thread = threading.Thread(target=second)
        thread.start()
        started.wait(5)
        deadline = time.monotonic() + 5
        while not sqlite_writers._THREADS._waiters and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(sqlite_writers._THREADS._waiters) == 1  # queued, not sleeping in SQLite
        order.append("first")
        db.session.commit()
        db.session.remove()
    thread.join(10)
    assert order == ["first", "second"]
    assert _queue_is_free()


def test_reads_take_no_turn(app, db):
    with app.test_request_context("/"):
        db.session.execute(text("SELECT count(*) FROM events")).scalar()
        assert _queue_is_free()
        db.session.remove()
