"""The desk decides: approve (with a badge), reject, request changes, bulk approve; audited and e-mailed."""

from __future__ import annotations

import io
from datetime import date

from sqlalchemy import func, select

from app.accreditation.models import Application
from app.badges.models import Badge
from app.core.models import AuditEvent
from tests.accreditation.conftest import jpeg_bytes


def _audit(db, application, action):
    return db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.subject_type == "Application",
            AuditEvent.subject_id == str(application.id),
            AuditEvent.action == action,
        )
    )


def test_approve_issues_one_badge_audits_and_emails(client, auth, db, make_application, mailbox):
    application = make_application(zones=("PC", "HT"))
    officer = auth.login("accreditation_officer")
    page = client.get(f"/DH16/accreditation/applications/{application.id}").get_data(as_text=True)
    assert "Duyệt và cấp thẻ" in page and application.national_id in page

    response = client.submit(
        f"/DH16/accreditation/applications/{application.id}/approve",
        form_url=f"/DH16/accreditation/applications/{application.id}",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert application.status == "approved" and application.decided_by_id == officer.id
    badge = db.session.scalar(select(Badge).where(Badge.application_id == application.id))
    assert badge.version == 1 and badge.zones == ["PC", "HT"]
    event = _audit(db, application, "application.approve")
    assert event.actor_id == officer.id and event.details["badge"] == badge.serial
    mailbox.deliver()
    [message] = mailbox.to(application.user.email)
    assert "đã được duyệt" in message["Subject"]

    # a second approval changes nothing and says so
    response = client.submit(f"/DH16/accreditation/applications/{application.id}/approve", form_url="/")
    assert response.status_code == 302
    assert "đã được xử lý" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(func.count(Badge.id))) == 1


def test_reject_needs_a_reason_and_the_journalist_reads_it(client, auth, db, make_application, mailbox):
    application = make_application()
    auth.login("accreditation_officer")
    url = f"/DH16/accreditation/applications/{application.id}"
    response = client.submit(url + "/reject", {"reason": ""}, form_url=url)
    assert response.status_code == 400
    assert "Vui lòng ghi lý do" in response.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == "submitted"

    response = client.submit(url + "/reject", {"reason": "Cơ quan không xác nhận người này."}, form_url=url)
    assert response.status_code == 302
    db.session.expire_all()
    assert application.status == "rejected"
    assert application.decision_message == "Cơ quan không xác nhận người này."
    assert (
        _audit(db, application, "application.reject").details["reason"] == "Cơ quan không xác nhận người này."
    )
    assert db.session.scalar(select(func.count(Badge.id))) == 0
    mailbox.deliver()
    [message] = mailbox.to(application.user.email)
    assert "Cơ quan không xác nhận người này." in mailbox.body(message)

    auth.logout()
    auth.login(user=application.user)
    page = client.get("/DH16/accreditation/status").get_data(as_text=True)
    assert "không được duyệt" in page and "Cơ quan không xác nhận người này." in page
    assert client.get("/DH16/accreditation/apply").status_code == 302  # the form stays closed


def test_changes_requested_reopens_the_form_and_resubmission_goes_back_to_review(
    client, auth, db, form_data, submit_form, mailbox, app
):
    journalist = auth.login("journalist", email="a.nguyen@example.vn")
    submit_form(form_data())
    application = db.session.scalar(select(Application))
    old_photo = application.photo_key
    first_submitted = application.submitted_at
    auth.logout()

    auth.login("accreditation_officer")
    url = f"/DH16/accreditation/applications/{application.id}"
    message = "Ảnh bị mờ, đề nghị gửi ảnh rõ hơn."
    assert client.submit(url + "/request-changes", {"message": message}, form_url=url).status_code == 302
    assert _audit(db, application, "application.request_changes") is not None
    auth.logout()

    mailbox.deliver()
    mail = mailbox.to("a.nguyen@example.vn")[-1]
    assert message in mailbox.body(mail) and "http://localhost/DH16/accreditation/apply" in mailbox.links(
        mail
    )

    auth.login(user=journalist)
    status = client.get("/DH16/accreditation/status").get_data(as_text=True)
    assert message in status and "Sửa và gửi lại" in status
    form = client.get("/DH16/accreditation/apply").get_data(as_text=True)
    assert message in form and 'value="001085012345"' in form and 'value="17/05/1985"' in form

    # fix only the photo; the letter and everything else are kept
    data = form_data(photo=(io.BytesIO(jpeg_bytes(colour=(10, 20, 30))), "moi.jpg"), letter=None)
    response = submit_form(data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == "submitted"
    assert application.photo_key != old_photo
    # keeps its place in the queue, and shows no decision while it waits again
    assert application.submitted_at == first_submitted
    assert application.decided_at is None and application.decided_by is None
    status = client.get("/DH16/accreditation/status").get_data(as_text=True)
    assert "Xử lý ngày" not in status
    from app.core import uploads

    assert not uploads.path_of(old_photo).exists()  # the replaced photo is deleted
    assert _audit(db, application, "application.resubmit") is not None


def test_bulk_approve_selected_rows(client, auth, db, make_application, mailbox):
    first, second, third = make_application(), make_application(), make_application()
    already = make_application(status="rejected")
    auth.login("accreditation_officer")
    token = client.csrf_token("/DH16/accreditation/queue")
    response = client.post(
        "/DH16/accreditation/queue/approve",
        data={
            "csrf_token": token,
            "ids": [str(first.id), str(second.id), str(already.id), "999999"],
            "next": "/DH16/accreditation/queue?status=all",
        },
    )
    assert (
        response.status_code == 302 and response.headers["Location"] == "/DH16/accreditation/queue?status=all"
    )
    db.session.expire_all()
    assert [first.status, second.status, third.status, already.status] == [
        "approved",
        "approved",
        "submitted",
        "rejected",
    ]
    assert db.session.scalar(select(func.count(Badge.id))) == 2
    page = client.get("/DH16/accreditation/queue").get_data(as_text=True)
    assert "Đã duyệt 2 hồ sơ" in page and "Bỏ qua 2 hồ sơ" in page
    mailbox.deliver()
    assert len(mailbox.to(first.user.email)) == 1 and len(mailbox.to(already.user.email)) == 0


def test_bulk_approve_with_nothing_selected(client, auth, db):
    auth.login("accreditation_officer")
    response = client.submit("/DH16/accreditation/queue/approve", {}, form_url="/DH16/accreditation/queue")
    assert response.status_code == 302
    assert "Hãy chọn ít nhất một hồ sơ" in client.get("/DH16/accreditation/queue").get_data(as_text=True)


def test_near_duplicates_are_shown_side_by_side(client, auth, make_application, make_organisation):
    first = make_application(full_name="Nguyễn Văn Đức", date_of_birth=date(1980, 2, 3))
    other_org = make_organisation("Đài Phát thanh và Truyền hình Nghệ An", kind="tv", level="local")
    twin = make_application(
        full_name="nguyen van duc", date_of_birth=date(1980, 2, 3), organisation=other_org
    )
    make_application(
        full_name="Nguyễn Văn Đức Anh", date_of_birth=date(1980, 2, 3)
    )  # longer name: not a twin
    make_application(full_name="Nguyễn Văn Đức", date_of_birth=date(1981, 2, 3))  # other birthday
    auth.login("accreditation_officer")
    page = client.get(f"/DH16/accreditation/applications/{first.id}").get_data(as_text=True)
    assert 'data-testid="near-duplicates"' in page and "Có thể trùng: 1 hồ sơ khác" in page
    table = page[page.find('data-testid="side-by-side"') :]
    assert (
        first.national_id in table
        and twin.national_id in table
        and "Đài Phát thanh và Truyền hình Nghệ An" in table
    )
    assert (
        f"/DH16/accreditation/applications/{twin.id}/photo/thumb" not in table
    )  # no photo stored: none shown
    unique = make_application(full_name="Trần Thị Lan", date_of_birth=date(1990, 1, 1))
    assert "near-duplicates" not in client.get(f"/DH16/accreditation/applications/{unique.id}").get_data(
        as_text=True
    )


def test_decisions_on_missing_applications_are_404(client, auth):
    auth.login("accreditation_officer")
    for action in ("approve", "reject", "request-changes"):
        assert (
            client.submit(f"/DH16/accreditation/applications/999999/{action}", form_url="/").status_code
            == 404
        )


def test_journalists_cannot_decide(client, auth, make_application):
    application = make_application()
    auth.login(user=application.user)
    response = client.submit(f"/DH16/accreditation/applications/{application.id}/approve", form_url="/")
    assert response.status_code == 403


def test_the_desk_grants_other_zones_than_requested(client, auth, db, make_application, make_zone):
    """Requested the hall (HT) too; the desk grants the press centre only: the badge opens PC,
    and the history says what was asked and what was granted."""
    pc, ht = make_zone("PC", "Trung tâm báo chí"), make_zone("HT", "Hội trường")
    application = make_application(status="submitted", zones=("PC", "HT"))
    auth.login("accreditation_officer")
    url = f"/DH16/accreditation/applications/{application.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'data-testid="grant-zones"' in page and page.count('name="zones"') == 2
    response = client.submit(url + "/approve", {"zones_shown": "1"}, form_url=url)  # none ticked
    assert response.status_code == 400 and "Chọn ít nhất một khu vực" in response.get_data(as_text=True)
    response = client.submit(url + "/approve", {"zones_shown": "1", "zones": [str(pc.id)]}, form_url=url)
    assert response.status_code == 302
    db.session.expire_all()
    badge = db.session.scalar(select(Badge).where(Badge.application_id == application.id))
    assert badge.zones == ["PC"] and [z.code for z in application.zones] == ["PC"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "application.approve"))
    assert event.details["zones"] == "PC" and event.details["requested"] == "PC, HT"
    assert ht.id  # still a zone of the congress, just not granted
