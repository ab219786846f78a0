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
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from threading import Lock

from flask import Response, request
from sqlalchemy import func, select

from app.core import eventinfo
from app.core.models import AuditEvent

MAX_BODIES = 64  # per worker: a few feeds × languages × congresses
_bodies: OrderedDict[str, bytes] = OrderedDict()
_lock = Lock()


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
    return response


def forget_bodies() -> None:
    """Drop every kept body (tests)."""
    with _lock:
        _bodies.clear()
