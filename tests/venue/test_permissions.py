"""Who may see and change which task: unit members only their own unit's, only organisers verify."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.core.timeutil import utcnow
from app.venue import services
from app.venue.models import Evidence, Task
from tests.venue.conftest import jpeg_bytes


@pytest.fixture
def two_units(venue):
    mine, other = venue.unit("Sở Xây dựng"), venue.unit("Công an tỉnh")
    return (
        mine,
        other,
        venue.task(mine, title="Pano cổng chính"),
        venue.task(other, title="Phân luồng giao thông"),
    )


def test_unit_member_changes_only_their_units_tasks(client, auth, venue, db, two_units):
    mine, _other, my_task, their_task = two_units
    member = auth.login(user=venue.member(mine))

    assert (
        client.submit(f"/DH16/venue/tasks/{my_task.id}/status/start", form_url="/DH16/venue/").status_code
        == 302
    )
    for url in (
        f"/DH16/venue/tasks/{their_task.id}/status/start",
        f"/DH16/venue/tasks/{their_task.id}/block",
        f"/DH16/venue/tasks/{their_task.id}/comments",
    ):
        assert client.submit(url, {"reason": "x", "body": "x"}, form_url="/DH16/venue/").status_code == 404
    response = client.post(
        f"/DH16/venue/tasks/{their_task.id}/evidence",
        data={"csrf_token": client.csrf_token("/DH16/venue/"), "photo": (io.BytesIO(jpeg_bytes()), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 404
    assert client.get(f"/DH16/venue/tasks/{their_task.id}").status_code == 404
    assert client.get(f"/DH16/venue/tasks/{their_task.id}/edit").status_code == 403

    db.session.expire_all()
    assert db.session.get(Task, my_task.id).status == "in_progress"
    assert db.session.get(Task, their_task.id).status == "todo"
    assert db.session.scalar(select(func.count(Evidence.id))) == 0
    # The service refuses too, whatever route calls it.
    with pytest.raises(services.AccessDenied):
        services.change_status(db.session.get(Task, their_task.id), "start", member, now=utcnow())


def test_unit_member_sees_only_their_units_tasks_everywhere(client, auth, venue, two_units):
    mine, _other, my_task, their_task = two_units
    auth.login(user=venue.member(mine))
    for url in (
        "/DH16/venue/",
        "/DH16/venue/board",
        "/DH16/venue/tasks",
        "/DH16/venue/calendar",
        "/DH16/venue/tasks?q=phan+luong",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "Phân luồng giao thông" not in page, url
    assert "Pano cổng chính" in client.get("/DH16/venue/tasks").get_data(as_text=True)
    assert "Pano cổng chính" in client.get("/DH16/venue/").get_data(as_text=True)


def test_other_units_evidence_photo_is_not_served(client, auth, venue, db, two_units):
    mine, other, _my_task, their_task = two_units
    auth.login(user=venue.member(other))
    client.submit(f"/DH16/venue/tasks/{their_task.id}/status/start", form_url="/DH16/venue/")
    response = client.post(
        f"/DH16/venue/tasks/{their_task.id}/evidence",
        data={"csrf_token": client.csrf_token("/DH16/venue/"), "photo": (io.BytesIO(jpeg_bytes()), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    evidence_id = db.session.scalar(select(Evidence.id))
    assert client.get(f"/DH16/venue/evidence/{evidence_id}/thumb").status_code == 200
    assert client.get(f"/DH16/venue/evidence/{evidence_id}/full").headers["Content-Type"] == "image/jpeg"
    auth.logout()
    auth.login(user=venue.member(mine))
    assert client.get(f"/DH16/venue/evidence/{evidence_id}/thumb").status_code == 404
    auth.logout()
    auth.login("journalist")
    assert client.get(f"/DH16/venue/evidence/{evidence_id}/thumb").status_code == 403


def test_member_without_a_unit_sees_no_task(client, auth, venue, two_units):
    auth.login("unit_member")
    page = client.get("/DH16/venue/").get_data(as_text=True)
    assert "not attached to a member unit" in page or "chưa được gắn" in page
    assert "Pano cổng chính" not in client.get("/DH16/venue/board").get_data(as_text=True)
    assert client.get(f"/DH16/venue/tasks/{two_units[2].id}").status_code == 404


@pytest.mark.parametrize("role", ["unit_member", "admin", "press_officer"])
def test_only_organisers_verify(client, auth, venue, db, two_units, role):
    mine, _other, my_task, _their = two_units
    my_task.status = "done"
    db.session.commit()
    venue.evidence(my_task)
    user = venue.member(mine) if role == "unit_member" else None
    user = auth.login(role, user=user)
    response = client.submit(f"/DH16/venue/tasks/{my_task.id}/verify", form_url="/")
    assert response.status_code == 403
    response = client.submit(
        f"/DH16/venue/tasks/{my_task.id}/send-back", {"comment": "Sai màu"}, form_url="/"
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Task, my_task.id).status == "done"
    with pytest.raises(services.AccessDenied):
        services.change_status(db.session.get(Task, my_task.id), "verify", user, now=utcnow())


def test_organiser_verifies(client, auth, venue, db, two_units):
    mine, _other, my_task, _their = two_units
    my_task.status = "done"
    db.session.commit()
    venue.evidence(my_task)
    organiser = auth.login("organiser")
    response = client.submit(
        f"/DH16/venue/tasks/{my_task.id}/verify", form_url=f"/DH16/venue/tasks/{my_task.id}"
    )
    assert response.status_code == 302
    db.session.expire_all()
    task = db.session.get(Task, my_task.id)
    assert task.status == "verified" and task.verified_by_id == organiser.id and task.verified_at is not None


def test_done_without_evidence_is_refused(client, auth, venue, db, two_units):
    mine, _other, my_task, _their = two_units
    auth.login(user=venue.member(mine))
    client.submit(f"/DH16/venue/tasks/{my_task.id}/status/start", form_url="/DH16/venue/")
    response = client.submit(
        f"/DH16/venue/tasks/{my_task.id}/status/done", form_url=f"/DH16/venue/tasks/{my_task.id}"
    )
    assert response.status_code == 400
    assert "ảnh minh chứng" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Task, my_task.id).status == "in_progress"


def test_unit_member_cannot_reach_set_up_pages(client, auth, venue, two_units):
    auth.login(user=venue.member(two_units[0]))
    for url in (
        "/DH16/venue/units",
        "/DH16/venue/templates",
        "/DH16/venue/progress",
        "/DH16/venue/report.xlsx",
        "/DH16/venue/tasks/new",
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.submit(
            "/DH16/venue/tasks/assign",
            {"task_ids": two_units[3].id, "unit_id": two_units[0].id},
            form_url="/",
        ).status_code
        == 403
    )


def test_admin_attaches_a_new_staff_account_to_a_unit(client, auth, venue, db):
    from app.accounts.models import User

    unit = venue.unit("Điện lực tỉnh")
    auth.login("admin")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert f'<option value="{unit.id}">Điện lực tỉnh</option>' in page
    response = client.submit(
        "/admin/users/new",
        {
            "full_name": "Hoàng Văn Long",
            "email": "long@dienluc.vn",
            "role": "unit_member",
            "unit_id": unit.id,
            "language": "vi",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(select(User.unit_id).where(User.email == "long@dienluc.vn")) == unit.id
