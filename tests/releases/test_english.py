"""Foreign reporters read a release's English title and summary when they choose English: on
the list, the page, the public feed (``?lang=en``), their private feed and their e-mail; the
Vietnamese reader keeps the Vietnamese; no English version means the Vietnamese for everyone."""

from __future__ import annotations

from sqlalchemy import select

from app.core.models import OutboxMessage
from app.releases import corrections, feeds, services
from app.releases.models import Release

VI_TITLE = "Thông cáo báo chí về phiên khai mạc Đại hội"
EN_TITLE = "Press release on the opening session of the Congress"
EN_SUMMARY = "The Congress opened with 350 delegates."


def _write(client, auth, officer, **english):
    auth.login("press_officer", user=officer)
    data = {
        "title": VI_TITLE,
        "summary": "Đại hội khai mạc với 350 đại biểu.",
        "body": "Sáng nay, Đại hội **khai mạc** trọng thể.",
        "category": "press_release",
        "audience": "public",
        **english,
    }
    response = client.submit("/DH16/releases/new", data)
    auth.logout()
    return response


def test_an_english_reader_sees_the_english_title_everywhere(db, client, auth, make_user, journalist):
    officer, approver = make_user("press_officer"), make_user("approver")
    foreign = journalist("foreign", language="en")
    response = _write(client, auth, officer, title_en=EN_TITLE, summary_en=EN_SUMMARY)
    assert response.status_code == 302
    release = db.session.scalars(select(Release)).one()
    assert (release.title_en, release.summary_en) == (EN_TITLE, EN_SUMMARY)
    services.submit_for_review(release, officer)
    services.approve_release(release, approver)
    db.session.commit()

    vietnamese = client.get("/DH16/releases/").get_data(as_text=True)
    assert VI_TITLE in vietnamese and EN_TITLE not in vietnamese
    client.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    english = client.get("/DH16/releases/").get_data(as_text=True)
    assert EN_TITLE in english and EN_SUMMARY in english and VI_TITLE not in english
    page = client.get(f"/DH16/releases/{release.id}").get_data(as_text=True)
    assert EN_TITLE in page and "khai mạc</strong> trọng thể" in page  # the text stays Vietnamese
    assert 'href="/DH16/releases/feed.atom?lang=en"' in english

    atom_vi = client.get("/DH16/releases/feed.atom").get_data(as_text=True)
    atom_en = client.get("/DH16/releases/feed.atom?lang=en").get_data(as_text=True)
    assert VI_TITLE in atom_vi and EN_TITLE not in atom_vi
    assert EN_TITLE in atom_en and EN_SUMMARY in atom_en
    assert client.get("/DH16/releases/feed.atom?lang=xx").get_data(as_text=True) == atom_vi

    token = feeds.feed_token(foreign)
    db.session.commit()
    private = client.get(f"/DH16/releases/feed/{token}.atom").get_data(as_text=True)
    assert EN_TITLE in private  # the owner reads English
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == foreign.email)).first()
    assert mail is not None and EN_TITLE in mail.subject


def test_without_an_english_version_everyone_reads_the_vietnamese(db, client, auth, make_user):
    officer, approver = make_user("press_officer"), make_user("approver")
    _write(client, auth, officer)
    release = db.session.scalars(select(Release)).one()
    services.submit_for_review(release, officer)
    services.approve_release(release, approver)
    db.session.commit()
    client.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    assert VI_TITLE in client.get("/DH16/releases/").get_data(as_text=True)
    assert VI_TITLE in client.get("/DH16/releases/feed.atom?lang=en").get_data(as_text=True)


def test_a_wrong_english_title_is_corrected_like_the_vietnamese(db, make_release, make_user):
    officer, approver = make_user("press_officer"), make_user("approver")
    release = make_release("published", author=officer, approver=make_user("approver"))
    correction = corrections.propose_correction(
        release,
        officer,
        title=release.title,
        summary=release.summary,
        body=release.body,
        title_en="Programme of the Congress",
        note="Thêm tiêu đề tiếng Anh.",
    )
    corrections.approve_correction(correction, approver)
    db.session.commit()
    assert release.title_en == "Programme of the Congress" and release.corrected


def test_an_overlong_english_title_is_refused_and_nothing_is_saved(db, client, auth, make_user):
    response = _write(client, auth, make_user("press_officer"), title_en="x" * 201)
    assert response.status_code == 400
    assert "quá dài" in response.get_data(as_text=True)
    assert db.session.scalar(select(Release.id)) is None
