"""The browser tab's title: the page, then the congress when the page belongs to one."""

from __future__ import annotations

import html
import re


def _title(page: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


def test_a_page_outside_any_congress_has_no_dangling_separator(client):
    title = _title(client.get("/").get_data(as_text=True))
    assert title.strip() and not title.rstrip().endswith("·"), title


def test_a_congress_page_names_the_congress(client, db):
    from app.events.services import current_event

    title = _title(client.get("/DH16/briefings/schedule").get_data(as_text=True))
    assert title.endswith(" · " + current_event().name), title
