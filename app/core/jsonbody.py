"""Every JSON body is parsed with limits: too deep or too large is a 400, never a 500.

Python's parser recurses once per nesting level, so ``[[[[…]]]]`` a thousand deep
raises ``RecursionError`` (a 500) inside ``request.get_json``. The application's JSON
provider turns that, a nesting deeper than :data:`MAX_DEPTH` and a body larger than
:data:`MAX_BYTES` into ``ValueError``; the request class answers a body that cannot be
read with a 400 whose message is in the user's language. Routes that use
``get_json(silent=True)`` get ``None`` and answer their own 400.
"""

from __future__ import annotations

from flask import Request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

MAX_DEPTH = 32
MAX_BYTES = 1024 * 1024  # a batch of 200 scans is far below this


class JSONTooDeep(ValueError):
    """Nested deeper than :data:`MAX_DEPTH`."""


class JSONTooLarge(ValueError):
    """Longer than :data:`MAX_BYTES`."""


def _depth_within(value, limit: int) -> bool:
    """Whether ``value`` nests at most ``limit`` arrays/objects deep (iterative, no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return True


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with depth and size limits on ``loads``."""

    def loads(self, s: str | bytes, **kwargs):
        if len(s) > MAX_BYTES:
            raise JSONTooLarge(f"JSON longer than {MAX_BYTES} bytes")
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise JSONTooDeep(f"JSON nested deeper than {MAX_DEPTH}") from None
        if not _depth_within(value, MAX_DEPTH):
            raise JSONTooDeep(f"JSON nested deeper than {MAX_DEPTH}")
        return value


class JSONBodyError(BadRequest):
    """A request body that is not acceptable JSON; ``user_message`` is shown to the client."""

    def __init__(self, user_message: str):
        super().__init__(description=user_message)
        self.user_message = user_message


class SafeRequest(Request):
    """The request class: an unreadable JSON body is a 400 with a translated message."""

    def on_json_loading_failed(self, e: ValueError | None):
        if isinstance(e, JSONTooDeep):
            message = _("The JSON sent is nested too deeply (at most %(n)s levels).", n=MAX_DEPTH)
        elif isinstance(e, JSONTooLarge):
            message = _("The JSON sent is too large (at most %(n)s KB).", n=MAX_BYTES // 1024)
        elif e is None:
            message = _("Send the data as JSON (Content-Type: application/json).")
        else:
            message = _("The JSON sent could not be read.")
        raise JSONBodyError(message)


def init_app(app) -> None:
    """Install the provider and the request class (called by ``create_app``)."""
    app.json_provider_class = SafeJSONProvider
    app.json = SafeJSONProvider(app)
    app.request_class = SafeRequest
