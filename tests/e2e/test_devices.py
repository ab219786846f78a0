"""Browser journey of a paired scanner device (issue 13).

The administrator creates a device for a gate; a phone (a second browser context, 360 px,
no account) opens the pairing link, becomes the gate's scanner, scans a badge typed into
the USB-scanner field and sees the decision. After the administrator revokes it, the
phone's next request says so and the gate pack stored on the phone is gone.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.checkin.models import Device, Scan
from tests.checkin.conftest import make_gate, payload_of  # noqa: F401  (fixtures)
from tests.e2e.conftest import page_width, screenshot, sign_in

pytestmark = pytest.mark.browser

GATE = "Cổng A – Trung tâm báo chí (vào)"
STORED = """async () => {
  const names = (await indexedDB.databases()).map((db) => db.name);
  const keys = Object.keys(localStorage).filter((key) => key.startsWith("presscentre"));
  let packs = 0;
  if (names.includes("presscentre-checkin")) {
    packs = await new Promise((resolve) => {
      const request = indexedDB.open("presscentre-checkin");
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains("packs")) { db.close(); resolve(0); return; }
        const counting = db.transaction("packs").objectStore("packs").count();
        counting.onsuccess = () => { db.close(); resolve(counting.result); };
      };
      request.onerror = () => resolve(-1);
    });
  }
  return { names, keys, packs };
}"""


def test_a_phone_paired_by_the_administrator_scans_and_is_wiped_when_revoked(
    page,
    phone,
    db,
    make_user,
    make_gate,  # noqa: F811
    make_application,
    make_organisation,
    make_badge,
    payload_of,  # noqa: F811
):
    admin = make_user("admin", email="quan.tri@tinh.vn")
    gate = make_gate("PC", "in", name=GATE)
    make_gate("HT", "in", name="Cổng C – Hội trường (vào)")
    people = []
    for name in ("Nguyễn Thị Thu Hằng", "Trần Quốc Bảo"):
        application = make_application(
            status="approved", full_name=name, organisation=make_organisation(f"Báo của {name}")
        )
        people.append((name, payload_of(make_badge(application, zones="PC")[1])))
    gate_id = gate.id
    db.session.commit()

    # The administrator creates the device for gate A.
    sign_in(page, admin.email)
    page.goto(page.base + "/DH16/admin/devices/new")
    page.get_by_label("Tên thiết bị").fill("Điện thoại 1 – Cổng A")
    page.get_by_label(re.compile("Cổng A – Trung tâm báo chí")).check()
    page.get_by_role("button", name="Tạo và hiện mã ghép nối").click()
    expect(page.get_by_test_id("pairing-qr").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("pairing-code")).to_have_text(
        re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$")
    )
    link = page.get_by_test_id("pairing-link").inner_text()
    assert "#code=" in link
    screenshot(page, "checkin-device-pairing")

    # The phone opens the pairing link: no account, no password.
    errors = []
    phone.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(link)
    expect(phone).to_have_url(re.compile(r"/DH16/scanner/device$"), timeout=15_000)
    expect(phone.get_by_test_id("device-bar")).to_contain_text("Điện thoại 1 – Cổng A")
    gate_button = phone.get_by_role("button", name=re.compile("Cổng A – Trung tâm báo chí"))
    expect(gate_button).to_be_visible()
    expect(phone.get_by_role("button", name=re.compile("Cổng C"))).to_have_count(0)
    gate_button.click()
    expect(phone.get_by_test_id("pack-status")).to_have_attribute("data-size", "2")
    field = phone.get_by_label("Mã thẻ (máy quét USB hoặc gõ tay)")
    expect(field).to_be_focused()
    assert page_width(phone) <= 360

    name, payload = people[0]
    field.fill(payload)
    field.press("Enter")
    result = phone.get_by_test_id("scan-result")
    expect(result).to_have_attribute("data-result", "accepted")
    expect(result).to_contain_text(name)
    stored = phone.evaluate(STORED)
    assert stored["packs"] == 1 and "presscentre.checkin.device.token" in stored["keys"]

    db.session.rollback()
    device = db.session.scalar(select(Device))
    scan = db.session.scalar(select(Scan))
    assert scan.device_id == device.id and scan.user_id is None and scan.gate_id == gate_id

    # The administrator revokes the device.
    page.goto(page.base + "/DH16/admin/devices")
    row = page.locator(f'tr[data-device-id="{device.id}"]')
    expect(row).to_have_attribute("data-state", "active")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Thu hồi").click()
    expect(page.locator(f'tr[data-device-id="{device.id}"]')).to_have_attribute("data-state", "revoked")

    # The phone's next request is refused: it says so and its gate data is gone.
    field = phone.get_by_label("Mã thẻ (máy quét USB hoặc gõ tay)")
    field.fill(people[1][1])
    field.press("Enter")
    expect(phone).to_have_url(re.compile(r"/DH16/scanner/pair\?ended=device_revoked"), timeout=15_000)
    expect(phone.get_by_test_id("pair-notice")).to_contain_text("đã bị thu hồi")
    expect(phone.get_by_test_id("pair-notice")).to_contain_text("đã bị xoá")
    phone.wait_for_function(
        """async () => !(await indexedDB.databases()).some((db) => db.name === "presscentre-checkin")""",
        timeout=10_000,
    )
    stored = phone.evaluate(STORED)
    assert stored["packs"] == 0 and stored["keys"] == [] and stored["names"] == []
    db.session.rollback()
    assert db.session.query(Scan).count() == 1  # the refused scan was not recorded
    # The only error the browser reports is the refused request itself.
    assert [e for e in errors if "status of 401" not in e] == []


def test_a_phone_types_the_pairing_code_and_a_wrong_code_is_explained(phone, db, make_gate):  # noqa: F811
    from app.checkin import devices

    gate = make_gate("PC", "in", name=GATE)
    _device, code = devices.create_device("Máy tính bảng 2", [gate.id], days=2, actor=None)
    db.session.commit()

    phone.goto(phone.base + "/DH16/scanner/pair")
    field = phone.get_by_label("Mã ghép nối")
    expect(field).to_be_focused()
    field.fill("ZZZZ-ZZZZ-ZZ")
    phone.get_by_role("button", name="Ghép nối", exact=True).click()
    expect(phone.get_by_test_id("pair-message")).to_have_text(
        "Mã ghép nối không hợp lệ. Hãy kiểm tra lại hoặc xin mã mới.", timeout=10_000
    )
    field.fill(devices.format_code(code).lower())
    phone.get_by_role("button", name="Ghép nối", exact=True).click()
    expect(phone).to_have_url(re.compile(r"/DH16/scanner/device$"), timeout=15_000)
    expect(phone.get_by_test_id("device-bar")).to_contain_text("Máy tính bảng 2")
    expect(phone.get_by_role("button", name=re.compile("Cổng A – Trung tâm báo chí"))).to_be_visible()
