"""The pages: a journalist asks through the form (bad input refused with a clear message, nothing
written), a session of another congress is a 404, the desk sets up a session and allocates, the
printable list and the fairness report (page and workbook)."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select, update

from app.core.timeutil import to_local, utcnow
from app.events import services as events
from app.events.scope import in_event
from app.positions import services
from app.positions.models import HallSession, Position, PositionRequest
from tests.positions.conftest import position_of, rows_of


def test_a_journalist_asks_through_the_form_and_bad_input_is_refused(
    client, auth, db, reporter, make_session
):
    session = make_session(places={"photo": 2, "radio": 1})
    user, _ = reporter()
    auth.login("journalist", user=user)
    url = f"/DH16/positions/sessions/{session.id}/request"
    page = client.get("/DH16/positions/").get_data(as_text=True)
    assert "Phiên khai mạc" in page and "Đăng ký vị trí" in page
    # nothing chosen: 400 with the message in Vietnamese
    response = client.submit(url, {"position_id": "0"})
    assert response.status_code == 400 and "Vui lòng chọn một vị trí của phiên này" in response.get_data(
        as_text=True
    )
    # a position of another session
    other = make_session("Phiên bế mạc", hours=100)
    response = client.submit(url, {"position_id": str(position_of(other).id)})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(PositionRequest.id))) == 0
    response = client.submit(url, {"position_id": str(position_of(session).id)})
    assert response.status_code == 302
    page = client.get("/DH16/positions/").get_data(as_text=True)
    assert "Đã nhận đăng ký" in page
    # the deadline passes: refused, with when it closed
    db.session.execute(
        update(HallSession).where(HallSession.id == other.id).values(starts_at=utcnow() + timedelta(hours=23))
    )
    db.session.commit()
    other_url = f"/DH16/positions/sessions/{other.id}/request"
    response = client.submit(other_url, {"position_id": str(position_of(other).id)})
    assert response.status_code == 409 and "Đăng ký cho phiên này đã đóng lúc" in response.get_data(
        as_text=True
    )
    assert len(rows_of(other)) == 0


def test_a_session_of_another_congress_is_a_404(client, auth, db, reporter, make_session, officer):
    other_event = events.create_event("DH15", "Đại hội huyện Diễn Châu", status="running")
    db.session.commit()
    with in_event(other_event):
        foreign = services.save_session(
            None,
            services.SessionData(
                title="Phiên khai mạc (huyện)",
                kind="opening",
                starts_at=utcnow() + timedelta(days=3),
                ends_at=utcnow() + timedelta(days=3, hours=2),
            ),
            officer,
        )
        photo = services.save_position(foreign, "photo", 2, "", officer)
        db.session.commit()
        foreign_id, photo_id = foreign.id, photo.id
    user, _ = reporter()
    auth.login("journalist", user=user)
    assert client.get(f"/DH16/positions/sessions/{foreign_id}/request").status_code == 404
    response = client.submit(
        f"/DH16/positions/sessions/{foreign_id}/request",
        {"position_id": str(photo_id)},
        form_url="/DH16/positions/",
    )
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(PositionRequest.id))) == 0


def test_the_desk_sets_up_allocates_prints_and_reports(client, auth, db, reporter, make_zone):
    make_zone("HT")
    officer = auth.login("press_officer")
    day = to_local(utcnow() + timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.submit(
        "/DH16/positions/sessions/new",
        {
            "title": "Phiên khai mạc Đại hội",
            "kind": "opening",
            "day": day,
            "starts": "08:00",
            "ends": "11:30",
            "zone_id": "0",
            "deadline_hours": "24",
            "release_hours": "30",
        },
    )
    assert response.status_code == 409 and "phải sau hạn đăng ký" in response.get_data(as_text=True)
    response = client.submit(
        "/DH16/positions/sessions/new",
        {
            "title": "Phiên khai mạc Đại hội",
            "kind": "opening",
            "day": day,
            "starts": "08:00",
            "ends": "11:30",
            "zone_id": "0",
            "deadline_hours": "24",
            "release_hours": "2",
        },
    )
    assert response.status_code == 302
    session = db.session.scalar(select(HallSession))
    url = f"/DH16/positions/sessions/{session.id}"
    assert (
        client.submit(
            f"{url}/positions", {"kind": "photo", "places": "1", "note": "Bục trái"}, form_url=url
        ).status_code
        == 302
    )
    assert (
        client.submit(f"{url}/positions", {"kind": "photo", "places": "0"}, form_url=url).status_code == 400
    )
    assert db.session.scalar(select(Position.places)) == 1
    # allocating before the deadline is refused with when requests close
    response = client.submit(f"{url}/allocate", form_url=url)
    assert response.status_code == 409 and "Đăng ký còn mở đến" in response.get_data(as_text=True)
    one, _ = reporter("Báo A", "Nguyễn Văn Một")
    two, _ = reporter("Báo B", "Trần Thị Hai")
    for user in (one, two):
        services.request_position(user, session, position_of(session).id)
    db.session.commit()
    services.allocate(session, officer, now=services.deadline_of(session) + timedelta(minutes=1))
    db.session.commit()
    page = client.get(f"{url}/print").get_data(as_text=True)
    assert "Nguyễn Văn Một" in page and "Trần Thị Hai" in page and "Trong danh sách chờ" in page
    page = client.get("/DH16/positions/fairness").get_data(as_text=True)
    assert "Báo A" in page and "Báo B" in page
    workbook = client.get("/DH16/positions/fairness.xlsx")
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.data)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] in ("Báo A", "Báo B")]
    assert sorted((r[0], r[2], r[3]) for r in rows) == [("Báo A", 1, 1), ("Báo B", 1, 0)]
