"""A lost badge: reported by the journalist (or at the desk), replaced in one step with the
badges area's reprint; the lost version is denied at the gate, the new one admitted."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.badges import services as badges
from app.badges.models import Badge
from app.checkin.models import Gate, ScanAlarm
from app.checkin.services import decide_scan
from app.core import audit
from app.extensions import db
from app.helpdesk import services
from app.helpdesk.models import HelpRequest
from tests.helpdesk.conftest import audit_actions, outbox


@pytest.fixture
def gate(make_zone):
    gate = Gate(zone_id=make_zone("PC").id, name="Cổng A – Trung tâm báo chí", direction="in", active=True)
    db.session.add(gate)
    db.session.commit()
    return gate


def test_reported_from_the_phone_replaced_at_the_desk(client, auth, accredited, officer, gate):
    user, _application, lost = accredited()
    old_payload = badges.payload_of(lost)
    auth.login("journalist", user=user)
    page = client.get("/DH16/helpdesk/lost-badge").get_data(as_text=True)
    assert lost.serial in page
    refused = client.submit("/DH16/helpdesk/lost-badge", {"place": "Hội trường"})  # box not ticked
    assert refused.status_code == 400 and db.session.scalar(select(func.count(HelpRequest.id))) == 0
    response = client.submit("/DH16/helpdesk/lost-badge", {"place": "Hội trường", "confirm": "y"})
    assert response.status_code == 302
    request = db.session.scalars(select(HelpRequest)).one()
    assert (request.category, request.lost_badge_id, request.state) == ("badge", lost.id, "new")
    # reporting twice gives the same report back
    client.submit("/DH16/helpdesk/lost-badge", {"confirm": "y"})
    assert db.session.scalar(select(func.count(HelpRequest.id))) == 1

    auth.logout()
    auth.login("accreditation_officer", user=officer)
    url = f"/DH16/helpdesk/requests/{request.id}/replace-badge"
    unchecked = client.submit(url, {}, form_url=f"/DH16/helpdesk/requests/{request.id}")
    assert unchecked.status_code == 400
    db.session.refresh(lost)
    assert lost.is_current  # nothing happened without the identity check
    response = client.submit(url, {"identity_checked": "y"}, form_url=f"/DH16/helpdesk/requests/{request.id}")
    assert response.status_code == 302
    db.session.expire_all()
    lost = db.session.get(Badge, lost.id)
    new = db.session.get(Badge, request.replacement_badge_id)
    assert lost.superseded_at is not None and new.version == lost.version + 1 and new.is_current
    assert request.state == "solved" and request.first_response_at is not None
    assert {"helpdesk.badge_lost", "badge.reprint", "helpdesk.badge_replaced"} <= set(audit_actions())
    assert any(m.recipient == user.email for m in outbox())  # the holder is told (badges area's e-mail)
    page = client.get(f"/DH16/helpdesk/requests/{request.id}").get_data(as_text=True)
    assert "badges/print" in page  # print the new version right away

    # the gate: the lost copy is denied and raises the duty officer's alarm, the new one admitted
    assert decide_scan(old_payload, gate.id, officer.id).reason == "lost"
    assert decide_scan(badges.payload_of(new), gate.id, officer.id).result == "accepted"
    alarm = db.session.scalars(select(ScanAlarm)).one()
    assert alarm.scan.badge_id == lost.id and alarm.handled_at is None
    assert "checkin.lost_badge_scanned" in audit_actions()
    assert any("thẻ đã báo mất" in m.subject and m.recipient == officer.email for m in outbox())
    # and the journalist reads what happened on their page
    auth.logout()
    auth.login("journalist", user=user)
    assert "không còn mở được cổng" in client.get(f"/DH16/helpdesk/requests/{request.id}").get_data(
        as_text=True
    )


def test_the_desk_replaces_a_badge_on_the_holders_behalf(client, auth, accredited, officer):
    user, _application, lost = accredited("Hoàng Minh Đức")
    auth.login("accreditation_officer", user=officer)
    found = client.get(f"/DH16/helpdesk/lost-badge/desk?serial={lost.serial.lower()}").get_data(as_text=True)
    assert "Hoàng Minh Đức" in found
    response = client.submit(
        "/DH16/helpdesk/lost-badge/desk",
        {"serial": lost.serial, "identity_checked": "y", "note": "Mất ở bãi gửi xe"},
        form_url="/DH16/helpdesk/lost-badge/desk",
    )
    assert response.status_code == 302
    request = db.session.scalars(select(HelpRequest)).one()
    assert request.requester_id == user.id and request.filed_by_id == officer.id
    assert request.replacement_badge_id is not None
    db.session.refresh(lost)
    assert lost.superseded_at is not None
    again = client.submit(
        "/DH16/helpdesk/lost-badge/desk",
        {"serial": "PC-9999", "identity_checked": "y"},
        form_url="/DH16/helpdesk/lost-badge/desk",
    )
    assert again.status_code == 404 and "Không có thẻ" in again.get_data(as_text=True)


def test_a_press_officer_works_the_desk_but_does_not_replace_badges(client, auth, accredited):
    user, _a, lost = accredited()
    request = services.report_lost_badge(user)
    db.session.commit()
    auth.login("press_officer")
    assert client.get(f"/DH16/helpdesk/requests/{request.id}").status_code == 200
    response = client.submit(
        f"/DH16/helpdesk/requests/{request.id}/replace-badge",
        {"identity_checked": "y"},
        form_url=f"/DH16/helpdesk/requests/{request.id}",
    )
    assert response.status_code == 403
    db.session.refresh(lost)
    assert lost.is_current


def test_the_replacement_is_one_transaction(accredited, officer, monkeypatch):
    """If anything after the reprint fails, the lost version is not superseded either."""
    user, _a, lost = accredited()
    request = services.report_lost_badge(user)
    db.session.commit()
    real = audit.record

    def failing(action, *args, **kwargs):
        if action == "helpdesk.badge_replaced":
            raise RuntimeError("disk full")
        return real(action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(RuntimeError):
        services.replace_lost_badge(request, officer)
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Badge, lost.id).is_current
    assert db.session.scalar(select(func.count(Badge.id))) == 1


def test_a_revoked_or_already_replaced_badge_is_not_replaced_again(accredited, officer):
    user, _a, lost = accredited()
    request = services.report_lost_badge(user)
    services.replace_lost_badge(request, officer)
    db.session.commit()
    with pytest.raises(services.HelpdeskError):
        services.replace_lost_badge(request, officer)
    other_user, _a2, other = accredited("Vũ Thị Lan")
    badges.revoke_badge(other, officer, "Vi phạm quy chế")
    db.session.commit()
    with pytest.raises(services.HelpdeskError):
        services.report_lost_badge(other_user)


def test_connected_gates_learn_of_the_replacement_by_their_next_delta(app, accredited, officer, gate):
    """The gate pack's delta (fetched at least every 60 s) carries the lost version, flagged
    superseded, and the new version, valid."""
    from app.badges import qr
    from app.checkin import pack

    user, _a, lost = accredited()
    request = services.report_lost_badge(user)
    db.session.commit()
    with app.test_request_context():
        version = pack.build_pack(gate)["ver"]
    new = services.replace_lost_badge(request, officer)
    db.session.commit()
    with app.test_request_context():
        delta = pack.build_pack(gate, since=version)
    rows = {row[0]: row[7] for row in delta["b"]}
    assert delta["delta"] and rows[lost.token_hash] & pack.FLAG_SUPERSEDED
    assert rows[lost.token_hash] & pack.FLAG_LOST  # an offline gate names it lost and sounds the alarm
    assert rows[qr.hash_token(badges.token_of(new))] == 0


def test_only_a_copy_reported_lost_raises_an_alarm_and_once_per_scan(accredited, officer, gate):
    """A reprint for a damaged badge leaves an ordinary "old badge" refusal; a lost copy's scan
    is an alarm however often it is shown, and a re-sent scan (same client UUID) adds none."""
    _user, _a, damaged = accredited("Lê Thị Hoa")
    badges.reprint_badge(damaged, officer, "Thẻ bị rách")
    user, _b, lost = accredited("Trần Quốc Bảo")
    request = services.report_lost_badge(user)
    services.replace_lost_badge(request, officer)
    db.session.commit()
    assert decide_scan(badges.payload_of(damaged), gate.id, officer.id).reason == "superseded"
    assert db.session.scalar(select(func.count(ScanAlarm.id))) == 0
    first = decide_scan(
        badges.payload_of(lost), gate.id, officer.id, client_uuid="5b3f0c9e-1111-4a4a-8a8a-000000000001"
    )
    again = decide_scan(
        badges.payload_of(lost), gate.id, officer.id, client_uuid="5b3f0c9e-1111-4a4a-8a8a-000000000001"
    )
    decide_scan(badges.payload_of(lost), gate.id, officer.id)
    db.session.commit()
    assert (first.result, first.reason, again.scan_id) == ("denied", "lost", first.scan_id)
    assert db.session.scalar(select(func.count(ScanAlarm.id))) == 2
