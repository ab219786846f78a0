"""Requests take turns at the application (app/core/httpworker.py, issue 18): in the
documented server a worker runs one whole request at a time, in arrival order; a request
waits a second at most; uploads, read by their thread, do not wait for a turn."""

from __future__ import annotations

import http.client
import os
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest

from app.core.httpworker import BODY_BUFFER, Shares, cpu_slots, request_state
from tests.reliability import servers


@pytest.fixture
def start(tmp_path):
    started = []

    def run(database: str = "sqlite://", **settings):
        server = servers.start(
            database, tmp_path / "uploads", workers=1, target="tests.reliability.turnsapp:app", **settings
        )
        started.append(server)
        return server.port

    yield run
    for server in started:
        server.stop()


def _hold(port: int, seconds: float, body: bytes | None = None, waits: bool = False) -> tuple[int, float]:
    """(most requests found inside the application, seconds to the answer); ``waits``: a
    request the application says mostly waits."""
    started = time.monotonic()
    path = f"/hold?seconds={seconds}" + ("&waits=1" if waits else "")
    status, _headers, answer = servers.request(
        port, "POST" if body else "GET", path, body, {"Content-Type": "text/plain"}
    )
    assert status == 200
    return int(answer), time.monotonic() - started


@contextmanager
def _held(port: int, seconds: float):
    """A request that stays in the application for ``seconds``, there when the block starts."""
    holder = threading.Thread(target=_hold, args=(port, seconds))
    holder.start()
    time.sleep(0.3)
    try:
        yield
    finally:
        holder.join(10)


def _together(port: int, count: int, seconds: float, waits: bool = False) -> list[int]:
    with ThreadPoolExecutor(count) as pool:
        return [most for most, _ in pool.map(lambda _: _hold(port, seconds, waits=waits), range(count))]


@pytest.mark.timeout(60)
def test_a_worker_runs_one_request_at_a_time(start):
    port = start()  # the documented default: one turn
    started = time.monotonic()
    assert _together(port, 5, 0.2) == [1] * 5
    assert time.monotonic() - started >= 1.0  # one after the other


@pytest.mark.timeout(60)
def test_without_turns_requests_run_side_by_side(start):
    port = start(GUNICORN_CPU_SLOTS="0")
    assert max(_together(port, 5, 0.5)) > 1


@pytest.mark.timeout(60)
def test_two_turns_let_in_one_request_that_computes_and_one_that_waits(start):
    port = start(GUNICORN_CPU_SLOTS="2")
    assert max(_together(port, 4, 0.3)) == 1  # two pages never share the interpreter lock
    assert max(_together(port, 6, 0.3, waits=True)) == 2
    with _held(port, 1.5):  # a page computes
        most, took = _hold(port, 0.2, waits=True)
    assert most == 2 and took < 1.0  # a scan went in beside it, without waiting for it


@pytest.mark.timeout(60)
def test_with_a_database_server_two_requests_that_wait_run_at_once_by_default(start):
    # the test application never connects: only the address's kind chooses the default
    port = start(database="postgresql://postgres@127.0.0.1:5432/unused")
    assert max(_together(port, 6, 0.3, waits=True)) == 2
    assert max(_together(port, 4, 0.3)) == 1


@pytest.mark.parametrize(
    ("environ", "slots"),
    [
        ({}, 1),
        ({"DATABASE_URL": "sqlite:////srv/presscentre.db"}, 1),
        ({"DATABASE_URL": "postgresql://db/presscentre"}, 2),
        ({"DATABASE_URL": "postgres://db/presscentre"}, 2),
        ({"DATABASE_URL": "postgresql://db/presscentre", "GUNICORN_CPU_SLOTS": "1"}, 1),
        ({"GUNICORN_CPU_SLOTS": "0"}, 0),
    ],
)
def test_cpu_slots(environ, slots):
    assert cpu_slots(environ) == slots


@pytest.mark.timeout(60)
def test_a_request_that_blocks_delays_the_next_by_the_wait_at_most(start):
    port = start(GUNICORN_TURN_WAIT="0.5")
    with _held(port, 4):
        most, took = _hold(port, 0)
    assert most == 2  # it went in beside the blocked one
    assert 0.4 < took < 2.5


@pytest.mark.timeout(60)
def test_an_upload_does_not_wait_for_a_turn_and_a_form_does(start):
    port = start(GUNICORN_TURN_WAIT="10")
    with _held(port, 3):
        most, took = _hold(port, 0, b"x" * (BODY_BUFFER + 1))
        assert most == 2 and took < 2.0  # read by its thread: no turn
        most, took = _hold(port, 0, b"email=a%40b.vn")
        assert most == 1 and took > 1.5  # a whole form waits for the holder to finish


@pytest.mark.parametrize(
    ("data", "state"),
    [
        (b"GET / HTTP/1.1\r\nHost: a", (False, False)),
        (b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", (True, True)),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab", (False, False)),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde", (True, True)),
        (b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", (True, False)),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", (True, False)),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", (True, False)),
        (b"GET / HTTP/1.1\r\nX: " + b"a" * 300_000, (True, False)),
    ],
)
def test_request_state(data, state):
    assert request_state(data) == state


def test_shares_count_a_worker_over_the_average_rounded_up_and_one_more():
    shares = Shares()
    mine, other = shares.claim(os.getpid()), shares.claim(os.getppid())
    shares.note(mine, 9)
    shares.note(other, 7)
    assert not shares.over_share(mine)  # 9 of 16: within one of the even share
    shares.note(mine, 10)
    shares.note(other, 6)
    assert shares.over_share(mine) and not shares.over_share(other)
    shares.release(other)  # alone, a worker is never over its share
    assert not shares.over_share(mine)
    assert shares.claim(os.getppid()) == other  # the freed slot is taken again


def _worker_of_each(port: int, connections: int, seconds: float) -> list[int]:
    """Keep ``connections`` kept-alive connections busy for ``seconds`` (connecting again when
    the server closes one); the worker (process id) that answered each one last."""
    deadline = time.monotonic() + seconds
    start_together = threading.Barrier(connections)

    def client(_index: int) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        start_together.wait()
        pid = 0
        while time.monotonic() < deadline:
            connection.request("GET", "/pid?seconds=0.005")
            pid = int(connection.getresponse().read())  # a closed connection reopens on the next request
        connection.close()
        return pid

    with ThreadPoolExecutor(connections) as pool:
        return list(pool.map(client, range(connections)))


@pytest.mark.timeout(60)
def test_kept_alive_connections_end_up_even_between_workers(tmp_path):
    server = servers.start(
        "sqlite://",
        tmp_path / "uploads",
        workers=2,
        target="tests.reliability.turnsapp:app",
        RATELIMIT_ENABLED="0",
    )
    try:
        for _ in range(3):  # three rounds of twelve clients, each connecting all at once
            held = Counter(_worker_of_each(server.port, 12, 1.5))
            assert len(held) == 2 and max(held.values()) <= 7, held
    finally:
        server.stop()
