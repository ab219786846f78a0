"""Navigation entries, declared by each area next to its routes and shown by permission."""

from __future__ import annotations

from dataclasses import dataclass

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


def _ordered(app) -> list[tuple[NavItem, bool]]:
    """Every entry with a route in ``app``, in order, with whether it is a congress's page
    (its URL names the congress): worked out once per application, not on every page."""
    registered, ordered = app.extensions.get("nav_ordered", (None, None))
    if registered != _registered[0]:
        ordered = [
            (item, app.url_map.is_endpoint_expecting(item.endpoint, "event_code"))
            for item in sorted(NAV.values(), key=lambda i: (i.order, i.endpoint))
            if item.endpoint in app.view_functions
        ]
        app.extensions["nav_ordered"] = (_registered[0], ordered)
    return ordered


def visible_items(user) -> list[NavItem]:
    """The entries this user may follow, in order."""
    from app.core import eventinfo
    from app.core.permissions import Permission

    in_event = eventinfo.in_url_event()
    # a congress's pages on its own pages; site pages (home, /me, /admin) show the site's
    return [
        item
        for item, event_page in _ordered(current_app._get_current_object())
        if event_page == in_event
        and (item.permission == Permission.PUBLIC or user.can(Permission(item.permission)))
    ]


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
