"""Waiters get a FairLock in the order they came (app/core/fairlock.py): the SQLite
writers' queue and the worker's turns at the application both rely on it."""

from __future__ import annotations

import threading
import time

from app.core.fairlock import FairLock


def _wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def _line_up(lock: FairLock, count: int, *, release: bool) -> tuple[list[threading.Thread], list[int]]:
    """``count`` threads waiting for ``lock`` one after the other; each notes its number in
    the returned list when it gets the lock (and releases it at once if ``release``)."""
    order: list[int] = []

    def waiter(number):
        assert lock.acquire(timeout=5)
        order.append(number)
        if release:
            lock.release()

    threads = []
    for number in range(count):
        thread = threading.Thread(target=waiter, args=(number,))
        thread.start()
        threads.append(thread)
        _wait_for(lambda n=number: len(lock._waiters) == n + 1)
    return threads, order


def test_waiters_get_the_lock_in_the_order_they_came():
    lock = FairLock()
    assert lock.acquire(timeout=1)
    threads, order = _line_up(lock, 6, release=True)
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


def test_slots_let_that_many_in_and_then_queue_in_order():
    lock = FairLock(slots=2)
    assert lock.acquire(timeout=1) and lock.acquire(timeout=1)
    assert lock.acquire(timeout=0.05) is False  # both slots taken
    threads, order = _line_up(lock, 3, release=False)
    # Slots free one at a time, and each goes to the next in line. (Freed together, two
    # waiters would both hold a slot and could note themselves in either order.)
    for count in (1, 2, 3):
        lock.release()
        _wait_for(lambda c=count: len(order) == c)
    for thread in threads:
        thread.join(5)
    assert order == [0, 1, 2]
    for _ in range(2):
        lock.release()
    assert lock.acquire(timeout=0.1) and lock.acquire(timeout=0.1)  # two free again
    assert lock.acquire(timeout=0.05) is False
