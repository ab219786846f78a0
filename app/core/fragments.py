"""Fragments of a page drawn once per content: kept under a hash of what they show (issue 18).

A list page reads its rows on every request, so it is always current; drawing them (the
review queue: 25 rows, a few hundred template expressions, half of the page's time) costs
more than reading them. :func:`render` draws a fragment template from the values it is
given and keeps the HTML under a hash of everything the HTML can depend on:

- the template's name and every value passed (the rows themselves, their labels);
- the language, the current event's facts (its code in links, its time zone in dates);
- the site's address and root (``url_for`` links; the page's own address, which links carry
  back as ``next``, reaches a fragment only as a value).

An unchanged page draws nothing again; a changed row changes the key, so a kept fragment
never shows anything the database no longer says, and nothing has to be told to forget.

What a fragment may read is checked, not trusted: the values passed, and the globals of
:data:`ALLOWED_GLOBALS` (translation, links: functions of the key's language, event and
address). The first render of a fragment template in a process lists the variables it and
the templates it imports read (``jinja2.meta``) and refuses any other (checked again for
another set of value names) — a fragment that
read the signed-in user, the session or the flashed messages would be shown to the next
reader too. Values must be plain data (text, numbers, dates, rows, tuples, lists, dicts,
named tuples, dataclasses, translated labels): any other object would be keyed by whatever its
class chooses to show of it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections import OrderedDict
from datetime import date, datetime, time
from decimal import Decimal
from threading import Lock

from flask import current_app, request
from flask_babel import LazyString
from jinja2 import Environment, meta
from markupsafe import Markup
from sqlalchemy.engine import Row

from app.core import eventinfo
from app.core.i18n import current_language

MAX_FRAGMENTS = 256  # per worker: a few pages × filters × languages, ~10 kB each
# What a fragment may read besides its values: each depends only on the language, the event
# and the address, which are in the key.
ALLOWED_GLOBALS = frozenset({"_", "gettext", "ngettext", "url_for", "id_url", "select_options"})

_kept: OrderedDict[bytes, Markup] = OrderedDict()
_checked: set[tuple[str, frozenset[str]]] = set()  # (template, names of the values it was given)
_lock = Lock()


class FragmentError(TypeError):
    """A fragment reads something its key does not hold, or is given a value that is not data."""


def render(template_name: str, **values) -> Markup:
    """The HTML of ``template_name`` drawn with ``values`` only, kept by what it shows."""
    checked = (template_name, frozenset(values))
    if checked not in _checked:
        _check_reads(template_name, checked[1])
        _checked.add(checked)
    key = _key(template_name, values)
    with _lock:
        html = _kept.get(key)
        if html is not None:
            _kept.move_to_end(key)
            return html
    html = Markup(current_app.jinja_env.get_template(template_name).render(values))  # noqa: S704 - autoescaped template
    with _lock:
        _kept[key] = html
        while len(_kept) > MAX_FRAGMENTS:
            _kept.popitem(last=False)
    return html


def forget_all() -> None:
    """Drop every kept fragment (tests; a catalogue or template reload)."""
    with _lock:
        _kept.clear()
        _checked.clear()


def _key(template_name: str, values: dict) -> bytes:
    seed = (
        template_name,
        tuple((name, _plain(value)) for name, value in sorted(values.items())),
        current_language(),
        eventinfo.current(),
        request.host_url,
        request.script_root,
    )
    # pickled, not repr'd (twice as quick on rows): a faithful encoding, so different values
    # never share bytes; equal values pickled apart may differ (memo), which only misses
    return hashlib.blake2b(pickle.dumps(seed, protocol=5), digest_size=16).digest()


_SCALARS = (str, int, float, Decimal, date, time, type(None))  # bool is an int, datetime a date
# The exact types encoded by their value: a container holding only these is its own
# plain form (no copy), which keeps a key of 100 rows to one pass over them.
_SCALAR_TYPES = frozenset({str, int, bool, float, Decimal, date, datetime, time, type(None), Markup})


def _plain(value):
    """``value`` in a form whose encoding names its content: scalars and containers of
    scalars as they are, anything else as nested tuples."""
    kind = type(value)
    if kind in _SCALAR_TYPES:
        return value
    if kind is tuple or kind is list or isinstance(value, Row):
        for item in value:
            if type(item) not in _SCALAR_TYPES:
                return tuple(map(_plain, value))
        return value if kind is tuple or kind is list else tuple(value)  # a row pickles its metadata
    if isinstance(value, tuple):  # a named tuple: its fields, read by name, with its name
        return (kind.__module__, kind.__qualname__, *map(_plain, value))
    if kind is dict:
        for name, item in value.items():
            if type(name) not in _SCALAR_TYPES or type(item) not in _SCALAR_TYPES:
                return tuple((_plain(name), _plain(item)) for name, item in value.items())
        return value
    if isinstance(value, _SCALARS):  # a subclass: an enum of text, say
        return value
    if isinstance(value, LazyString):  # its text follows the language, which is in the key
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__qualname__,
            *(_plain(getattr(value, field.name)) for field in dataclasses.fields(value)),
        )
    raise FragmentError(f"a fragment's value must be plain data, not {type(value).__name__}")


def _check_reads(template_name: str, given: frozenset[str]) -> None:
    """Refuse a fragment template (or one it imports) that reads a variable neither given
    nor in :data:`ALLOWED_GLOBALS`."""
    env = current_app.jinja_env
    # parsed by an environment without the application's globals: jinja2.meta leaves out the
    # names an environment provides, and the application's include the request and session
    bare = Environment(extensions=list(env.extensions), autoescape=True)  # parsed, never rendered
    bare.filters.update(env.filters)
    bare.tests.update(env.tests)
    pending, seen, reads = [template_name], set(), set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0]
        tree = bare.parse(source)
        reads |= meta.find_undeclared_variables(tree)
        pending.extend(found for found in meta.find_referenced_templates(tree) if found)
    unknown = reads - given - ALLOWED_GLOBALS
    if unknown:
        raise FragmentError(
            f"{template_name} reads {', '.join(sorted(unknown))}, which its key does not hold"
        )
