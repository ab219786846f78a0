"""The lean path's SQLite writers queue in arrival order (app/core/sqlite_writers.py, FairLock)."""

from __future__ import annotations

import threading
import time

from app.core.sqlite_writers import FairLock


def _wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_waiters_get_the_lock_in_the_order_they_came():
    lock = FairLock()
    assert lock.acquire(timeout=1)
    order: list[int] = []

    def writer(number):
        assert lock.acquire(timeout=5)
        order.append(number)
        lock.release()

    threads = []
    for number in range(6):
        thread = threading.Thread(target=writer, args=(number,))
        thread.start()
        threads.append(thread)
        _wait_for(lambda n=number: len(lock._waiters) == n + 1)
    lock.release()
    for thread in threads:
        thread.join(5)
    assert order == list(range(6))
    assert lock.acquire(timeout=0.1)  # free again
    lock.release()


def test_a_waiter_that_gives_up_leaves_the_line():
    lock = FairLock()
    assert lock.acquire(timeout=1)
    assert lock.acquire(timeout=0.05) is False
    assert not lock._waiters
    lock.release()
    assert lock.acquire(timeout=0.1)
    lock.release()
