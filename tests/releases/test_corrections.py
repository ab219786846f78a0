"""Corrections are proposed revisions: an approver other than their author must approve them.

Until approval every reader (anonymous, journalist, staff) keeps seeing the approved text on
every surface (list, detail, search, feeds); on approval the new text goes live and the
history keeps both texts, with who proposed and who approved, and when.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
import time_machine
from sqlalchemy import select

from app.core.models import AuditEvent, OutboxMessage
from app.releases import corrections, feeds, services
from app.releases.models import Release
from app.releases.services import ReleaseError
from tests.conftest import Auth
from tests.releases.conftest import pdf_bytes, reader_clients

OLD_WORD, NEW_WORD = "oldtextq", "newtextq"
BODY = f"Đại hội có 350 đại biểu chính thức {OLD_WORD}.\n\nKhai mạc lúc 8 giờ ngày 14/10."
NEW_BODY = BODY.replace("350", "351").replace(OLD_WORD, NEW_WORD)


def _proposal(release, **overrides):
    values = {
        "title": release.title,
        "summary": release.summary,
        "body": NEW_BODY,
        "note": "Sửa số đại biểu",
    }
    values.update(overrides)
    return values


def _what_readers_see(clients, tokens, release) -> dict[str, dict[str, set[str]]]:
    """Which of the two words each reader finds on each surface."""

    def words(text: str) -> set[str]:
        return {word for word in (OLD_WORD, NEW_WORD) if word in text}

    seen = {}
    for name, client in clients.items():
        surfaces = {}
        listing = client.get("/DH16/releases/").get_data(as_text=True)
        assert release.title in listing, name
        detail = client.get(f"/DH16/releases/{release.id}")
        assert detail.status_code == 200, name
        surfaces["detail"] = words(detail.get_data(as_text=True).split('data-testid="history"', 1)[0])
        surfaces["search"] = set()
        for word in (OLD_WORD, NEW_WORD):
            page = client.get("/DH16/releases/", query_string={"q": word}).get_data(as_text=True)
            if 'data-testid="release-item"' in page:
                surfaces["search"].add(word)
        public = feedparser.parse(client.get("/DH16/releases/feed.atom").data)
        surfaces["public feed"] = words(" ".join(e.content[0].value for e in public.entries))
        if name in tokens:
            private = feedparser.parse(client.get(f"/DH16/releases/feed/{tokens[name]}.atom").data)
            surfaces["private feed"] = words(" ".join(e.content[0].value for e in private.entries))
        attachment = release.attachments[0]
        response = client.get(f"/DH16/releases/{release.id}/files/{attachment.id}")
        assert response.status_code == 200 and response.data.startswith(b"%PDF-"), name
        seen[name] = surfaces
    return seen


def _only(word: str, seen: dict) -> bool:
    return all(surface == {word} for surfaces in seen.values() for surface in surfaces.values())


def test_readers_see_the_approved_text_until_the_correction_is_approved(
    app, db, make_user, make_release, journalist, mailbox
):
    """The bug: an author's correction went live at once, without any approver.

    The author proposes through the form; every reader still sees the approved text
    everywhere. A second approver approves through the review page; then everyone
    sees the new text, and the history keeps both.
    """
    start = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as traveller:
        officer, approver = make_user("press_officer"), make_user("approver")
        release = make_release(
            body=BODY,
            author=officer,
            approver=approver,
            attachments=[("chuong-trinh.pdf", pdf_bytes())],
        )
        readers = {
            "anonymous": None,
            "journalist": journalist("central"),
            "staff": make_user("accreditation_officer"),
            "press officer": make_user("press_officer"),
        }
        tokens = {name: feeds.feed_token(user) for name, user in readers.items() if user is not None}
        db.session.commit()
        clients = reader_clients(app, make_user, readers)
        assert _only(OLD_WORD, _what_readers_see(clients, tokens, release))

        traveller.shift(timedelta(minutes=10))
        author_client = app.test_client()
        Auth(author_client, make_user).login(user=officer)
        form = {
            "title": release.title,
            "summary": release.summary,
            "body": NEW_BODY,
            "change_note": "Sửa số đại biểu",
        }
        response = author_client.submit(f"/DH16/releases/manage/{release.id}/correct", form)
        assert response.status_code == 302
        db.session.expire_all()
        assert _only(OLD_WORD, _what_readers_see(clients, tokens, release))
        assert db.session.get(Release, release.id).revision_number == 1

        from app.releases.models import ReleaseCorrection

        correction = db.session.scalar(select(ReleaseCorrection))
        assert correction.status == "proposed" and correction.proposed_by_id == officer.id
        # The author cannot approve it through any route either.
        review_url = f"/DH16/releases/manage/{release.id}/corrections/{correction.id}"
        assert author_client.get(review_url).status_code == 200
        assert author_client.submit(f"{review_url}/approve", form_url=review_url).status_code in (302, 403)
        db.session.expire_all()
        assert db.session.get(ReleaseCorrection, correction.id).status == "proposed"
        assert _only(OLD_WORD, _what_readers_see(clients, tokens, release))

        traveller.shift(timedelta(minutes=10))
        head_client = app.test_client()
        Auth(head_client, make_user).login(user=approver)
        page = head_client.get(review_url).get_data(as_text=True)
        assert "<del>" in page and "350" in page and "<ins>" in page and "351" in page  # the diff
        assert head_client.submit(f"{review_url}/approve", form_url=review_url).status_code == 302
        db.session.expire_all()
        assert _only(NEW_WORD, _what_readers_see(clients, tokens, release))

    release = db.session.get(Release, release.id)
    assert release.revision_number == 2 and release.corrected
    assert release.corrected_at == (start + timedelta(minutes=20)).replace(tzinfo=None)
    first, second = release.revisions
    assert OLD_WORD in first.body and NEW_WORD in second.body
    assert (first.created_by_id, first.approved_by_id) == (officer.id, approver.id)
    assert (second.created_by_id, second.approved_by_id) == (officer.id, approver.id)
    assert second.created_at == (start + timedelta(minutes=10)).replace(tzinfo=None)
    assert second.approved_at == (start + timedelta(minutes=20)).replace(tzinfo=None)
    assert second.change_note == "Sửa số đại biểu"


def test_an_author_cannot_approve_their_own_correction(db, make_user, make_release):
    """The four-eyes rule lives in the service: no route, no role can skip it."""
    approver = make_user("approver")
    release = make_release(body=BODY)
    correction = corrections.propose_correction(release, approver, **_proposal(release))
    db.session.commit()
    with pytest.raises(ReleaseError):
        corrections.approve_correction(correction, approver)
    with pytest.raises(ReleaseError):  # nor may a press officer, who holds no approval right
        corrections.approve_correction(correction, make_user("press_officer"))
    db.session.rollback()
    assert correction.status == "proposed" and OLD_WORD in release.body
    revision = corrections.approve_correction(correction, make_user("approver"))
    assert revision.number == 2 and NEW_WORD in release.body


def test_history_keeps_both_texts_with_who_proposed_and_who_approved(
    client, auth, db, make_user, make_release
):
    author, head = make_user("press_officer", full_name="Trần Thị Soạn"), make_user("approver")
    head.full_name = "Lê Văn Duyệt"
    release = make_release(body=BODY, author=author, approver=head)
    proposer = make_user("press_officer", full_name="Phạm Đính Chính")
    correction = corrections.propose_correction(release, proposer, **_proposal(release))
    corrections.approve_correction(correction, head)
    db.session.commit()

    auth.login("press_officer")
    page = client.get(f"/DH16/releases/manage/{release.id}/history").get_data(as_text=True)
    rows = page.split('data-testid="revision-')[1:]
    assert len(rows) == 2
    assert OLD_WORD in page and NEW_WORD in page
    assert "Trần Thị Soạn" in rows[0] and "Lê Văn Duyệt" in rows[0]
    assert "Phạm Đính Chính" in rows[1] and "Lê Văn Duyệt" in rows[1] and "Sửa số đại biểu" in rows[1]
    # readers: the public history shows the note and the diff
    auth.logout()
    public = client.get(f"/DH16/releases/{release.id}").get_data(as_text=True)
    history = public.split('data-testid="history"', 1)[1]
    assert "Sửa số đại biểu" in history and "<del>" in history and "<ins>" in history


def test_a_correction_sent_back_leaves_the_text_and_tells_the_author(db, make_user, make_release):
    release = make_release(body=BODY)
    proposer, head = make_user("press_officer"), make_user("approver")
    correction = corrections.propose_correction(release, proposer, **_proposal(release))
    with pytest.raises(ReleaseError):  # a second proposal while one waits
        corrections.propose_correction(release, proposer, **_proposal(release, note="Lần hai"))
    with pytest.raises(ReleaseError):  # a reason is required
        corrections.return_correction(correction, head, "  ")
    corrections.return_correction(correction, head, "Số liệu chưa được xác nhận")
    db.session.commit()
    assert correction.status == "returned" and correction.review_note == "Số liệu chưa được xác nhận"
    assert OLD_WORD in release.body and release.revision_number == 1
    with pytest.raises(ReleaseError):  # a returned proposal cannot be approved afterwards
        corrections.approve_correction(correction, head)
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == proposer.email)).all()
    assert any("Số liệu chưa được xác nhận" in m.body_text for m in mails)
    # the author may propose again
    again = corrections.propose_correction(release, proposer, **_proposal(release, note="Lần hai"))
    assert again.status == "proposed"


def test_every_step_is_audited_and_notified(db, make_user, make_release):
    head, other_head = make_user("approver"), make_user("approver")
    release = make_release(body=BODY, approver=head)
    proposer = make_user("press_officer")
    first = corrections.propose_correction(release, proposer, **_proposal(release))
    corrections.return_correction(first, head, "Thiếu nguồn")
    second = corrections.propose_correction(release, proposer, **_proposal(release, note="Đã bổ sung nguồn"))
    corrections.approve_correction(second, other_head)
    db.session.commit()
    trail = [
        (event.action, event.actor_id)
        for event in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("release.correction%")).order_by(AuditEvent.id)
        )
    ]
    assert trail == [
        ("release.correction_proposed", proposer.id),
        ("release.correction_returned", head.id),
        ("release.correction_proposed", proposer.id),
        ("release.correction_approved", other_head.id),
    ]
    recipients = [m.recipient for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
    # each proposal reaches both approvers; the author hears of the return and the approval
    assert recipients[-6:] == [
        head.email,
        other_head.email,
        proposer.email,
        head.email,
        other_head.email,
        proposer.email,
    ]


def test_a_proposal_needs_a_live_release_a_note_and_a_change(make_user, make_release, in_an_hour):
    officer = make_user("press_officer")
    scheduled = make_release("approved", embargo_until=in_an_hour)
    text = {"title": scheduled.title, "summary": scheduled.summary, "body": "Khác"}
    with pytest.raises(ReleaseError):
        corrections.propose_correction(scheduled, officer, note="x", **text)
    published = make_release("published")
    with pytest.raises(ReleaseError):
        corrections.propose_correction(published, officer, note="", **text)
    same = {"title": published.title, "summary": published.summary, "body": published.body}
    with pytest.raises(ReleaseError):
        corrections.propose_correction(published, officer, note="Không đổi gì", **same)
    with pytest.raises(ReleaseError):
        corrections.propose_correction(published, make_user("journalist"), note="x", **text)


def test_a_withdrawn_release_cannot_take_a_pending_correction(db, make_user, make_release):
    from app.releases.models import ReleaseRevision

    release = make_release(body=BODY)
    head = make_user("approver")
    correction = corrections.propose_correction(release, make_user("press_officer"), **_proposal(release))
    services.withdraw_release(release, head, "Sai số liệu")
    with pytest.raises(ReleaseError):
        corrections.approve_correction(correction, head)
    assert db.session.scalar(select(ReleaseRevision.number).order_by(ReleaseRevision.number.desc())) == 1


def test_an_approver_who_proposed_is_refused_at_the_approve_route(client, auth, db, make_release):
    release = make_release(body=BODY)
    head = auth.login("approver")
    form = {"title": release.title, "summary": release.summary, "body": NEW_BODY, "change_note": "Sửa số"}
    assert client.submit(f"/DH16/releases/manage/{release.id}/correct", form).status_code == 302
    correction = corrections.pending_correction(release)
    review_url = f"/DH16/releases/manage/{release.id}/corrections/{correction.id}"
    page = client.get(review_url).get_data(as_text=True)
    assert 'data-testid="approve-correction"' not in page and 'data-testid="awaiting-other"' in page
    response = client.submit(f"{review_url}/approve", form_url=review_url, follow_redirects=True)
    # the service's refusal, shown as the flash message
    assert "Bạn đã đề xuất đính chính này: một người duyệt khác phải xem xét." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert correction.status == "proposed" and correction.proposed_by_id == head.id
    assert OLD_WORD in db.session.get(Release, release.id).body


def test_the_author_corrects_again_from_the_returned_text(client, auth, db, make_user, make_release):
    release = make_release(body=BODY)
    officer = auth.login("press_officer")
    form = {"title": release.title, "summary": release.summary, "body": NEW_BODY, "change_note": "Sửa số"}
    client.submit(f"/DH16/releases/manage/{release.id}/correct", form)
    corrections.return_correction(
        corrections.pending_correction(release), make_user("approver"), "Ghi rõ nguồn"
    )
    db.session.commit()
    page = client.get(f"/DH16/releases/manage/{release.id}/correct").get_data(as_text=True)
    assert "Ghi rõ nguồn" in page and NEW_WORD in page  # the reason, and the returned text to start from
    form["change_note"] = "Sửa số, theo danh sách của Ban Tổ chức"
    assert client.submit(f"/DH16/releases/manage/{release.id}/correct", form).status_code == 302
    pending = corrections.pending_correction(release)
    assert pending.proposed_by_id == officer.id and pending.change_note.startswith("Sửa số, theo")


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_the_history_of_a_release_not_yet_approved_is_empty_not_an_error(client, auth, make_release, status):
    """Found by the generated-input walk: a draft has no revision yet, and its history page was a 500."""
    release = make_release(status)
    auth.login("press_officer")
    response = client.get(f"/DH16/releases/manage/{release.id}/history")
    assert response.status_code == 200
    assert 'data-testid="revision-' not in response.get_data(as_text=True)
