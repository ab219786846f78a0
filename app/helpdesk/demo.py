"""Demo help desk: the desk's equipment, two days of journalists' requests answered by the
press officers, a lost badge waiting at the desk, loans (one overdue) and found items."""

from __future__ import annotations

import io
import random
from datetime import datetime, time, timedelta

from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.accounts.models import User
from app.accreditation.models import Application
from app.core.timeutil import from_local, local_today, utcnow
from app.events import scope
from app.events.services import current_event
from app.extensions import db
from app.helpdesk import found, loans, services

PRESS_OFFICER = "baochi@demo.presscentre.vn"
ACCREDITATION_OFFICER = "duyet.the@demo.presscentre.vn"
DEMO_JOURNALIST = "phongvien@demo.presscentre.vn"

EQUIPMENT = [
    ("charger", "Sạc USB-C 65 W", 10),
    ("charger", "Sạc iPhone (Lightning)", 6),
    ("cable", "Cáp HDMI 3 m", 4),
    ("headset", "Tai nghe kiểm âm Sony", 6),
    ("tripod", "Chân máy quay Manfrotto", 3),
    ("sim", "SIM 4G Viettel (30 GB)", 20),
    ("power_bank", "Sạc dự phòng 20.000 mAh", 8),
]

FOUND = [
    ("Ô gấp màu xanh, cán gỗ", "Sảnh Trung tâm Hội nghị tỉnh", (40, 90, 160)),
    ("Thẻ nhớ SD 64 GB SanDisk trong hộp nhựa", "Phòng họp báo số 1", (200, 30, 40)),
]

# (category, place, text, reply of the desk or None, minutes to the reply, solved)
REQUESTS = [
    (
        "wifi",
        "Trung tâm báo chí, bàn 12",
        "Máy tính xách tay không kết nối được mạng Wi-Fi DaiHoi-BaoChi, báo sai mật khẩu.",
        "Mạng đã đổi mật khẩu từ sáng nay, mật khẩu mới dán ở quầy hỗ trợ. Cán bộ kỹ thuật đã đến bàn 12.",
        6,
        True,
    ),
    (
        "printing",
        "Trung tâm báo chí, khu máy tính",
        "Cần in 30 bản Báo cáo chính trị để gửi về tòa soạn biên tập.",
        "Bàn hỗ trợ đã in xong, mời anh nhận tại quầy số 2.",
        14,
        True,
    ),
    (
        "documents",
        "",
        "Xin danh sách đại biểu chính thức và chương trình phiên bế mạc bản điện tử.",
        "Tài liệu đã đăng trong mục Thông cáo báo chí (dành cho phóng viên được cấp thẻ). Chương trình phiên bế mạc sẽ có trước 17:00.",
        22,
        False,
    ),
    (
        "transport",
        "Sảnh Trung tâm Hội nghị tỉnh",
        "Nhóm quay phim VTV cần xe về khách sạn Mường Thanh sau phiên chiều, khoảng 18:30.",
        "Xe 16 chỗ biển số 29B-123.45 đón tại sảnh lúc 18:30.",
        9,
        True,
    ),
    (
        "lost_found",
        "Hội trường, tầng 2",
        "Tôi để quên nắp ống kính Canon 77 mm ở khu vực bục máy quay.",
        None,
        0,
        False,
    ),
    (
        "equipment",
        "Phòng họp báo số 1",
        "Cần mượn thêm một dây cáp XLR để thu âm họp báo lúc 15:00.",
        "Bàn hỗ trợ còn 2 dây XLR, mời anh qua quầy mượn, mang theo thẻ tác nghiệp.",
        4,
        False,
    ),
    (
        "wifi",
        "Trung tâm báo chí, bàn 3",
        "Đường truyền chậm, không gửi được tệp video 2 GB về tòa soạn.",
        None,
        0,
        False,
    ),
    (
        "other",
        "",
        "Xin hỏi phóng viên ảnh có được tác nghiệp ở tầng 1 hội trường trong phiên bầu cử không?",
        "Phiên bầu cử không mở cho báo chí; ảnh chính thức do TTXVN cung cấp trong kho tư liệu sau phiên.",
        31,
        True,
    ),
]


def seed() -> None:
    """Equipment, requests filed over the last two days (answered, waiting, solved), one lost badge, loans."""
    rng = random.Random(22)
    with scope.in_event(current_event()):
        _seed(rng)


def _seed(rng: random.Random) -> None:
    desk = db.session.scalar(select(User).where(User.email == PRESS_OFFICER))
    officer = db.session.scalar(select(User).where(User.email == ACCREDITATION_OFFICER)) or desk
    if desk is None:
        return
    items = [
        loans.save_item(None, kind=kind, label=label, count=count, active=True, actor=officer)
        for kind, label, count in EQUIPMENT
    ]
    journalists = db.session.scalars(
        select(User)
        .join(Application, Application.user_id == User.id)
        .where(Application.status == "approved")
        .order_by(User.id)
    ).all()
    if not journalists:
        return
    demo = next((u for u in journalists if u.email == DEMO_JOURNALIST), None)
    others = [u for u in journalists if u.email != DEMO_JOURNALIST] or journalists

    today = local_today()
    for n, (category, place, text, reply, minutes, solved) in enumerate(REQUESTS):
        day = today - timedelta(days=1 if n < 5 else 0)
        filed = min(
            from_local(datetime.combine(day, time(8 + n, rng.randint(0, 50)))),
            utcnow() - timedelta(minutes=90),
        )
        user = demo if demo is not None and n in (1, 5) else others[n % len(others)]
        request = services.file_request(user, category=category, text=text, place=place, now=filed)
        if reply is None:
            continue
        services.take(request, desk, now=filed + timedelta(minutes=max(1, minutes // 2)))
        services.staff_reply(
            request,
            desk,
            reply,
            state="solved" if solved else "waiting",
            now=filed + timedelta(minutes=minutes),
        )

    # a reporter lost a badge in the hall this morning: the desk has not seen them yet
    lost_owner = others[-1]
    try:
        services.report_lost_badge(
            lost_owner, text="Tôi làm rơi thẻ tác nghiệp ở khu vực gửi xe.", place="Bãi xe Trung tâm Hội nghị"
        )
    except services.HelpdeskError:
        pass  # no badge issued in this demo

    # loans: three out now, one of them overdue since yesterday evening
    lent_yesterday = from_local(datetime.combine(today - timedelta(days=1), time(9, 30)))
    for borrower, item, when in (
        (others[0], items[0], lent_yesterday),
        (others[1 % len(others)], items[3], utcnow() - timedelta(hours=2)),
        (others[2 % len(others)], items[5], utcnow() - timedelta(hours=1)),
    ):
        badge = _badge_of(borrower)
        if badge is not None and badge.is_current:
            loans.lend(item, badge.serial, officer, due_at=loans.default_due(when), now=when)

    for description, place, colour in FOUND:
        photo = io.BytesIO()
        Image.new("RGB", (640, 480), colour).save(photo, "JPEG")
        photo.seek(0)
        found.log_found(description, place, FileStorage(stream=photo, filename="do-that-lac.jpg"), desk)
    db.session.flush()


def _badge_of(user: User):
    application = services.application_of(user.id)
    return services.current_badge_of(application) if application is not None else None
