"""The review workflow: draft → in_review → approved → published → withdrawn, four eyes, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.core import outbox
from app.core.models import AuditEvent
from app.core.timeutil import utcnow
from app.releases import services
from app.releases.models import Release
from app.releases.services import ReleaseError


def _actions(db, release) -> list[str]:
    return db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.subject_type == "Release", AuditEvent.subject_id == str(release.id))
        .order_by(AuditEvent.id)
    ).all()


def test_release_goes_through_every_state_and_each_step_is_audited(db, make_user, make_release):
    officer, approver = make_user("press_officer"), make_user("approver")
    release = make_release("draft", author=officer)
    assert release.status == "draft" and release.publish_at is None

    services.submit_for_review(release, officer)
    assert release.status == "in_review"
    services.approve_release(release, approver)
    # No embargo: approval publishes at once, with revision 1 holding the approved text.
    assert release.status == "published"
    assert release.approver_id == approver.id
    assert [r.number for r in release.revisions] == [1]
    services.withdraw_release(release, approver, "Thông tin chưa chính xác")
    db.session.commit()
    assert release.status == "withdrawn"
    assert _actions(db, release) == [
        "release.created",
        "release.submitted",
        "release.approved",
        "release.published",
        "release.withdrawn",
    ]


def test_an_author_never_approves_their_own_release(app, db, make_user, make_release):
    # An approver may also write; their own release still needs another approver.
    head = make_user("approver")
    release = make_release("in_review", author=head)
    with pytest.raises(ReleaseError) as refused:
        services.approve_release(release, head)
    with app.test_request_context():
        assert "phê duyệt khác" in str(refused.value)  # Vietnamese by default
    assert release.status == "in_review"
    services.approve_release(release, make_user("approver"))
    assert release.status == "published"


def test_self_approval_is_refused_over_http_too(client, auth, db, make_release):
    head = auth.login("approver")
    release = make_release("in_review", author=head)
    response = client.submit(
        f"/DH16/releases/manage/{release.id}/approve", form_url=f"/DH16/releases/manage/{release.id}"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Release, release.id).status == "in_review"
    page = client.get(f"/DH16/releases/manage/{release.id}").get_data(as_text=True)
    assert "another approver" in page or "phê duyệt khác" in page
    assert "release.approved" not in _actions(db, release)


def test_a_press_officer_cannot_approve(client, auth, make_release):
    auth.login("press_officer")
    release = make_release("in_review")
    token = client.csrf_token("/DH16/releases/manage")
    response = client.post(f"/DH16/releases/manage/{release.id}/approve", data={"csrf_token": token})
    assert response.status_code == 403


def test_only_the_author_edits_a_draft(db, make_user, make_release):
    release = make_release("draft")
    other = make_user("press_officer")
    with pytest.raises(ReleaseError):
        services.update_release(
            release,
            other,
            title="Khác",
            summary="",
            body="x",
            category="speech",
            audience="public",
            embargo_until=None,
        )
    with pytest.raises(ReleaseError):
        services.submit_for_review(release, other)


def test_steps_out_of_order_are_refused(make_user, make_release):
    approver = make_user("approver")
    draft = make_release("draft")
    with pytest.raises(ReleaseError):
        services.approve_release(draft, approver)
    with pytest.raises(ReleaseError):
        services.withdraw_release(draft, approver, "x")
    published = make_release("published")
    with pytest.raises(ReleaseError):
        services.approve_release(published, approver)
    with pytest.raises(ReleaseError):
        services.return_to_author(published, approver, "Sửa lại")


def test_approver_sends_back_with_a_note_and_the_author_is_told(db, make_user, make_release, mailbox):
    officer = make_user("press_officer", email="pv.baochi@tinh.vn")
    release = make_release("in_review", author=officer)
    services.return_to_author(release, make_user("approver"), "Bổ sung số đại biểu")
    db.session.commit()
    assert release.status == "draft" and release.review_note == "Bổ sung số đại biểu"
    mailbox.deliver()
    (message,) = mailbox.to("pv.baochi@tinh.vn")
    assert "Bổ sung số đại biểu" in mailbox.body(message)
    # The author can change it again and resubmit.
    services.submit_for_review(release, officer)
    assert release.status == "in_review"


def test_a_scheduled_release_can_still_be_sent_back_before_its_time(db, make_user, make_release, in_an_hour):
    approver = make_user("approver")
    release = make_release("approved", approver=approver, embargo_until=in_an_hour)
    assert release.status == "approved" and release.publish_at == in_an_hour
    services.return_to_author(release, approver, "Đổi giờ công bố")
    db.session.commit()
    assert release.status == "draft" and release.publish_at is None and release.revisions == []


def test_embargoed_release_is_published_by_the_outbox_worker(db, make_user, make_release, journalist):
    reader = journalist("local")
    embargo = utcnow() + timedelta(minutes=30)
    release = make_release("approved", embargo_until=embargo, audience="accredited")
    assert release.status == "approved"
    assert services.publish_due_releases in outbox.PERIODIC_JOBS
    assert outbox.run_once()["publish_due_releases"] == 0
    with time_machine.travel(embargo + timedelta(seconds=1), tick=False):
        result = outbox.run_once()
    assert result["publish_due_releases"] == 1
    db.session.expire_all()
    release = db.session.get(Release, release.id)
    assert release.status == "published"
    assert release.publish_at == embargo  # readers' clock: the embargo time, not the worker's pass
    assert "release.published" in _actions(db, release)
    assert result["sent"] >= 1  # the audience's e-mail went out in the same pass
    assert reader.email in {m.recipient for m in _sent(db)}


def _sent(db):
    from app.core.models import OutboxMessage

    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "sent")).all()


def test_publication_emails_one_message_per_member_of_the_audience(
    db, make_user, make_release, journalist, mailbox
):
    central = [journalist("central") for _ in range(2)]
    local = journalist("local")
    nobody = journalist(None)
    staff = make_user("press_officer")
    approver = make_user("approver")

    def readers_mailed():
        # The approver also gets a "waiting for approval" e-mail; only readers count here.
        return sorted(m["To"] for m in mailbox.messages if m["To"] != approver.email)

    make_release(
        "published",
        title="Chỉ dành cho báo chí Trung ương",
        audience="central",
        author=staff,
        approver=approver,
    )
    mailbox.deliver()
    assert readers_mailed() == sorted(u.email for u in central)
    mailbox.clear()
    make_release(
        "published", title="Thông cáo công khai số 3", audience="public", author=staff, approver=approver
    )
    mailbox.deliver()
    assert readers_mailed() == sorted(u.email for u in [*central, local])
    assert nobody.email not in {m["To"] for m in mailbox.messages}


def test_approving_with_a_passed_embargo_publishes_now(db, make_user, make_release):
    with time_machine.travel(utcnow(), tick=False) as traveller:
        release = make_release("in_review", embargo_until=utcnow() + timedelta(minutes=5))
        traveller.shift(timedelta(minutes=10))
        services.approve_release(release, make_user("approver"))
        assert release.status == "published"
        assert release.publish_at == utcnow()


def test_the_approver_approves_through_the_pages(client, auth, db, make_user, make_release):
    release = make_release("in_review")
    auth.login("approver")
    page = client.get(f"/DH16/releases/manage/{release.id}").get_data(as_text=True)
    assert f"/DH16/releases/manage/{release.id}/approve" in page
    response = client.submit(
        f"/DH16/releases/manage/{release.id}/approve", form_url=f"/DH16/releases/manage/{release.id}"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Release, release.id).status == "published"


def test_withdraw_needs_a_reason(client, auth, db, make_release):
    release = make_release("published")
    auth.login("approver")
    url = f"/DH16/releases/manage/{release.id}/withdraw"
    client.submit(url, {"withdraw-note": ""}, form_url=f"/DH16/releases/manage/{release.id}")
    db.session.expire_all()
    assert db.session.get(Release, release.id).status == "published"
    client.submit(url, {"withdraw-note": "Sai danh sách"}, form_url=f"/DH16/releases/manage/{release.id}")
    db.session.expire_all()
    assert db.session.get(Release, release.id).status == "withdrawn"
    assert client.get(f"/DH16/releases/{release.id}").status_code == 200  # staff still open it
    auth.logout()
    assert client.get(f"/DH16/releases/{release.id}").status_code == 404


def test_a_late_worker_never_makes_the_status_and_the_page_disagree(client, auth, db, make_release):
    """Past its embargo, before the worker's pass: readers see it, so staff see "published"."""
    embargo = utcnow() + timedelta(minutes=30)
    release = make_release("approved", embargo_until=embargo)
    auth.login("press_officer")
    manage = client.get("/DH16/releases/manage").get_data(as_text=True)
    assert 'data-status="approved"' in manage
    with time_machine.travel(embargo + timedelta(minutes=5), tick=False):
        assert services.shown_status(release) == "published"
        manage = client.get("/DH16/releases/manage").get_data(as_text=True)
        page = client.get(f"/DH16/releases/{release.id}").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Release, release.id).status == "approved"  # the worker has not run
    assert 'data-status="published"' in manage and 'data-status="approved"' not in manage
    assert "Đã duyệt, chờ công bố" not in page
