"""A lock handed on in arrival order (issue 18)."""

from __future__ import annotations

import threading
from collections import deque


class FairLock:
    """A lock (``slots`` = 1) or a semaphore handed to its waiters in the order they came.

    A plain ``threading.Lock`` lets a thread that has just arrived overtake one that has
    waited for several turns, and those long waits were the slowest answers: of the scan
    under 16 SQLite writers (app/core/sqlite_writers.py), of the pages under 16 readers
    (app/core/httpworker.py)."""

    def __init__(self, slots: int = 1):
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._free = slots

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if self._free:
                self._free -= 1
                return True
            waiter = threading.Lock()
            waiter.acquire()
            self._waiters.append(waiter)
        if waiter.acquire(timeout=timeout):
            return True  # handed over by release(): still held, now by this thread
        with self._mutex:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
                return False
        return True  # handed over just as the wait ended

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # the next in line holds it now
            else:
                self._free += 1
