"""Every route × every role: the answer matches the route's declared permission.

Generated from ``app.url_map``: a new route without ``permission_required`` fails
``test_every_route_declares_a_permission``, and its row in the matrix is checked
automatically.
"""

from __future__ import annotations

import pytest

from app.accounts.permissions import Permission, Role, role_can

DUMMY = {
    "int": "999999",
    "default": "zz-not-there",
    "string": "zz-not-there",
    "path": "zz/not-there",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
# Routes whose side effects would end the walk early; they are checked last.
LAST = {"accounts.logout"}


def _routes(app):
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        url = rule.rule
        for arg in rule.arguments:
            converter = type(rule._converters[arg]).__name__.replace("Converter", "").lower()
            value = (
                DUMMY["int"] if converter in ("integer", "int") else DUMMY.get(converter, DUMMY["default"])
            )
            url = url.replace(f"<{rule._converters[arg].__class__.__name__}:{arg}>", value)
            for prefix in ("int", "string", "path", "uuid", "float", "any"):
                url = url.replace(f"<{prefix}:{arg}>", value)
            url = url.replace(f"<{arg}>", value)
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        routes.append((rule.endpoint, url, method))
    return sorted(routes, key=lambda r: (r[0] in LAST, r[0], r[1]))


def test_every_route_declares_a_permission(app):
    missing = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and getattr(app.view_functions[rule.endpoint], "required_permissions", None) is None
    ]
    assert missing == [], f"routes without permission_required: {missing}"


@pytest.mark.parametrize("role", [None, *[str(r) for r in Role]])
def test_route_role_matrix(app, client, auth, role):
    if role is not None:
        auth.login(role)
    token = client.csrf_token("/")
    failures = []
    for endpoint, url, method in _routes(app):
        permissions = app.view_functions[endpoint].required_permissions
        if method == "GET":
            response = client.get(url)
        else:
            response = client.open(
                url, method=method, data={"csrf_token": token}, headers={"X-CSRFToken": token}
            )
        status = response.status_code
        to_login = status == 302 and "/login" in response.headers.get("Location", "")
        if Permission.PUBLIC in permissions:
            ok = status < 500 and status != 403 and not (to_login and endpoint not in LAST)
            expected = "public: <500, not 403"
        elif role is None:
            ok = status == 401 if url.startswith("/api/") else to_login
            expected = "anonymous: sign-in"
        elif any(role_can(role, p) for p in permissions):
            ok = status < 500 and status not in (401, 403) and not (to_login and endpoint not in LAST)
            expected = "allowed: not 401/403/5xx"
        else:
            ok = status == 403
            expected = "forbidden: 403"
        if not ok:
            failures.append(f"{method} {url} as {role}: {status} (expected {expected})")
    assert failures == []
