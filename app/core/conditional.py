"""Conditional answers for public feeds and pages: ``ETag``/``Last-Modified`` → 304, and a
rendered body kept per last change (issue 18).

A feed reader or calendar asks again every few minutes for a document that changes a few
times a day. The route computes its *version* with one cheap statement (the newest change
time and the row count of what it shows, and the newest audit entry of its area: every
change is audited, a room's or a speaker's too); the version, the reader's language and the
address the document links to make the ``ETag``. A request naming that ETag gets ``304 Not
Modified`` with no body; another gets the body kept for that version (rendered once per
worker), or rendered now and kept.

Only anonymous, public documents use the body cache: a page with a form (a CSRF token
bound to the visitor's session) only answers 304, with the session in its ETag.

A reader's repeat of such a document within ``CONDITIONAL_FRESH_SECONDS`` (1 s) of the last
answer to the same address is answered 304 before Flask (:class:`RepeatAnswers`): no event
look-up, no version statement. A change shows at most that second later; it never shows
anything early, since a 304 only tells the reader to keep what it was given.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from threading import Lock

from flask import Response, current_app, request
from sqlalchemy import func, select
from werkzeug.http import parse_etags

from app.core import eventinfo, security
from app.core.models import AuditEvent

MAX_BODIES = 64  # per worker: a few feeds × languages × congresses
_bodies: OrderedDict[str, bytes] = OrderedDict()
_lock = Lock()
MAX_ADDRESSES = 256
# (path, query, host, script root, scheme) → (ETag, until, headers): the last answer to an
# anonymous reader of a kept document, trusted until ``until`` (time.monotonic()).
_answered: dict[tuple, tuple[str, float, list[tuple[str, str]]]] = {}


def audit_marker(area: str):
    """The newest audit entry of an area (``"briefings"``): a scalar subquery for a version
    statement. Uses the index on ``action`` (a prefix range, no LIKE)."""
    prefix = area + "."
    return (
        select(func.max(AuditEvent.id))
        .where(AuditEvent.action >= prefix, AuditEvent.action < area + "/")
        .scalar_subquery()
    )


def make_etag(*parts) -> str:
    """A strong validator from the version parts, the event and the address the body links to."""
    info = eventinfo.current()
    seed = repr((parts, info and (info.id, info.name), request.host_url, request.script_root))
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def _http_time(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC, microsecond=0) if moment else None


def is_fresh(etag: str, last_modified: datetime | None) -> bool:
    """Whether the client's copy is current: If-None-Match wins; else If-Modified-Since."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    modified = _http_time(last_modified)
    return since is not None and modified is not None and modified <= since


def answer(
    etag: str,
    last_modified: datetime | None,
    render: Callable[[], bytes | str],
    *,
    mimetype: str,
    cache_control: str,
    keep: bool = True,
) -> Response:
    """304 when the client's copy is current, else the body (kept per ETag when ``keep``)."""
    if is_fresh(etag, last_modified):
        response = Response(status=304)
    else:
        body = _bodies.get(etag) if keep else None
        if body is None:
            rendered = render()
            body = rendered.encode() if isinstance(rendered, str) else rendered
            if keep:
                with _lock:
                    _bodies[etag] = body
                    while len(_bodies) > MAX_BODIES:
                        _bodies.popitem(last=False)
        response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = _http_time(last_modified)
    response.headers["Cache-Control"] = cache_control
    fresh = current_app.config.get("CONDITIONAL_FRESH_SECONDS", 1.0)
    if keep and fresh > 0 and not request.environ.get("HTTP_COOKIE"):
        headers = [(name, value) for name, value in response.headers.items() if name in _KEPT_HEADERS]
        with _lock:
            if len(_answered) >= MAX_ADDRESSES:
                _answered.clear()
            _answered[_address(request.environ)] = (etag, time.monotonic() + fresh, headers)
    return response


_KEPT_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Content-Disposition")


def _address(environ) -> tuple:
    return (
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("wsgi.url_scheme", ""),
    )


class RepeatAnswers:
    """WSGI layer: an anonymous reader's repeat (``If-None-Match`` naming the ETag it was just
    given, within the freshness) is answered 304 here; everything else goes to Flask."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        asked = environ.get("HTTP_IF_NONE_MATCH")
        if asked and environ.get("REQUEST_METHOD") in ("GET", "HEAD") and not environ.get("HTTP_COOKIE"):
            known = _answered.get(_address(environ))
            if (
                known is not None
                and time.monotonic() < known[1]
                and parse_etags(asked).contains_weak(known[0])
            ):
                start_response("304 NOT MODIFIED", [*known[2], *security.BASE_HEADERS])
                return [b""]
        return self.wsgi_app(environ, start_response)


def install(app) -> None:
    """Put the repeat answers in front of ``app``."""
    app.wsgi_app = RepeatAnswers(app.wsgi_app)


def forget_bodies() -> None:
    """Drop every kept body and remembered answer (tests)."""
    with _lock:
        _bodies.clear()
        _answered.clear()
