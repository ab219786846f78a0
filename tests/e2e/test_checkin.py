"""Browser journeys at the gate: USB-scanner input, results, offline queue and sync.

The app is served on http://localhost, a secure context, so the service worker,
IndexedDB and crypto.subtle work as they do over HTTPS.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from app.badges.models import Badge
from app.checkin.models import Gate, Scan
from app.checkin.services import decide_scan
from app.core.timeutil import utcnow
from tests.checkin.conftest import make_gate, payload_of  # noqa: F401  (fixtures)
from tests.e2e.conftest import page_width, screenshot, sign_in

pytestmark = pytest.mark.browser

GATE = "Cổng A – Trung tâm báo chí (vào)"
PEOPLE = [
    ("Nguyễn Thị Thu Hằng", "Báo Nhân Dân", "reporter"),
    ("Trần Quốc Bảo", "Đài Truyền hình Việt Nam", "camera"),
    ("Lê Minh Châu", "Thông tấn xã Việt Nam", "photographer"),
    ("Phạm Văn Dũng", "Báo Quân đội nhân dân", "reporter"),
    ("Hoàng Thị Lan Anh", "Đài Tiếng nói Việt Nam", "editor"),
    ("Vũ Đức Thắng", "Báo tỉnh", "reporter"),
    ("Đặng Ngọc Mai", "Đài Phát thanh và Truyền hình tỉnh", "technician"),
]


@pytest.fixture
def badges(make_application, make_organisation, make_badge, payload_of):  # noqa: F811
    """Seven journalists' badges for the press centre (PC): (badge, payload) by name."""
    result = {}
    for name, outlet, category in PEOPLE:
        application = make_application(
            status="approved", full_name=name, organisation=make_organisation(outlet), category=category
        )
        badge, token = make_badge(application, zones="PC,HT")
        result[name] = (badge, payload_of(token))
    return result


def _scan(page, payload: str, count: int) -> None:
    """Type the payload into the focused field and press Enter, as a USB hand scanner does."""
    page.keyboard.type(payload)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("recent-scans").locator("li")).to_have_count(count)


def _expect_result(page, result: str, text: str, name: str | None = None) -> None:
    box = page.get_by_test_id("scan-result")
    expect(box).to_have_attribute("data-result", result)
    expect(box).to_contain_text(text)
    if name:
        expect(box).to_contain_text(name)


def test_gate_staff_scan_online_then_offline_and_the_queue_syncs(
    page,
    app,
    db,
    make_user,
    make_gate,  # noqa: F811  (the fixture imported above)
    badges,
    monkeypatch,
):
    # What the gate does online, then offline. A loaded CI machine once took over the field
    # deadline (1 s) to answer a scan, which then went the offline way and reached the server
    # after the next one; the deadline itself is tested in test_checkin_field.py.
    monkeypatch.setitem(app.config, "SCANNER_API_TIMEOUT_MS", 10_000)
    staff = make_user("scanner", full_name="Lê Văn Cường", email="cong.a@tinh.vn")
    gate = make_gate("PC", "in", name=GATE)
    make_gate("HT", "in", name="Cổng C – Hội trường, lối báo chí (vào)")
    thang = badges["Vũ Đức Thắng"][0]
    thang.revoked_at = utcnow()
    names = [name for name, _outlet, _cat in PEOPLE]
    payload = {name: badges[name][1] for name in names}
    late_revoked = badges["Đặng Ngọc Mai"][0]
    gate_id, late_revoked_id = gate.id, late_revoked.id
    offline_ids = {badges[names[2]][0].id, badges[names[4]][0].id, late_revoked_id}
    db.session.commit()

    sign_in(page, staff.email)
    page.goto(page.base + "/DH16/scanner/")
    expect(page.get_by_role("heading", name="Chọn cổng của bạn")).to_be_visible()
    page.get_by_role("button", name=re.compile("Cổng A – Trung tâm báo chí")).click()
    expect(page.get_by_test_id("gate-name")).to_contain_text(GATE)
    expect(page.get_by_test_id("pack-status")).to_have_attribute("data-size", "7")
    expect(page.get_by_label("Mã thẻ (máy quét USB hoặc gõ tay)")).to_be_focused()

    _scan(page, payload[names[0]], 1)
    _expect_result(page, "accepted", "Được vào", names[0])
    expect(page.get_by_test_id("scan-result")).to_contain_text("Báo Nhân Dân")
    _scan(page, payload[names[1]], 2)
    _expect_result(page, "accepted", "Được vào", names[1])
    _scan(page, payload["Vũ Đức Thắng"], 3)
    _expect_result(page, "denied", "Thẻ đã bị thu hồi", "Vũ Đức Thắng")
    _scan(page, payload[names[0]], 4)
    _expect_result(page, "duplicate", "Thẻ vừa được quét tại cổng này", names[0])
    _scan(page, payload[names[3]], 5)
    _expect_result(page, "accepted", "Được vào", names[3])
    screenshot(page, "checkin-scanner")

    # Revoked after this device took the gate pack: only the server can know.
    db.session.rollback()  # no stale read snapshot: the live server has written since
    db.session.execute(update(Badge).where(Badge.id == late_revoked_id).values(revoked_at=utcnow()))
    db.session.commit()

    page.context.set_offline(True)
    expect(page.get_by_test_id("net-status")).to_contain_text("Mất mạng")
    for count, name in enumerate([names[2], names[4], "Đặng Ngọc Mai"], start=6):
        _scan(page, payload[name], count)
        _expect_result(page, "accepted", "Quyết định khi mất mạng", name)
    expect(page.get_by_test_id("queue-count")).to_have_attribute("data-count", "3")
    expect(page.get_by_test_id("queue-count")).to_contain_text("Đang chờ gửi: 3")
    screenshot(page, "checkin-offline")

    page.context.set_offline(False)
    expect(page.get_by_test_id("queue-count")).to_have_attribute("data-count", "0", timeout=20_000)
    newest = page.get_by_test_id("recent-scans").locator("li").first
    expect(newest).to_have_attribute("data-result", "denied")
    expect(newest).to_contain_text("Đã thay đổi khi gửi lên máy chủ")
    expect(newest).to_contain_text("Thẻ đã bị thu hồi")
    screenshot(page, "checkin-synced")

    db.session.rollback()
    rows = db.session.scalars(select(Scan).where(Scan.gate_id == gate_id).order_by(Scan.id)).all()
    assert len(rows) == 8
    online, offline = rows[:5], rows[5:]
    assert [r.result for r in online] == ["accepted", "accepted", "denied", "duplicate", "accepted"]
    assert not any(r.offline for r in online)
    assert all(r.offline for r in offline) and {r.badge_id for r in offline} == offline_ids
    assert len({r.client_uuid for r in rows}) == 8
    assert [(r.result, r.reason) for r in offline if r.badge_id == late_revoked_id] == [("denied", "revoked")]
    assert all(r.user_id == staff.id for r in rows)


def test_the_scanner_fits_a_phone(phone, db, make_user, make_gate, badges):  # noqa: F811
    staff = make_user("scanner", email="cong.b@tinh.vn")
    make_gate("PC", "in", name=GATE)
    payload = badges[PEOPLE[0][0]][1]
    db.session.commit()
    sign_in(phone, staff.email)
    phone.goto(phone.base + "/DH16/scanner/")
    phone.get_by_role("button", name=re.compile("Cổng A")).click()
    expect(phone.get_by_test_id("pack-status")).to_have_attribute("data-size", "7")
    field = phone.get_by_label("Mã thẻ (máy quét USB hoặc gõ tay)")
    field.fill(payload)
    phone.get_by_role("button", name="Kiểm tra").click()
    _expect_result(phone, "accepted", "Được vào", PEOPLE[0][0])
    assert page_width(phone) <= 360
    check = phone.get_by_role("button", name="Kiểm tra").bounding_box()
    assert check["height"] >= 44  # a thumb can hit it
    screenshot(phone, "checkin-scanner-phone")
    # The choice is remembered on the device.
    phone.reload()
    expect(phone.get_by_test_id("gate-name")).to_contain_text(GATE)


@pytest.fixture
def demo_gates(db):
    """The demo's five zones and eight gates, by gate name."""
    from app.checkin import demo

    demo.seed()
    db.session.commit()
    return {g.name: g.id for g in db.session.scalars(select(Gate))}


def test_admin_pages_and_occupancy(page, db, make_user, demo_gates, badges):
    entrance = demo_gates["Cổng A – Trung tâm báo chí (vào)"]
    hall = demo_gates["Cổng C – Hội trường, lối báo chí (vào)"]
    for name, (_badge, payload) in badges.items():
        decide_scan(payload, entrance, None)
        if name != PEOPLE[1][0]:
            decide_scan(payload, hall, None)
    db.session.commit()
    gates = {g.name: g.id for g in db.session.scalars(select(Gate))}
    entrance = gates["Cổng A – Trung tâm báo chí (vào)"]
    hall = gates["Cổng C – Hội trường, lối báo chí (vào)"]
    for name, (_badge, payload) in badges.items():
        decide_scan(payload, entrance, None)
        if name != PEOPLE[1][0]:
            decide_scan(payload, hall, None)
    db.session.commit()
    admin = make_user("admin", email="quantri@tinh.vn")
    sign_in(page, admin.email)  # the site administrator lands on the list of congresses
    page.get_by_test_id("open-congresses").get_by_role("link").first.click()
    page.get_by_test_id("admin-menu").click()
    page.get_by_role("link", name="Cổng và khu vực").first.click()
    expect(page.get_by_role("heading", name="Cổng kiểm soát")).to_be_visible()
    screenshot(page, "checkin-gates")
    page.get_by_role("link", name="Thêm cổng").click()
    page.get_by_label("Khu vực").select_option(label="PH – Khu vực truyền hình")
    page.get_by_label("Tên cổng").fill("Cổng phụ khu vực truyền hình (ra)")
    page.get_by_label("Chiều").select_option(label="Lối ra")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu cổng.")).to_be_visible()
    expect(page.get_by_role("cell", name="Cổng phụ khu vực truyền hình (ra)", exact=True)).to_be_visible()

    page.goto(page.base + "/DH16/occupancy")
    expect(page.get_by_test_id("inside-PC")).to_have_text("7")
    expect(page.get_by_test_id("inside-HT")).to_have_text("6")
    page.get_by_text("PC · Trung tâm báo chí").click()
    expect(page.get_by_role("cell", name=PEOPLE[0][0])).to_be_visible()
    screenshot(page, "checkin-occupancy")
    assert page.console_errors == []


def test_the_camera_decoder_reads_a_printed_badge_code(page, make_user):
    """The camera path: a frame goes to the worker, jsQR (from npm) returns the payload."""
    import base64
    import io

    import qrcode

    payload = "PC1:DH16:AbCdEfGhIjKlMnOpQrStUv"
    image = qrcode.make(payload, box_size=6, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data_url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    staff = make_user("scanner", email="cong.c@tinh.vn")
    sign_in(page, staff.email)
    page.goto(page.base + "/DH16/scanner/")
    decoded = page.evaluate(
        """async ([src, workerUrl]) => {
            const img = new Image();
            img.src = src;
            await img.decode();
            const canvas = document.createElement("canvas");
            canvas.width = img.width; canvas.height = img.height;
            const ctx = canvas.getContext("2d");
            ctx.drawImage(img, 0, 0);
            const frame = ctx.getImageData(0, 0, img.width, img.height);
            const worker = new Worker(workerUrl);
            return await new Promise((resolve) => {
                worker.onmessage = (e) => resolve(e.data);
                worker.postMessage({buffer: frame.data.buffer, width: frame.width, height: frame.height}, [frame.data.buffer]);
            });
        }""",
        [data_url, page.base + "/static/checkin/qr-worker.js"],
    )
    assert decoded == payload
