"""Demo briefings: rooms, speakers, ~10 conferences around the congress days, sign-ups and questions."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from app.accounts.models import User
from app.accreditation.models import Application
from app.badges.models import Badge
from app.briefings import services, signups
from app.briefings.models import Conference, Room, Signup, Speaker
from app.checkin.models import Gate, Scan
from app.core.timeutil import from_local, local_today, utcnow
from app.events.models import Zone
from app.extensions import db

OFFICER_EMAIL = "baochi@demo.presscentre.vn"
DEMO_JOURNALIST = "phongvien@demo.presscentre.vn"

ROOMS = [
    ("Phòng họp báo số 1 – Trung tâm báo chí", "Tầng 1, Trung tâm báo chí tỉnh", 80, "HB"),
    ("Phòng họp báo số 2 – Trung tâm báo chí", "Tầng 2, Trung tâm báo chí tỉnh", 12, None),
    ("Hội trường nhỏ – Trụ sở Tỉnh ủy", "Tầng 3, Trụ sở Tỉnh ủy", 150, None),
]

SPEAKERS = [
    ("Nguyễn Văn Bình", "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Tỉnh ủy", "Tỉnh ủy"),
    ("Trần Thị Hoa", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh"),
    ("Lê Minh Tuấn", "Chánh Văn phòng Tỉnh ủy, người phát ngôn của Tỉnh ủy", "Tỉnh ủy"),
    ("Phạm Quốc Hưng", "Trưởng Ban Tổ chức Tỉnh ủy", "Tỉnh ủy"),
    ("Đỗ Thị Thanh Hương", "Giám đốc Sở Thông tin và Truyền thông", "UBND tỉnh"),
    (
        "Vũ Đức Thắng",
        "Phó Trưởng Ban Tuyên giáo Tỉnh ủy, Trưởng Tiểu ban Tuyên truyền – Khánh tiết",
        "Tỉnh ủy",
    ),
]

QUESTIONS = [
    "Đại hội lần này bầu bao nhiêu ủy viên Ban Chấp hành Đảng bộ tỉnh, tỷ lệ cán bộ trẻ và nữ ra sao?",
    "Những chỉ tiêu kinh tế – xã hội nào của nhiệm kỳ 2020–2025 chưa đạt, nguyên nhân là gì?",
    "Tỉnh sẽ tổ chức lấy ý kiến nhân dân vào dự thảo văn kiện như thế nào?",
    "Phóng viên có được tác nghiệp tại hội trường trong phiên bầu cử không?",
    "Khâu đột phá của nhiệm kỳ mới được xác định là gì?",
]


# English titles of the public conferences, for foreign reporters.
ENGLISH = {
    "Họp báo trước Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI": "Press conference ahead of the 16th Provincial Party Congress",
}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return from_local(datetime.combine(day, time(hour, minute)))


def _speakers(by_name: dict[str, Speaker], *names: str) -> list[int]:
    return [by_name[name].id for name in names]


def seed() -> None:
    """Rooms (the first linked to the press-room gate when check-in seeded one), speakers, conferences."""
    rng = random.Random(5)
    officer = db.session.scalar(select(User).where(User.email == OFFICER_EMAIL))
    gate_id = db.session.scalar(
        select(Gate.id).join(Zone, Zone.id == Gate.zone_id).where(Zone.code == "HB").order_by(Gate.id)
    )
    rooms = []
    for name, location, capacity, zone in ROOMS:
        room = Room(name=name, location=location, capacity=capacity, gate_id=gate_id if zone else None)
        db.session.add(room)
        rooms.append(room)
    speakers = {}
    for full_name, position, organisation in SPEAKERS:
        speaker = Speaker(full_name=full_name, position=position, organisation=organisation)
        db.session.add(speaker)
        speakers[full_name] = speaker
    db.session.flush()

    # The congress opens the day after tomorrow and lasts three days.
    opening = local_today() + timedelta(days=2)
    long_ago = _at(opening - timedelta(days=60), 8)

    def conference(title, topic, room, day, start, end, names, visibility="accredited", capacity=None):
        data = services.ConferenceData(
            title=title,
            title_en=ENGLISH.get(title, ""),
            topic=topic,
            description="",
            room_id=room.id,
            starts_at=_at(day, *start),
            ends_at=_at(day, *end),
            speaker_ids=_speakers(speakers, *names),
            capacity=capacity,
            visibility=visibility,
        )
        return services.create_conference(data, officer, now=long_ago)

    weekly = services.ConferenceData(
        title="Hội nghị thông tin báo chí hằng tuần",
        title_en="Weekly press briefing",
        topic="Thông tin định kỳ về công tác chuẩn bị và tổ chức Đại hội",
        description="Cung cấp thông tin định kỳ cho các cơ quan báo chí Trung ương và địa phương.",
        room_id=rooms[0].id,
        starts_at=long_ago,
        ends_at=long_ago,
        speaker_ids=_speakers(speakers, "Vũ Đức Thắng"),
        visibility="public",
    )
    first_tuesday = opening - timedelta(days=(opening.weekday() - 1) % 7 + 14)
    times = services.series_times(first_tuesday, time(15), time(16, 30), every_days=7, count=5)
    series = services.create_series(weekly, times, officer, now=long_ago)

    made = [
        conference(
            "Họp báo trước Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI",
            "Công tác chuẩn bị Đại hội, chương trình làm việc và công tác phục vụ báo chí",
            rooms[0],
            opening - timedelta(days=1),
            (9, 0),
            (10, 30),
            ["Nguyễn Văn Bình", "Trần Thị Hoa", "Lê Minh Tuấn"],
            visibility="public",
        ),
        conference(
            "Thông tin về phiên khai mạc và truyền hình trực tiếp",
            "Kế hoạch truyền hình, phát thanh trực tiếp phiên khai mạc",
            rooms[1],
            opening,
            (7, 0),
            (7, 45),
            ["Đỗ Thị Thanh Hương"],
        ),
        conference(
            "Họp báo giới thiệu dự thảo văn kiện Đại hội",
            "Những điểm mới trong Báo cáo chính trị nhiệm kỳ 2025–2030",
            rooms[1],
            opening + timedelta(days=1),
            (14, 0),
            (15, 0),
            ["Nguyễn Văn Bình"],
        ),
        conference(
            "Thông tin về công tác nhân sự Đại hội",
            "Quy trình giới thiệu nhân sự Ban Chấp hành Đảng bộ tỉnh khóa XVI",
            rooms[2],
            opening + timedelta(days=1),
            (16, 0),
            (17, 0),
            ["Phạm Quốc Hưng", "Lê Minh Tuấn"],
        ),
        conference(
            "Họp báo công bố kết quả Đại hội",
            "Kết quả bầu cử Ban Chấp hành, Ban Thường vụ và Bí thư Tỉnh ủy khóa XVI",
            rooms[0],
            opening + timedelta(days=2),
            (17, 0),
            (18, 30),
            ["Nguyễn Văn Bình", "Trần Thị Hoa", "Lê Minh Tuấn"],
            visibility="public",
        ),
    ]

    journalists = db.session.scalars(
        select(User)
        .join(Application, Application.user_id == User.id)
        .where(Application.status == "approved")
        .order_by(User.id)
    ).all()
    demo = next((u for u in journalists if u.email == DEMO_JOURNALIST), None)
    others = [u for u in journalists if u.email != DEMO_JOURNALIST]
    for target in series + made:
        # The small room of the documents briefing fills up, so its waitlist shows.
        wanted = 15 if target is made[2] else rng.randint(3, 25)
        people = rng.sample(others, min(wanted, len(others)))
        if demo is not None and target in (made[0], made[2], made[4], series[-1]):
            people.append(demo)
        for person in people:
            signups.sign_up(target.id, person, now=target.starts_at - timedelta(days=3))
    for target in (made[0], made[4]):
        for n, person in enumerate(others[:4]):
            signups.sign_up(target.id, person, now=target.starts_at - timedelta(days=3))
            question = signups.submit_question(
                target,
                person,
                QUESTIONS[(n + target.id) % len(QUESTIONS)],
                now=target.starts_at - timedelta(days=2),
            )
            if n < 2:
                signups.decide_question(
                    question, officer, approve=True, now=target.starts_at - timedelta(days=1)
                )
    db.session.flush()


def seed_late() -> None:
    """Past conferences were attended: most people with a seat came through the room's gate
    (accepted scans in, then out), so their attendance lists and the dashboard show who came."""
    rng = random.Random(41)
    now = utcnow()
    badge_of = {
        user_id: (badge_id, token_hash)
        for user_id, badge_id, token_hash in db.session.execute(
            select(Application.user_id, Badge.id, Badge.token_hash)
            .join(Badge, Badge.application_id == Application.id)
            .where(Badge.superseded_at.is_(None), Badge.revoked_at.is_(None))
        )
    }
    scanner_id = db.session.scalar(select(User.id).where(User.role == "scanner").order_by(User.id).limit(1))
    past = db.session.execute(
        select(Conference.id, Conference.starts_at, Conference.ends_at, Room.gate_id)
        .join(Room, Room.id == Conference.room_id)
        .where(Conference.ends_at < now, Conference.status != "cancelled", Room.gate_id.is_not(None))
    ).all()
    seated = db.session.execute(
        select(Signup.conference_id, Signup.user_id).where(
            Signup.conference_id.in_([row.id for row in past]), Signup.status == "registered"
        )
    ).all()
    seated_at: dict[int, list[int]] = {}
    for conference_id, user_id in seated:
        seated_at.setdefault(conference_id, []).append(user_id)
    rows = []
    for conference in past:
        for user_id in seated_at.get(conference.id, []):
            badge = badge_of.get(user_id)
            if badge is None or rng.random() > 0.8:
                continue
            arrived = conference.starts_at - timedelta(minutes=rng.randint(2, 25))
            left = conference.ends_at + timedelta(minutes=rng.randint(1, 10))
            for at, direction in ((arrived, "in"), (left, "out")):
                if at < now:
                    rows.append(
                        {
                            "created_at": at,
                            "scanned_at": at,
                            "token_hash": badge[1],
                            "badge_id": badge[0],
                            "gate_id": conference.gate_id,
                            "user_id": scanner_id,
                            "result": "accepted",
                            "direction": direction,
                            "offline": False,
                        }
                    )
    if rows:
        db.session.execute(insert(Scan), rows)
    db.session.flush()
