"""A new media album announces itself when the congress's setting says so: at once when its
first item is out, after the embargo when it is under one, once, and only to its audience."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.core.timeutil import utcnow
from app.events.services import current_event_id
from app.notices import hooks, services
from app.notices.models import Notice, NoticeDelivery


def _album_notices(db):
    return db.session.scalars(select(Notice).where(Notice.kind == "album_published")).all()


def test_off_by_default_then_set_through_the_settings_page(client, auth, db, officer, journalist, make_item):
    journalist()
    make_item()
    assert _album_notices(db) == []
    auth.login("press_officer", user=officer)
    page = client.get("/DH16/notices/settings").get_data(as_text=True)
    assert "Có album mới trong kho tư liệu" in page
    response = client.submit(
        "/DH16/notices/settings", {"album_published": "y"}, form_url="/DH16/notices/settings"
    )
    assert response.status_code in (200, 302, 303)
    db.session.expire_all()
    assert services.settings_for(current_event_id()).auto_album_published


def test_an_album_live_now_is_announced_with_its_upload_once(db, officer, journalist, make_album, make_item):
    reader, _ = journalist()
    services.save_settings(services.settings_for(current_event_id()), {"album_published": True}, officer)
    db.session.commit()
    album = make_album(title="Phiên khai mạc", title_en="Opening session")
    make_item(album)
    make_item(album)
    (notice,) = _album_notices(db)
    assert "Phiên khai mạc" in notice.body and "Opening session" in notice.body_en
    assert notice.target == "all" and notice.cause == f"album:{album.id}"
    assert db.session.scalar(
        select(func.count()).where(NoticeDelivery.notice_id == notice.id, NoticeDelivery.user_id == reader.id)
    )
    assert hooks.announce_due_albums() == 0  # the worker finds it announced


def test_an_embargoed_album_waits_for_its_time_and_its_audience(
    db, officer, journalist, make_album, make_item
):
    central, _ = journalist("central")
    local, _ = journalist("local")
    services.save_settings(services.settings_for(current_event_id()), {"album_published": True}, officer)
    db.session.commit()
    lifted = utcnow() + timedelta(hours=2)
    album = make_album(title="Ảnh bầu Ban Chấp hành")
    make_item(album, audience="central", embargo_until=lifted)
    assert _album_notices(db) == []  # nothing tells of an album nobody may open yet
    assert hooks.announce_due_albums(now=lifted - timedelta(minutes=1)) == 0
    assert hooks.announce_due_albums(now=lifted + timedelta(seconds=5)) == 1
    db.session.commit()
    (notice,) = _album_notices(db)
    assert (notice.target, notice.target_value) == ("level", "central")
    told = set(
        db.session.scalars(select(NoticeDelivery.user_id).where(NoticeDelivery.notice_id == notice.id))
    )
    assert central.id in told and local.id not in told
    assert hooks.announce_due_albums(now=lifted + timedelta(minutes=1)) == 0  # once


def test_an_album_out_of_embargo_long_ago_is_no_longer_news(db, officer, journalist, make_album, make_item):
    journalist()
    lifted = utcnow() + timedelta(minutes=30)
    make_item(make_album(), embargo_until=lifted)
    services.save_settings(services.settings_for(current_event_id()), {"album_published": True}, officer)
    db.session.commit()
    assert hooks.announce_due_albums(now=lifted + hooks.ALBUM_NEWS_WINDOW + timedelta(minutes=1)) == 0
    assert _album_notices(db) == []
