"""Navigation entries, declared by each area next to its routes and shown by permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from flask import current_app
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy translated string
    permission: str
    order: int
    group: str | None = None  # a key of GROUPS


NAV: dict[str, NavItem] = {}
_registered = [0]  # entries added so far: a new one makes each app order the bar again


# Menus that gather entries of one kind of work. "admin" (set-up pages) is always a menu;
# the others only when a user has more entries than fit one line (the administrator, a
# head of the press centre), so gate staff and journalists keep one tap to every page.
GROUPS = {
    "desk": _l("Accreditation desk"),
    "gate": _l("Gates"),
    "press": _l("Press information"),
    "admin": _l("Administration"),
}
FLAT_UP_TO = 5


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: object
    items: tuple[NavItem, ...]


def nav_item(endpoint: str, label, permission, *, order: int = 50, group: str | None = None) -> None:
    """Add an entry to the main navigation for users holding ``permission``, in ``group``
    (a key of GROUPS) when the bar is crowded."""
    assert group is None or group in GROUPS, group
    NAV[endpoint] = NavItem(endpoint, label, str(permission), order, group)
    _registered[0] += 1


def _ordered(app) -> tuple[list[tuple[NavItem, bool]], dict]:
    """Every entry with a route in ``app``, in order, with whether it is a congress's page
    (its URL names the congress): worked out once per application, not on every page; and
    the bars already worked out from them (see :func:`bar`)."""
    registered, ordered, bars = app.extensions.get("nav_ordered", (None, None, None))
    if registered != _registered[0]:
        ordered = [
            (item, app.url_map.is_endpoint_expecting(item.endpoint, "event_code"))
            for item in sorted(NAV.values(), key=lambda i: (i.order, i.endpoint))
            if item.endpoint in app.view_functions
        ]
        bars = {}
        app.extensions["nav_ordered"] = (_registered[0], ordered, bars)
    return ordered, bars


KEPT_BARS = 64  # distinct (page kind, permission basis) pairs kept; a few roles make a few


class Shown(NamedTuple):
    """An entry of the bar as drawn, translated: plain data for the bar's fragment
    (app/core/fragments.py), whose key it is part of."""

    endpoint: str  # "" for a menu
    label: str
    key: str  # a menu's key (GROUPS), "" for an entry
    items: tuple  # a menu's entries (Shown), () for an entry


def bar(user) -> tuple[tuple[NavItem, ...], tuple[NavItem | NavGroup, ...], tuple[Shown, ...]]:
    """The entries this user may follow, in order; the same as the bar shows them
    (:func:`menu`); and those translated into the current language (:class:`Shown`).
    Kept under what the permission rule decides from (``user.permission_basis()``) and the
    kind of page: every page asked thirty permission questions and translated the same
    labels to draw the same bar (issue 18); the rule itself stays in ``user.can``."""
    from app.core import eventinfo
    from app.core.i18n import current_language
    from app.core.permissions import Permission

    in_event = eventinfo.in_url_event()
    ordered, bars = _ordered(current_app._get_current_object())
    key = (in_event, user.permission_basis())
    kept = bars.get(key)
    if kept is None:
        # a congress's pages on its own pages; site pages (home, /me, /admin) show the site's
        items = tuple(
            item
            for item, event_page in ordered
            if event_page == in_event
            and (item.permission == Permission.PUBLIC or user.can(Permission(item.permission)))
        )
        if len(bars) >= KEPT_BARS:
            bars.clear()
        kept = bars[key] = (items, tuple(menu(list(items))), {})
    items, entries, translated = kept
    language = current_language()
    shown = translated.get(language)
    if shown is None:
        shown = translated[language] = tuple(map(_shown, entries))
    return items, entries, shown


def _shown(entry: NavItem | NavGroup) -> Shown:
    if isinstance(entry, NavGroup):
        return Shown("", str(entry.label), entry.key, tuple(map(_shown, entry.items)))
    return Shown(entry.endpoint, str(entry.label), "", ())


def menu(items: list[NavItem]) -> list[NavItem | NavGroup]:
    """The bar: entries in order, a group's entries gathered into one menu at the place of
    its first entry (see GROUPS)."""
    crowded = len(items) > FLAT_UP_TO
    members: dict[str, list[NavItem]] = {}
    for item in items:
        if item.group and (crowded or item.group == "admin"):
            members.setdefault(item.group, []).append(item)
    entries: list[NavItem | NavGroup] = []
    placed = set()
    for item in items:
        key = (
            item.group
            if item.group in members and len(members[item.group]) > 1 or item.group == "admin"
            else None
        )
        if key is None or key not in members:
            entries.append(item)
        elif key not in placed:
            placed.add(key)
            entries.append(NavGroup(key, GROUPS[key], tuple(members[key])))
    return entries
