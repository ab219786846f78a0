"""Every route × every role (and anonymous), against the hand-written specification.

The expected answers come from ``tests/core/route_spec.py`` (route → who may, written
from the domain), never from the permission table the decorator reads. URL ids are
real objects of every kind, owned by ANOTHER journalist and ANOTHER member unit than
the requesting user's, so object-level access is walked too:

- a role the spec admits gets a working answer (not 401/403/404, no sign-in redirect);
- a role the spec admits only for its own objects gets 404 for someone else's;
- any other role gets 403, an anonymous visitor the sign-in page (401 on ``/api/``);
- no answer shows a role what it may not read (another person's data, another unit's
  task, a release or conference outside its audience), in pages, JSON, feeds, PDFs, workbooks;
- someone else's object answers exactly like a missing one;
- a refused POST (valid CSRF token) writes nothing, neither a row nor a file; an allowed
  POST passes the permission check and a bare form is never a 500;
- the owners themselves reach their own objects; a paired device only its own gates.

See docs/access.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, select

from app.checkin import devices
from app.checkin.models import Gate
from app.dashboard.models import CoverageItem
from app.extensions import db
from app.venue.models import (
    Comment,
)
from tests.core import route_spec
from tests.core.route_spec import KNOWN_GAPS, KNOWN_LEAKS, ROLES, ROUTES
from tests.core.world import World, build_world, text_of

ALL = [None, *ROLES]


# ----------------------------------------------------------------------------- the test world
@pytest.fixture
def world(make_user, make_application, make_zone, make_organisation) -> World:
    """One object of each kind (tests/core/world.py): cheap enough to build for every test."""
    return build_world(make_user, make_application, make_zone, make_organisation)


# ----------------------------------------------------------------------------- helpers
def _rules(app, method: str):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static" and method in r.methods]
    return sorted(rules, key=lambda r: r.rule)


def _to_login(response) -> bool:
    """Sent to sign in by the permission check (Flask-Login adds where to come back)."""
    location = response.headers.get("Location", "")
    return response.status_code == 302 and "/login" in location and "next=" in location


def _works(response) -> bool:
    """A working answer: no refusal, no missing object, no sign-in redirect, no crash."""
    return (
        response.status_code < 500 and response.status_code not in (401, 403, 404) and not _to_login(response)
    )


def _refused(response, url: str, role: str | None) -> bool:
    if role is None:
        return response.status_code == 401 if url.startswith("/DH16/api/") else _to_login(response)
    return response.status_code == 403


def _expectation(spec, role):
    if spec.allows(role):
        return "works", _works
    if spec.owner_only(role):
        return "404 (someone else's object)", lambda response, url: response.status_code == 404
    return "refused", None


def _check(spec, role, response, url) -> str | None:
    """None when the answer is the one the spec expects for ``role``, else what was expected."""
    expected, predicate = _expectation(spec, role)
    if predicate is None:
        ok = _refused(response, url, role)
    elif expected == "works":
        ok = predicate(response)
    else:
        ok = predicate(response, url)
    return None if ok else expected


def _sign_in(auth, world, persona):
    if persona is not None:
        role = "journalist" if persona == route_spec.UNACCREDITED else persona
        auth.login(role, user=world.requester(persona))


def _compare(failures: list[str], surprises: list[str], rule: str, role, message: str | None) -> None:
    gap = KNOWN_GAPS.get((rule, role))
    if message is not None and gap is None:
        failures.append(message)
    elif message is None and gap is not None:
        surprises.append(f"{rule} as {role}: answers as the spec says now; remove it from KNOWN_GAPS")


def _snapshot(db, upload_dir: Path):
    """Every row of every table and every stored file: what a refused request must not change."""
    rows = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            rows[table.name] = sorted(map(repr, connection.execute(select(table)).all()))
    return rows, _files(upload_dir)


@contextmanager
def _write_statements():
    """The INSERT/UPDATE/DELETE statements run meanwhile: a cheap sign that a request may
    have written, confirmed by a full snapshot only when it says so."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _files(upload_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(upload_dir)) for p in upload_dir.rglob("*") if p.is_file())


def _diff(before, after) -> str:
    changed = [name for name in before[0] if before[0][name] != after[0][name]]
    if before[1] != after[1]:
        changed.append("uploaded files")
    return ", ".join(changed)


# ----------------------------------------------------------------------------- the spec itself
def test_spec_lists_every_route(app):
    """A new route needs its line in route_spec.ROUTES; a line for a removed route fails too."""
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"}
    problems = [f"{rule}: missing from tests/core/route_spec.py" for rule in sorted(rules - set(ROUTES))]
    problems += [
        f"{rule}: in tests/core/route_spec.py, no longer a route" for rule in sorted(set(ROUTES) - rules)
    ]
    assert not problems, "\n".join(problems)


def test_spec_knows_every_role_and_argument(app, world):
    """Only the application's roles; every URL argument filled with a real object of the world."""
    from app.core.permissions import Role

    assert set(ROLES) == {str(r) for r in Role}, "a role was added or renamed: update route_spec.ROLES"
    for name, spec in [*ROUTES.items(), *route_spec.VISIBLE_TO.items()]:
        unknown = (spec.roles | spec.own) - set(route_spec.PERSONAS)
        assert not unknown, f"{name}: unknown role(s) {sorted(unknown)}"
    missing = []
    for rule in app.url_map.iter_rules():
        spec = ROUTES.get(rule.rule)
        for arg in rule.arguments if spec is not None else ():
            key = spec.ids.get(arg) or route_spec.ARGS.get(arg, "")
            if ":" not in key and key not in world.ids:
                missing.append(f"{rule.rule}: <{arg}> needs an ARGS line and an object in world()")
    assert not missing, "\n".join(missing)
    for rule, role in [*KNOWN_GAPS, *KNOWN_LEAKS]:
        assert rule in ROUTES and role in ROLES, (rule, role)


def test_every_route_declares_a_permission(app):
    missing = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and getattr(app.view_functions[rule.endpoint], "required_permissions", None) is None
    ]
    assert missing == [], f"routes without permission_required: {missing}"


# ----------------------------------------------------------------------------- the matrix
@pytest.mark.parametrize("role", ALL, ids=lambda r: r or "anonymous")
def test_get_matrix(app, client, auth, world, role):
    """Every GET route as ``role``, with real ids of another owner."""
    _sign_in(auth, world, role)
    failures: list[str] = []
    surprises: list[str] = []
    for rule in _rules(app, "GET"):
        spec = ROUTES.get(rule.rule)
        if spec is None:
            continue  # test_spec_lists_every_route reports it
        url = world.url(rule)
        response = client.get(url)
        expected = _check(spec, role, response, url)
        message = f"GET {url} as {role}: {response.status_code} (expected {expected})" if expected else None
        _compare(failures, surprises, rule.rule, role, message)
        if "token" not in rule.arguments and response.status_code == 200:
            leaks = _leaks(world, response, role, f"GET {url} as {role}")
            if (rule.rule, role) not in KNOWN_LEAKS:
                failures.extend(leaks)
            elif not leaks:
                surprises.append(f"{rule.rule} as {role}: no longer shows it; remove it from KNOWN_LEAKS")
    assert not failures + surprises, "\n".join(failures + surprises)


def _leaks(world, response, role, where: str) -> list[str]:
    """What ``response`` shows that ``role`` may not read. Capability URLs (a feed or reset
    token in the URL) are left out by the caller: whoever holds the token is its owner."""
    text = unicodedata.normalize("NFC", text_of(response))
    return [
        f"{where}: shows {what}"
        for secret, (what, seers) in world.private.items()
        if unicodedata.normalize("NFC", secret) in text and role not in seers
    ]


@pytest.mark.parametrize("role", ALL, ids=lambda r: r or "anonymous")
def test_refused_posts_write_nothing(app, client, auth, world, role):
    """Every POST the spec refuses to ``role`` (or allows only on its own objects) is refused
    with a valid CSRF token, and leaves every table and the upload folder as they were."""
    _sign_in(auth, world, role)
    token = client.csrf_token("/")
    upload_dir = Path(app.config["UPLOAD_DIR"])
    failures: list[str] = []
    surprises: list[str] = []
    start = before = _snapshot(db, upload_dir)
    checked = gaps = 0
    with _write_statements() as writes:
        for rule in _rules(app, "POST"):
            spec = ROUTES.get(rule.rule)
            if spec is None or spec.allows(role):
                continue
            url = world.url(rule)
            writes.clear()
            response = client.post(url, data={"csrf_token": token}, headers={"X-CSRFToken": token})
            checked += 1
            expected = _check(spec, role, response, url)
            message = (
                f"POST {url} as {role}: {response.status_code} (expected {expected})" if expected else None
            )
            _compare(failures, surprises, rule.rule, role, message)
            if not writes and _files(upload_dir) == before[1]:
                continue
            after = _snapshot(db, upload_dir)
            changed = _diff(before, after)
            if (rule.rule, role) in KNOWN_GAPS:  # a known gap admits, so it may write
                gaps += bool(changed)
            elif changed:
                failures.append(f"POST {url} as {role}: {response.status_code} and wrote: {changed}")
            before = after
    assert checked > 0 or role == "admin"
    assert not failures + surprises, "\n".join(failures + surprises)
    if not gaps:  # the cheap sign missed nothing: the world is as it was at the start
        assert _diff(start, _snapshot(db, upload_dir)) == ""


_CSRF_VALUE = re.compile(r'(csrf[^>]*?(?:value|content)=")[^"]*')


def _owner_rules(app, role: str):
    return [r for r in _rules(app, "GET") if r.rule in ROUTES and role in ROUTES[r.rule].own]


@pytest.mark.parametrize("role", ["journalist", "unit_member"])
def test_owners_reach_their_own_objects(app, client, auth, world, role):
    """The routes that answer 404 to other people answer their owner."""
    owner = world.owner_journalist if role == "journalist" else world.owner_member
    auth.login(role, user=owner)
    rules = _owner_rules(app, role)
    assert rules, f"the spec names no own-object route for {role}"
    failures = []
    for rule in rules:
        url = world.url(rule)
        response = client.get(url)
        if not _works(response):
            failures.append(f"GET {url} as its owner ({role}): {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["journalist", "unit_member"])
def test_someone_elses_object_answers_like_a_missing_one(app, client, auth, world, role):
    """Nothing tells "it exists but is not yours" from "there is no such thing": same status,
    same page."""
    _sign_in(auth, world, role)
    failures = []
    for rule in _owner_rules(app, role):
        urls = world.url(rule), world.url(rule, missing=True)
        other, missing = (client.get(url) for url in urls)
        # the page names its own address (language switch) and carries a CSRF token signed with
        # the second it was made: those parts may differ
        pages = [
            _CSRF_VALUE.sub(r"\1TOKEN", r.get_data(as_text=True).replace(url, "URL"))
            for r, url in zip((other, missing), urls, strict=True)
        ]
        if other.status_code != missing.status_code or pages[0] != pages[1]:
            difference = "".join(
                list(difflib.unified_diff(pages[1].splitlines(True), pages[0].splitlines(True), n=1))[2:40]
            )
            failures.append(
                f"{rule.rule} as {role}: {other.status_code}, a missing one {missing.status_code}; "
                f"the pages differ (- missing, + someone else's):\n{difference}"
            )
    assert not failures, "\n".join(failures)


def test_owner_only_posts_work_for_the_unit_member(client, auth, world):
    """A unit member's own task takes a comment (the POST refused to other units above)."""
    auth.login("unit_member", user=world.owner_member)
    response = client.submit(
        f"/DH16/venue/tasks/{world.ids['task']}/comments",
        {"body": "Đã dựng xong 2/4 pano."},
        form_url=f"/DH16/venue/tasks/{world.ids['task']}",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Comment.body)) == "Đã dựng xong 2/4 pano."


def test_owner_only_posts_work_for_the_journalist(client, auth, world):
    """The journalist who logged a piece removes it (the POST refused to other journalists above)."""
    auth.login("journalist", user=world.owner_journalist)
    item = world.ids["coverage_item"]
    response = client.submit(f"/DH16/coverage/{item}/delete", form_url=f"/DH16/coverage/{item}/edit")
    assert response.status_code == 302
    assert db.session.get(CoverageItem, int(item)) is None


@pytest.mark.parametrize("role", ALL, ids=lambda r: r or "anonymous")
def test_allowed_posts_pass_and_never_fail(app, client, auth, world, role):
    """Every POST the spec allows ``role`` gets past the permission check, and a bare form
    (only the CSRF token) is bad input, never a 500. Sign-out goes last; objects an earlier
    POST used up (an import cancelled, an organisation merged) may then be 404."""
    _sign_in(auth, world, role)
    token = client.csrf_token("/")
    failures = []
    rules = sorted(_rules(app, "POST"), key=lambda r: (r.rule == "/logout", r.rule))
    for rule in rules:
        spec = ROUTES.get(rule.rule)
        if spec is None or not spec.allows(role):
            continue
        url = world.url(rule)
        response = client.post(url, data={"csrf_token": token}, headers={"X-CSRFToken": token})
        # a public route has no permission to pass: its 401 is a wrong credential (a pairing code)
        refused = response.status_code in (401, 403) or _to_login(response)
        if response.status_code >= 500 or (refused and not spec.anonymous):
            failures.append(f"POST {url} as {role}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", [None, *route_spec.PERSONAS], ids=lambda p: p or "anonymous")
def test_objects_for_some_readers(client, auth, world, persona):
    """Conferences and releases meant for some readers: the others get 404 (anonymous
    visitors possibly the sign-in page), whatever route shows them."""
    _sign_in(auth, world, persona)
    failures = []
    for template, spec in route_spec.VISIBLE_TO.items():
        url = template.format(**world.ids)
        response = client.get(url)
        if spec.allows(persona):
            ok = _works(response)
        else:
            ok = response.status_code == 404 or (persona is None and _to_login(response))
        if not ok:
            failures.append(f"GET {url} ({template}) as {persona}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_paired_device_reaches_only_its_own_gates(app, client, world, make_user):
    """A device paired to another gate is refused the world's gate (403, with a message),
    and reaches its own; it opens no page a session would need."""
    own_gate = Gate(
        zone_id=db.session.get(Gate, int(world.ids["gate"])).zone_id, name="Cổng B", direction="in"
    )
    db.session.add(own_gate)
    db.session.commit()
    _device, code = devices.create_device(
        "Điện thoại cổng B", [own_gate.id], days=3, actor=make_user("admin")
    )
    db.session.commit()
    _device, token = devices.pair_device(code)
    db.session.commit()
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/DH16/api/v1/gates/{own_gate.id}/pack", headers=bearer).status_code == 200
    other = client.get(f"/DH16/api/v1/gates/{world.ids['gate']}/pack", headers=bearer)
    assert other.status_code == 403 and other.get_json()["code"] == "gate_not_allowed"
    assert (
        client.get("/DH16/api/v1/devices/me", headers=bearer).get_json()["device"]["name"]
        == "Điện thoại cổng B"
    )
    for url in ("/DH16/scanner/", "/DH16/occupancy", "/DH16/admin/devices"):  # a token is no session
        assert _to_login(client.get(url, headers=bearer)), url


STAFF = [role for role in ROLES if role not in (route_spec.ADMIN, route_spec.JOURNALIST, route_spec.CENTRAL)]


@pytest.mark.parametrize("role", STAFF)
def test_a_role_in_another_congress_only_opens_nothing_here(app, client, auth, world, role):
    """The role checked is the one in the event of the URL: someone appointed in another
    congress only is, here, a signed-in person without a role."""
    from app.events import services as events

    elsewhere = events.create_event("DHX", "Đại hội Đảng bộ huyện khác", status="running")
    db.session.commit()
    auth.login(role, user=world.make_user(role, event=elsewhere))
    failures = []
    for rule in _rules(app, "GET"):
        if "event_code" not in rule.arguments:
            continue
        spec = ROUTES[rule.rule]
        url = world.url(rule)
        response = client.get(url)
        open_to_all = spec.anonymous or set(ROLES) <= spec.roles
        ok = (_works(response) or response.status_code == 404) if open_to_all else response.status_code == 403
        if not ok:
            failures.append(f"GET {url} as {role} of another congress: {response.status_code}")
    assert not failures, "\n".join(failures)
