"""Two congresses in one installation see nothing of each other (issue 15), from ``app.url_map``.

Each event gets a full world (tests/core/world.py: an application with its files, badge,
gate, zone, device, scan alarm, room, speaker, conferences, question, releases with
attachments and a correction, unit, location, task with evidence, coverage entry, import).
Event B's world carries a marker in every name and title. Then, for every route of an
event (``/<event_code>/…``), walked as each role:

* a route naming an object, asked in event A with event B's object, answers exactly as
  for an object that does not exist (404 for everyone who may open the route);
* every page, list, search, feed, iCal, export (CSV, XLSX, PDF text), report, dashboard,
  gate pack and API answer of event A shows none of B's markers.

A positive control checks that B's marker is found on B's own pages, so the search for it
cannot pass by reading nothing.
"""

from __future__ import annotations

import unicodedata

import pytest

from app.events import scope
from app.events import services as events
from tests.core import route_spec
from tests.core.route_spec import ROLES, ROUTES
from tests.core.world import build_world, text_of

MARK = "ZQXB"  # in every name and title of event B's world

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def worlds(event, make_user, make_application, make_zone, make_organisation):
    """(world of event A = DH16, world of event B = DHB, event B)."""
    with scope.in_event(event):
        world_a = build_world(make_user, make_application, make_zone, make_organisation)
    other = events.create_event("DHB", "Đại hội Đảng bộ huyện Bình Xuyên", level="district", status="running")
    with scope.in_event(other):
        world_b = build_world(make_user, make_application, make_zone, make_organisation, mark=MARK)
    return world_a, world_b, other


def _event_rules(app, method: str):
    rules = [r for r in app.url_map.iter_rules() if "event_code" in r.arguments and method in r.methods]
    return sorted(rules, key=lambda r: r.rule)


def _url(rule, world_a, world_b, *, missing: bool = False) -> tuple[str, bool]:
    """The rule's URL in event A, with event B's object wherever an argument names an object of
    an event (``missing``: an id nothing has). Also whether any argument took B's object."""
    spec = ROUTES[rule.rule]
    values, took_b = {"event_code": "DH16"}, False
    for arg in rule.arguments - {"event_code"}:
        key = spec.ids.get(arg) or route_spec.ARGS[arg]
        if ":" in key:
            values[arg] = key.split(":", 1)[1]
        elif key in world_b.owned or key in ("calendar_token", "atom_token", "import"):
            values[arg] = "999999" if missing else world_b.ids[key]
            took_b = True
        else:
            values[arg] = world_a.ids[key]
    return rule.build(values, append_unknown=False)[1], took_b


def _sign_in(auth, world_a, role):
    if role is not None:
        auth.login("journalist" if role == route_spec.UNACCREDITED else role, user=world_a.requester(role))


@pytest.mark.parametrize("role", [None, *ROLES], ids=lambda r: r or "anonymous")
def test_another_events_object_answers_like_a_missing_one(app, client, auth, worlds, role):
    world_a, world_b, _other = worlds
    _sign_in(auth, world_a, role)
    token = client.csrf_token("/DH16/releases/")
    failures, walked = [], 0
    for method in ("GET", "POST"):
        for rule in _event_rules(app, method):
            url_b, took_b = _url(rule, world_a, world_b)
            if not took_b:
                continue
            url_missing, _ = _url(rule, world_a, world_b, missing=True)
            send = client.get if method == "GET" else _poster(client, token)
            other, missing = send(url_b), send(url_missing)
            walked += 1
            if other.status_code != missing.status_code or other.status_code in (200, 500):
                failures.append(
                    f"{method} {url_b} as {role}: {other.status_code}, a missing one {missing.status_code}"
                )
            elif text_has_mark(other):
                failures.append(f"{method} {url_b} as {role}: shows event B's {MARK}")
    assert walked > 60, walked  # every route naming an object of an event
    assert not failures, "\n".join(failures)


def _poster(client, token):
    def post(url):
        return client.post(url, data={"csrf_token": token}, headers={"X-CSRFToken": token})

    return post


def text_has_mark(response) -> bool:
    return MARK in unicodedata.normalize("NFC", text_of(response))


@pytest.mark.parametrize("role", ROLES)
def test_no_page_of_event_a_shows_anything_of_event_b(app, client, auth, worlds, role):
    world_a, world_b, _other = worlds
    _sign_in(auth, world_a, role)
    failures, read = [], 0
    for rule in _event_rules(app, "GET"):
        url, _ = _url(rule, world_a, world_a)  # event A's own objects everywhere
        # as it opens, and searched for words both worlds' titles hold (all statuses)
        searched = client.get(url, query_string={"q": "Đại hội", "status": "all"})
        for answer in (client.get(url), searched):
            read += len(text_of(answer))
            if text_has_mark(answer):
                failures.append(f"GET {url} as {role}: shows event B's {MARK}")
    assert read > 10_000
    assert not failures, "\n".join(sorted(set(failures)))


def test_the_marker_is_found_on_event_bs_own_pages(client, auth, worlds):
    """The positive control: the same pages of event B show B's marker."""
    _world_a, world_b, _other = worlds
    auth.login("admin")
    for url in (
        "/DHB/releases/",
        "/DHB/briefings/schedule",
        "/DHB/venue/tasks",
        "/DHB/accreditation/queue?status=all",
    ):
        response = client.get(url)
        assert response.status_code == 200 and text_has_mark(response), url
    assert not text_has_mark(client.get("/DH16/releases/"))
