"""Demo decoration work of a provincial congress: 12 member units, locations, categories,
the standard checklist template and ~60 tasks in every state, a few of them overdue."""

from __future__ import annotations

import io
import random
from datetime import time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from app.accounts.models import User
from app.core.timeutil import local_today, utcnow
from app.core.uploads import save_image_bytes
from app.extensions import db
from app.venue import catalogue, services
from app.venue.models import ChecklistTemplate, Evidence, Location, TaskCategory, TemplateItem, Unit

UNITS = [
    ("Ban Tuyên giáo Tỉnh ủy", "Nguyễn Thị Hồng", "0203 3825 111"),
    ("Văn phòng Tỉnh ủy", "Trần Văn Bình", "0203 3825 222"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Lê Thị Thanh", "0203 3825 333"),
    ("Sở Thông tin và Truyền thông", "Phạm Quốc Huy", "0203 3825 444"),
    ("Sở Xây dựng", "Đỗ Minh Tuấn", "0203 3825 555"),
    ("Công an tỉnh", "Vũ Đức Thắng", "0203 3825 666"),
    ("Điện lực tỉnh", "Hoàng Văn Long", "0203 3825 777"),
    ("UBND thành phố", "Bùi Thị Nga", "0203 3825 888"),
    ("Đài Phát thanh và Truyền hình tỉnh", "Ngô Thanh Sơn", "0203 3825 999"),
    ("Công ty Chiếu sáng đô thị", "Đặng Văn Hải", "0203 3826 111"),
    ("Công ty Công viên cây xanh", "Lý Thị Hoa", "0203 3826 222"),
    ("Tỉnh đoàn", "Trịnh Quang Vinh", "0203 3826 333"),
]
LOCATIONS = [
    ("Hội trường Trung tâm Hội nghị tỉnh", "hall", "Số 1 đường Trần Hưng Đạo"),
    ("Cổng chính Trung tâm Hội nghị tỉnh", "gate", "Mặt đường Trần Hưng Đạo"),
    ("Cổng phụ Trung tâm Hội nghị tỉnh", "gate", "Phía đường Lê Lợi"),
    ("Trung tâm báo chí", "press_centre", "Tầng 1, nhà B Trung tâm Hội nghị tỉnh"),
    ("Đường Trần Hưng Đạo", "street", "Từ ngã tư Bưu điện đến Trung tâm Hội nghị"),
    ("Đường Lê Lợi", "street", "Từ cầu Sông Cầu đến Quảng trường tỉnh"),
    ("Quảng trường tỉnh", "other", "Trước trụ sở Tỉnh ủy"),
]
CATEGORIES = [
    "Pano, áp phích",
    "Băng rôn",
    "Cờ Tổ quốc, cờ Đảng",
    "Khẩu hiệu",
    "Phông sân khấu",
    "Hoa, thảm hoa",
    "Đèn LED, màn hình LED",
    "Cổng chào điện tử",
    "Âm thanh",
    "Bục phát biểu",
    "Ghế hội trường",
    "Chiếu sáng đường phố",
]
STANDARD_TEMPLATE = "Mẫu chuẩn trang trí khánh tiết Đại hội"
# (title, quantity, spec, category, default unit, days before the opening, priority)
STANDARD_ITEMS = [
    (
        "Phông sân khấu chính",
        1,
        "phông 18×7 m, in bạt hiflex, chữ theo mẫu được duyệt",
        "Phông sân khấu",
        "Sở Văn hóa, Thể thao và Du lịch",
        5,
        1,
    ),
    (
        "Cờ Đảng, cờ Tổ quốc trên sân khấu",
        2,
        "cờ 3×4,5 m, vải lụa",
        "Cờ Tổ quốc, cờ Đảng",
        "Ban Tuyên giáo Tỉnh ủy",
        3,
        1,
    ),
    (
        "Bục phát biểu và tượng Bác",
        1,
        "bục có huy hiệu Đảng, bục tượng phủ vải đỏ",
        "Bục phát biểu",
        "Văn phòng Tỉnh ủy",
        3,
        1,
    ),
    (
        "Hoa trang trí sân khấu và bục",
        12,
        "lẵng hoa tươi tông đỏ – vàng",
        "Hoa, thảm hoa",
        "Công ty Công viên cây xanh",
        1,
        2,
    ),
    (
        "Màn hình LED hai bên sân khấu",
        2,
        "màn hình LED P3, 4×3 m",
        "Đèn LED, màn hình LED",
        "Đài Phát thanh và Truyền hình tỉnh",
        4,
        1,
    ),
    (
        "Hệ thống âm thanh hội trường",
        1,
        "hệ thống, chạy thử hai buổi",
        "Âm thanh",
        "Đài Phát thanh và Truyền hình tỉnh",
        3,
        1,
    ),
    (
        "Ghế đại biểu và biển tên đoàn",
        350,
        "ghế bọc vải đỏ, biển tên mica",
        "Ghế hội trường",
        "Văn phòng Tỉnh ủy",
        2,
        2,
    ),
    (
        "Pano tuyên truyền Đại hội",
        4,
        "pano 4×8 m, khung sắt",
        "Pano, áp phích",
        "Sở Văn hóa, Thể thao và Du lịch",
        10,
        2,
    ),
    (
        "Băng rôn chào mừng Đại hội",
        20,
        "băng rôn 0,8×8 m",
        "Băng rôn",
        "Sở Văn hóa, Thể thao và Du lịch",
        7,
        2,
    ),
    (
        "Khẩu hiệu theo danh mục chính thức",
        6,
        "khẩu hiệu chữ vàng nền đỏ",
        "Khẩu hiệu",
        "Ban Tuyên giáo Tỉnh ủy",
        7,
        2,
    ),
    ("Cổng chào điện tử", 1, "cổng LED 12×6 m", "Cổng chào điện tử", "Công ty Chiếu sáng đô thị", 5, 1),
    ("Thảm hoa trước sảnh", 1, "thảm hoa 10×20 m", "Hoa, thảm hoa", "Công ty Công viên cây xanh", 2, 2),
    (
        "Đèn LED hoa trang trí",
        40,
        "bộ đèn LED hoa sen, hoa mai",
        "Đèn LED, màn hình LED",
        "Công ty Chiếu sáng đô thị",
        6,
        3,
    ),
    (
        "Kiểm tra điện dự phòng",
        1,
        "máy phát 250 kVA, chạy thử",
        "Chiếu sáng đường phố",
        "Điện lực tỉnh",
        2,
        1,
    ),
]
STREET_TEMPLATE = "Trang trí tuyến phố chính"
STREET_ITEMS = [
    (
        "Cờ Tổ quốc, cờ Đảng dọc tuyến",
        200,
        "cặp cờ trên cột đèn",
        "Cờ Tổ quốc, cờ Đảng",
        "UBND thành phố",
        7,
        2,
    ),
    ("Băng rôn ngang đường", 10, "băng rôn 0,8×12 m", "Băng rôn", "UBND thành phố", 7, 2),
    (
        "Pano cỡ lớn tại nút giao",
        2,
        "pano 6×12 m, chiếu sáng ban đêm",
        "Pano, áp phích",
        "Sở Xây dựng",
        10,
        2,
    ),
    (
        "Đèn LED hoa trên cột đèn",
        60,
        "bộ đèn LED hoa mai",
        "Đèn LED, màn hình LED",
        "Công ty Chiếu sáng đô thị",
        6,
        3,
    ),
    (
        "Chiếu sáng đường phố",
        120,
        "cột đèn kiểm tra, thay bóng hỏng",
        "Chiếu sáng đường phố",
        "Điện lực tỉnh",
        5,
        2,
    ),
    (
        "Chỉnh trang, vệ sinh tuyến phố",
        1,
        "tuyến, cắt tỉa cây xanh",
        "Hoa, thảm hoa",
        "Công ty Công viên cây xanh",
        3,
        3,
    ),
    (
        "Khẩu hiệu tuyên truyền trên dải phân cách",
        8,
        "khẩu hiệu chữ nổi",
        "Khẩu hiệu",
        "Ban Tuyên giáo Tỉnh ủy",
        7,
        3,
    ),
]
EXTRA_TASKS = [
    (
        "Cổng chính Trung tâm Hội nghị tỉnh",
        "Cổng chào hơi và cờ hai bên cổng",
        1,
        "cổng hơi 10 m, 20 cờ",
        "Cổng chào điện tử",
        "Tỉnh đoàn",
        4,
    ),
    (
        "Cổng chính Trung tâm Hội nghị tỉnh",
        "Bố trí lực lượng, phân luồng",
        1,
        "phương án phân luồng",
        "Băng rôn",
        "Công an tỉnh",
        2,
    ),
    (
        "Cổng phụ Trung tâm Hội nghị tỉnh",
        "Biển chỉ dẫn lối vào cho đại biểu",
        6,
        "biển 0,6×1,2 m",
        "Pano, áp phích",
        "Văn phòng Tỉnh ủy",
        3,
    ),
    (
        "Trung tâm báo chí",
        "Phông nền khu họp báo",
        1,
        "phông 6×3 m",
        "Phông sân khấu",
        "Sở Thông tin và Truyền thông",
        4,
    ),
    (
        "Trung tâm báo chí",
        "Màn hình truyền hình trực tiếp",
        3,
        "màn hình 65 inch",
        "Đèn LED, màn hình LED",
        "Đài Phát thanh và Truyền hình tỉnh",
        3,
    ),
    (
        "Trung tâm báo chí",
        "Âm thanh phòng họp báo",
        1,
        "hệ thống micro không dây",
        "Âm thanh",
        "Sở Thông tin và Truyền thông",
        2,
    ),
    (
        "Quảng trường tỉnh",
        "Pano ảnh thành tựu nhiệm kỳ",
        12,
        "pano 2,4×3,6 m",
        "Pano, áp phích",
        "Sở Văn hóa, Thể thao và Du lịch",
        8,
    ),
    (
        "Quảng trường tỉnh",
        "Thảm hoa chữ Đại hội",
        1,
        "thảm hoa 8×15 m",
        "Hoa, thảm hoa",
        "Công ty Công viên cây xanh",
        2,
    ),
]
DEMO_UNIT_MEMBER = "donvi@demo.presscentre.vn"
DEMO_ORGANISER = "tieuban@demo.presscentre.vn"
COMMENTS = [
    "Đã liên hệ đơn vị in, dự kiến giao hàng chiều nay.",
    "Đề nghị kiểm tra lại màu chữ theo mẫu đã duyệt.",
    "Đã chạy thử, chất lượng tốt.",
]


def _photo(rng: random.Random, label: str) -> bytes:
    """A small generated 'photo' (a coloured scene with a caption band)."""
    image = Image.new("RGB", (640, 480), (rng.randint(120, 200), 20, 27))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 60, 600, 330), fill=(240, 200, 40))
    draw.rectangle((0, 400, 640, 480), fill=(30, 30, 30))
    draw.text((20, 425), label.encode("ascii", "ignore").decode() or "photo", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def seed() -> None:
    """Units, locations, categories, two templates, ~60 tasks in all states with evidence and history."""
    rng = random.Random(16)
    organiser = _user(DEMO_ORGANISER)
    units = {}
    for name, contact, phone in UNITS:
        unit = Unit(contact_name=contact, contact_phone=phone)
        unit.set_name(name)
        db.session.add(unit)
        units[name] = unit
    locations = {}
    for order, (name, kind, address) in enumerate(LOCATIONS):
        locations[name] = Location(name=name, kind=kind, address=address, sort_order=order)
        db.session.add(locations[name])
    categories = {}
    for order, name in enumerate(CATEGORIES):
        categories[name] = TaskCategory(name=name, sort_order=order)
        db.session.add(categories[name])
    db.session.flush()

    member = _user(DEMO_UNIT_MEMBER)
    if member is not None:
        member.unit_id = units["Sở Văn hóa, Thể thao và Du lịch"].id

    templates = {}
    for name, description, items in (
        (
            STANDARD_TEMPLATE,
            "Các đầu việc trang trí hội trường Đại hội, theo kế hoạch của Tiểu ban Tuyên truyền – Khánh tiết.",
            STANDARD_ITEMS,
        ),
        (
            STREET_TEMPLATE,
            "Cờ, băng rôn, pano, đèn trang trí và chiếu sáng dọc các tuyến phố chính.",
            STREET_ITEMS,
        ),
    ):
        template = ChecklistTemplate(name=name, description=description)
        for order, (title, quantity, spec, category, unit, days, priority) in enumerate(items):
            template.items.append(
                TemplateItem(
                    title=title,
                    quantity=quantity,
                    spec=spec,
                    category=categories[category],
                    default_unit=units[unit],
                    days_before=days,
                    priority=priority,
                    sort_order=order,
                )
            )
        db.session.add(template)
        templates[name] = template
    db.session.flush()

    opening = catalogue.opening_day() or local_today() + timedelta(days=5)
    at = time(17, 0)
    tasks = catalogue.apply_template(
        templates[STANDARD_TEMPLATE],
        locations[LOCATIONS[0][0]].id,
        opening,
        at,
        organiser,
        allow_past=True,
        notify_people=False,
    )
    for street in ("Đường Trần Hưng Đạo", "Đường Lê Lợi"):
        tasks += catalogue.apply_template(
            templates[STREET_TEMPLATE],
            locations[street].id,
            opening,
            at,
            organiser,
            allow_past=True,
            notify_people=False,
        )
    for location, title, quantity, spec, category, unit, days in EXTRA_TASKS:
        tasks.append(
            services.create_task(
                title=title,
                quantity=quantity,
                spec=spec,
                category_id=categories[category].id,
                location_id=locations[location].id,
                unit_id=units[unit].id,
                due_at=catalogue.due_for(opening, days, at),
                priority=2,
                actor=organiser,
                notify_people=False,
            )
        )
    _advance(tasks, rng, organiser)


def _advance(tasks, rng: random.Random, organiser) -> None:
    """Move tasks through the status machine as the work would have gone: earlier deadlines further on."""
    now = utcnow()
    for index, task in enumerate(sorted(tasks, key=lambda t: (t.due_at, t.id))):
        past = task.due_at < now
        roll = rng.random()
        if past:
            # Most past-due work is finished; about one in five is overdue.
            target = (
                "verified"
                if roll < 0.55
                else "done"
                if roll < 0.8
                else "in_progress"
                if roll < 0.92
                else "todo"
            )
        else:
            target = (
                "todo"
                if roll < 0.35
                else "in_progress"
                if roll < 0.65
                else "done"
                if roll < 0.8
                else "verified"
                if roll < 0.9
                else "blocked"
            )
        if target == "todo":
            continue
        services.change_status(task, "start", organiser, now=now)
        if target == "blocked":
            services.change_status(
                task, "block", organiser, note="Chờ duyệt mẫu in của Ban Tuyên giáo.", now=now
            )
            continue
        if index % 7 == 0:
            services.add_comment(task, COMMENTS[index % len(COMMENTS)], organiser)
        if target == "in_progress":
            continue
        stored = save_image_bytes(_photo(rng, task.title), "venue", sizes=services.EVIDENCE_SIZES)
        db.session.add(
            Evidence(
                task_id=task.id,
                uploaded_by_id=organiser.id if organiser else None,
                full_key=stored.keys["full"],
                thumb_key=stored.keys["thumb"],
                caption="Ảnh chụp tại hiện trường",
                width=stored.width,
                height=stored.height,
            )
        )
        db.session.flush()
        services.change_status(task, "done", organiser, now=now)
        if target == "verified" and organiser is not None:
            services.change_status(task, "verify", organiser, now=now)
