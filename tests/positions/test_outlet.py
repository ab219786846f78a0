"""An outlet's focal point asks positions for its people (issue 20): through its page, with the
journalists' own rules, audited as the focal point's; nobody else's people, no other outlet."""

from __future__ import annotations

from sqlalchemy import select

from app.core.models import AuditEvent
from app.extensions import db
from app.outlets import services as outlets
from tests.positions.conftest import position_of, rows_of


def _focal_of(reporter, make_user, officer, outlet="Báo Nhân Dân"):
    """The outlet's focal point, invited by the desk (an account of its own)."""
    organisation = reporter.outlets[outlet]
    user = make_user("journalist", full_name="Đầu mối Báo Nhân Dân", email="daumoi@nhandan.vn")
    outlets.invite_focal_point(
        email=user.email,
        full_name=user.full_name,
        organisation_id=organisation.id,
        phone="0912000000",
        position="Thư ký tòa soạn",
        actor=officer,
    )
    db.session.commit()
    return user


def test_a_focal_point_asks_for_its_reporter_through_its_page(
    client, auth, reporter, make_session, make_user, officer, mailbox
):
    photographer, application = reporter("Báo Nhân Dân", "Lê Minh Châu")
    stranger, other_application = reporter("Báo Tuổi Trẻ", "Phạm Minh Đức")
    session = make_session("Phiên khai mạc", places={"photo": 1, "tv_riser": 1})
    focal = _focal_of(reporter, make_user, officer)
    auth.login(user=focal)
    page = client.get("/DH16/positions/outlet").get_data(as_text=True)
    assert "Phiên khai mạc" in page and "Lê Minh Châu" in page and "Phạm Minh Đức" not in page
    url = f"/DH16/positions/outlet/sessions/{session.id}/request"
    prefix = f"s{session.id}-"
    # another outlet's person, or nobody chosen: refused in words, nothing written
    for person in (other_application.id, 0):
        response = client.submit(
            url,
            {prefix + "application_id": str(person), prefix + "position_id": str(position_of(session).id)},
            form_url="/DH16/positions/outlet",
        )
        assert response.status_code == 400
        assert "Vui lòng chọn một người được cấp thẻ của cơ quan" in response.get_data(as_text=True)
    assert rows_of(session) == []
    response = client.submit(
        url,
        {
            prefix + "application_id": str(application.id),
            prefix + "position_id": str(position_of(session).id),
        },
        form_url="/DH16/positions/outlet",
    )
    assert response.status_code == 302
    (row,) = rows_of(session)
    assert (row.journalist_id, row.status, row.organisation_id) == (
        photographer.id,
        "requested",
        application.organisation_id,
    )
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "positions.request"))
    assert entry.actor_id == focal.id and entry.details["for"] == "Lê Minh Châu"
    mailbox.deliver()
    assert mailbox.to(photographer.email)  # the reporter is told
    # twice for the same person: refused, naming them
    response = client.submit(
        url,
        {
            prefix + "application_id": str(application.id),
            prefix + "position_id": str(position_of(session, "tv_riser").id),
        },
        form_url="/DH16/positions/outlet",
    )
    assert response.status_code == 409
    assert "Lê Minh Châu" in response.get_data(as_text=True)
    page = client.get("/DH16/positions/outlet").get_data(as_text=True)
    assert 'data-testid="outlet-requests"' in page and 'data-state="requested"' in page
    # a journalist who is no focal point is sent to the outlets page
    auth.logout()
    auth.login(user=stranger)
    response = client.get("/DH16/positions/outlet")
    assert response.status_code == 302 and response.headers["Location"].endswith("/DH16/outlets/")


def test_the_outlets_page_reads_as_many_statements_for_four_sessions_as_for_one(
    client, auth, reporter, make_session, make_user, officer
):
    from sqlalchemy import event as sa_event

    reporter("Báo Nhân Dân", "Lê Minh Châu")
    make_session("Phiên khai mạc", places={"photo": 1, "tv_riser": 1})
    focal = _focal_of(reporter, make_user, officer)
    auth.login(user=focal)
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            seen.append(statement)  # the page's reads, not the transaction bookkeeping

    def statements() -> int:
        seen.clear()
        sa_event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get("/DH16/positions/outlet").status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    statements()  # the first visit of the run
    one = statements()
    for n in range(3):
        make_session(f"Phiên họp toàn thể {n + 1}", hours=72 + 24 * n, places={"photo": 2, "radio": 1})
    assert statements() == one
