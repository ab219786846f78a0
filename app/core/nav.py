"""Navigation entries, declared by each area next to its routes and shown by permission."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy translated string
    permission: str
    order: int


NAV: dict[str, NavItem] = {}


def nav_item(endpoint: str, label, permission, *, order: int = 50) -> None:
    """Add an entry to the main navigation for users holding ``permission``."""
    NAV[endpoint] = NavItem(endpoint, label, str(permission), order)


def visible_items(user) -> list[NavItem]:
    """The entries this user may follow, in order."""
    from app.core import eventinfo
    from app.core.permissions import Permission

    endpoints = current_app.view_functions
    in_event = eventinfo.in_url_event()
    items = []
    for item in sorted(NAV.values(), key=lambda i: (i.order, i.endpoint)):
        if item.endpoint not in endpoints:
            continue
        # a congress's pages on its own pages; site pages (home, /me, /admin) show the site's
        if current_app.url_map.is_endpoint_expecting(item.endpoint, "event_code") != in_event:
            continue
        if item.permission == Permission.PUBLIC or user.can(Permission(item.permission)):
            items.append(item)
    return items
