"""The help desk lends equipment by pointing the phone's camera at the borrower's badge.

Chromium is started with a fake camera that films a badge's QR code (a Y4M video made here
from the badge's real payload), so the page's own camera code and QR decoder read it.
"""

from __future__ import annotations

import io
import re

import pytest
import qrcode
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from app.badges import services as badges
from app.badges.services import issue_badge
from app.extensions import db
from app.helpdesk import loans
from app.helpdesk.models import Loan
from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path, screenshot, sign_in

pytestmark = pytest.mark.browser


def y4m_of(text: str, path) -> None:
    """A short 640×480 4:2:0 video showing ``text`` as a QR code (Chromium loops it)."""
    code = qrcode.QRCode(border=4, box_size=8)
    code.add_data(text)
    picture = code.make_image().convert("RGB")
    frame = Image.new("RGB", (640, 480), "white")
    frame.paste(picture, ((640 - picture.width) // 2, (480 - picture.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    planes = (
        y.tobytes() + cb.resize((320, 240), Image.BOX).tobytes() + cr.resize((320, 240), Image.BOX).tobytes()
    )
    out = io.BytesIO()
    out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
    for _ in range(10):
        out.write(b"FRAME\n" + planes)
    path.write_bytes(out.getvalue())


@pytest.mark.timeout(120)
def test_the_desk_lends_a_charger_by_filming_the_badge(
    tmp_path, playwright_driver, live_server, make_application, make_user
):
    officer = make_user("accreditation_officer", email="ban.ho.tro@tinh.vn", full_name="Phạm Thu Trang")
    application = make_application(status="approved", full_name="Vũ Thị Lan Anh")
    badge = issue_badge(application, officer)
    loans.save_item(None, kind="charger", label="Sạc USB-C 65 W", count=2, active=True, actor=officer)
    db.session.commit()
    video = tmp_path / "badge.y4m"
    y4m_of(badges.payload_of(badge), video)

    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    # a browser of its own (a fake camera) from the run's one driver (tests/e2e/conftest.py)
    browser = playwright_driver.chromium.launch(executable_path=chromium_path(), headless=True, args=args)
    try:
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN"
        )
        context.grant_permissions(["camera"], origin=live_server)
        context.set_default_timeout(20_000)
        phone = context.new_page()
        phone.base = live_server
        sign_in(phone, officer.email)
        phone.goto(live_server + "/DH16/helpdesk/equipment")
        lend = phone.get_by_role("region", name="Cho mượn", exact=True)
        field = lend.get_by_label(re.compile("^Thẻ: quét mã QR"))
        lend.get_by_role("button", name=re.compile("Bật camera")).click()
        expect(field).to_have_value(badges.payload_of(badge))
        expect(lend.get_by_role("status")).to_have_text("Đã đọc mã thẻ từ camera.")
        expect(lend.get_by_role("button", name=re.compile("Bật camera"))).to_be_visible()  # stopped
        screenshot(phone, "helpdesk-lend-by-camera")
        lend.get_by_role("button", name="Cho mượn", exact=True).click()
        expect(phone.get_by_role("alert").or_(phone.get_by_role("status")).first).to_contain_text(
            "Vũ Thị Lan Anh"
        )
    finally:
        browser.close()
    db.session.rollback()
    loan = db.session.scalars(select(Loan)).one()
    assert (loan.badge_id, loan.returned_at) == (badge.id, None)
