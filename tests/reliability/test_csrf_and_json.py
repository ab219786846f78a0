"""Every state-changing route refuses a request without a CSRF token; the JSON API never 500s."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.permissions import Role


def _url(app, rule) -> str:
    """The rule's URL with any value in each argument: the CSRF check runs before the view looks."""
    values = {
        arg: 1 if type(rule._converters[arg]).__name__ == "IntegerConverter" else "x"
        for arg in rule.arguments
    }
    if "event_code" in values:
        values["event_code"] = "DH16"
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values, method=sorted(rule.methods)[0])


# POST routes that use no cookie, so there is nothing for a CSRF token to protect: the
# pairing code in the body is the credential (401 when it is wrong).
NO_COOKIE_ROUTES = {"checkin.api_pair_device"}


def test_every_post_route_refuses_a_missing_csrf_token(app, client, auth, db):
    auth.login(Role.ADMIN)
    from sqlalchemy import func, select

    from app.accounts.models import User

    users_before = db.session.scalar(select(func.count(User.id)))
    refused = []
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"GET", "HEAD", "OPTIONS"}
        if not methods or rule.endpoint == "static" or rule.endpoint in NO_COOKIE_ROUTES:
            continue
        url = _url(app, rule)
        for method in methods:
            response = client.open(url, method=method, data={"full_name": "x", "email": "csrf@x.vn"})
            if response.status_code != 400:
                refused.append(f"{method} {url}: {response.status_code}")
            response = client.open(url, method=method, json={"payload": "x"})
            if response.status_code != 400:
                refused.append(f"{method} {url} (JSON): {response.status_code}")
    assert refused == []
    assert db.session.scalar(select(func.count(User.id))) == users_before


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=100),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    body=st.one_of(
        JSON_VALUES,
        st.fixed_dictionaries(
            {
                "payload": JSON_VALUES,
                "gate_id": JSON_VALUES,
                "client_uuid": JSON_VALUES,
                "scanned_at": JSON_VALUES,
            }
        ),
        st.fixed_dictionaries(
            {
                "scans": st.lists(
                    st.fixed_dictionaries(
                        {"payload": JSON_VALUES, "gate_id": JSON_VALUES, "client_uuid": JSON_VALUES}
                    ),
                    max_size=5,
                )
            }
        ),
    )
)
def test_scan_api_answers_generated_json_with_4xx_never_500(app, client, auth, body):
    if not getattr(client, "_signed_in", False):
        auth.login(Role.SCANNER)
        client._signed_in = True
        client._token = client.csrf_token("/")
    for path in ("/DH16/api/v1/scans", "/DH16/api/v1/scans/batch"):
        response = client.post(
            path,
            data=json.dumps(body, allow_nan=True),
            content_type="application/json",
            headers={"X-CSRFToken": client._token},
        )
        assert response.status_code < 500, (path, body, response.get_data(as_text=True)[:300])
        if response.status_code >= 400:
            assert response.is_json and response.get_json().get("message")
