"""Corrections after publication (once approved): a new revision, a "corrected" mark and a safe diff."""

from __future__ import annotations

from sqlalchemy import select

from app.core.models import AuditEvent
from app.releases import corrections
from app.releases.diffing import diff_lines, diff_revisions
from app.releases.models import Release, ReleaseRevision

BODY = "Đại hội có **350 đại biểu** chính thức.\n\nKhai mạc lúc 8 giờ ngày 14/10.\n\nBế mạc ngày 16/10."


def test_word_level_diff_shows_exactly_what_changed():
    lines = diff_lines("Có 350 đại biểu.\nKhai mạc 8 giờ.", "Có 351 đại biểu.\nKhai mạc 8 giờ.")
    assert lines[0].kind == "changed"
    assert ("removed", "350") in lines[0].pieces and ("added", "351") in lines[0].pieces
    assert lines[1].kind == "same"


def test_added_and_removed_lines_and_gaps():
    old = "\n".join(f"dòng {n}" for n in range(10))
    new = old.replace("dòng 5", "dòng năm\nthêm một dòng")
    kinds = [line.kind for line in diff_lines(old, new)]
    assert "removed" in kinds and "added" in kinds and "gap" in kinds


def test_a_correction_makes_a_revision_and_keeps_the_old_text(db, make_user, make_release):
    release = make_release("published", body=BODY)
    officer, head = make_user("press_officer"), make_user("approver")
    correction = corrections.propose_correction(
        release,
        officer,
        title=release.title,
        summary=release.summary,
        body=BODY.replace("350", "351"),
        note="Sửa số đại biểu",
    )
    revision = corrections.approve_correction(correction, head)
    db.session.commit()
    assert revision.number == 2 and release.revision_number == 2 and release.corrected
    first, second = db.session.scalars(
        select(ReleaseRevision)
        .where(ReleaseRevision.release_id == release.id)
        .order_by(ReleaseRevision.number)
    ).all()
    assert "350" in first.body and "351" in second.body and second.change_note == "Sửa số đại biểu"
    assert "351" in release.body
    (body_diff,) = diff_revisions(first, second)
    assert body_diff.name == "body" and body_diff.changed
    assert (second.created_by_id, second.approved_by_id) == (officer.id, head.id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "release.correction_approved"))
    assert event.actor_id == head.id and event.details["revision"] == 2
    assert event.details["proposed_by"] == officer.id


def test_readers_see_the_current_text_the_mark_and_the_history(client, auth, db, make_user, make_release):
    release = make_release("published", body=BODY)
    auth.login("press_officer")
    url = f"/DH16/releases/manage/{release.id}/correct"
    response = client.submit(
        url,
        {
            "title": release.title,
            "summary": release.summary,
            "body": BODY.replace("350", "351") + "\n\n<script>alert('diff')</script>",
            "change_note": "Sửa số đại biểu <b>x</b>",
        },
    )
    assert response.status_code == 302
    auth.logout()
    correction = corrections.pending_correction(release)
    corrections.approve_correction(correction, make_user("approver"))
    db.session.commit()
    page = client.get(f"/DH16/releases/{release.id}").get_data(as_text=True)
    assert 'data-testid="corrected"' in page
    assert "351 đại biểu" in page
    history = page.split('data-testid="history"', 1)[1]
    assert "Sửa số đại biểu &lt;b&gt;x&lt;/b&gt;" in history
    assert "<del>" in history and "350" in history and "<ins>" in history and "351" in history
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;diff&#39;)&lt;/script&gt;" in history


def test_the_correction_form_refuses_a_missing_note(client, auth, db, make_release):
    release = make_release("published")
    auth.login("press_officer")
    response = client.submit(
        f"/DH16/releases/manage/{release.id}/correct",
        {"title": release.title, "summary": "", "body": "Nội dung mới", "change_note": ""},
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Release, release.id).revision_number == 1
