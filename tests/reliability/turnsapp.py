"""A WSGI application for the worker's turns (tests/reliability/test_turns.py).

``/hold?seconds=S`` stays in the application for S seconds (reading its body first, if
any); every answer is the largest number of requests it found inside the application
with it, itself included. ``/pid?seconds=S`` answers the worker's process id after S seconds.
A request with ``waits=1`` in its query is one the application says mostly waits (as a
paired device's scan, app/checkin/lean.py): it may take a second turn while another computes.
"""

from __future__ import annotations

import os
import threading
import time
from urllib.parse import parse_qs

_count = threading.Lock()
_inside = 0


def app(environ, start_response):
    global _inside
    if environ["PATH_INFO"] == "/healthz":
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    if environ["PATH_INFO"] == "/pid":
        time.sleep(float(parse_qs(environ.get("QUERY_STRING", "")).get("seconds", ["0"])[0]))
        body = str(os.getpid()).encode()
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length:
        environ["wsgi.input"].read(length)
    with _count:
        _inside += 1
        most = _inside
    try:
        time.sleep(float(parse_qs(environ.get("QUERY_STRING", "")).get("seconds", ["0"])[0]))
        with _count:
            most = max(most, _inside)
    finally:
        with _count:
            _inside -= 1
    body = str(most).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


app.mostly_waits = lambda environ: "waits=1" in environ.get("QUERY_STRING", "")
