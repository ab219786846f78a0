"""Two officers approving the same application at the same moment produce one badge.

Each thread has its own test client (its own signed-in officer) and its own app
context (so its own database session and connection); a barrier releases both POSTs
together. The row lock (PostgreSQL) or the write lock taken at BEGIN (SQLite) makes
the second approval see the first one's result and refuse.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.accreditation.models import Application
from app.badges.models import Badge
from app.core.models import AuditEvent, OutboxMessage
from tests.conftest import PASSWORD, FormClient


def _signed_in_client(app, user):
    app.test_client_class = FormClient
    client = app.test_client()
    response = client.submit("/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("attempt", range(3))
def test_two_officers_approving_at_once_make_one_badge(app, db, make_user, make_application, attempt):
    application = make_application(zones=("PC", "HT"))
    url = f"/DH16/accreditation/applications/{application.id}/approve"
    clients = [_signed_in_client(app, make_user("accreditation_officer")) for _ in range(2)]
    tokens = [c.csrf_token(f"/DH16/accreditation/applications/{application.id}") for c in clients]
    db.session.commit()  # the test's own session holds no transaction while the threads write

    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def approve(client, token):
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                statuses.append(client.post(url, data={"csrf_token": token}).status_code)
                db.session.remove()
        except Exception as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=approve, args=pair) for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and statuses == [302, 302]

    db.session.expire_all()
    assert db.session.scalar(select(Application.status).where(Application.id == application.id)) == "approved"
    assert db.session.scalar(select(func.count(Badge.id)).where(Badge.application_id == application.id)) == 1
    approvals = select(func.count(AuditEvent.id)).where(AuditEvent.action == "application.approve")
    assert db.session.scalar(approvals) == 1
    mails = select(func.count(OutboxMessage.id)).where(OutboxMessage.recipient == application.user.email)
    assert db.session.scalar(mails) == 1
