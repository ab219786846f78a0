"""Questions sent in advance: only by signed-up journalists, reviewed by press officers, printed for speakers."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy import func, select

from app.briefings.models import Question, Signup


def _ask(client, conference, text):
    return client.submit(
        f"/DH16/briefings/{conference.id}/questions/new",
        {"text": text},
        form_url=f"/DH16/briefings/{conference.id}",
    )


def test_only_signed_up_journalists_can_ask(client, auth, db, make_conference, accredited):
    conference = make_conference()
    journalist = accredited()
    auth.login(user=journalist)
    page = client.get(f"/DH16/briefings/{conference.id}").get_data(as_text=True)
    assert "Gửi câu hỏi" not in page
    response = _ask(client, conference, "Tỉnh có bao nhiêu đại biểu dự Đại hội?")
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hãy đăng ký tham dự họp báo trước" in follow
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0

    db.session.add(
        Signup(conference_id=conference.id, user_id=journalist.id, status="waitlisted", position=1)
    )
    db.session.commit()
    response = _ask(client, conference, "Tỉnh có bao nhiêu đại biểu dự Đại hội?")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã gửi câu hỏi." in page and "Chờ duyệt" in page
    question = db.session.scalar(select(Question))
    assert question.status == "pending" and question.user_id == journalist.id


def test_bad_questions_are_refused(client, auth, db, make_conference, accredited):
    conference = make_conference()
    journalist = accredited()
    db.session.add(Signup(conference_id=conference.id, user_id=journalist.id, status="registered"))
    db.session.commit()
    auth.login(user=journalist)
    for text, message in (("", "Vui lòng nhập câu hỏi."), ("x" * 1001, "Câu hỏi dài từ 5 đến 1000 ký tự.")):
        response = _ask(client, conference, text)
        assert message in client.get(response.headers["Location"]).get_data(as_text=True)
    for n in range(5):
        _ask(client, conference, f"Câu hỏi số {n + 1} về công tác nhân sự?")
    response = _ask(client, conference, "Câu hỏi thứ sáu?")
    assert "Bạn đã gửi 5 câu hỏi" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Question)) == 5


def test_questions_close_when_the_conference_starts(
    client, auth, db, make_conference, accredited, time_machine
):
    conference = make_conference(starts_in=timedelta(hours=1))
    journalist = accredited()
    db.session.add(Signup(conference_id=conference.id, user_id=journalist.id, status="registered"))
    db.session.commit()
    auth.login(user=journalist)
    token = client.csrf_token(f"/DH16/briefings/{conference.id}")
    time_machine.move_to(conference.starts_at.replace(tzinfo=UTC) + timedelta(minutes=1), tick=False)
    response = client.post(
        f"/DH16/briefings/{conference.id}/questions/new", data={"text": "Câu hỏi muộn?", "csrf_token": token}
    )
    assert "Chỉ nhận câu hỏi trước khi họp báo bắt đầu." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_officer_approves_rejects_and_prints(
    client, auth, db, make_conference, make_speaker, accredited, make_organisation
):
    speaker = make_speaker("Nguyễn Văn Bình", "Trưởng Ban Tuyên giáo Tỉnh ủy")
    conference = make_conference(title="Họp báo trước Đại hội", speakers=[speaker])
    journalist = accredited(organisation=make_organisation("Báo Nhân Dân"), full_name="Phạm Thu Trang")
    kept = Question(conference_id=conference.id, user_id=journalist.id, text="Đại hội bầu bao nhiêu ủy viên?")
    dropped = Question(conference_id=conference.id, user_id=journalist.id, text="Câu hỏi ngoài lề")
    db.session.add_all([kept, dropped])
    db.session.commit()
    auth.login("press_officer")
    page = client.get(f"/DH16/briefings/{conference.id}/questions").get_data(as_text=True)
    assert "Đại hội bầu bao nhiêu ủy viên?" in page and "Báo Nhân Dân" in page
    url = f"/DH16/briefings/{conference.id}/questions"
    assert client.submit(f"/DH16/briefings/questions/{kept.id}/approve", form_url=url).status_code == 302
    assert client.submit(f"/DH16/briefings/questions/{dropped.id}/reject", form_url=url).status_code == 302
    db.session.expire_all()
    assert (kept.status, dropped.status) == ("approved", "rejected")
    assert kept.decided_by_id is not None
    printed = client.get(f"/DH16/briefings/{conference.id}/questions/print").get_data(as_text=True)
    assert "Đại hội bầu bao nhiêu ủy viên?" in printed and "Phạm Thu Trang, Báo Nhân Dân" in printed
    assert "Câu hỏi ngoài lề" not in printed
    assert "Nguyễn Văn Bình (Trưởng Ban Tuyên giáo Tỉnh ủy)" in printed
    assert "print.css" in printed and "print.js" in printed and "onclick" not in printed
    # The journalist sees the decisions.
    auth.logout()
    auth.login(user=journalist)
    mine = client.get(f"/DH16/briefings/{conference.id}").get_data(as_text=True)
    assert "Đã duyệt" in mine and "Không được chọn" in mine
    assert client.submit(f"/DH16/briefings/questions/{kept.id}/approve", form_url="/").status_code == 403


def test_unknown_decision_or_question_is_404(client, auth):
    auth.login("press_officer")
    assert client.submit("/DH16/briefings/questions/999999/approve", form_url="/").status_code == 404
    assert client.submit("/DH16/briefings/questions/1/delete", form_url="/").status_code == 404
