"""What core knows of the current event, without importing an area.

``app.events`` registers a provider at start-up (:func:`set_provider`); core's time-zone
helper, templates, outbox, audit log and backup ask :func:`current` for the event's id,
code, name and time zone. Outside an app, or before any event exists, there is none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import current_app, g, has_app_context

EXTENSION_KEY = "event_info_provider"
# Where the provider caches the current event's facts for the app context (``flask.g``).
CACHE_KEY = "event_info"
# Set in ``flask.g`` while a request's own URL names the event (``/<event_code>/…``).
URL_KEY = "event_from_url"


@dataclass(frozen=True)
class EventInfo:
    """The plain facts about an event that core needs (no ORM object, safe to cache)."""

    id: int
    code: str
    name: str
    timezone: str
    first_day: date | None
    last_day: date | None
    key_id: str = "site"  # names the event's signing keys (app/core/tokens.py)


def set_provider(app, provider: Callable[[], EventInfo | None]) -> None:
    """Register the function that answers "which event are we in?" for ``app``."""
    app.extensions[EXTENSION_KEY] = provider


def current() -> EventInfo | None:
    """The current event's facts, or None (no app context, no provider, or no event yet)."""
    if not has_app_context():
        return None
    provider = current_app.extensions.get(EXTENSION_KEY)
    return provider() if provider else None


def forget() -> None:
    """Drop the cached current event, so the next question looks it up again.

    A long-lived app context (the outbox worker) calls this once per pass.
    """
    if has_app_context():
        g.pop(CACHE_KEY, None)


def in_url_event() -> bool:
    """Whether this request is a page of one event (its URL names it), not a site page."""
    return has_app_context() and bool(g.get(URL_KEY))


def shown() -> EventInfo | None:
    """The event a page is about: the URL's event, or None on a site page (the home page,
    /me, site administration)."""
    return current() if in_url_event() else None


def current_id() -> int | None:
    """The current event's id, or None."""
    info = current()
    return info.id if info else None


def column_default(context) -> int | None:
    """Column default for core's nullable ``event_id`` columns: the current event, if any."""
    return current_id()
