"""Demo coverage: about 150 pieces over the congress days, the provincial station leading.

Runs as ``seed_late`` because it needs the accredited journalists of the accreditation
demo; pieces of an outlet without an accredited journalist are logged as press
monitoring (no journalist), as the press centre's staff would.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.accreditation.models import Application, MediaOrganisation
from app.core.text import fold
from app.core.timeutil import local_today
from app.dashboard.models import CoverageItem
from app.extensions import db

PRESS_OFFICER_EMAIL = "baochi@demo.presscentre.vn"

# outlet, web domain, how many pieces, media it publishes in (weighted)
OUTLETS = [
    (
        "Đài Phát thanh và Truyền hình Nghệ An",
        "truyenhinhnghean.vn",
        42,
        ("tv", "tv", "tv", "radio", "online"),
    ),
    ("Báo Nghệ An", "baonghean.vn", 24, ("print", "online", "online")),
    ("Cổng Thông tin điện tử tỉnh Nghệ An", "nghean.gov.vn", 15, ("online",)),
    ("Đài Truyền hình Việt Nam (VTV)", "vtv.vn", 12, ("tv", "tv", "online")),
    ("Đài Tiếng nói Việt Nam (VOV)", "vov.vn", 12, ("radio", "radio", "online")),
    ("Báo Nhân Dân", "nhandan.vn", 12, ("print", "online")),
    ("Thông tấn xã Việt Nam", "vnanet.vn", 10, ("online",)),
    ("Báo Quân đội nhân dân", "qdnd.vn", 6, ("print", "online")),
    ("Báo điện tử Chính phủ", "baochinhphu.vn", 5, ("online",)),
    ("Báo Tuổi Trẻ", "tuoitre.vn", 4, ("print", "online")),
    ("Báo Thanh Niên", "thanhnien.vn", 4, ("print", "online")),
    ("Văn phòng đại diện Báo Nhân Dân tại Bắc Trung Bộ", "nhandan.vn", 4, ("online",)),
]

TITLES = [
    "Khai mạc trọng thể Đại hội đại biểu Đảng bộ tỉnh Nghệ An lần thứ XX",
    "Phiên trù bị Đại hội đại biểu Đảng bộ tỉnh: bầu Đoàn Chủ tịch, Đoàn Thư ký",
    "Trung tâm báo chí Đại hội sẵn sàng phục vụ hơn 200 phóng viên",
    "Đại hội thảo luận phương hướng phát triển kinh tế – xã hội nhiệm kỳ 2025–2030",
    "Họp báo công bố kết quả Đại hội đại biểu Đảng bộ tỉnh",
    "Đại biểu kỳ vọng vào đột phá hạ tầng giao thông miền Tây Nghệ An",
    "Bế mạc Đại hội: Nghị quyết được thông qua với sự đồng thuận cao",
    "Ra mắt Ban Chấp hành Đảng bộ tỉnh khóa mới",
    "Thành phố Vinh rực rỡ cờ hoa chào mừng Đại hội",
    "Truyền hình trực tiếp phiên khai mạc Đại hội",
    "Phát huy truyền thống quê hương Xô Viết Nghệ Tĩnh",
    "Chuyển đổi số – động lực tăng trưởng mới của tỉnh",
    "Đại hội biểu dương các tập thể, cá nhân tiêu biểu",
    "Người dân tin tưởng vào thành công của Đại hội",
    "Bảo đảm an ninh, trật tự phục vụ Đại hội",
    "Tham luận: xây dựng Đảng bộ trong sạch, vững mạnh",
    "Ảnh: Những khoảnh khắc ấn tượng tại Đại hội",
    "Phỏng vấn người phát ngôn của Đại hội",
    "Đại hội bầu đoàn đại biểu dự Đại hội toàn quốc",
    "Nông nghiệp công nghệ cao trong Văn kiện Đại hội",
    "Phát triển du lịch gắn với bảo tồn di sản văn hóa",
    "Nâng cao chất lượng nguồn nhân lực giai đoạn mới",
]
# What the press writes in the days before a congress opens (the demo's congress opens in two
# days): preparations, documents, expectations; nothing about sessions that have not happened.
BEFORE_OPENING = [
    "Trung tâm báo chí Đại hội sẵn sàng phục vụ hơn 200 phóng viên",
    "Thành phố Vinh rực rỡ cờ hoa chào mừng Đại hội",
    "Phát huy truyền thống quê hương Xô Viết Nghệ Tĩnh",
    "Chuyển đổi số – động lực tăng trưởng mới của tỉnh",
    "Người dân tin tưởng vào thành công của Đại hội",
    "Bảo đảm an ninh, trật tự phục vụ Đại hội",
    "Nông nghiệp công nghệ cao trong Văn kiện Đại hội",
    "Phát triển du lịch gắn với bảo tồn di sản văn hóa",
    "Nâng cao chất lượng nguồn nhân lực giai đoạn mới",
    "Đại biểu kỳ vọng vào đột phá hạ tầng giao thông miền Tây Nghệ An",
    "Tổng duyệt chương trình Đại hội tại Hội trường Trung tâm Hội nghị tỉnh",
    "Những kết quả nổi bật của nhiệm kỳ 2020–2025",
]


def _journalists() -> dict[str, list[int]]:
    """Accredited journalists' user ids by organisation name."""
    by_org: dict[str, list[int]] = {}
    for name, user_id in db.session.execute(
        select(MediaOrganisation.name, Application.user_id)
        .join(Application, Application.organisation_id == MediaOrganisation.id)
        .where(Application.status == "approved")
        .order_by(Application.id)
    ):
        by_org.setdefault(name, []).append(user_id)
    return by_org


def seed_late() -> None:
    """About 150 coverage items over the last six days (never in the future), all about the
    run-up to the congress, which opens in two days."""
    rng = random.Random(8)
    today = local_today()
    days = [today - timedelta(days=offset) for offset in range(5, -1, -1)]
    staff_id = db.session.scalar(select(User.id).where(User.email == PRESS_OFFICER_EMAIL))
    journalists = _journalists()
    number = 0
    for outlet, domain, count, media in OUTLETS:
        people = journalists.get(outlet, [])
        for _index in range(count):
            number += 1
            title = rng.choice(BEFORE_OPENING)
            medium = rng.choice(media)
            journalist_id = rng.choice(people) if people else None
            slug = fold(title).replace(" ", "-").replace("–", "").replace(":", "").replace(",", "")
            item = CoverageItem(
                journalist_id=journalist_id,
                url=f"https://{domain}/{slug}-{1000 + number}.html",
                title=title,
                outlet=outlet,
                published_on=rng.choice(days),
                medium=medium,
                created_by_id=journalist_id or staff_id,
                updated_by_id=journalist_id or staff_id,
            )
            item.refresh_search_key()
            db.session.add(item)
    db.session.flush()


def seed_season() -> None:
    """The district congress's coverage: what its reporters published in its days."""
    from app.events.demo import district
    from app.events.scope import in_event

    event = district()
    if event is None:
        return
    rng = random.Random(29)
    with in_event(event):
        journalists = _journalists()
        days = [event.first_day + timedelta(days=offset) for offset in range(3)]
        number = 0
        for outlet, people in sorted(journalists.items()):
            domain = next((d for name, d, _c, _m in OUTLETS if name == outlet), "baochi.vn")
            media = next((m for name, _d, _c, m in OUTLETS if name == outlet), ("online",))
            for journalist_id in people:
                for _piece in range(2):
                    number += 1
                    title = rng.choice(TITLES).replace("Đại hội", "Đại hội Đảng bộ huyện Diễn Châu", 1)
                    item = CoverageItem(
                        journalist_id=journalist_id,
                        url=f"https://{domain}/dien-chau-dai-hoi-{2000 + number}.html",
                        title=title,
                        outlet=outlet,
                        published_on=rng.choice(days),
                        medium=rng.choice(media),
                        created_by_id=journalist_id,
                        updated_by_id=journalist_id,
                    )
                    item.refresh_search_key()
                    db.session.add(item)
        db.session.flush()
