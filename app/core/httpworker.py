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

TLS and HTTP/2 are not served by gunicorn here (nginx terminates them); if they are
turned on, the worker falls back to gthread's own handling.
"""

from __future__ import annotations

import errno
import os
import re
import selectors
import time
from collections import deque
from functools import partial

from gunicorn.http2 import negotiation
from gunicorn.workers.gthread import TConn, ThreadWorker

HEAD_END = b"\r\n\r\n"
HEAD_MAX = 256 * 1024  # past this the parser answers (431/400) by itself
BODY_BUFFER = 1024 * 1024  # forms and JSON; uploads are larger and go to a thread
CONTENT_LENGTH = re.compile(rb"\r\ncontent-length[ \t]*:[ \t]*(\d{1,12})[ \t]*\r\n", re.IGNORECASE)
EXPECT = re.compile(rb"\r\nexpect[ \t]*:", re.IGNORECASE)  # the client waits for "100 Continue"


def head_timeout() -> float:
    return float(os.environ.get("GUNICORN_HEAD_TIMEOUT", "30"))


def request_complete(data: bytes) -> bool:
    """Whether ``data`` holds a whole request head, and its body when small and of known length."""
    end = data.find(HEAD_END)
    if end < 0:
        return len(data) > HEAD_MAX
    head = data[: end + 2]
    match = CONTENT_LENGTH.search(head)
    if match is None or EXPECT.search(head):
        return True
    length = int(match.group(1))
    return length > BODY_BUFFER or len(data) >= end + len(HEAD_END) + length


class HeadBufferingWorker(ThreadWorker):
    """gthread worker whose threads never wait for a slow client's request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reading = deque()  # connections whose request is still arriving, oldest first

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
        if not request_complete(bytes(conn.pending)):
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
