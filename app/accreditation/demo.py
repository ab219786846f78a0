"""Demo data: media organisations and ~200 applications with drawn portrait photos.

Demo only: journalists' accounts get no usable password except the demo journalist's,
and no e-mail is queued (decisions are written directly, with their audit events).
"""

from __future__ import annotations

import io
import random
import secrets
from datetime import date, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.accounts.models import User
from app.accreditation.models import Application, MediaOrganisation
from app.accreditation.services import PHOTO_MIN, PHOTO_SIZES
from app.core import audit, uploads
from app.core.permissions import Role
from app.core.text import fold
from app.core.timeutil import utcnow
from app.events.models import Zone
from app.extensions import db

ORGANISATIONS = [
    ("Báo Nhân Dân", "newspaper", "central"),
    ("Thông tấn xã Việt Nam", "agency", "central"),
    ("Đài Truyền hình Việt Nam (VTV)", "tv", "central"),
    ("Đài Tiếng nói Việt Nam (VOV)", "radio", "central"),
    ("Báo Quân đội nhân dân", "newspaper", "central"),
    ("Báo Tuổi Trẻ", "newspaper", "central"),
    ("Báo Thanh Niên", "newspaper", "central"),
    ("Báo Lao Động", "newspaper", "central"),
    ("Báo Công an nhân dân", "newspaper", "central"),
    ("Báo điện tử VnExpress", "online", "central"),
    ("Báo điện tử Chính phủ", "online", "central"),
    ("Tạp chí Cộng sản", "online", "central"),
    ("Báo Tiền Phong", "newspaper", "central"),
    ("Báo Người Lao Động", "newspaper", "central"),
    ("Báo Pháp luật Việt Nam", "newspaper", "central"),
    ("Báo Nghệ An", "newspaper", "local"),
    ("Đài Phát thanh và Truyền hình Nghệ An", "tv", "local"),
    ("Cổng Thông tin điện tử tỉnh Nghệ An", "online", "local"),
    ("Báo Hà Tĩnh", "newspaper", "local"),
    ("Đài Phát thanh – Truyền hình Thanh Hóa", "tv", "local"),
    ("Báo Thanh Hóa", "newspaper", "local"),
    ("Văn phòng đại diện Báo Nhân Dân tại Bắc Trung Bộ", "newspaper", "local"),
    ("Trung tâm Văn hóa – Thông tin huyện Diễn Châu", "radio", "local"),
    ("Hãng thông tấn Kyodo (Nhật Bản)", "agency", "foreign"),
    ("Hãng thông tấn Xinhua (Trung Quốc)", "agency", "foreign"),
]

ZONES = [
    ("PC", "Trung tâm báo chí"),
    ("HT", "Hội trường – khu vực báo chí"),
    ("HB", "Phòng họp báo"),
    ("AN", "Khu vực chụp ảnh"),
    ("PH", "Khu vực truyền hình/phát thanh"),
]

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Đình", "Xuân", "Thanh"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hạnh",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Thảo",
    "Trang",
    "Yến",
]
POSITIONS = {
    "reporter": ["Phóng viên", "Phóng viên thường trú", "Trưởng ban Thời sự"],
    "photographer": ["Phóng viên ảnh"],
    "camera": ["Quay phim", "Phóng viên quay phim"],
    "technician": ["Kỹ thuật viên", "Kỹ thuật truyền dẫn"],
    "editor": ["Biên tập viên", "Phó Tổng biên tập"],
}
CATEGORY_WEIGHTS = {"reporter": 50, "photographer": 18, "camera": 16, "technician": 8, "editor": 8}
ZONES_BY_CATEGORY = {
    "reporter": ["PC", "HT", "HB"],
    "photographer": ["PC", "HT", "AN"],
    "camera": ["PC", "HT", "PH"],
    "technician": ["PC", "PH"],
    "editor": ["PC", "HB"],
}
REJECT_REASONS = [
    "Giấy giới thiệu không có chữ ký, đóng dấu của cơ quan báo chí.",
    "Cơ quan đã đăng ký đủ số lượng phóng viên theo phân bổ.",
]
CHANGE_MESSAGES = [
    "Ảnh chân dung bị mờ, đề nghị gửi lại ảnh rõ mặt, phông nền trơn.",
    "Đề nghị bổ sung số thẻ nhà báo.",
]
DEMO_JOURNALIST = "phongvien@demo.presscentre.vn"


def portrait(rng: random.Random) -> bytes:
    """A simple drawn head-and-shoulders portrait in varied colours (JPEG, 300×400)."""
    background = tuple(rng.randint(200, 245) for _ in range(3))
    skin = rng.choice([(241, 194, 158), (224, 172, 132), (198, 145, 108), (233, 185, 150)])
    hair = rng.choice([(25, 20, 20), (45, 35, 30), (70, 50, 40), (20, 20, 35)])
    shirt = tuple(rng.randint(20, 160) for _ in range(3))
    image = Image.new("RGB", (300, 400), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 270, 260, 520), fill=shirt)  # shoulders
    draw.rectangle((128, 230, 172, 290), fill=skin)  # neck
    draw.ellipse((88, 90, 212, 250), fill=skin)  # face
    draw.chord((82, 70, 218, 200), 180, 360, fill=hair)  # hair
    for x in (120, 168):
        draw.ellipse((x, 160, x + 12, 170), fill=(40, 30, 30))
    draw.arc((126, 190, 174, 220), 20, 160, fill=(150, 60, 60), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def letter_pdf() -> bytes:
    """A one-page introduction letter (giấy giới thiệu) for the demo."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont("Helvetica-Bold", 14)
    page.drawString(180, 760, "GIAY GIOI THIEU")
    page.setFont("Helvetica", 11)
    page.drawString(72, 720, "Kinh gui: Trung tam bao chi Dai hoi")
    page.drawString(72, 700, "Co quan bao chi gioi thieu phong vien den tac nghiep tai Dai hoi.")
    page.save()
    return out.getvalue()


def _zones() -> dict[str, Zone]:
    zones = {zone.code: zone for zone in db.session.scalars(select(Zone))}
    if not zones:
        for order, (code, name) in enumerate(ZONES):
            zones[code] = Zone(code=code, name=name, sort_order=order)
            db.session.add(zones[code])
        db.session.flush()
    return zones


def _organisations() -> list[MediaOrganisation]:
    orgs = []
    for name, kind, level in ORGANISATIONS:
        org = MediaOrganisation(kind=kind, level=level, confirmed=True)
        org.set_name(name)
        db.session.add(org)
        orgs.append(org)
    proposed = MediaOrganisation(kind="online", level="local", confirmed=False)
    proposed.set_name("Báo điện tử Nghệ An Online")
    db.session.add(proposed)
    db.session.flush()
    return orgs


def _name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def _store_photo(rng: random.Random) -> tuple[str, str]:
    stored = uploads.save_image_bytes(portrait(rng), "photos", min_size=PHOTO_MIN, sizes=PHOTO_SIZES)
    return stored.keys["full"], stored.keys["thumb"]


def _store_letter(data: bytes) -> str:
    return uploads.save_pdf(FileStorage(stream=io.BytesIO(data), filename="giay-gioi-thieu.pdf"), "letters")


def seed(count: int = 200) -> None:
    """~25 organisations and ``count`` applications in mixed states; approved ones get badges."""
    from app.badges.services import issue_badge

    rng = random.Random(2025)  # noqa: S311 - reproducible demo data
    zones = _zones()
    orgs = _organisations()
    officer = db.session.scalar(select(User).where(User.email == "duyet.the@demo.presscentre.vn"))
    letter = letter_pdf()
    now = utcnow()
    people: list[tuple[User | None, str, date]] = []
    demo_user = db.session.scalar(select(User).where(User.email == DEMO_JOURNALIST))
    if demo_user is not None:
        people.append((demo_user, demo_user.full_name, date(1988, 3, 12)))
    while len(people) < count:
        dob = date(1965, 1, 1) + timedelta(days=rng.randint(0, 13000))
        people.append((None, _name(rng), dob))
        if len(people) % 25 == 0 and len(people) < count:  # a few near-duplicates: same name and birthday
            people.append((None, people[-1][1], people[-1][2]))

    statuses = ["approved"] * 70 + ["submitted"] * 15 + ["changes_requested"] * 8 + ["rejected"] * 7
    for n, (user, name, dob) in enumerate(people):
        if user is None:
            user = User(
                email=f"{fold(name).replace(' ', '.')}.{n}@baochi.example.vn",
                full_name=name,
                role=Role.JOURNALIST,
                password_hash="!" + secrets.token_hex(16),  # demo account nobody signs in to
                email_verified_at=now,
            )
            db.session.add(user)
            db.session.flush()
        status = "approved" if user.email == DEMO_JOURNALIST else rng.choice(statuses)
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        org = orgs[0] if user.email == DEMO_JOURNALIST else rng.choice(orgs)
        photo_key, thumb_key = _store_photo(rng)
        submitted = now - timedelta(days=rng.randint(1, 21), minutes=rng.randint(0, 600))
        application = Application(
            user_id=user.id,
            full_name=name,
            date_of_birth=dob,
            # CCCD: province code, sex/century digit, year of birth, then a serial
            national_id=f"{rng.choice(['001', '038', '040', '042', '079'])}{rng.randint(0, 1)}{dob.year % 100:02d}{n:06d}",
            press_card_number=f"NB-{rng.randint(10000, 99999)}-{n}" if category != "technician" else None,
            organisation=org,
            position=rng.choice(POSITIONS[category]),
            category=category,
            phone=f"+849{rng.randint(10000000, 99999999)}",
            email=user.email,
            photo_key=photo_key,
            photo_thumb_key=thumb_key,
            letter_key=_store_letter(letter),
            status=status,
            submitted_at=submitted,
        )
        application.zones = [zones[code] for code in ZONES_BY_CATEGORY[category] if code in zones]
        application.refresh_search_key()
        db.session.add(application)
        db.session.flush()
        audit.record("application.submit", application, actor=user, details={"by": "demo"})
        if status != "submitted":
            application.decided_at = submitted + timedelta(hours=rng.randint(2, 48))
            application.decided_by_id = officer.id if officer else None
            if status == "rejected":
                application.decision_message = rng.choice(REJECT_REASONS)
            elif status == "changes_requested":
                application.decision_message = rng.choice(CHANGE_MESSAGES)
            action = {"approved": "application.approve", "rejected": "application.reject"}.get(
                status, "application.request_changes"
            )
            audit.record(action, application, actor=officer, details={"demo": True})
            if status == "approved":
                issue_badge(application, officer)
    db.session.flush()


# The reporters of central outlets who covered the district congress too (two weeks earlier).
SEASON_REPORTERS = 16


def seed_season() -> None:
    """The district congress's accreditations: some of the same central reporters, approved then."""
    from app.accreditation.services import copy_profile_photo
    from app.events.demo import district, provincial
    from app.events.scope import in_event

    event, main = district(), provincial()
    if event is None:
        return
    officer = db.session.scalar(select(User).where(User.email == "duyet.the@demo.presscentre.vn"))
    reporters = db.session.scalars(
        select(Application)
        .join(MediaOrganisation, MediaOrganisation.id == Application.organisation_id)
        .where(
            Application.event_id == main.id,
            Application.status == "approved",
            MediaOrganisation.level == "central",
        )
        .order_by(Application.id)
        .limit(SEASON_REPORTERS)
    ).all()
    with in_event(event):
        zones = db.session.scalars(select(Zone).where(Zone.code.in_(("PC", "HT")))).all()
        for earlier in reporters:
            files = copy_profile_photo(earlier)
            application = Application(
                user_id=earlier.user_id,
                full_name=earlier.full_name,
                date_of_birth=earlier.date_of_birth,
                national_id=earlier.national_id,
                press_card_number=earlier.press_card_number,
                organisation_id=earlier.organisation_id,
                position=earlier.position,
                category=earlier.category,
                phone=earlier.phone,
                email=earlier.email,
                photo_key=files.photo_key,
                photo_thumb_key=files.photo_thumb_key,
                status="approved",
                submitted_at=earlier.submitted_at - timedelta(days=16),
                decided_at=earlier.submitted_at - timedelta(days=15),
                decided_by_id=officer.id if officer else None,
            )
            application.zones = list(zones)
            application.refresh_search_key()
            db.session.add(application)
            db.session.flush()
            audit.record("application.approve", application, actor=officer)
