"""A feed reader's repeat is answered before Flask within a second of the last answer (issue 18):
no statement at all, the same headers as Flask's 304; a change shows once the second is over;
a reader with a cookie, another address or another ETag always goes the long way."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import event as sa_event

from app.core import conditional
from app.core.security import BASE_HEADERS
from app.extensions import db
from tests.releases.conftest import make_release  # noqa: F401  (fixture)

FEED = "/DH16/releases/feed.atom"


@pytest.fixture
def fresh(app):
    app.config["CONDITIONAL_FRESH_SECONDS"] = 0.5
    yield 0.5
    app.config["CONDITIONAL_FRESH_SECONDS"] = 0


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    sa_event.remove(db.engine, "before_cursor_execute", count)


def test_a_repeat_within_the_second_costs_no_statement(app, fresh, statements, make_release):  # noqa: F811
    make_release(title="Thông cáo số 1")
    reader = app.test_client()
    first = reader.get(FEED)
    etag = first.headers["ETag"]
    statements.clear()
    repeat = reader.get(FEED, headers={"If-None-Match": etag})
    assert repeat.status_code == 304 and repeat.data == b""
    assert statements == []  # answered before Flask: no event look-up, no version statement
    assert (
        repeat.headers["ETag"] == etag and repeat.headers["Cache-Control"] == first.headers["Cache-Control"]
    )
    for name, value in BASE_HEADERS:
        assert repeat.headers[name] == value
    # another ETag, another language, a reader with a cookie: the long way (statements run)
    assert reader.get(FEED, headers={"If-None-Match": '"other"'}).status_code == 200
    assert reader.get(FEED + "?lang=en", headers={"If-None-Match": etag}).status_code == 200
    statements.clear()
    browser = app.test_client()
    browser.set_cookie("theme", "dark")
    assert browser.get(FEED, headers={"If-None-Match": etag}).status_code == 304
    assert statements  # the version was asked
    # a new release: at most the freshness later, the reader gets it
    make_release(title="Thông cáo số 2")
    time.sleep(fresh + 0.05)
    changed = reader.get(FEED, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Thông cáo số 2" in changed.get_data(as_text=True)


def test_nothing_is_remembered_when_the_freshness_is_off(app, statements, make_release):  # noqa: F811
    make_release(title="Thông cáo số 1")
    reader = app.test_client()
    etag = reader.get(FEED).headers["ETag"]
    statements.clear()
    assert reader.get(FEED, headers={"If-None-Match": etag}).status_code == 304
    assert statements  # every repeat asks the version
    assert conditional._answered == {}
