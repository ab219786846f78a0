"""Live notices: targets, muting, once per person and channel on every retry, bad input,
automatic notices from releases and conferences, and the hall screen's address."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from app.badges.services import issue_badge
from app.checkin.models import Gate, Scan
from app.core.models import OutboxMessage
from app.core.timeutil import utcnow
from app.events.services import current_event_id
from app.extensions import db
from app.notices import push, services
from app.notices.models import Notice, NoticeDelivery, NoticeMute
from tests.notices.conftest import move


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def recipients(notice) -> set[int]:
    return set(
        db.session.scalars(
            select(NoticeDelivery.user_id).where(
                NoticeDelivery.notice_id == notice.id, NoticeDelivery.channel == "page"
            )
        )
    )


def test_each_target_reaches_exactly_its_people(journalist, officer, make_zone, make_user):
    hall = make_zone("HT", "Hội trường")
    central, _ = journalist("central", "reporter", zones=("PC",))
    local_photo, photo_app = journalist("local", "photographer", zones=("PC", "HT"))
    foreign, foreign_app = journalist("foreign", "camera", zones=("PC",))
    journalist("central", "reporter", status="submitted")  # not accredited: never a recipient
    event_id = current_event_id()

    def send(target, value=""):
        notice = services.send_notice(event_id, "Thông báo thử", target, value, author=officer)
        db.session.commit()
        return recipients(notice)

    assert send("all") == {central.id, local_photo.id, foreign.id}
    assert send("category", "photographer") == {local_photo.id}
    assert send("zone", str(hall.id)) == {local_photo.id}
    assert send("level", "foreign") == {foreign.id}
    # On site today: an accepted scan of their badge today (a denied one does not count).
    gate = Gate(name="Cổng A", zone_id=hall.id, direction="in")
    db.session.add(gate)
    db.session.flush()
    for application, result in ((photo_app, "accepted"), (foreign_app, "denied")):
        badge = issue_badge(application, officer)
        db.session.flush()
        db.session.add(Scan(token_hash="x" * 64, badge_id=badge.id, gate_id=gate.id, result=result))
    db.session.commit()
    assert send("onsite") == {local_photo.id}


def test_a_target_matching_nobody_or_bad_text_is_refused_and_nothing_is_written(journalist, officer):
    journalist("central")
    event_id = current_event_id()
    cases = [
        (("Thông báo", "level", "foreign"), "Không có ai thuộc đối tượng này"),
        (("Thông báo", "onsite", ""), "Không có ai thuộc đối tượng này"),
        (("x" * 401, "all", ""), "tối đa 400"),
        (("   ", "all", ""), "Hãy viết thông báo"),
        (("Thông báo", "zone", "99999"), "không có trong đại hội"),
        (("Thông báo", "category", ""), "Hãy chọn nhóm"),
        (("Thông báo", "everyone", ""), "Hãy chọn người nhận"),
    ]
    for (body, target, value), message in cases:
        with pytest.raises(services.NoticeError, match=message):
            services.send_notice(event_id, body, target, value, author=officer)
        db.session.rollback()
    assert count(Notice) == count(NoticeDelivery) == count(OutboxMessage) == 0


def test_the_form_refuses_bad_input_with_a_clear_message(client, auth, journalist):
    journalist("central")
    auth.login("press_officer")
    response = client.submit("/DH16/notices/", {"body": "Đổi phòng", "target": "level", "level": "foreign"})
    assert response.status_code == 400
    assert "Không có ai" in response.get_data(as_text=True) or "Nobody" in response.get_data(as_text=True)
    response = client.submit("/DH16/notices/", {"body": "ư" * 401, "target": "all"})
    assert response.status_code == 400
    assert "400" in response.get_data(as_text=True)
    response = client.submit("/DH16/notices/", {"body": "", "target": "all"})
    assert response.status_code == 400
    assert count(Notice) == count(OutboxMessage) == 0
    response = client.submit("/DH16/notices/", {"body": "Họp báo chuyển sang phòng 2", "target": "all"})
    assert response.status_code == 302
    assert count(Notice) == 1 and count(OutboxMessage) == 1


def test_email_is_delivered_once_per_person_even_when_the_worker_runs_again(journalist, officer, mailbox):
    a, _ = journalist("central")
    b, _ = journalist("local")
    notice = services.send_notice(current_event_id(), "Thông báo: xe đưa đón lúc 7h00", "all", author=officer)
    db.session.commit()
    assert mailbox.deliver() == 2
    assert mailbox.deliver() == 0  # a second pass sends nothing again
    assert sorted(m["To"] for m in mailbox.messages) == sorted([a.email, b.email])
    assert "xe đưa đón" in mailbox.body(mailbox.to(a.email)[0])
    # A retry of the notice touches only failed deliveries: none here.
    assert services.retry_failed(notice, officer) == 0
    db.session.commit()
    assert mailbox.deliver() == 0
    # The database itself refuses a second delivery row for the same person and channel.
    with pytest.raises(IntegrityError):
        db.session.execute(
            insert(NoticeDelivery),
            [
                {
                    "event_id": notice.event_id,
                    "notice_id": notice.id,
                    "user_id": a.id,
                    "channel": "email",
                    "status": "pending",
                }
            ],
        )
    db.session.rollback()


def test_muted_channels_are_not_used_and_the_page_still_shows_the_notice(
    client, auth, journalist, officer, mailbox
):
    user, _ = journalist("central")
    auth.login(user=user)
    response = client.submit("/DH16/notices/mine", {"push": "y"})  # e-mail unticked: muted
    assert response.status_code == 302
    assert set(db.session.scalars(select(NoticeMute.channel))) == {"email"}
    services.send_notice(current_event_id(), "Thông báo về an ninh cửa B", "all", author=officer)
    db.session.commit()
    assert count(OutboxMessage) == 0
    states = dict(db.session.execute(select(NoticeDelivery.channel, NoticeDelivery.status)).all())
    assert states == {"page": "sent", "email": "muted"}  # no push row without a subscription
    page = client.get("/DH16/notices/mine").get_data(as_text=True)
    assert "Thông báo về an ninh cửa B" in page
    client.submit("/DH16/notices/mine", {"email": "y", "push": "y"})
    assert count(NoticeMute) == 0


def test_push_is_encrypted_for_the_subscription_and_delivered_once(
    client, auth, journalist, officer, push_service
):
    user, _ = journalist("central")
    auth.login(user=user)
    token = client.csrf_token("/DH16/notices/mine")
    subscription = push_service.subscription("phone")
    response = client.post("/DH16/notices/push/subscribe", json=subscription, headers={"X-CSRFToken": token})
    assert response.status_code == 200, response.get_data(as_text=True)
    notice = services.send_notice(
        current_event_id(),
        "Họp báo 14h00 chuyển sang Phòng số 2",
        "all",
        body_en="Briefing moved",
        author=officer,
    )
    db.session.commit()
    push_service.fail_next = 1  # the push service fails once: the delivery waits and is retried
    assert push.deliver_push() == 0
    delivery = db.session.scalar(select(NoticeDelivery).where(NoticeDelivery.channel == "push"))
    assert delivery.status == "pending" and delivery.attempts == 1 and delivery.last_error
    delivery.next_attempt_at = utcnow()
    db.session.commit()
    assert push.deliver_push() == 1
    assert push.deliver_push() == 0  # a second pass (or a second worker) sends nothing again
    assert services.retry_failed(notice, officer) == 0
    db.session.commit()
    assert push.deliver_push() == 0
    assert len(push_service.received) == 1
    got = push_service.received[0]
    assert got["encoding"] == "aes128gcm"
    payload = json.loads(got["plaintext"])
    assert payload["body"] == "Họp báo 14h00 chuyển sang Phòng số 2" and payload["id"] == notice.id
    assert got["vapid"]["key"] == push.public_key()
    assert oct(push.key_file().stat().st_mode & 0o777) == "0o600"


def test_subscribing_needs_the_csrf_token_and_valid_keys(client, auth, journalist):
    user, _ = journalist("central")
    auth.login(user=user)
    bad = {"endpoint": "http://127.0.0.1:9/push/x", "keys": {"p256dh": "short", "auth": "x"}}
    assert client.post("/DH16/notices/push/subscribe", json=bad).status_code == 400  # no CSRF token
    token = client.csrf_token("/DH16/notices/mine")
    response = client.post("/DH16/notices/push/subscribe", json=bad, headers={"X-CSRFToken": token})
    assert response.status_code == 400 and response.get_json()["ok"] is False


def test_automatic_notices_follow_the_settings(journalist, officer, make_conference, make_release):
    journalist("central")
    conference = make_conference(title="Họp báo công bố kết quả bầu cử")
    move(conference, officer)  # off by default: no notice
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Notice)) == 0
    settings = services.settings_for(current_event_id())
    services.save_settings(settings, dict.fromkeys(services.AUTO_KIND_NAMES, True), officer)
    db.session.commit()
    move(conference, officer)
    db.session.commit()
    notice = db.session.scalar(select(Notice).where(Notice.kind == "conference_changed"))
    assert notice is not None and "Họp báo công bố kết quả bầu cử" in notice.body and notice.body_en
    services.save_settings(settings, {"conference_changed": False}, officer)
    db.session.commit()
    move(conference, officer)
    db.session.commit()
    assert db.session.scalar(select(func.count()).where(Notice.kind == "conference_changed")) == 1
    make_release("published", title="Thông cáo số 3 về phiên bế mạc")
    db.session.commit()
    release_notice = db.session.scalar(select(Notice).where(Notice.kind == "release_published"))
    assert release_notice is not None and "phiên bế mạc" in release_notice.body


def test_the_screen_address_can_be_rotated(app, client, auth, make_conference, hall_morning):
    make_conference(title="Họp báo trong ngày", visibility="public", starts_in=timedelta(minutes=5))
    make_conference(
        title="Họp báo nội bộ", starts_in=timedelta(minutes=10)
    )  # accredited only: not on the screen
    auth.login("press_officer")
    page = client.get("/DH16/notices/settings").get_data(as_text=True)
    url = page.split('data-testid="screen-url" href="', 1)[1].split('"', 1)[0].replace("http://localhost", "")
    anonymous = app.test_client()
    assert anonymous.get(url).status_code == 200  # no sign-in
    state = anonymous.get(url + "/state.json").get_json()
    assert state["v"] == 1 and [c["title"] for c in state["programme"]] == ["Họp báo trong ngày"]
    client.submit("/DH16/notices/settings/rotate-screen", {}, form_url="/DH16/notices/settings")
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(url + "/state.json").status_code == 404
    assert anonymous.get("/DH16/screen/not-the-token").status_code == 404


def test_the_cli_makes_the_vapid_key_once_and_replaces_it_on_request(app, vapid_file):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["notices", "vapid-keys"])
    assert first.exit_code == 0 and vapid_file.exists()
    assert oct(vapid_file.stat().st_mode & 0o777) == "0o600"
    again = runner.invoke(args=["notices", "vapid-keys"])
    assert again.output == first.output
    replaced = runner.invoke(args=["notices", "vapid-keys", "--replace"])
    assert replaced.output != first.output


def test_an_embargo_lifted_and_a_cancelled_conference_are_announced_once(
    journalist, officer, make_conference, make_release
):
    """The worker publishes an embargoed release when its time comes: one "embargo lifted"
    notice, for that release's audience only; a cancelled conference: one notice with the reason."""
    import time_machine

    from app.briefings.services import cancel_conference
    from app.releases.services import publish_due_releases

    journalist("central")
    services.save_settings(
        services.settings_for(current_event_id()), dict.fromkeys(services.AUTO_KIND_NAMES, True), officer
    )
    db.session.commit()
    lifted_at = utcnow() + timedelta(hours=2)
    release = make_release(
        "approved", title="Nghị quyết Đại hội", audience="central", embargo_until=lifted_at
    )
    db.session.commit()
    assert publish_due_releases() == 0  # not before its time: no notice either
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Notice)) == 0
    with time_machine.travel(lifted_at + timedelta(minutes=1), tick=False):
        assert publish_due_releases() == 1
        db.session.commit()
        assert publish_due_releases() == 0  # a second pass announces nothing more
        db.session.commit()
    (notice,) = db.session.scalars(select(Notice).where(Notice.kind == "embargo_lifted")).all()
    assert "Nghị quyết Đại hội" in notice.body and (notice.target, notice.target_value) == (
        "level",
        "central",
    )
    assert release.status == "published"

    conference = make_conference(title="Họp báo giới thiệu nhân sự")
    cancel_conference(conference.id, officer, reason="Thay đổi chương trình Đại hội")
    db.session.commit()
    (cancelled,) = db.session.scalars(select(Notice).where(Notice.kind == "conference_cancelled")).all()
    assert "Họp báo giới thiệu nhân sự" in cancelled.body
    assert "Thay đổi chương trình Đại hội" in cancelled.body
    assert cancelled.body_en


def test_the_screen_shows_the_congress_sittings_beside_the_conferences(
    app, client, auth, make_conference, hall_morning
):
    from app.positions import services as positions

    officer = auth.login("press_officer")
    make_conference(title="Họp báo trong ngày", visibility="public", starts_in=timedelta(minutes=90))
    now = utcnow()
    positions.save_session(
        None,
        positions.SessionData(
            title="Phiên họp toàn thể buổi sáng",
            kind="plenary",
            starts_at=now - timedelta(minutes=30),
            ends_at=now + timedelta(minutes=60),
        ),
        officer,
    )
    db.session.commit()
    page = client.get("/DH16/notices/settings").get_data(as_text=True)
    url = page.split('data-testid="screen-url" href="', 1)[1].split('"', 1)[0].replace("http://localhost", "")
    state = app.test_client().get(url + "/state.json").get_json()
    assert [(c["title"], c["phase"], c["room"]) for c in state["programme"]] == [
        ("Phiên họp toàn thể buổi sáng", "now", "Hội trường"),
        ("Họp báo trong ngày", "next", state["programme"][1]["room"]),
    ]
    screen = app.test_client().get(url).get_data(as_text=True)
    assert "Chương trình hôm nay" in screen and "Phiên họp toàn thể buổi sáng" in screen
