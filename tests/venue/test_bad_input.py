"""Bad input gets a clear message and saves nothing: non-image evidence, bad deadlines, unknown units."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.models import AuditEvent, OutboxMessage
from app.venue.models import Evidence, Task, TaskEvent, Unit
from tests.venue.conftest import jpeg_bytes


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "payload, filename",
    [
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "anh.jpg"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anh.gif"),
        (b"", "trong.jpg"),
        (jpeg_bytes()[:200], "hong.jpg"),
    ],
)
def test_non_image_evidence_is_refused(client, auth, venue, db, app, payload, filename):
    unit = venue.unit()
    task = venue.task(unit, status="in_progress")
    auth.login(user=venue.member(unit))
    url = f"/DH16/venue/tasks/{task.id}"
    response = client.post(
        f"{url}/evidence",
        data={"csrf_token": client.csrf_token(url), "photo": (io.BytesIO(payload), filename)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "⚠" in page and ("JPEG" in page or "trống" in page or "tệp" in page)
    assert _count(db, Evidence) == 0 and _count(db, TaskEvent) == 0
    assert not any(Path(app.config["UPLOAD_DIR"]).rglob("*.jpg"))


def test_missing_photo_is_refused(client, auth, venue, db):
    unit = venue.unit()
    task = venue.task(unit, status="in_progress")
    auth.login(user=venue.member(unit))
    url = f"/DH16/venue/tasks/{task.id}"
    response = client.post(
        f"{url}/evidence", data={"csrf_token": client.csrf_token(url)}, content_type="multipart/form-data"
    )
    assert response.status_code == 400 and _count(db, Evidence) == 0


def _task_form(venue, **overrides):
    data = {
        "title": "Pano tuyên truyền",
        "quantity": "12",
        "spec": "pano 4×8 m",
        "description": "",
        "category_id": venue.category().id,
        "location_id": venue.location().id,
        "unit_id": venue.unit("Sở Xây dựng").id,
        "assignee_id": "0",
        "due": "15/10/2099 17:00",
        "priority": "2",
    }
    data.update(overrides)
    return data


def test_a_good_task_is_created(client, auth, venue, db):
    auth.login("organiser")
    response = client.submit("/DH16/venue/tasks/new", _task_form(venue))
    assert response.status_code == 302
    task = db.session.scalar(select(Task))
    assert (task.title, task.quantity, task.amount) == ("Pano tuyên truyền", 12, "12 × pano 4×8 m")
    assert task.due_at.hour == 10  # 17:00 in Hà Nội is 10:00 UTC


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"due": "15/10 17:00"}, "dd/mm/yyyy HH:MM"),
        ({"due": "15/10/2099 5pm"}, "HH:MM"),
        ({"due": "31/02/2099 17:00"}, "Không có ngày 31/02/2099"),
        ({"due": "15/10/2099"}, "dd/mm/yyyy HH:MM"),
        ({"due": ""}, "bắt buộc"),
        ({"unit_id": "424242"}, "Đơn vị thành viên này không tồn tại."),
        ({"unit_id": "Sở Ma"}, "Đơn vị thành viên này không tồn tại."),
        ({"category_id": "424242"}, "Hạng mục này không tồn tại."),
        ({"location_id": "0"}, "Địa điểm này không tồn tại."),
        ({"quantity": "-3"}, "Từ 1 đến 100000."),
        ({"title": "<script>"}, "Không được dùng ký tự"),
        ({"priority": "9"}, "⚠"),
    ],
)
def test_bad_task_input_saves_nothing(client, auth, venue, db, overrides, message):
    auth.login("organiser")
    response = client.submit("/DH16/venue/tasks/new", _task_form(venue, **overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(db, Task) == 0 and _count(db, OutboxMessage) == 0
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.like("venue.%"))) == 0


def test_assignee_must_belong_to_the_unit(client, auth, venue, db):
    other_unit = venue.unit("Công an tỉnh")
    stranger = venue.member(other_unit)
    auth.login("organiser")
    response = client.submit("/DH16/venue/tasks/new", _task_form(venue, assignee_id=str(stranger.id)))
    assert response.status_code == 400
    assert "Người phụ trách phải là cán bộ" in response.get_data(as_text=True)
    assert _count(db, Task) == 0


def test_bulk_assignment_to_an_unknown_unit_changes_nothing(client, auth, venue, db):
    task = venue.task(None)
    auth.login("organiser")
    response = client.submit(
        "/DH16/venue/tasks/assign", {"task_ids": task.id, "unit_id": "424242"}, form_url="/DH16/venue/tasks"
    )
    assert response.status_code == 400
    assert "Đơn vị thành viên này không tồn tại." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Task, task.id).unit_id is None and _count(db, OutboxMessage) == 0
    response = client.submit(
        "/DH16/venue/tasks/assign", {"unit_id": venue.unit().id}, form_url="/DH16/venue/tasks"
    )
    assert response.status_code == 400 and "Hãy chọn ít nhất một nhiệm vụ" in response.get_data(as_text=True)


def test_edit_with_a_bad_deadline_keeps_the_task(client, auth, venue, db):
    unit = venue.unit()
    task = venue.task(unit, title="Cờ dọc tuyến")
    before = task.due_at
    auth.login("organiser")
    url = f"/DH16/venue/tasks/{task.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Cờ dọc tuyến"' in page
    response = client.submit(url, _task_form(venue, title="Đổi tên", unit_id=str(unit.id), due="ngày mai"))
    assert response.status_code == 400
    db.session.expire_all()
    task = db.session.get(Task, task.id)
    assert (task.title, task.due_at) == ("Cờ dọc tuyến", before)


def test_duplicate_unit_name_is_refused(client, auth, venue, db):
    venue.unit("Sở Xây dựng")
    auth.login("organiser")
    response = client.submit("/DH16/venue/units/new", {"name": "sở xây dựng", "contact_email": ""})
    assert response.status_code == 400 and "Đã có đơn vị với tên này." in response.get_data(as_text=True)
    response = client.submit(
        "/DH16/venue/units/new", {"name": "Sở Tư pháp", "contact_email": "khong-phai-email"}
    )
    assert response.status_code == 400
    assert _count(db, Unit) == 1


def test_empty_block_reason_and_send_back_comment(client, auth, venue, db):
    unit = venue.unit()
    task = venue.task(unit, status="in_progress")
    auth.login("organiser")
    url = f"/DH16/venue/tasks/{task.id}"
    assert client.submit(f"{url}/block", {"reason": "   "}, form_url=url).status_code == 400
    task_done = venue.task(unit, status="done")
    url2 = f"/DH16/venue/tasks/{task_done.id}"
    response = client.submit(f"{url2}/send-back", {"comment": ""}, form_url=url2)
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Task, task.id).status == "in_progress"
    assert db.session.get(Task, task_done.id).status == "done"


def test_assigning_to_a_unit_number_beyond_any_id_is_refused_not_a_500(client, auth, venue, db):
    """Found by the generated-input walk: forty nines overflowed the database integer (a 500 on SQLite)."""
    unit = venue.unit()
    task = venue.task(unit)
    auth.login("organiser")
    response = client.submit(
        "/DH16/venue/tasks/assign",
        {"task_ids": str(task.id), "unit_id": "9" * 40},
        form_url="/DH16/venue/tasks",
    )
    assert response.status_code < 500
    db.session.refresh(task)
    assert task.unit_id == unit.id


def test_a_template_name_again_with_letters_sqlite_cannot_fold_is_refused_not_a_500(client, auth):
    """Found by the form walk once it reached the congress pages: SQLite's lower() leaves "Ç" as it is."""
    auth.login("organiser")
    first = client.submit("/DH16/venue/templates/new", {"name": "dÇZèý", "description": ""})
    assert first.status_code == 302
    again = client.submit("/DH16/venue/templates/new", {"name": "dÇZèý", "description": ""})
    assert again.status_code == 400 and "đã có" in again.get_data(as_text=True).lower()


def _phone_photo(width=4000, height=3000, quality=97) -> bytes:
    """A 12-megapixel camera photo: noisy enough that its JPEG weighs several megabytes."""
    import random

    from PIL import Image

    rng = random.Random(12)
    small = Image.new("RGB", (width // 8, height // 8))
    small.putdata(
        [
            (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            for _ in range(small.width * small.height)
        ]
    )
    out = io.BytesIO()
    small.resize((width, height)).save(out, "JPEG", quality=quality)
    return out.getvalue()


def test_a_phone_photo_of_several_megabytes_is_accepted_and_stored_shrunk(client, auth, venue, db, app):
    from PIL import Image

    from app.core import uploads

    photo = _phone_photo()
    assert len(photo) > 5 * 1024 * 1024  # refused before: "tối đa 5.0 MB"
    unit = venue.unit()
    task = venue.task(unit, status="in_progress")
    auth.login(user=venue.member(unit))
    url = f"/DH16/venue/tasks/{task.id}"
    response = client.post(
        f"{url}/evidence",
        data={"csrf_token": client.csrf_token(url), "photo": (io.BytesIO(photo), "IMG_20251014_0730.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    evidence = db.session.scalar(select(Evidence))
    with Image.open(uploads.path_of(evidence.full_key)) as stored:
        assert max(stored.size) <= 1600
    too_big = io.BytesIO(b"\xff\xd8" + b"\x00" * (20 * 1024 * 1024 + 10))
    response = client.post(
        f"{url}/evidence",
        data={"csrf_token": client.csrf_token(url), "photo": (too_big, "video.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "tối đa 20,0 MB" in response.get_data(as_text=True)
