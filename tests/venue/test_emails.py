"""E-mails: on assignment, on send-back, and the daily digest per unit (``flask venue digest``)."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from sqlalchemy import func, select

from app.core.models import OutboxMessage
from app.core.timeutil import utcnow
from app.venue import services
from app.venue.models import Task


def test_bulk_assignment_mails_each_unit_member_once(client, auth, venue, db, mailbox):
    unit = venue.unit("Công ty Chiếu sáng đô thị")
    venue.member(unit, email="hai@chieusang.vn")
    venue.member(unit, email="lan@chieusang.vn")
    venue.member(unit, email="cu@chieusang.vn", active=False)
    first, second = venue.task(None, title="Đèn LED hoa"), venue.task(None, title="Cổng chào điện tử")
    auth.login("organiser")
    response = client.submit(
        "/DH16/venue/tasks/assign?location_id=0",
        {"task_ids": [first.id, second.id], "unit_id": unit.id, "assignee_id": "0"},
        form_url="/DH16/venue/tasks",
    )
    assert response.status_code == 302
    assert mailbox.deliver() == 2
    assert mailbox.to("cu@chieusang.vn") == []
    message = mailbox.to("hai@chieusang.vn")[0]
    assert message["Subject"] == "Nhiệm vụ trang trí giao cho đơn vị (2)"
    body = mailbox.body(message)
    assert "Đèn LED hoa" in body and "Cổng chào điện tử" in body
    assert any(link.endswith(f"/DH16/venue/tasks/{first.id}") for link in mailbox.links(message))
    db.session.expire_all()
    assert {t.unit_id for t in db.session.scalars(select(Task))} == {unit.id}


def test_assignment_to_a_person_mails_only_that_person(venue, make_user, db, mailbox):
    unit = venue.unit()
    chosen = venue.member(unit, email="mai@vhttdl.vn")
    venue.member(unit, email="khac@vhttdl.vn")
    task = venue.task(None)
    services.assign_tasks([task], unit.id, chosen.id, make_user("organiser"))
    db.session.commit()
    mailbox.deliver()
    assert [m["X-Envelope-To"] for m in mailbox.messages] == ["mai@vhttdl.vn"]


def test_unit_without_accounts_is_mailed_at_its_contact_address(venue, make_user, db, mailbox):
    unit = venue.unit("Công an tỉnh", contact_email="vanphong@congan.vn", contact_name="Vũ Đức Thắng")
    services.assign_tasks([venue.task(None, title="Phân luồng")], unit.id, None, make_user("organiser"))
    db.session.commit()
    mailbox.deliver()
    assert "Vũ Đức Thắng" in mailbox.body(mailbox.to("vanphong@congan.vn")[0])


def test_send_back_mails_the_unit_with_the_comment(client, auth, venue, db, mailbox):
    unit = venue.unit()
    venue.member(unit, email="mai@vhttdl.vn", language="en")
    task = venue.task(unit, title="Phông sân khấu", status="done")
    auth.login("organiser")
    client.submit(f"/DH16/venue/tasks/{task.id}/send-back", {"comment": "Chữ bị lệch, in lại"}, form_url="/")
    mailbox.deliver()
    message = mailbox.to("mai@vhttdl.vn")[0]
    assert message["Subject"] == "Task sent back: Phông sân khấu"  # in the member's language
    assert "Chữ bị lệch, in lại" in mailbox.body(message)


@time_machine.travel(datetime(2025, 10, 10, 0, 30), tick=False)  # 07:30 in Hà Nội
def test_daily_digest_lists_overdue_and_due_tomorrow_per_unit(app, venue, db, mailbox):
    culture, police, idle = venue.unit("Sở Văn hóa"), venue.unit("Công an tỉnh"), venue.unit("Tỉnh đoàn")
    venue.member(culture, email="mai@vhttdl.vn")
    venue.member(police, email="thang@congan.vn")
    venue.member(idle, email="vinh@tinhdoan.vn")
    venue.task(culture, title="Pano quá hạn", due_at=datetime(2025, 10, 9, 10, 0))
    venue.task(culture, title="Băng rôn ngày mai", due_at=datetime(2025, 10, 11, 10, 0))  # 17:00 on the 11th
    venue.task(culture, title="Đã xong rồi", status="done", due_at=datetime(2025, 10, 9, 10, 0))
    venue.task(culture, title="Còn xa", due_at=datetime(2025, 10, 20, 10, 0))
    venue.task(
        police, title="Phân luồng ngày mai", due_at=datetime(2025, 10, 10, 17, 30)
    )  # 00:30 on the 11th
    venue.task(idle, title="Tuần sau", due_at=datetime(2025, 10, 17, 10, 0))

    result = app.test_cli_runner().invoke(args=["venue", "digest"])
    assert result.exit_code == 0 and "2 digest e-mails queued" in result.output
    mailbox.deliver()
    body = mailbox.body(mailbox.to("mai@vhttdl.vn")[0])
    assert "Pano quá hạn" in body and "Băng rôn ngày mai" in body and "11/10/2025" in body
    assert "Đã xong rồi" not in body and "Còn xa" not in body
    assert mailbox.to("mai@vhttdl.vn")[0]["Subject"] == "Nhiệm vụ trang trí: 1 quá hạn, 1 đến hạn ngày mai"
    assert "Phân luồng ngày mai" in mailbox.body(mailbox.to("thang@congan.vn")[0])
    assert mailbox.to("vinh@tinhdoan.vn") == []

    # A second run the same day sends nothing unless forced.
    again = app.test_cli_runner().invoke(args=["venue", "digest"])
    assert "0 digest e-mails queued" in again.output
    assert (
        db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "pending")) == 0
    )
    forced = app.test_cli_runner().invoke(args=["venue", "digest", "--force"])
    assert "2 digest e-mails queued" in forced.output


def test_no_digest_when_nothing_is_due(app, venue, db):
    venue.task(venue.unit(), due_at=utcnow() + timedelta(days=5))
    result = app.test_cli_runner().invoke(args=["venue", "digest"])
    assert "0 digest e-mails queued" in result.output
