"""Every JSON body is read with limits (issue 14, item 11): depth and size are a 400."""

from __future__ import annotations

import pytest

from app.core.jsonbody import MAX_BYTES, MAX_DEPTH, JSONBodyError, JSONTooDeep, JSONTooLarge


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 1000, 100_000])
def test_too_deep_is_a_value_error_not_a_recursion_error(app, depth):
    with pytest.raises(JSONTooDeep):
        app.json.loads("[" * depth + "]" * depth)
    with pytest.raises(JSONTooDeep):
        app.json.loads('{"a":' * depth + "1" + "}" * depth)


def test_within_the_limits_is_read(app):
    assert app.json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    assert app.json.loads('{"scans": [{"payload": "x"}]}') == {"scans": [{"payload": "x"}]}


def test_too_large_is_refused_before_parsing(app):
    with pytest.raises(JSONTooLarge):
        app.json.loads('"' + "x" * MAX_BYTES + '"')


def test_any_json_body_that_cannot_be_read_is_a_translated_400(app):
    with app.test_request_context(
        "/anything", method="POST", data="[" * 1000, content_type="application/json"
    ):
        with pytest.raises(JSONBodyError) as raised:
            from flask import request

            request.get_json()
        assert raised.value.code == 400
        assert raised.value.user_message == "JSON đã gửi lồng nhau quá sâu (tối đa 32 cấp)."
