"""Markdown for release bodies: rendered with ``markdown``, then sanitised with ``nh3``.

The sanitiser, not the renderer, is the safety line: Markdown passes raw HTML through,
so whatever the author typed (``<script>``, ``onerror=``, ``javascript:`` links) is
cleaned after rendering. Only a small set of text tags survives; links may point only
to http(s) or mail addresses and always get ``rel="noopener noreferrer"``.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import markdown
import nh3

SAFE_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
        "blockquote", "ul", "ol", "li", "a", "code", "pre", "table", "thead", "tbody",
        "tr", "th", "td", "sup", "sub", "abbr",
    }
)  # fmt: skip
SAFE_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTENSIONS = ["tables", "sane_lists", "smarty"]


def sanitise_html(html: str) -> str:
    """Keep only safe tags, attributes and link schemes; drop script and style content."""
    return nh3.clean(
        html,
        tags=set(SAFE_TAGS),
        attributes={tag: set(attrs) for tag, attrs in SAFE_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_local = threading.local()


def _renderer() -> markdown.Markdown:
    """This thread's Markdown converter: building one (its extensions, patterns and
    processors) cost a millisecond, more than converting a release (issue 18)."""
    renderer = getattr(_local, "renderer", None)
    if renderer is None:
        renderer = _local.renderer = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    return renderer


def render_markdown(text: str | None) -> str:
    """Markdown to sanitised HTML, safe to insert into a page or a feed."""
    if not text:
        return ""
    return _render(text)


@lru_cache(maxsize=512)
def _render(text: str) -> str:
    """The same text always gives the same HTML: a feed or a list renders only what changed."""
    renderer = _renderer()
    try:
        html = renderer.convert(text)
    finally:
        renderer.reset()
    # A level-1 heading would compete with the page title: shift headings down one level.
    for level in (5, 4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
    return sanitise_html(html)
