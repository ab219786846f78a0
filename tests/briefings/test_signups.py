"""Accredited journalists sign up and cancel; a full conference has a waitlist that moves up in order."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from app.briefings.models import Signup
from app.core.models import AuditEvent
from app.extensions import limiter
from tests.conftest import PASSWORD


def _sign_in(client, user):
    """Sign in through the form (the sign-in rate limit is reset: these are many people on one IP)."""
    limiter.reset()
    response = client.submit("/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_sign_up_then_cancel(client, auth, db, make_conference, accredited, signups_of):
    conference = make_conference(capacity=2)
    journalist = accredited()
    auth.login(user=journalist)
    page = client.get(f"/DH16/briefings/{conference.id}").get_data(as_text=True)
    assert "Đăng ký tham dự" in page
    response = client.submit(
        f"/DH16/briefings/{conference.id}/signup", form_url=f"/DH16/briefings/{conference.id}"
    )
    assert response.status_code == 302
    (signup,) = signups_of(conference.id)
    assert signup.status == "registered" and signup.position is None
    page = client.get(f"/DH16/briefings/{conference.id}").get_data(as_text=True)
    assert "Bạn đã có chỗ" in page and "Đã đăng ký 1/2 chỗ" in page
    # Signing up twice changes nothing.
    client.submit(f"/DH16/briefings/{conference.id}/signup", form_url=f"/DH16/briefings/{conference.id}")
    assert len(signups_of(conference.id)) == 1

    client.submit(
        f"/DH16/briefings/{conference.id}/signup/cancel", form_url=f"/DH16/briefings/{conference.id}"
    )
    (signup,) = signups_of(conference.id)
    assert signup.status == "cancelled" and signup.cancelled_at is not None
    # … and back again: the same row is reused (one row per person and conference).
    client.submit(f"/DH16/briefings/{conference.id}/signup", form_url=f"/DH16/briefings/{conference.id}")
    (signup,) = signups_of(conference.id)
    assert signup.status == "registered"
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("briefings.signup%")).order_by(AuditEvent.id)
    ).all()
    assert actions == ["briefings.signup", "briefings.signup.cancel", "briefings.signup"]


def test_waitlist_positions_and_moving_up(client, app, db, make_conference, accredited, signups_of, mailbox):
    conference = make_conference(capacity=1, title="Họp báo trước Đại hội")
    people = [accredited() for _ in range(4)]
    clients = []
    for person in people:
        c = app.test_client()
        _sign_in(c, person)
        c.submit(f"/DH16/briefings/{conference.id}/signup", form_url=f"/DH16/briefings/{conference.id}")
        clients.append(c)
    rows = signups_of(conference.id)
    assert [(r.status, r.position) for r in rows] == [
        ("registered", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
        ("waitlisted", 3),
    ]
    page = clients[2].get(f"/DH16/briefings/{conference.id}").get_data(as_text=True)
    assert "Bạn đang ở vị trí số 2 trong danh sách chờ" in page
    assert "Danh sách chờ: số 2" in clients[2].get("/DH16/briefings/mine").get_data(as_text=True)

    # Number 2 leaves the waitlist: number 3 becomes number 2.
    clients[2].submit(
        f"/DH16/briefings/{conference.id}/signup/cancel", form_url=f"/DH16/briefings/{conference.id}"
    )
    assert [(r.status, r.position) for r in signups_of(conference.id)] == [
        ("registered", None),
        ("waitlisted", 1),
        ("cancelled", None),
        ("waitlisted", 2),
    ]
    # The seat holder leaves: number 1 gets the seat and an e-mail, number 2 becomes number 1.
    clients[0].submit(
        f"/DH16/briefings/{conference.id}/signup/cancel", form_url=f"/DH16/briefings/{conference.id}"
    )
    rows = signups_of(conference.id)
    assert [(r.status, r.position) for r in rows] == [
        ("cancelled", None),
        ("registered", None),
        ("cancelled", None),
        ("waitlisted", 1),
    ]
    assert rows[1].promoted_at is not None
    assert mailbox.deliver() == 1
    (message,) = mailbox.to(people[1].email)
    assert message["Subject"] == "Bạn đã có chỗ: Họp báo trước Đại hội"
    assert f"http://localhost/DH16/briefings/{conference.id}" in mailbox.body(message)


def test_not_accredited_journalists_see_an_explanation_and_cannot_sign_up(
    client, auth, db, make_conference, make_application, signups_of
):
    conference = make_conference(visibility="public")
    hidden = make_conference(visibility="accredited", title="Họp báo nội bộ")
    pending = make_application(status="submitted").user
    auth.login(user=pending)
    page = client.get(f"/DH16/briefings/{conference.id}").get_data(as_text=True)
    assert 'data-testid="not-accredited"' in page
    assert "Chỉ phóng viên có hồ sơ đăng ký tác nghiệp đã được duyệt" in page
    assert f"/DH16/briefings/{conference.id}/signup" not in page
    response = client.submit(
        f"/DH16/briefings/{conference.id}/signup", form_url=f"/DH16/briefings/{conference.id}"
    )
    assert response.status_code == 302
    assert signups_of(conference.id) == []
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chỉ phóng viên đã được duyệt cấp thẻ tác nghiệp mới đăng ký được." in follow
    # Conferences for accredited journalists stay hidden from them.
    assert client.get(f"/DH16/briefings/{hidden.id}").status_code == 404
    agenda = client.get("/DH16/briefings/agenda").get_data(as_text=True)
    assert "Họp báo nội bộ" not in agenda and "Chỉ hiển thị các họp báo công khai" in agenda


def test_sign_up_closes_at_the_start_and_for_cancelled_conferences(
    client, auth, db, make_conference, accredited, signups_of, time_machine
):
    started = make_conference(starts_in=timedelta(minutes=-5))
    cancelled = make_conference(status="cancelled")
    auth.login(user=accredited())
    for conference, message in ((started, "Đã hết hạn đăng ký"), (cancelled, "Họp báo này đã bị hủy.")):
        response = client.submit(
            f"/DH16/briefings/{conference.id}/signup", form_url=f"/DH16/briefings/{conference.id}"
        )
        assert message in client.get(response.headers["Location"]).get_data(as_text=True)
        assert signups_of(conference.id) == []


def test_staff_cannot_sign_up(client, auth, make_conference):
    conference = make_conference()
    auth.login("press_officer")
    token = client.csrf_token(f"/DH16/briefings/{conference.id}")
    assert (
        client.post(f"/DH16/briefings/{conference.id}/signup", data={"csrf_token": token}).status_code == 403
    )


def test_twenty_simultaneous_signups_for_five_seats(
    app, db, make_conference, accredited, signups_of, mailbox
):
    """Row lock (PostgreSQL) or BEGIN IMMEDIATE (SQLite): exactly 5 seats, 15 distinct waitlist places."""
    conference = make_conference(capacity=5, title="Họp báo công bố kết quả Đại hội")
    url = f"/DH16/briefings/{conference.id}/signup"
    people = [accredited() for _ in range(20)]
    prepared = []
    for person in people:
        c = app.test_client()
        _sign_in(c, person)
        prepared.append((c, c.csrf_token(f"/DH16/briefings/{conference.id}")))
    db.session.commit()
    barrier = threading.Barrier(len(prepared))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def run(c, token):
        try:
            with app.app_context():
                barrier.wait()
                statuses.append(c.post(url, data={"csrf_token": token}).status_code)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=pair) for pair in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and statuses == [302] * 20

    rows = signups_of(conference.id)
    registered = [r for r in rows if r.status == "registered"]
    waitlisted = sorted((r for r in rows if r.status == "waitlisted"), key=lambda r: r.position)
    assert len(rows) == 20 and len(registered) == 5 and len(waitlisted) == 15
    assert [r.position for r in waitlisted] == list(range(1, 16))

    # One seat holder cancels: the first on the waitlist moves up and is e-mailed.
    first_waiting = waitlisted[0]
    holder = next(c for (c, _t), p in zip(prepared, people, strict=True) if p.id == registered[0].user_id)
    holder.submit(
        f"/DH16/briefings/{conference.id}/signup/cancel", form_url=f"/DH16/briefings/{conference.id}"
    )
    rows = signups_of(conference.id)
    promoted = next(r for r in rows if r.id == first_waiting.id)
    assert promoted.status == "registered" and promoted.position is None
    assert sum(r.status == "registered" for r in rows) == 5
    assert sorted(r.position for r in rows if r.status == "waitlisted") == list(range(1, 15))
    mailbox.deliver()
    promoted_email = next(p.email for p in people if p.id == promoted.user_id)
    (message,) = mailbox.to(promoted_email)
    assert "Họp báo công bố kết quả Đại hội" in message["Subject"]
    assert len(mailbox.messages) == 1


def test_the_unique_constraint_keeps_one_row_per_person(db, make_conference, accredited):
    import pytest
    from sqlalchemy.exc import IntegrityError

    conference = make_conference()
    person = accredited()
    db.session.add(Signup(conference_id=conference.id, user_id=person.id, status="registered"))
    db.session.commit()
    db.session.add(Signup(conference_id=conference.id, user_id=person.id, status="waitlisted", position=1))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
