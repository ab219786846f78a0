"""The gunicorn worker of gunicorn.conf.py: gthread, with request heads read in the event loop.

gunicorn's gthread worker hands a connection to a thread as soon as its first byte
arrives; the thread then blocks until the request head is complete. A few clients that
send their headers slowly, or never send the final blank line, hold every thread and the
server stops answering. This worker keeps such connections in its selector instead,
reading whatever arrives without blocking, like a buffering proxy would, and gives a
thread only a request whose head (and small body of known length) is complete. A request
not complete within ``GUNICORN_HEAD_TIMEOUT`` seconds (default 30) is dropped. Bodies
larger than ``BODY_BUFFER`` (uploads) and chunked bodies are read by the thread, as
before; nginx in front buffers those (README, Deployment).

Requests take turns at the application (issue 18). A worker's threads share one
interpreter lock, which switches between them every 5 ms and after every database call,
in no particular order: under 16 readers of the review queue each page was interrupted by
all the others, and the slowest took 4 to 6 times the median (p99 540–700 ms, p50
110–130 ms). Here a request whose head and body are in hand waits for one of
``GUNICORN_CPU_SLOTS`` turns (0 turns them off; see :func:`cpu_slots` for the default) in
the order it arrived, runs the application, and hands the turn on before its answer is
written out, so a slow reader holds only a thread. Uploads and chunked bodies, read by the thread itself, do not take a
turn. A request that has waited ``GUNICORN_TURN_WAIT`` seconds (default 1) goes without
one, so a request that blocks (a lock held elsewhere, a stalled service) delays the others
by a second at most.

TLS and HTTP/2 are not served by gunicorn here (nginx terminates them); if they are
turned on, the worker falls back to gthread's own handling.
"""

from __future__ import annotations

import ctypes
import errno
import multiprocessing
import os
import re
import selectors
import threading
import time
from collections import deque
from functools import partial
from multiprocessing.sharedctypes import RawArray

from gunicorn.http2 import negotiation
from gunicorn.workers.gthread import TConn, ThreadWorker

from app.core.fairlock import FairLock

HEAD_END = b"\r\n\r\n"
HEAD_MAX = 256 * 1024  # past this the parser answers (431/400) by itself
BODY_BUFFER = 1024 * 1024  # forms and JSON; uploads are larger and go to a thread
CONTENT_LENGTH = re.compile(rb"\r\ncontent-length[ \t]*:[ \t]*(\d{1,12})[ \t]*\r\n", re.IGNORECASE)
EXPECT = re.compile(rb"\r\nexpect[ \t]*:", re.IGNORECASE)  # the client waits for "100 Continue"
TRANSFER_ENCODING = re.compile(rb"\r\ntransfer-encoding[ \t]*:", re.IGNORECASE)


def head_timeout() -> float:
    return float(os.environ.get("GUNICORN_HEAD_TIMEOUT", "30"))


def request_state(data: bytes) -> tuple[bool, bool]:
    """(ready, whole) for the bytes of a request received so far: ready when a thread should
    take it now (its head is complete, and its body too when small and of known length);
    whole when the thread will find everything in hand (no upload or chunked body to read)."""
    end = data.find(HEAD_END)
    if end < 0:
        return len(data) > HEAD_MAX, False
    head = data[: end + 2]
    if EXPECT.search(head) or TRANSFER_ENCODING.search(head):
        return True, False
    match = CONTENT_LENGTH.search(head)
    if match is None:
        return True, True
    length = int(match.group(1))
    if length > BODY_BUFFER:
        return True, False
    whole = len(data) >= end + len(HEAD_END) + length
    return whole, whole


_thread = threading.local()  # whether this thread's request takes a turn


class Turns:
    """At most ``slots`` of a worker's requests run the application at once, and of those at
    most one that computes; the others wait in arrival order, ``wait`` seconds at most (see
    the module's docstring). The application names the requests that mostly wait for the
    database server (``mostly_waits(environ)``: a paired device's scan, three round trips on
    PostgreSQL); they take only a turn, so a second turn lets one of them wait for its answers
    while a page computes, and two pages never share the interpreter lock."""

    def __init__(self, slots: int, wait: float):
        self._turns = FairLock(slots)
        self._computing = FairLock(1) if slots > 1 else None
        self.wait = wait

    def around(self, wsgi, mostly_waits=None):
        """The WSGI application ``wsgi``, entered in turn by the requests that take one."""

        def in_turn(environ, start_response):
            if not getattr(_thread, "takes_turn", False):
                return wsgi(environ, start_response)
            _thread.takes_turn = False
            held = []
            until = time.monotonic() + self.wait  # all the waiting, both locks together
            try:
                if self._computing is not None and not (mostly_waits and mostly_waits(environ)):
                    if self._computing.acquire(timeout=self.wait):
                        held.append(self._computing)
                if self._turns.acquire(timeout=max(0.0, until - time.monotonic())):
                    held.append(self._turns)
                return wsgi(environ, start_response)  # a Flask answer is rendered by now
            finally:
                for lock in reversed(held):
                    lock.release()

        return in_turn


def cpu_slots(environ=os.environ) -> int:
    """How many requests of a worker run the application at once: ``GUNICORN_CPU_SLOTS``, else
    1 on SQLite, whose statements run inside the worker, and 2 on PostgreSQL, where a request
    spends part of its turn waiting for the server's answers and a second one uses the
    processor meanwhile (paired-device scans at 16 connections: 590–760 → 940–1,130 a
    second, p99 64–73 → 36–39 ms; bench/README.md). Of these turns only one goes to a request
    that computes (:class:`Turns`): two pages sharing the interpreter lock made the review
    queue's tail longer (p99 98–106 against 84–89 ms with one turn, session 15)."""
    given = environ.get("GUNICORN_CPU_SLOTS", "").strip()
    if given:
        return int(given)
    return 2 if environ.get("DATABASE_URL", "").startswith("postgres") else 1


class Shares:
    """How many connections each worker of one server holds, in memory the workers share
    (made in the master before it forks them: :func:`make_shares`, from gunicorn.conf.py).

    A client that keeps its connection alive stays with the worker that accepted it, and
    which worker accepts is a race that the idle one wins every time: twelve clients
    connecting at once to two workers all landed on one (tests/reliability/test_turns.py),
    and sixteen benchmark connections split 15 / 1 — the fifteen waiting in one queue while
    the other worker had time to spare (the review queue at 16 connections: p50 above the
    mean, p99 twice the p50). So a worker holding more than one connection over the average
    (rounded up) stops accepting for ``REFUSE_SECONDS``, leaving the next connections to the
    others, and answers one request with ``Connection: close`` (at most one every
    ``SHED_INTERVAL``), after which the client connects again, to another worker. Behind
    nginx, which opens a connection per request, no worker is ever over its share."""

    SLOTS = 64  # workers of one server, more than enough

    def __init__(self):
        self._pids = RawArray(ctypes.c_int, self.SLOTS)
        self._conns = RawArray(ctypes.c_int, self.SLOTS)
        self._lock = multiprocessing.Lock()

    def claim(self, pid: int) -> int:
        """A slot for the worker ``pid``: a free one, or one a dead worker left behind."""
        with self._lock:
            for index in range(self.SLOTS):
                if self._pids[index] in (0, pid) or not _alive(self._pids[index]):
                    self._pids[index], self._conns[index] = pid, 0
                    return index
        return -1

    def release(self, index: int) -> None:
        if index >= 0:
            self._pids[index], self._conns[index] = 0, 0

    def note(self, index: int, conns: int) -> None:
        if index >= 0:
            self._conns[index] = conns

    def over_share(self, index: int) -> bool:
        """Whether the worker of slot ``index`` holds more than one connection over the
        average of the live workers, rounded up."""
        if index < 0:
            return False
        workers = total = 0
        for slot in range(self.SLOTS):
            pid = self._pids[slot]
            if pid and (slot == index or _alive(pid)):  # a worker killed outright left its slot
                workers += 1
                total += self._conns[slot]
        return workers > 1 and self._conns[index] * workers > total + 2 * workers - 1


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


SHED_INTERVAL = 0.025  # seconds between two connections one worker sends away
REFUSE_SECONDS = 0.05  # a worker over its share accepts nothing for this long
_shares: Shares | None = None


def make_shares() -> None:
    """Make the workers' shared connection counts (in the master, before the workers fork)."""
    global _shares
    _shares = Shares()


class HeadBufferingWorker(ThreadWorker):
    """gthread worker whose threads never wait for a slow client's request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reading = deque()  # connections whose request is still arriving, oldest first
        self.turns: Turns | None = None
        self.slot = -1
        self.shed_at = 0.0  # when this worker last sent a connection away (time.monotonic())
        self.refuse_until = 0.0  # accepts nothing before then (time.monotonic())

    def load_wsgi(self):
        super().load_wsgi()
        slots = cpu_slots()
        if slots > 0:
            self.turns = Turns(slots, float(os.environ.get("GUNICORN_TURN_WAIT", "1")))
            self.wsgi = self.turns.around(self.wsgi, getattr(self.wsgi, "mostly_waits", None))
        if _shares is not None:
            self.slot = _shares.claim(os.getpid())
            self.wsgi = self._sheds(self.wsgi)

    def _sheds(self, wsgi):
        """``wsgi``, whose answer closes its connection when this worker holds more than its
        share (see :class:`Shares`)."""

        def shedding(environ, start_response):
            _shares.note(self.slot, self.nr_conns)
            now = time.monotonic()
            if now - self.shed_at >= SHED_INTERVAL and _shares.over_share(self.slot):
                response = getattr(start_response, "__self__", None)  # gunicorn's Response
                if hasattr(response, "force_close"):
                    self.shed_at, self.refuse_until = now, now + REFUSE_SECONDS
                    response.force_close()  # "Connection: close", then the client connects again
            return wsgi(environ, start_response)

        return shedding

    @property
    def worker_connections(self) -> int:
        """How many connections this worker takes: none while it is over its share (after it
        accepted one too many, or sent one away), for ``REFUSE_SECONDS``, so that another
        worker accepts the next ones. Its event loop, awake to close the one it sent away,
        would otherwise win the race to accept it again (it did, ten times in a row, while the
        other worker's loop waited for the interpreter lock). gthread's loop stops accepting
        when its connections reach this number."""
        if time.monotonic() < self.refuse_until:
            return 0
        return self._worker_connections

    @worker_connections.setter
    def worker_connections(self, value: int) -> None:
        self._worker_connections = value

    def run(self):
        try:
            super().run()
        finally:
            if _shares is not None:
                _shares.release(self.slot)

    def handle(self, conn):
        """(a thread) One request; one read here in whole waits for its turn in
        :meth:`Turns.around`. The flag is spent: a pipelined next request, read ahead by the
        thread and handed back without passing through this event loop, goes without."""
        _thread.takes_turn = self.turns is not None and getattr(conn, "takes_turn", False)
        conn.takes_turn = False
        try:
            return super().handle(conn)
        finally:
            _thread.takes_turn = False

    def _buffers(self, conn) -> bool:
        return not (
            self.cfg.is_ssl or conn.is_http2 or negotiation.prior_knowledge_allowed(self.cfg, conn.client)
        )

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        if _shares is not None:
            _shares.note(self.slot, self.nr_conns)
            if _shares.over_share(self.slot):
                self.refuse_until = time.monotonic() + REFUSE_SECONDS
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())  # non-blocking
        if self._buffers(conn):
            self._read_request(conn)
        else:
            client_sock.setblocking(True)
            self.enqueue_req(conn)

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection sends its next request: read it here too."""
        if not self._buffers(conn):
            return super().on_client_socket_readable(conn, client)
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._read_request(conn)

    def _read_request(self, conn) -> None:
        conn.pending = bytearray()
        conn.timeout = time.monotonic() + head_timeout()
        self.reading.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_request_bytes, conn))

    def _on_request_bytes(self, conn, client) -> None:
        try:
            chunk = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._drop(conn)
            return
        conn.pending += chunk
        ready, conn.takes_turn = request_state(bytes(conn.pending))
        if not ready:
            return
        self.poller.unregister(conn.sock)
        self.reading.remove(conn)
        data, conn.pending = bytes(conn.pending), None
        conn.init()  # plain HTTP/1: only builds the parser
        conn.parser.unreader.unread(data)
        conn.data_ready = True
        conn.sock.setblocking(True)
        self.enqueue_req(conn)

    def _drop(self, conn) -> None:
        try:
            self.poller.unregister(conn.sock)
        except (OSError, KeyError, ValueError):
            pass
        self.reading.remove(conn)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self):
        """Also drop requests that did not arrive in time (all of them when stopping)."""
        super().murder_pending()
        now = time.monotonic()
        while self.reading and (not self.alive or self.reading[0].timeout <= now):
            self._drop(self.reading[0])
