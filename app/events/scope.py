"""The event of the URL, and every query of an owned table scoped to it — by construction.

An area whose pages belong to one congress makes its blueprint with :func:`event_blueprint`:
its routes then live under ``/<event_code>/…``. For each request to such a route the code
is resolved once (a URL value preprocessor) into the current event; an unknown code is a
404 page. From then on, for the rest of the request:

* every ORM ``SELECT``, ``UPDATE`` and ``DELETE`` of a table with an ``event_id``
  (:class:`~app.events.models.EventOwned`) gets ``event_id = <the URL's event>`` added
  (a ``do_orm_execute`` hook with ``with_loader_criteria``), so lists, searches, counts,
  exports, reports, feeds and the gate pack cannot see another congress's rows;
* :func:`get_in_event_or_404` fetches one object by id and answers 404 for another
  congress's object exactly as for a missing one;
* new owned rows take the URL's event as their ``event_id`` (the column default);
* ``url_for`` of an event route fills ``event_code`` in from the current event;
* an archived event is read-only: a write request is refused with a message before the
  view runs, and a flush that would change an archived event's rows is refused too.

Outside a request (CLI, outbox worker, tests) :func:`in_event` sets the same scope.
"""

from __future__ import annotations

from contextlib import contextmanager

from flask import Blueprint, abort, current_app, g, has_app_context, redirect, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session, with_loader_criteria
from werkzeug.exceptions import Conflict, HTTPException, NotFound
from werkzeug.routing import RequestRedirect

from app.core import eventinfo
from app.events.models import Event, EventOwned
from app.extensions import db

# Where the scope lives in ``flask.g``: the id of the event every owned query is limited to.
SCOPE_KEY = "event_scope_id"
ARCHIVED_KEY = "event_scope_archived"
# Where the current event's ORM object is kept for the app context (services.current_event).
EVENT_ROW_KEY = "event_row"
FROM_URL_KEY = eventinfo.URL_KEY  # set when the request's own URL chose the event
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The one way out of the scope, for a query that must read a person's rows in every congress
# (their profile, from their latest application): ``.execution_options(**ACROSS_EVENTS)``.
ACROSS_EVENTS = {"across_events": True}


class ArchivedEventError(Conflict):
    """A write to an archived (read-only) event."""

    user_message = _l(
        "This congress is archived and read-only: nothing can be changed. Pages, exports and reports still work."
    )

    def __init__(self):
        super().__init__(str(self.user_message))


def event_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    """A blueprint whose routes live under ``/<event_code>`` + ``url_prefix``, scoped to that event."""
    bp = Blueprint(name, import_name, url_prefix=f"/<event_code>{url_prefix}")
    bp.url_value_preprocessor(_enter_from_url)
    bp.url_defaults(_fill_event_code)
    return bp


def _enter_from_url(endpoint: str | None, values: dict | None) -> None:
    code = (values or {}).pop("event_code", None)
    event = event_by_code(code)
    if event is None:
        # "/releases/" of the single-congress days matches "/<event_code>/" too.
        _redirect_old_url()
        abort(404)
    enter(event)
    setattr(g, FROM_URL_KEY, True)
    if event.is_archived and request.method not in SAFE_METHODS:
        raise ArchivedEventError()


def _fill_event_code(endpoint: str, values: dict) -> None:
    if "event_code" not in values:
        info = eventinfo.current()
        if info is not None:
            values["event_code"] = info.code


def event_by_code(code: str | None) -> Event | None:
    """The event with this URL code (any case), or None; the signed-in user is read with it
    (``services.event_for_url``)."""
    if not code or len(code) > 16:
        return None
    from app.events.services import event_for_url

    return event_for_url(code.upper())


def enter(event: Event) -> None:
    """Make ``event`` the current event and scope every owned query to it (until :func:`leave`)."""
    setattr(g, eventinfo.CACHE_KEY, info_of(event))
    setattr(g, EVENT_ROW_KEY, event)
    setattr(g, SCOPE_KEY, event.id)
    setattr(g, ARCHIVED_KEY, event.is_archived)


def leave() -> None:
    """Drop the scope and the cached current event."""
    if has_app_context():
        g.pop(SCOPE_KEY, None)
        g.pop(ARCHIVED_KEY, None)
        g.pop(EVENT_ROW_KEY, None)
        eventinfo.forget()


@contextmanager
def in_event(event: Event):
    """Run a block (CLI, worker, demo seeding, tests) as a request of ``event`` would run."""
    previous = (g.get(SCOPE_KEY), g.get(ARCHIVED_KEY), g.get(eventinfo.CACHE_KEY), g.get(EVENT_ROW_KEY))
    enter(event)
    try:
        yield event
    finally:
        leave()
        if previous[0] is not None:
            setattr(g, SCOPE_KEY, previous[0])
            setattr(g, ARCHIVED_KEY, previous[1])
            setattr(g, eventinfo.CACHE_KEY, previous[2])
            setattr(g, EVENT_ROW_KEY, previous[3])


def scope_id() -> int | None:
    """The id of the event owned queries are limited to now, or None (site pages, CLI)."""
    return g.get(SCOPE_KEY) if has_app_context() else None


def info_of(event: Event) -> eventinfo.EventInfo:
    return eventinfo.EventInfo(
        event.id, event.code, event.name, event.timezone, event.first_day, event.last_day, event.key_id
    )


def get_in_event(model, ident):
    """The ``model`` row with this id in the current event, or None (missing, or another event's).

    Also checks a row found in the session's identity map, which no query filter sees.
    """
    if isinstance(ident, bool):
        return None
    try:
        key = int(ident)
    except (TypeError, ValueError):
        return None
    if not 0 < key < 2**63:
        return None
    row = db.session.get(model, key)
    current = scope_id()
    if row is not None and current is not None and isinstance(row, EventOwned) and row.event_id != current:
        return None
    return row


def get_in_event_or_404(model, ident):
    """The ``model`` row with this id in the current event; 404 when missing or another event's."""
    row = get_in_event(model, ident)
    if row is None:
        abort(404)
    return row


# ----------------------------------------------------------------------------- the ORM hooks
def _owned(mapper) -> bool:
    return mapper is not None and issubclass(mapper.class_, EventOwned)


@sa_event.listens_for(Session, "do_orm_execute")
def _scope_statement(state) -> None:
    event_id = scope_id()
    if event_id is None or state.is_column_load or state.execution_options.get("across_events"):
        return
    if state.is_insert or state.is_update or state.is_delete:
        if g.get(ARCHIVED_KEY) and any(_owned(m) for m in state.all_mappers):
            raise ArchivedEventError()
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(_criteria(event_id))


_CRITERIA: dict[int, object] = {}
KEPT_CRITERIA = 256  # events whose option is kept; more than one installation ever holds


def _criteria(event_id: int):
    """The loader option limiting every owned table to ``event_id``, made once per event:
    a new lambda on every statement cost its analysis each time (issue 18)."""
    option = _CRITERIA.get(event_id)
    if option is None:
        if len(_CRITERIA) >= KEPT_CRITERIA:
            _CRITERIA.clear()
        option = _CRITERIA[event_id] = with_loader_criteria(
            EventOwned, lambda cls: cls.event_id == event_id, include_aliases=True
        )
    return option


@sa_event.listens_for(Session, "before_flush")
def _refuse_archived_writes(session, flush_context, instances) -> None:
    changed = [row for row in session.new if isinstance(row, EventOwned)]
    changed += [row for row in session.deleted if isinstance(row, EventOwned)]
    changed += [row for row in session.dirty if isinstance(row, EventOwned) and session.is_modified(row)]
    event_ids = {row.event_id for row in changed if row.event_id is not None}
    if any(row.event_id is None for row in changed):
        current = eventinfo.current_id()
        if current is not None:
            event_ids.add(current)
    scope = scope_id()
    if scope in event_ids:  # the request's own event: its status was read with it
        if g.get(ARCHIVED_KEY):
            raise ArchivedEventError()
        event_ids.discard(scope)
    if not event_ids:
        return
    with session.no_autoflush:
        archived = session.execute(
            select(Event.id).where(Event.id.in_(event_ids), Event.status == "archived")
        ).first()
    if archived is not None:
        raise ArchivedEventError()


def _redirect_old_url() -> None:
    """Send an address of the single-congress days (``/accreditation/queue``) to the first event.

    The first event is the running one, else the open one (``services.current_event``). A
    308 keeps the method and the body, so an old bookmarked form still posts.
    """
    info = eventinfo.current()
    if info is None or request.path.startswith(f"/{info.code}/"):
        return
    target = f"/{info.code}{request.path}"
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(target, method=request.method)
    except RequestRedirect:
        pass  # e.g. a missing trailing slash: the redirect target adds it
    except HTTPException:
        return
    query = request.query_string.decode("latin-1")
    abort(redirect(target + (f"?{query}" if query else ""), code=308))


def init_app(app) -> None:
    """Old single-congress addresses redirect; the request's event is forgotten when it ends."""

    @app.before_request
    def _old_urls():
        if isinstance(request.routing_exception, NotFound):
            _redirect_old_url()

    @app.teardown_request
    def _leave(_exc):
        # Only what the request's URL set: a request context made inside ``in_event`` (an
        # e-mail rendered by the worker) leaves the block's scope alone.
        if g.pop(FROM_URL_KEY, False):
            leave()
