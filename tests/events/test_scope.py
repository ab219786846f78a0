"""The event of the URL: resolution, old addresses, archived events, and queries scoped by construction."""

from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import func, select

from app.events import scope
from app.events import services as events
from app.events.models import Zone
from app.extensions import db
from app.venue.models import Unit


def test_an_unknown_event_code_is_a_404_page_in_the_users_language(client):
    response = client.get("/KHONGCO/releases/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)
    client.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    response = client.get("/KHONGCO/accreditation/queue")
    assert response.status_code == 404 and "Not found" in response.get_data(as_text=True)


def test_the_code_is_read_in_any_case_and_links_keep_the_event(client, event):
    other = events.create_event("DHB", "Đại hội Đảng bộ huyện", status="running")
    db.session.commit()
    page = client.get("/dhb/releases/").get_data(as_text=True)
    assert 'href="/DHB/briefings/schedule"' in page or "/DHB/" in page
    assert "/DH16/releases" not in page
    with client.application.test_request_context("/"):
        with scope.in_event(other):
            assert url_for("releases.index") == "/DHB/releases/"
        assert url_for("releases.index") == "/DH16/releases/"  # outside an event: the first one


def test_old_single_congress_addresses_redirect_to_the_first_event(client, auth):
    response = client.get("/accreditation/queue?status=all&q=Nguyen")
    assert response.status_code == 308
    assert response.headers["Location"] == "/DH16/accreditation/queue?status=all&q=Nguyen"
    assert client.get("/releases/").headers["Location"] == "/DH16/releases/"
    assert client.get("/scanner/").headers["Location"] == "/DH16/scanner/"
    assert client.get("/no-such-page").status_code == 404
    assert client.get("/DH16/no-such-page").status_code == 404


def _archive(event):
    event.status = "archived"
    db.session.commit()
    events.forget_current_event()


def test_an_archived_event_refuses_every_write_with_a_message_and_changes_nothing(client, auth, event):
    auth.login("admin")
    db.session.add(Unit(name="Sở Văn hóa", name_key="so van hoa"))
    db.session.commit()
    _archive(event)
    form = client.get("/DH16/venue/units/new")
    assert form.status_code == 200  # pages still open
    response = client.submit("/DH16/venue/units/new", {"name": "Sở Y tế"}, form_url="/DH16/venue/units")
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "đã lưu trữ" in text and "chỉ được xem" in text
    assert db.session.scalar(select(func.count(Unit.id))) == 1
    api = client.post("/DH16/api/v1/scans", json={"payload": "x", "gate_id": 1})
    assert api.status_code in (401, 409)  # refused before anything is looked up
    assert client.get("/DH16/accreditation/export.csv").status_code == 200  # exports still work
    assert client.get("/DH16/venue/report.xlsx").status_code == 200  # reports too


def test_a_service_writing_into_an_archived_event_is_refused_at_flush(event):
    _archive(event)
    with scope.in_event(event):
        db.session.add(Zone(code="PC", name="Trung tâm báo chí"))
        with pytest.raises(scope.ArchivedEventError):
            db.session.flush()
    db.session.rollback()
    other = events.create_event("DHB", "Đại hội huyện", status="running")
    db.session.add(Zone(code="PC", name="Khác", event_id=event.id))  # from another event's scope
    with scope.in_event(other), pytest.raises(scope.ArchivedEventError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count(Zone.id))) == 0


def test_every_form_of_query_is_scoped_to_the_event(event):
    other = events.create_event("DHB", "Đại hội huyện", status="running")
    db.session.add_all(
        [Zone(code="PC", name="A", event_id=event.id), Zone(code="PC", name="B", event_id=other.id)]
    )
    db.session.add_all([Zone(code="HT", name="A2", event_id=event.id)])
    db.session.commit()
    with scope.in_event(other):
        assert db.session.scalars(select(Zone.name)).all() == ["B"]
        assert db.session.scalar(select(func.count()).select_from(Zone)) == 1
        assert db.session.scalar(select(func.count(Zone.id))) == 1
        inner = select(Zone.id).where(Zone.code == "PC").scalar_subquery()
        assert db.session.scalars(select(Zone.name).where(Zone.id.in_(select(Zone.id)))).all() == ["B"]
        assert db.session.scalar(select(Zone.name).where(Zone.id == inner)) == "B"
        a_zone = db.session.scalar(select(Zone.id).where(Zone.name == "A"))
        assert a_zone is None
        assert scope.get_in_event(Zone, 1) is None  # event A's zone, even from the identity map
    with scope.in_event(event):
        assert sorted(db.session.scalars(select(Zone.name))) == ["A", "A2"]
        assert scope.get_in_event(Zone, 1).name == "A"
        db.session.execute(db.update(Zone).values(sort_order=5))  # an ORM bulk update
    assert {
        z.name: z.sort_order
        for z in db.session.scalars(select(Zone).execution_options(populate_existing=True))
    } == {
        "A": 5,
        "A2": 5,
        "B": 0,
    }


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "99999999999999999999999", None, True])
def test_get_in_event_never_fails_on_a_bad_id(event, bad):
    with scope.in_event(event):
        assert scope.get_in_event(Zone, bad) is None
