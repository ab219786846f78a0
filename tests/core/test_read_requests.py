"""On PostgreSQL a request that only reads runs its statements without a transaction
(app/core/dbsetup.py, issue 18): no BEGIN and no ROLLBACK travel to the server. A request
that writes, a flush inside a read request and a locking read still get a transaction."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from flask import has_request_context, request
from sqlalchemy import event, func, select

from app.accreditation.models import MediaOrganisation
from app.extensions import db
from tests.conftest import PASSWORD, is_postgres

pytestmark = pytest.mark.skipif(
    not is_postgres(), reason="reads without a transaction are a PostgreSQL matter"
)


class Seen(list):
    def __init__(self):
        super().__init__()
        self.methods: list[str | None] = []


@contextmanager
def transactions():
    """(first word of each statement, whether a transaction was open after it), as they run;
    ``seen.methods`` holds the request method of each (None outside a request)."""
    from psycopg.pq import TransactionStatus

    seen = Seen()

    def note(conn, _cursor, statement, *_args):
        status = conn.connection.dbapi_connection.info.transaction_status
        seen.append((statement.split()[0].upper(), status != TransactionStatus.IDLE))
        seen.methods.append(request.method if has_request_context() else None)

    event.listen(db.engine, "after_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "after_cursor_execute", note)


def test_a_page_that_only_reads_opens_no_transaction(client, auth):
    auth.login("accreditation_officer")
    db.session.remove()  # the page starts as a request does, with no connection held
    with transactions() as seen:
        assert client.get("/DH16/accreditation/queue").status_code == 200
    assert len(seen) >= 4  # the congress with the user, the rows, the filter's organisations and zones
    assert not any(in_transaction for _word, in_transaction in seen), seen


def test_a_form_sent_runs_in_a_transaction(client, make_user):
    email = make_user("accreditation_officer").email
    db.session.remove()
    with transactions() as seen:
        response = client.submit("/login", {"email": email, "password": PASSWORD})  # the form, then POST
    assert response.status_code == 302
    posted = [entry for entry, method in zip(seen, seen.methods, strict=True) if method == "POST"]
    assert posted and all(in_transaction for _word, in_transaction in posted), posted


def test_a_write_inside_a_read_request_is_one_transaction(app):
    db.session.remove()
    with app.test_request_context("/", method="GET"), transactions() as seen:
        db.session.scalar(select(func.count()).select_from(MediaOrganisation))
        for name in ("Báo Thử Một", "Báo Thử Hai"):
            organisation = MediaOrganisation(kind="newspaper", level="local")
            organisation.set_name(name)
            db.session.add(organisation)
        db.session.flush()
        db.session.rollback()  # both inserts go, as one transaction does
        db.session.remove()
    assert seen[0] == ("SELECT", False)
    inserts = [in_transaction for word, in_transaction in seen if word == "INSERT"]
    assert inserts and all(inserts)
    assert db.session.scalar(select(func.count()).select_from(MediaOrganisation)) == 0


def test_a_read_request_that_wrote_reads_its_own_writes(app):
    db.session.remove()
    with app.test_request_context("/", method="GET"), transactions() as seen:
        organisation = MediaOrganisation(kind="newspaper", level="local")
        organisation.set_name("Báo Vừa Ghi")
        db.session.add(organisation)
        db.session.flush()
        found = db.session.scalar(select(func.count()).select_from(MediaOrganisation))
        db.session.rollback()
        after = db.session.scalar(select(func.count()).select_from(MediaOrganisation))
        db.session.remove()
    assert found == 1  # read on the connection that holds the write
    assert seen[-2:] == [("SELECT", True), ("SELECT", False)]  # the transaction over, reads go back
    assert after == 0


def test_a_locking_read_inside_a_read_request_holds_its_lock_in_a_transaction(app, make_organisation):
    organisation_id = make_organisation("Báo Khoá Dòng").id
    db.session.remove()
    with app.test_request_context("/", method="GET"), transactions() as seen:
        db.session.scalar(
            select(MediaOrganisation).where(MediaOrganisation.id == organisation_id).with_for_update()
        )
        db.session.remove()
    assert seen == [("SELECT", True)]
