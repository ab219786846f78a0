"""Demo interviews: the desk's list (spokespeople, officials, delegates) and requests in every
state around the congress days, the demo journalist's own appointment in their calendar."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.accreditation.models import Application
from app.briefings.models import Room
from app.core.timeutil import from_local, local_today, utcnow
from app.events import scope
from app.events.services import current_event
from app.extensions import db
from app.interviews import services

PRESS_OFFICER = "baochi@demo.presscentre.vn"
DEMO_JOURNALIST = "phongvien@demo.presscentre.vn"

# (full name, position, organisation, kind, languages, e-mail)
PEOPLE = [
    (
        "Lê Minh Tuấn",
        "Chánh Văn phòng Tỉnh ủy, người phát ngôn của Tỉnh ủy",
        "Tỉnh ủy",
        "spokesperson",
        ("vi", "en"),
        "lmtuan.vpTU@demo.presscentre.vn",
    ),
    (
        "Trần Thị Hoa",
        "Phó Chủ tịch UBND tỉnh",
        "UBND tỉnh",
        "official",
        ("vi", "en"),
        "tthoa.ubnd@demo.presscentre.vn",
    ),
    ("Phạm Quốc Hưng", "Trưởng Ban Tổ chức Tỉnh ủy", "Tỉnh ủy", "official", ("vi",), ""),
    (
        "Đỗ Thị Thanh Hương",
        "Giám đốc Sở Thông tin và Truyền thông",
        "UBND tỉnh",
        "official",
        ("vi", "fr"),
        "",
    ),
    (
        "Vi Văn Sơn",
        "Bí thư Huyện ủy Kỳ Sơn, đại biểu dự Đại hội",
        "Đoàn đại biểu huyện Kỳ Sơn",
        "delegate",
        ("vi",),
        "",
    ),
    (
        "Lô Thị Hằng",
        "Chủ tịch Hội Liên hiệp Phụ nữ xã Tam Hợp, đại biểu trẻ nhất",
        "Đoàn đại biểu huyện Quỳ Hợp",
        "delegate",
        ("vi",),
        "",
    ),
    (
        "Nguyễn Đình Lộc",
        "Giám đốc Hợp tác xã chè Thanh Chương, đại biểu",
        "Đoàn đại biểu huyện Thanh Chương",
        "delegate",
        ("vi",),
        "",
    ),
    (
        "Hồ Văn Quang",
        "Anh hùng Lao động, đại biểu",
        "Đoàn đại biểu thị xã Hoàng Mai",
        "delegate",
        ("vi",),
        "",
    ),
]

TOPICS = [
    "Những điểm mới trong Báo cáo chính trị nhiệm kỳ 2025–2030 về chuyển đổi số",
    "Công tác chuẩn bị nhân sự Ban Chấp hành khóa mới",
    "Kinh nghiệm xây dựng nông thôn mới ở vùng đồng bào dân tộc thiểu số",
    "Vai trò của phụ nữ và cán bộ trẻ trong nhiệm kỳ mới",
    "Thu hút đầu tư và phát triển khu kinh tế Đông Nam",
    "Đưa chè Thanh Chương ra thị trường quốc tế",
    "Thông tin cho báo chí trong những ngày Đại hội",
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return from_local(datetime.combine(day, time(hour, minute)))


def seed() -> None:
    """The list, then requests: received, being contacted, accepted, declined, scheduled, done, no-show."""
    with scope.in_event(current_event()):
        _seed()


def _seed() -> None:
    desk = db.session.scalar(select(User).where(User.email == PRESS_OFFICER))
    room = db.session.scalar(select(Room).where(Room.name.like("Phòng họp báo số 2%")))
    journalists = db.session.scalars(
        select(User)
        .join(Application, Application.user_id == User.id)
        .where(Application.status == "approved")
        .order_by(User.id)
    ).all()
    if desk is None or room is None or len(journalists) < 8:
        return
    people = [
        services.save_interviewee(
            None,
            services.IntervieweeData(
                full_name=name,
                title=title,
                organisation=organisation,
                kind=kind,
                languages=languages,
                email=email,
            ),
            desk,
        )
        for name, title, organisation, kind, languages, email in PEOPLE
    ]
    demo = next((u for u in journalists if u.email == DEMO_JOURNALIST), journalists[0])
    others = [u for u in journalists if u is not demo]
    opening = local_today() + timedelta(days=2)  # as the briefings demo: the congress opens in two days
    now = utcnow()
    asked = now - timedelta(days=2)

    def request(user, person, topic, wanted, *, name="", minutes=20, medium="tv", filed=asked):
        return services.file_request(
            user,
            services.RequestData(
                topic=topic,
                medium=medium,
                language="vi",
                duration_minutes=minutes,
                preferred=wanted,
                interviewee_id=person.id if person is not None else None,
                interviewee_name=name,
            ),
            now=filed,
        )

    def accept(item, *, after=timedelta(hours=3)):
        services.contact(item, desk, now=item.created_at + timedelta(minutes=40))
        services.record_consent(
            item,
            desk,
            consent_by=item.person,
            consent_at=item.created_at + after,
            channel="phone",
            now=item.created_at + after,
        )

    # the demo journalist: one appointment on the opening day (in their calendar), one waiting
    mine = request(
        demo, people[1], TOPICS[4], [_at(opening, 16), _at(opening + timedelta(days=1), 10)], minutes=30
    )
    accept(mine)
    services.schedule(
        mine,
        desk,
        starts_at=_at(opening, 16),
        duration_minutes=30,
        room_id=room.id,
        now=mine.created_at + timedelta(hours=4),
    )
    request(
        demo,
        people[4],
        TOPICS[2],
        [_at(opening + timedelta(days=1), 11, 30)],
        medium="online",
        filed=now - timedelta(hours=5),
    )

    # the board: every column has something, the waits differ
    request(others[0], people[0], TOPICS[6], [_at(opening, 10)], filed=now - timedelta(minutes=35))
    request(
        others[1],
        None,
        TOPICS[5],
        [_at(opening, 11)],
        name="Nguyễn Đình Lộc (HTX chè Thanh Chương)",
        medium="radio",
        filed=now - timedelta(hours=3),
    )
    contacting = request(
        others[2],
        people[5],
        TOPICS[3],
        [_at(opening + timedelta(days=1), 9)],
        medium="print",
        filed=now - timedelta(hours=26),
    )
    services.contact(contacting, desk, now=contacting.created_at + timedelta(hours=1))
    accepted = request(others[3], people[3], TOPICS[0], [_at(opening, 10, 45)], minutes=15)
    accept(accepted)
    declined = request(others[4], people[2], TOPICS[1], [_at(opening, 9)])
    services.contact(declined, desk, now=declined.created_at + timedelta(minutes=30))
    services.decline(
        declined,
        desk,
        reason="Đồng chí Trưởng Ban Tổ chức không trả lời phỏng vấn về nhân sự trước khi Đại hội bầu.",
        consent_by="Văn phòng Ban Tổ chức Tỉnh ủy",
        channel="phone",
        now=declined.created_at + timedelta(hours=2),
    )
    scheduled = request(others[5], people[0], TOPICS[6], [_at(opening, 10)], minutes=20)
    accept(scheduled)
    services.schedule(
        scheduled,
        desk,
        starts_at=_at(opening, 10),
        duration_minutes=20,
        room_id=room.id,
        now=scheduled.created_at + timedelta(hours=5),
    )

    # yesterday's: one held, one the journalist missed
    earlier = now - timedelta(days=4)
    yesterday = local_today() - timedelta(days=1)
    for n, (outcome, hour) in enumerate((("done", 9), ("no_show", 14))):
        item = request(others[6 + n], people[6 + n], TOPICS[2 + n], [_at(yesterday, hour)], filed=earlier)
        accept(item)
        services.schedule(
            item,
            desk,
            starts_at=_at(yesterday, hour),
            duration_minutes=20,
            room_id=room.id,
            now=earlier + timedelta(hours=6),
        )
        services.close(item, desk, outcome, now=_at(yesterday, hour, 30))
    db.session.flush()
