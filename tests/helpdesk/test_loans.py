"""Equipment loans: lend by serial or scanned QR, never to a revoked or replaced badge, return,
overdue in the congress's time zone, reminders through the outbox."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.badges import qr
from app.badges import services as badges
from app.extensions import db
from app.helpdesk import loans
from app.helpdesk.models import EquipmentItem, Loan
from app.helpdesk.services import HelpdeskError
from tests.helpdesk.conftest import audit_actions, outbox


@pytest.fixture
def charger(officer):
    item = loans.save_item(None, kind="charger", label="Sạc USB-C 65 W", count=1, active=True, actor=officer)
    db.session.commit()
    return item


def test_lend_by_scan_and_return_through_the_pages(client, auth, accredited, officer, charger):
    user, _a, badge = accredited()
    auth.login("accreditation_officer", user=officer)
    page = client.get("/DH16/helpdesk/equipment").get_data(as_text=True)
    assert "Sạc USB-C 65 W" in page
    response = client.submit(
        "/DH16/helpdesk/loans/lend",
        {"lend-item": charger.id, "lend-badge": badges.payload_of(badge)},
        form_url="/DH16/helpdesk/equipment",
    )
    assert response.status_code == 302
    loan = db.session.scalars(select(Loan)).one()
    assert (loan.badge_id, loan.application_id, loan.returned_at) == (badge.id, badge.application_id, None)

    # the only charger is out: a second loan is refused with a message
    other_user, _a2, other = accredited("Lê Văn Cường")
    refused = client.submit(
        "/DH16/helpdesk/loans/lend",
        {"lend-item": charger.id, "lend-badge": other.serial},
        form_url="/DH16/helpdesk/equipment",
    )
    assert refused.status_code == 409 and "không còn" in refused.get_data(as_text=True)
    # a return from someone who never borrowed it is refused too
    never = client.submit(
        "/DH16/helpdesk/loans/return",
        {"return-item": charger.id, "return-badge": other.serial},
        form_url="/DH16/helpdesk/equipment",
    )
    assert never.status_code == 409 and other.serial in never.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Loan.id))) == 1

    returned = client.submit(
        "/DH16/helpdesk/loans/return",
        {"return-item": charger.id, "return-badge": badge.serial},
        form_url="/DH16/helpdesk/equipment",
    )
    assert returned.status_code == 302
    db.session.refresh(loan)
    assert loan.returned_at is not None and loan.returned_by_id == officer.id
    assert {"helpdesk.equipment_add", "helpdesk.lend", "helpdesk.return"} <= set(audit_actions())


def test_nothing_is_lent_to_a_revoked_or_replaced_badge(accredited, officer, charger):
    _u, _a, revoked = accredited("Trần Văn Hùng")
    badges.revoke_badge(revoked, officer, "Vi phạm quy chế tác nghiệp")
    _u2, _a2, old = accredited("Ngô Thị Mai")
    new = badges.reprint_badge(old, officer, reason="lost")
    db.session.commit()
    with pytest.raises(HelpdeskError, match="thu hồi|revoked"):
        loans.lend(charger, revoked.serial, officer)
    with pytest.raises(HelpdeskError):
        loans.lend(charger, badges.payload_of(revoked), officer)
    old_payload = qr.make_payload("DH16", badges.token_of(old))
    with pytest.raises(HelpdeskError):
        loans.lend(charger, old_payload, officer)  # the lost copy
    assert loans.lend(charger, badges.payload_of(new), officer).badge_id == new.id


def test_a_badge_of_another_congress_or_garbage_is_not_found(accredited, officer, charger):
    _u, _a, badge = accredited()
    foreign = qr.make_payload("DHB", badges.token_of(badge))
    assert loans.find_badge(foreign) is None
    for text in ("", "PC-9999", "x" * 200, "PC1:DH16:not-a-token"):
        assert loans.find_badge(text) is None
    with pytest.raises(HelpdeskError):
        loans.lend(charger, "PC-9999", officer)


def test_due_time_and_overdue_in_the_congress_time_zone(accredited, officer, charger):
    # 23:30 UTC is 06:30 the next morning in Hà Nội: due at 18:00 that local day (11:00 UTC)
    now = datetime(2026, 10, 1, 23, 30)
    assert loans.default_due(now) == datetime(2026, 10, 2, 11, 0)
    # 12:00 UTC is 19:00 local, past closing: due at 18:00 local tomorrow
    assert loans.default_due(datetime(2026, 10, 2, 12, 0)) == datetime(2026, 10, 3, 11, 0)
    _u, _a, badge = accredited()
    loan = loans.lend(charger, badge.serial, officer, now=now)
    db.session.commit()
    assert loans.overdue_loans(datetime(2026, 10, 2, 10, 59)) == []
    assert loans.overdue_loans(datetime(2026, 10, 2, 11, 1)) == [loan]
    with pytest.raises(HelpdeskError):
        loans.lend(charger, badge.serial, officer, due_at=now - timedelta(minutes=1), now=now)


def test_overdue_borrowers_are_emailed_once_in_twelve_hours(client, auth, accredited, officer, charger):
    user, _a, badge = accredited()
    lent = datetime(2026, 10, 2, 1, 0)
    loans.lend(charger, badge.serial, officer, now=lent)
    db.session.commit()
    later = datetime(2026, 10, 2, 12, 0)
    assert loans.remind_overdue(officer, now=later) == 1
    assert loans.remind_overdue(officer, now=later + timedelta(hours=1)) == 0
    assert loans.remind_overdue(officer, now=later + timedelta(hours=13)) == 1
    db.session.commit()
    mails = outbox()
    assert [m.recipient for m in mails] == [user.email, user.email]
    assert "Sạc USB-C 65 W" in mails[0].subject and "02/10/2026 18:00" in mails[0].body_text
    auth.login("accreditation_officer", user=officer)
    page = client.get("/DH16/helpdesk/equipment").get_data(as_text=True)
    assert 'data-overdue="1"' in page


def test_inventory_rules_and_the_copy_to_a_new_congress(accredited, officer, charger):
    from app.events import services as events

    with pytest.raises(HelpdeskError):
        loans.save_item(None, kind="charger", label="sạc usb-c 65 w", count=2, active=True, actor=officer)
    _u, _a, badge = accredited()
    loans.lend(charger, badge.serial, officer)
    with pytest.raises(HelpdeskError):
        loans.save_item(charger, kind="charger", label=charger.label, count=0, active=True, actor=officer)
    db.session.commit()
    target = events.create_event("DH17", "Đại hội khóa sau", status="draft")
    events.clone_setup(events.current_event(), target, actor=officer)
    db.session.commit()
    copied = db.session.scalars(select(EquipmentItem).where(EquipmentItem.event_id == target.id)).all()
    assert [(i.label, i.count) for i in copied] == [("Sạc USB-C 65 W", 1)]
    assert db.session.scalar(select(func.count(Loan.id)).where(Loan.event_id == target.id)) == 0


def test_the_outbox_worker_reminds_overdue_borrowers_on_its_own(app, accredited, officer, charger, event):
    """Nobody has to press the button: the worker's pass e-mails the overdue borrower once in
    12 hours, in the congress's own scope (its name in the e-mail, its audit log)."""
    import time_machine

    from app.core import outbox as worker
    from app.events.scope import leave

    assert loans.remind_overdue_everywhere in worker.PERIODIC_JOBS
    user, _a, badge = accredited()
    lent = datetime(2026, 10, 2, 1, 0)
    loans.lend(charger, badge.serial, officer, now=lent)
    db.session.commit()
    leave()  # the worker runs outside any congress
    with time_machine.travel(datetime(2026, 10, 2, 12, 0), tick=False):
        assert worker.run_once()["remind_overdue_everywhere"] == 1
        assert worker.run_once()["remind_overdue_everywhere"] == 0
    with time_machine.travel(datetime(2026, 10, 3, 1, 0), tick=False):
        assert worker.run_once()["remind_overdue_everywhere"] == 1
    mails = [m for m in outbox() if m.recipient == user.email and "Sạc USB-C 65 W" in m.subject]
    assert len(mails) == 2 and event.name in mails[0].body_text
    assert audit_actions().count("helpdesk.overdue_reminders") == 2
