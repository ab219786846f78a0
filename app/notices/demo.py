"""Demo live notices: what the press centre told the accredited journalists over the last days
(badge collection, the shuttle, a Wi-Fi change, the photographers' pool), each delivered on the
page and by e-mail, and the automatic notices for moved and cancelled conferences switched on."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app.accounts.models import User
from app.core.models import OutboxMessage
from app.core.timeutil import utcnow
from app.events import scope
from app.events.services import current_event
from app.extensions import db
from app.notices import services
from app.notices.models import Notice

PRESS_OFFICER = "baochi@demo.presscentre.vn"

# (hours ago, Vietnamese, English, target, target value)
NOTICES = [
    (
        50,
        "Phóng viên đã được duyệt nhận thẻ tác nghiệp tại quầy số 1, Trung tâm báo chí, từ 8h00 đến 17h00; "
        "mang theo CCCD và thẻ nhà báo.",
        "Accredited journalists collect their badges at desk 1 of the press centre, 8:00–17:00; "
        "bring your ID and press card.",
        "all",
        "",
    ),
    (
        26,
        "Mạng Wi-Fi DaiHoi-BaoChi đổi mật khẩu từ 7h00 sáng mai; mật khẩu mới dán tại quầy hỗ trợ.",
        "The DaiHoi-BaoChi Wi-Fi password changes at 7:00 tomorrow; the new one is posted at the help desk.",
        "all",
        "",
    ),
    (
        6,
        "Tổ phóng viên ảnh chung (pool) tập trung tại cửa số 3 Hội trường lúc 7h15 để nhận vị trí tác nghiệp.",
        "",
        "category",
        "photographer",
    ),
    (
        2,
        "Xe đưa đón phóng viên về khách sạn khởi hành lúc 18h30 tại cổng B Trung tâm Hội nghị tỉnh.",
        "The press shuttle to the hotels leaves at 18:30 from gate B of the provincial conference centre.",
        "all",
        "",
    ),
]


def seed() -> None:
    """The notices above (e-mails marked sent, as the worker would have), and the settings."""
    event = current_event()
    with scope.in_event(event):
        officer = db.session.scalar(select(User).where(User.email == PRESS_OFFICER))
        if officer is None:
            return
        settings = services.settings_for(event.id)
        services.save_settings(
            settings,
            {
                "release_published": False,
                "embargo_lifted": False,
                "conference_changed": True,
                "conference_cancelled": True,
                "album_published": True,
            },
            officer,
        )
        now = utcnow()
        for hours, body, body_en, target, value in NOTICES:
            if db.session.scalar(select(Notice.id).where(Notice.body == body)):
                continue
            try:
                notice = services.send_notice(
                    event.id,
                    body,
                    target,
                    value,
                    body_en=body_en,
                    author=officer,
                    now=now - timedelta(hours=hours),
                )
            except services.NoticeError:
                continue
            db.session.flush()
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.created_at == notice.created_at, OutboxMessage.status == "pending")
                .values(status="sent", attempts=1, sent_at=notice.created_at)
            )
