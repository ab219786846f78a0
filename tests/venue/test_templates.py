"""Checklist templates: editing items, applying to a location creates its tasks with the right deadlines."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from sqlalchemy import func, select

from app.core.models import OutboxMessage
from app.core.timeutil import to_local
from app.venue import catalogue
from app.venue.models import ChecklistTemplate, Task, TemplateItem


@pytest.fixture
def template(venue, db):
    hall = venue.location("Hội trường Trung tâm Hội nghị tỉnh")
    backdrop, flags = venue.category("Phông sân khấu"), venue.category("Cờ Tổ quốc, cờ Đảng")
    culture = venue.unit("Sở Văn hóa, Thể thao và Du lịch")
    template = ChecklistTemplate(name="Mẫu chuẩn trang trí khánh tiết Đại hội")
    template.items = [
        TemplateItem(
            title="Phông sân khấu chính",
            quantity=1,
            spec="18×7 m",
            category=backdrop,
            default_unit=culture,
            days_before=5,
        ),
        TemplateItem(
            title="Cờ trên sân khấu", quantity=2, spec="3×4,5 m", category=flags, days_before=0, priority=1
        ),
    ]
    db.session.add(template)
    db.session.commit()
    return template, hall, culture


@time_machine.travel(datetime(2025, 10, 1, 3, 0), tick=False)
def test_applying_creates_tasks_due_before_the_opening(client, auth, db, template, venue):
    template, hall, culture = template
    venue.member(culture, email="mai@vhttdl.vn")
    auth.login("organiser")
    url = f"/DH16/venue/templates/{template.id}/apply"
    response = client.submit(url, {"location_id": hall.id, "opening_day": "14/10/2025", "due_time": "17:00"})
    assert response.status_code == 302 and f"location_id={hall.id}" in response.headers["Location"]
    tasks = db.session.scalars(select(Task).order_by(Task.due_at)).all()
    assert [(t.title, t.location_id, t.unit_id, t.quantity, t.spec) for t in tasks] == [
        ("Phông sân khấu chính", hall.id, culture.id, 1, "18×7 m"),
        ("Cờ trên sân khấu", hall.id, None, 2, "3×4,5 m"),
    ]
    assert to_local(tasks[0].due_at).replace(tzinfo=None) == datetime(2025, 10, 9, 17, 0)
    assert to_local(tasks[1].due_at).replace(tzinfo=None) == datetime(2025, 10, 14, 17, 0)
    assert tasks[1].priority == 1 and all(t.status == "todo" and t.template_id == template.id for t in tasks)
    # The unit with a task hears about it once.
    assert db.session.scalars(select(OutboxMessage.recipient)).all() == ["mai@vhttdl.vn"]

    again = client.submit(url, {"location_id": hall.id, "opening_day": "14/10/2025", "due_time": "17:00"})
    assert again.status_code == 400 and "đã được áp dụng" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Task.id))) == 2


def test_opening_day_comes_from_the_event(client, auth, db, event, template):
    template, _hall, _unit = template
    auth.login("organiser")
    event.first_day = date(2099, 10, 14)
    db.session.commit()
    page = client.get(f"/DH16/venue/templates/{template.id}/apply").get_data(as_text=True)
    assert 'value="14/10/2099"' in page


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"location_id": "999", "opening_day": "14/10/2099", "due_time": "17:00"},
            "Địa điểm này không tồn tại",
        ),
        ({"location_id": "HALL", "opening_day": "14 tháng 10", "due_time": "17:00"}, "dd/mm/yyyy"),
        ({"location_id": "HALL", "opening_day": "14/10/2099", "due_time": "5pm"}, "HH:MM"),
        ({"location_id": "HALL", "opening_day": "14/10/2001", "due_time": "17:00"}, "Ngày khai mạc đã qua"),
    ],
)
def test_bad_apply_input_saves_nothing(client, auth, db, template, data, message):
    template, hall, _unit = template
    auth.login("organiser")
    data = {k: (str(hall.id) if v == "HALL" else v) for k, v in data.items()}
    response = client.submit(f"/DH16/venue/templates/{template.id}/apply", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Task.id))) == 0


def test_organiser_edits_the_template(client, auth, db, template, venue):
    template, _hall, culture = template
    category = venue.category("Hoa, thảm hoa")
    auth.login("organiser")
    url = f"/DH16/venue/templates/{template.id}/items/new"
    response = client.submit(
        url,
        {
            "title": "Thảm hoa trước sảnh",
            "quantity": "1",
            "spec": "10×20 m",
            "category_id": category.id,
            "default_unit_id": culture.id,
            "days_before": "2",
            "priority": "2",
            "sort_order": "3",
        },
    )
    assert response.status_code == 302
    item = db.session.scalar(select(TemplateItem).where(TemplateItem.title == "Thảm hoa trước sảnh"))
    assert (item.days_before, item.default_unit_id, item.category_id) == (2, culture.id, category.id)
    edit = f"/DH16/venue/templates/{template.id}/items/{item.id}"
    response = client.submit(
        edit,
        {
            "title": "Thảm hoa",
            "quantity": "",
            "spec": "",
            "category_id": category.id,
            "default_unit_id": "0",
            "days_before": "400",
            "priority": "2",
            "sort_order": "3",
        },
    )
    assert response.status_code == 400 and "Từ 0 đến 365" in response.get_data(as_text=True)
    client.submit(f"{edit}/delete", form_url=f"/DH16/venue/templates/{template.id}")
    assert db.session.get(TemplateItem, item.id) is None
    page = client.get(f"/DH16/venue/templates/{template.id}").get_data(as_text=True)
    assert "Phông sân khấu chính" in page and "Thảm hoa" not in page


def test_due_for_counts_back_from_the_opening(app):
    assert to_local(catalogue.due_for(date(2025, 10, 14), 3, time(8, 30))).replace(tzinfo=None) == datetime(
        2025, 10, 11, 8, 30
    )
