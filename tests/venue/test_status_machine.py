"""The task status machine: todo → in_progress → done → verified, blocked with a reason, history kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.models import AuditEvent
from app.core.timeutil import utcnow
from app.venue import services
from app.venue.models import STATUSES, Comment, Task, TaskEvent

ALLOWED = {
    ("todo", "start"): "in_progress",
    ("todo", "block"): "blocked",
    ("todo", "done"): "done",
    ("in_progress", "block"): "blocked",
    ("in_progress", "done"): "done",
    ("blocked", "resume"): "in_progress",
    ("done", "verify"): "verified",
    ("done", "send_back"): "in_progress",
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", sorted(services.TRANSITIONS))
def test_every_status_and_action(venue, make_user, db, status, action):
    organiser = make_user("organiser")
    task = venue.task(venue.unit(), status=status)
    venue.evidence(task)
    if (status, action) in ALLOWED:
        services.change_status(task, action, organiser, note="lý do", now=utcnow())
        assert task.status == ALLOWED[(status, action)]
        event = db.session.scalar(select(TaskEvent).where(TaskEvent.task_id == task.id))
        assert (event.kind, event.from_status, event.to_status) == ("status", status, task.status)
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.subject_id == str(task.id))) == (
            f"venue.task_{action}"
        )
    else:
        with pytest.raises(services.VenueError):
            services.change_status(task, action, organiser, note="lý do", now=utcnow())
        assert task.status == status


def test_block_needs_a_reason_and_resume_clears_it(venue, make_user):
    member_unit = venue.unit()
    member = venue.member(member_unit)
    task = venue.task(member_unit)
    with pytest.raises(services.VenueError) as error:
        services.change_status(task, "block", member, note="  ", now=utcnow())
    assert error.value.field == "reason"
    services.change_status(task, "block", member, note="Chưa có mẫu in", now=utcnow())
    assert (task.status, task.blocked_reason) == ("blocked", "Chưa có mẫu in")
    services.change_status(task, "resume", member, now=utcnow())
    assert (task.status, task.blocked_reason) == ("in_progress", "")


def test_send_back_needs_a_comment_and_keeps_it(venue, make_user, db):
    organiser = make_user("organiser")
    task = venue.task(venue.unit(), status="done")
    with pytest.raises(services.VenueError):
        services.change_status(task, "send_back", organiser, now=utcnow())
    services.change_status(task, "send_back", organiser, note="Chữ bị lệch, in lại", now=utcnow())
    assert task.status == "in_progress" and task.done_at is None
    assert db.session.scalar(select(Comment.body).where(Comment.task_id == task.id)) == "Chữ bị lệch, in lại"


def test_done_needs_evidence(venue, make_user):
    unit = venue.unit()
    member = venue.member(unit)
    task = venue.task(unit, status="in_progress")
    with pytest.raises(services.VenueError):
        services.change_status(task, "done", member, now=utcnow())
    venue.evidence(task)
    services.change_status(task, "done", member, now=utcnow())
    assert task.status == "done" and task.done_at is not None


def test_unit_member_cannot_verify_their_own_work(venue):
    unit = venue.unit()
    member = venue.member(unit)
    task = venue.task(unit, status="done")
    with pytest.raises(services.AccessDenied):
        services.change_status(task, "verify", member, now=utcnow())
    assert "verify" not in services.allowed_actions(member, task)


def test_full_journey_through_the_pages_keeps_the_history(client, auth, venue, db):
    import io

    from tests.venue.conftest import jpeg_bytes

    unit = venue.unit("Sở Văn hóa, Thể thao và Du lịch")
    member = venue.member(unit, full_name="Đặng Thị Mai")
    task = venue.task(unit, title="Phông sân khấu chính")
    auth.login(user=member)
    url = f"/DH16/venue/tasks/{task.id}"
    assert client.submit(f"{url}/status/start", form_url=url).status_code == 302
    assert client.submit(f"{url}/comments", {"body": "Đang in bạt"}, form_url=url).status_code == 302
    response = client.post(
        f"{url}/evidence",
        data={
            "csrf_token": client.csrf_token(url),
            "photo": (io.BytesIO(jpeg_bytes()), "anh.jpg"),
            "caption": "Đã treo",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert client.submit(f"{url}/status/done", form_url=url).status_code == 302
    auth.logout()
    auth.login("organiser")
    assert client.submit(f"{url}/send-back", {"comment": "Phông bị nhăn"}, form_url=url).status_code == 302
    auth.logout()
    auth.login(user=member)
    assert client.submit(f"{url}/status/done", form_url=url).status_code == 302
    auth.logout()
    auth.login("organiser")
    assert client.submit(f"{url}/verify", form_url=url).status_code == 302

    db.session.expire_all()
    assert db.session.get(Task, task.id).status == "verified"
    kinds = db.session.execute(
        select(TaskEvent.kind, TaskEvent.to_status).where(TaskEvent.task_id == task.id).order_by(TaskEvent.id)
    ).all()
    assert kinds == [
        ("status", "in_progress"),
        ("comment", None),
        ("evidence", None),
        ("status", "done"),
        ("status", "in_progress"),
        ("status", "done"),
        ("status", "verified"),
    ]
    page = client.get(url).get_data(as_text=True)
    assert (
        "Đã nghiệm thu" in page
        and "Phông bị nhăn" in page
        and "Đang in bạt" in page
        and "Đặng Thị Mai" in page
    )
    audit = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_type == "Task")).all()
    assert "venue.task_verify" in audit and "venue.task_send_back" in audit


def test_verified_task_takes_no_more_photos(venue, make_user):
    organiser = make_user("organiser")
    task = venue.task(venue.unit(), status="verified")
    with pytest.raises(services.VenueError):
        services.add_evidence(task, None, "", organiser)
