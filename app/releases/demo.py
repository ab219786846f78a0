"""Demo releases for ``flask seed-demo``: about twenty believable releases in every state.

They are driven through the real services (create, attach, submit, approve, correct,
withdraw) with back-dated clocks, so the audit trail, revisions and publication
times are what the application itself would have produced. The publication e-mails
those steps queue are removed again: a demo must not mail two hundred journalists.
"""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import delete, func, select
from werkzeug.datastructures import FileStorage

from app.accounts.models import User
from app.core.models import OutboxMessage
from app.core.pdfdoc import FONT_BOLD, font_path
from app.core.timeutil import utcnow
from app.extensions import db
from app.releases import corrections, services
from app.releases.models import Release

OFFICER_EMAIL = "baochi@demo.presscentre.vn"
APPROVER_EMAIL = "truongtt@demo.presscentre.vn"

PROGRAMME_BODY = """Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI, nhiệm kỳ 2025–2030 diễn ra trong **ba ngày**
tại Hội trường Trung tâm Hội nghị tỉnh.

## Ngày thứ nhất
- 7 giờ 30: đón đại biểu, chào cờ;
- 8 giờ: phiên trù bị, bầu Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra tư cách đại biểu.

## Ngày thứ hai
- Phiên khai mạc chính thức, truyền hình trực tiếp trên Đài Phát thanh và Truyền hình tỉnh;
- Thảo luận tại tổ về dự thảo Báo cáo chính trị.

## Ngày thứ ba
- Bầu Ban Chấp hành Đảng bộ tỉnh khóa XVI; thông qua Nghị quyết Đại hội; bế mạc.

Phóng viên tác nghiệp tại hội trường phải đeo thẻ tác nghiệp do Trung tâm báo chí cấp."""

GENERIC_BODY = """{lead}

Trung tâm báo chí Đại hội đề nghị các cơ quan báo chí phản ánh **đầy đủ, chính xác** nội dung trên,
bảo đảm thông tin chính thống đến đúng đối tượng.

Mọi thắc mắc xin liên hệ Tổ công tác hỗ trợ phóng viên tác nghiệp tại Trung tâm báo chí
(tầng 1, Trung tâm Hội nghị tỉnh)."""

# English titles and summaries for foreign reporters (the text itself stays Vietnamese).
ENGLISH = {
    "programme-release": (
        "Press release on the programme of the 16th Provincial Party Congress",
        "Three working days: the preparatory session, the opening, discussions and the closing.",
    ),
    "programme": ("Working programme of the Congress (provisional)", ""),
    "opening-speech": ("Opening speech by the Provincial Party Secretary", ""),
    "foreign": (
        "Information for foreign correspondents",
        "Accreditation, working areas and interpretation for foreign correspondents.",
    ),
    "resolution": ("Resolution of the 16th Provincial Party Congress", ""),
}

# (key, title, category, audience, state, days from now, lead, attachments)
# Past days are when it went public; future days are embargo times of scheduled releases. The
# demo's congress opens in two days (as the conferences' and interviews' demos) and closes in
# four: what is published is what a press centre publishes before a congress, the speeches
# wait approved under embargo, and results are drafts to be filled in.
RELEASES = [
    ("programme-release", "Thông cáo báo chí về chương trình Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI",
     "press_release", "public", "corrected", -5, None, ["pdf"]),
    ("programme", "Chương trình làm việc của Đại hội (dự kiến)", "programme", "public", "published", -5,
     "Trung tâm báo chí công bố chương trình làm việc dự kiến của Đại hội.", ["pdf"]),
    ("badges", "Thông báo về việc cấp thẻ tác nghiệp cho phóng viên", "press_release", "public", "published", -6,
     "Phóng viên đăng ký tác nghiệp trực tuyến, kèm giấy giới thiệu của cơ quan báo chí.", []),
    ("guide", "Hướng dẫn tác nghiệp tại Trung tâm báo chí", "press_kit", "accredited", "published", -4,
     "Hướng dẫn khu vực tác nghiệp, giờ mở cửa, khu vực dành cho quay phim và chụp ảnh.", ["pdf"]),
    ("results", "Tài liệu báo chí: Những kết quả nổi bật nhiệm kỳ 2020–2025", "press_kit", "accredited",
     "published", -3, "Tổng hợp số liệu kinh tế – xã hội và công tác xây dựng Đảng của nhiệm kỳ.", ["pdf"]),
    ("political-report", "Báo cáo chính trị trình Đại hội (tóm tắt)", "press_kit", "public", "published", -2,
     "Tóm tắt dự thảo Báo cáo chính trị của Ban Chấp hành Đảng bộ tỉnh khóa XV.", ["pdf"]),
    ("opening-speech", "Diễn văn khai mạc Đại hội của đồng chí Bí thư Tỉnh ủy", "speech", "public", "approved",
     2, "Toàn văn diễn văn khai mạc, gửi trước cho báo chí, đăng sau giờ khai mạc.", []),
    ("preparation-photos", "Bộ ảnh: Công tác chuẩn bị Đại hội", "photo_set", "public", "published", -1,
     "Trang trí khánh tiết và tổng duyệt chương trình tại Hội trường Trung tâm Hội nghị tỉnh.", ["png", "png"]),
    ("rehearsal", "Thông cáo báo chí: Tổng duyệt chương trình Đại hội", "press_release", "public", "published", -1,
     "Chiều qua, Ban Tổ chức Đại hội đã tổng duyệt toàn bộ chương trình tại hội trường.", []),
    ("central-briefing", "Lịch họp báo và phỏng vấn dành cho báo chí Trung ương", "programme", "central",
     "published", -1, "Lịch phỏng vấn lãnh đạo tỉnh dành cho các cơ quan báo chí Trung ương.", []),
    ("local-zones", "Thông tin cho phóng viên báo chí địa phương về khu vực tác nghiệp", "press_release", "local",
     "published", -2, "Bố trí khu vực tác nghiệp cho Báo tỉnh, Đài Phát thanh và Truyền hình tỉnh.", []),
    ("foreign", "Thông tin dành cho phóng viên nước ngoài", "press_release", "foreign", "published", -2,
     "Thủ tục tác nghiệp và phiên dịch dành cho phóng viên nước ngoài.", []),
    ("withdrawn", "Thông cáo về điều chỉnh giờ khai mạc", "press_release", "public", "withdrawn", -3,
     "Giờ khai mạc được điều chỉnh sang 8 giờ 30.", []),
    ("delegates", "Danh sách đại biểu chính thức dự Đại hội", "press_release", "accredited", "approved", 1,
     "Danh sách 350 đại biểu chính thức được triệu tập dự Đại hội.", ["pdf"]),
    ("resolution", "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI", "resolution", "public", "draft", None,
     "Toàn văn Nghị quyết Đại hội, công bố sau khi Đại hội biểu quyết thông qua.", ["pdf"]),
    ("closing-speech", "Diễn văn bế mạc Đại hội", "speech", "central", "approved", 4,
     "Diễn văn bế mạc Đại hội, gửi trước cho báo chí Trung ương, đăng sau giờ bế mạc.", []),
    ("closing-release", "Thông cáo báo chí phiên bế mạc", "press_release", "public", "in_review", 4,
     "Đại hội đã hoàn thành toàn bộ chương trình đề ra.", []),
    ("secretary", "Kết quả bầu Bí thư, Phó Bí thư Tỉnh ủy khóa XVI", "press_release", "central", "draft", None,
     "Khung thông cáo, điền kết quả sau Hội nghị lần thứ nhất Ban Chấp hành Đảng bộ tỉnh khóa XVI.", []),
    ("group-photos", "Bộ ảnh: Các đại biểu thảo luận tại tổ", "photo_set", "public", "draft", None,
     "Hình ảnh các tổ thảo luận dự thảo văn kiện.", ["png"]),
    ("digital", "Tham luận của đại biểu về chuyển đổi số", "speech", "accredited", "returned", None,
     "Tham luận về chuyển đổi số trong hoạt động của các cơ quan Đảng.", []),
]  # fmt: skip


def demo_pdf(title: str) -> bytes:
    """A one-page PDF with the release title, in a font that has every Vietnamese glyph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from app.core.pdfdoc import FONT, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(title)
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawCentredString(A4[0] / 2, 800, "ĐẢNG BỘ TỈNH — TRUNG TÂM BÁO CHÍ ĐẠI HỘI")
    canvas.setFont(FONT_BOLD, 15)
    canvas.drawCentredString(A4[0] / 2, 760, title[:70])
    canvas.setFont(FONT, 11)
    lines = [
        "Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI, nhiệm kỳ 2025–2030.",
        "Tài liệu phục vụ công tác thông tin, tuyên truyền; đề nghị trích dẫn đúng nguồn.",
        "Liên hệ: Tổ công tác hỗ trợ phóng viên tác nghiệp.",
    ]
    for index, line in enumerate(lines):
        canvas.drawString(72, 720 - 18 * index, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def demo_png(caption: str, shade: int) -> bytes:
    """A photo-like banner (red and gold) with a caption, as a PNG."""
    image = Image.new("RGB", (800, 533), (160 + shade, 20, 27))
    draw = ImageDraw.Draw(image)
    for y in range(0, 533, 4):
        draw.line([(0, y), (800, y)], fill=(170 + shade - y // 12, 30 + y // 20, 30))
    draw.ellipse([340, 120, 460, 240], fill=(240, 180, 0))
    draw.text((40, 440), caption, fill=(255, 255, 255), font=ImageFont.truetype(font_path(FONT_BOLD), 28))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _files(key: str, title: str, kinds: list[str]) -> list[FileStorage]:
    files = []
    for index, kind in enumerate(kinds, start=1):
        if kind == "pdf":
            data, name = demo_pdf(title), f"{key}.pdf"
        else:
            data, name = demo_png(title[:40], 10 * index), f"{key}-{index}.png"
        files.append(FileStorage(stream=io.BytesIO(data), filename=name))
    return files


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def seed() -> None:
    """Create the demo releases (skipped when releases already exist)."""
    if db.session.scalar(select(func.count(Release.id))):
        return
    officer, approver = _user(OFFICER_EMAIL), _user(APPROVER_EMAIL)
    if officer is None or approver is None:
        return
    first_mail = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
    now = utcnow().replace(second=0, microsecond=0)
    for key, title, category, audience, state, days, lead, attachments in RELEASES:
        _seed_one(officer, approver, now, key, title, category, audience, state, days, lead, attachments)
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.id > first_mail))
    db.session.flush()


def _seed_one(officer, approver, now, key, title, category, audience, state, days, lead, attachments) -> None:
    body = PROGRAMME_BODY.replace("8 giờ", "7 giờ 45") if lead is None else GENERIC_BODY.format(lead=lead)
    summary = (lead or "Chương trình ba ngày làm việc của Đại hội, các phiên khai mạc, thảo luận và bế mạc.")[
        :300
    ]
    if days is not None and days < 0:  # already public: written and approved back then
        written = now + timedelta(days=days, hours=-3)
        embargo, moment = None, now + timedelta(days=days, hours=9 - (len(key) % 5))
    else:  # scheduled, under review, or a draft
        written = now - timedelta(hours=6)
        embargo = (now + timedelta(days=days)).replace(hour=1, minute=0) if days else None
        moment = written + timedelta(hours=1)
    title_en, summary_en = ENGLISH.get(key, ("", ""))
    release = services.create_release(
        officer, title=title, summary=summary, body=body, category=category, audience=audience,
        embargo_until=embargo, title_en=title_en, summary_en=summary_en, now=written,
    )  # fmt: skip
    for file_storage in _files(key, title, attachments):
        services.add_attachment(release, officer, file_storage)
    if state == "draft":
        return
    services.submit_for_review(release, officer, now=written + timedelta(minutes=30))
    if state == "returned":
        services.return_to_author(
            release, approver, "Đề nghị bổ sung số liệu và rút gọn phần mở đầu.", now=moment
        )
        return
    if state == "in_review":
        return
    services.approve_release(release, approver, now=moment)
    if state == "corrected":
        correction = corrections.propose_correction(
            release,
            officer,
            title=title,
            summary=summary,
            body=PROGRAMME_BODY,
            title_en=title_en,
            summary_en=summary_en,
            note="Sửa giờ phiên trù bị từ 7 giờ 45 thành 8 giờ.",
            now=moment + timedelta(hours=5),
        )
        corrections.approve_correction(correction, approver, now=moment + timedelta(hours=5, minutes=20))
    if state == "withdrawn":
        services.withdraw_release(
            release, approver, "Thông tin chưa được Ban Tổ chức xác nhận.", now=moment + timedelta(hours=2)
        )
