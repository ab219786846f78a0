"""Demo media library for ``flask seed-demo``: three albums (Phiên khai mạc, Họp báo, Trang trí)
of photos generated here with Pillow (no image files in the repository), a programme PDF, one
photo for accredited journalists only and one under embargo until the election results."""

from __future__ import annotations

import io
import math
import random
from datetime import timedelta

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app.accounts.models import User
from app.core.pdfdoc import FONT_BOLD, font_path
from app.core.timeutil import utcnow
from app.events import scope
from app.events.services import current_event
from app.extensions import db
from app.newsroom import services
from app.newsroom.models import Album
from app.releases.demo import demo_pdf

PRESS_OFFICER = "baochi@demo.presscentre.vn"

# album (title, English title, kind) → items (file, caption, English caption, credit, terms, extra)
ALBUMS = [
    (
        ("Phiên khai mạc", "Opening session", "session"),
        [
            (
                "toan-canh-hoi-truong.jpg",
                "Toàn cảnh phiên khai mạc Đại hội tại Trung tâm Hội nghị tỉnh.",
                "The opening session of the congress at the provincial conference centre.",
                "Ảnh: TTXVN",
                "editorial_credit",
                {},
            ),
            (
                "chao-co.jpg",
                "Các đại biểu thực hiện nghi thức chào cờ.",
                "Delegates salute the flag.",
                "Ảnh: TTXVN",
                "editorial_no_alter",
                {},
            ),
            (
                "dien-van-khai-mac.jpg",
                "Bí thư Tỉnh ủy đọc diễn văn khai mạc Đại hội.",
                "The provincial party secretary gives the opening speech.",
                "Ảnh: Báo Nghệ An",
                "editorial_credit",
                {},
            ),
            (
                "dai-bieu-bieu-quyet.jpg",
                "Đại biểu biểu quyết thông qua chương trình làm việc.",
                "",
                "Ảnh: TTXVN",
                "editorial_credit",
                {"audience": "accredited"},
            ),
            (
                "chuong-trinh-dai-hoi.pdf",
                "Chương trình làm việc của Đại hội (bản chính thức).",
                "Official programme of the congress.",
                "Nguồn: Ban Tổ chức Đại hội",
                "free_credit",
                {},
            ),
        ],
    ),
    (
        ("Họp báo", "Press conferences", "session"),
        [
            (
                "hop-bao-truoc-dai-hoi.jpg",
                "Quang cảnh họp báo trước Đại hội.",
                "The press conference before the congress.",
                "Ảnh: Trung tâm báo chí",
                "free_credit",
                {},
            ),
            (
                "nguoi-phat-ngon.jpg",
                "Người phát ngôn trả lời câu hỏi của phóng viên.",
                "The spokesperson answers reporters' questions.",
                "Ảnh: Trung tâm báo chí",
                "free_credit",
                {},
            ),
            (
                "ket-qua-bau-cu.jpg",
                "Công bố kết quả bầu Ban Chấp hành Đảng bộ tỉnh khóa mới.",
                "The results of the election of the new executive committee.",
                "Ảnh: TTXVN",
                "congress_only",
                {"embargo_days": 2},
            ),
        ],
    ),
    (
        ("Trang trí", "Decoration", "topic"),
        [
            (
                "pano-tran-phu.jpg",
                "Pa nô chào mừng Đại hội trên đường Trần Phú.",
                "Welcome banners on Trần Phú street.",
                "Ảnh: Báo Nghệ An",
                "free_credit",
                {},
            ),
            (
                "co-hoa-quang-truong.jpg",
                "Cờ hoa rực rỡ tại quảng trường trung tâm.",
                "Flags on the central square.",
                "Ảnh: Báo Nghệ An",
                "free_credit",
                {},
            ),
            (
                "san-khau-hoi-truong.jpg",
                "Sân khấu hội trường được trang trí trước giờ khai mạc.",
                "",
                "Ảnh: Sở Văn hóa, Thể thao và Du lịch",
                "editorial_credit",
                {},
            ),
        ],
    ),
]


def demo_photo(caption: str, rng: random.Random, size=(1600, 1067)) -> bytes:
    """A photo-like picture: a red stage under a gold star, rows of seats, the caption on a band."""
    width, height = size
    base = (150 + rng.randint(0, 40), 20 + rng.randint(0, 20), 25)
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 4):  # light falling from the ceiling
        shade = y * 60 // height
        draw.line([(0, y), (width, y)], fill=(max(base[0] - shade, 0), base[1] + shade // 3, 30 + shade // 2))
    cx, cy, r = width // 2, height // 4, height // 8
    points = []
    for n in range(10):  # a five-pointed star: outer and inner points in turn
        angle = math.pi / 2 + n * math.pi / 5
        radius = r if n % 2 == 0 else r * 0.4
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(points, fill=(240, 190, 0))
    for row in range(6):  # the delegates' seats
        y = height // 2 + row * height // 14
        for seat in range(0, width, width // 40):
            colour = (30 + rng.randint(0, 40), 30 + rng.randint(0, 40), 60 + rng.randint(0, 60))
            draw.rectangle((seat + 4, y, seat + width // 40 - 4, y + height // 20), fill=colour)
    draw.rectangle((0, height - 110, width, height), fill=(250, 245, 230))
    font = ImageFont.truetype(font_path(FONT_BOLD), max(width // 45, 12))
    text = caption
    while len(text) > 10 and draw.textlength(text, font=font) > width - 80:
        text = text[:-4].rstrip() + "…"
    draw.text((40, height - 85), text, font=font, fill=(120, 10, 15))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def seed() -> None:
    """Three albums of generated photos and a PDF (skipped when the library has albums)."""
    with scope.in_event(current_event()):
        _seed(random.Random(21))


def _seed(rng: random.Random) -> None:
    officer = db.session.scalar(select(User).where(User.email == PRESS_OFFICER))
    if officer is None or db.session.scalar(select(func.count(Album.id))):
        return
    now = utcnow().replace(second=0, microsecond=0)
    for (title, title_en, kind), items in ALBUMS:
        album = services.create_album(officer, title=title, title_en=title_en, kind=kind)
        for name, caption, caption_en, credit, terms, extra in items:
            data = demo_pdf(caption) if name.endswith(".pdf") else demo_photo(caption, rng)
            embargo_days = extra.get("embargo_days")
            services.add_item(
                album,
                officer,
                FileStorage(stream=io.BytesIO(data), filename=name),
                caption=caption,
                caption_en=caption_en,
                credit=credit,
                terms=terms,
                audience=extra.get("audience", "public"),
                embargo_until=now + timedelta(days=embargo_days) if embargo_days else None,
                now=now,
            )
    db.session.flush()
