"""One queue for every SQLite writer of the machine, in arrival order (issue 18).

SQLite lets one transaction write at a time. A writer that finds the lock taken waits in
SQLite's busy handler, which sleeps 1 to 100 ms between tries and wakes no one when the
lock is released: under 16 writers those sleeps were the slowest answers (device scans:
p99 716 ms; the staff scanner page: 1.2–1.8 s). Writers queue here instead, before their
``BEGIN IMMEDIATE``: a worker's threads on a :class:`FairLock`, then the workers on an
exclusive ``flock`` of ``<database>.writers`` beside the database file, which the kernel
hands to the next waiter at once. SQLite's own lock still keeps the data safe; this queue
only decides who goes next, so a writer that never came through it (another program, the
``sqlite3`` shell) is still waited for by the busy handler.

Two kinds of writers take it: the lean scan path (app/checkin/lean.py) around its decision,
and every ORM write transaction (app/core/dbsetup.py) from its ``BEGIN IMMEDIATE`` to its
``COMMIT`` or ``ROLLBACK``.
"""

from __future__ import annotations

import fcntl
import os

from app.core.fairlock import FairLock

WAIT_SECONDS = 30  # as SQLite's busy timeout (dbsetup): past it the writer goes without the queue


class _WritersFile:
    """An exclusive lock (``flock``) on ``<database>.writers`` shared by every worker of the
    machine; a blocked worker is woken when it is released. An in-memory database has none."""

    def __init__(self, database: str | None):
        self.fd = None
        if database and database != ":memory:" and not database.startswith("file:"):
            self.fd = os.open(database + ".writers", os.O_RDWR | os.O_CREAT, 0o600)

    def lock(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_EX)

    def unlock(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)


_THREADS = FairLock()  # one SQLite writer at a time in this worker, in arrival order
_files: dict[int, _WritersFile] = {}


def _writers_file(engine) -> _WritersFile:
    held = _files.get(id(engine))
    if held is None:
        held = _files[id(engine)] = _WritersFile(engine.url.database)
    return held


def acquire(engine, timeout: float = WAIT_SECONDS) -> bool:
    """Wait for this writer's turn; False when the wait timed out (go without the queue)."""
    if not _THREADS.acquire(timeout=timeout):
        return False
    try:
        _writers_file(engine).lock()
    except BaseException:
        _THREADS.release()
        raise
    return True


def release(engine) -> None:
    """Hand the turn to the next writer (after this writer's COMMIT or ROLLBACK)."""
    try:
        _writers_file(engine).unlock()
    finally:
        _THREADS.release()
