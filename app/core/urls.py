"""The one check for every URL a request may send a person back to (``next``, return links).

A ``next`` value from a query string or a form reaches a redirect or a link only as a
same-site path: it starts with one ``/``, names no scheme and no host, and holds no
backslash, space or control character (browsers read ``/\\evil.example`` and
``/\\t/evil.example`` as ``//evil.example``, another site; a newline would split the
``Location`` header). Anything else gives ``None`` and the caller uses its own default.
Templates use the same function as the global ``safe_next`` and the filter ``|safe_next``.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

MAX_LENGTH = 2000


def safe_next(target: object) -> str | None:
    """``target`` when it is a same-site path (with its query), else None."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def is_api_request(path: str) -> bool:
    """Whether ``path`` is the JSON API: ``/api/…``, or ``/<event_code>/api/…`` of one event."""
    parts = path.split("/", 3)
    return len(parts) > 2 and (parts[1] == "api" or (len(parts) > 3 and parts[2] == "api"))


def link_args(args: Mapping[str, str]) -> dict[str, str]:
    """Query arguments safe to pass to ``url_for``: without its own options (``_external``,
    ``_scheme``, ``_anchor``, ``_method``), which a visitor could otherwise set from the URL."""
    return {key: value for key, value in args.items() if not key.startswith("_")}
