"""Browser journeys for positions in the hall: a reporter asks for a photo position, is waitlisted,
and gets the place released at T−2 h; a gate bound to a session decides offline from the pack.

Time control: the worker's pass runs inside ``time_machine.travel`` (as the dashboard journey
does); the browser acts outside those blocks, so Playwright's own clock is never moved.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from app.positions import services
from tests.checkin.conftest import make_gate, payload_of  # noqa: F401, F811  (fixtures)
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def _travel(moment):
    return time_machine.travel(moment.replace(tzinfo=UTC), tick=True)


@pytest.fixture
def hall(db, make_user, make_application, make_organisation):
    """A press officer, the opening session (one photo position, two days ahead) and two reporters."""
    from app.core.timeutil import utcnow

    officer = make_user("press_officer", full_name="Lê Thị Mai")
    starts_at = (utcnow() + timedelta(hours=48)).replace(second=0, microsecond=0)
    session = services.save_session(
        None,
        services.SessionData(
            title="Phiên khai mạc Đại hội",
            kind="opening",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
        ),
        officer,
    )
    services.save_position(session, "photo", 1, "Bục ảnh bên trái", officer)
    people = {}
    for name, outlet, email in (
        ("Lê Minh Châu", "Thông tấn xã Việt Nam", "le.minh.chau@ttxvn.vn"),
        ("Phạm Minh Đức", "Báo Tuổi Trẻ", "pham.minh.duc@tuoitre.vn"),
    ):
        user = make_user("journalist", full_name=name, email=email)
        application = make_application(
            status="approved",
            user=user,
            full_name=name,
            organisation=make_organisation(outlet),
            zones=("HT",),
        )
        people[name] = (user, application)
    db.session.commit()
    return session, people


def test_a_waitlisted_reporter_gets_the_place_released_at_t_minus_2h(page, db, hall, mailbox):
    session, people = hall
    first, _ = people["Lê Minh Châu"]
    services.request_position(first, session, session.positions[0].id)  # asked first
    db.session.commit()
    reporter, _ = people["Phạm Minh Đức"]

    sign_in(page, reporter.email)
    page.goto(page.base + "/DH16/positions/")
    expect(page.get_by_role("heading", name="Vị trí tác nghiệp")).to_be_visible()
    page.get_by_role("link", name=re.compile("Đăng ký vị trí")).click()
    page.get_by_label("Loại vị trí").select_option(label="Vị trí chụp ảnh (1 chỗ)")
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(
        "Đã ghi nhận đăng ký"
    )
    expect(page.get_by_test_id("my-position").get_by_test_id("state")).to_have_attribute(
        "data-state", "requested"
    )

    # The deadline (T−24 h): the worker allocates; the agency asked first, the reporter waits.
    db.session.rollback()
    with _travel(services.deadline_of(session) + timedelta(minutes=1)):
        assert services.run_due_everywhere() == 1
        db.session.commit()
    page.reload()
    mine = page.get_by_test_id("my-position")
    expect(mine.get_by_test_id("state")).to_have_attribute("data-state", "waitlisted")
    expect(mine).to_contain_text("thứ 1 trong danh sách chờ")
    screenshot(page, "positions-waitlisted")

    # T−2 h: the agency never confirmed; its place goes to the reporter, first on the waitlist.
    with _travel(services.release_time_of(session) + timedelta(minutes=1)):
        assert services.run_due_everywhere() == 1
        db.session.commit()
    page.reload()
    expect(page.get_by_test_id("my-position").get_by_test_id("state")).to_have_attribute(
        "data-state", "confirmed"
    )
    expect(page.get_by_test_id("my-position")).to_contain_text("Đã xác nhận chỗ")
    screenshot(page, "positions-moved-up")
    with _travel(services.release_time_of(session) + timedelta(minutes=2)):
        mailbox.deliver()  # queued at the worker's (travelled) time
    subjects = [m["Subject"] for m in mailbox.to(reporter.email)]
    assert any("Trong danh sách chờ" in s for s in subjects) and any("Có chỗ cho bạn" in s for s in subjects)
    assert page.console_errors == []


def test_a_gate_bound_to_a_session_denies_a_holder_without_a_place_offline(
    page,
    db,
    hall,
    make_user,
    make_badge,
    make_gate,  # noqa: F811
    payload_of,  # noqa: F811
):
    session, people = hall
    (holder, holder_app), (other, other_app) = people["Lê Minh Châu"], people["Phạm Minh Đức"]
    for user in (holder, other):
        services.request_position(user, session, session.positions[0].id)
    db.session.commit()
    services.allocate(session, None, now=services.deadline_of(session) + timedelta(minutes=1))
    _b, holder_token = make_badge(holder_app, zones="HT")
    _b, other_token = make_badge(other_app, zones="HT")
    gate = make_gate("HT", "in", name="Cổng C – Hội trường, lối báo chí")
    services.bind_gate(gate, session, None)
    db.session.commit()
    staff = make_user("scanner", email="cong.c@tinh.vn")

    sign_in(page, staff.email)
    page.goto(page.base + "/DH16/scanner/")
    page.get_by_role("button", name=re.compile("Cổng C – Hội trường")).click()
    expect(page.get_by_test_id("pack-status")).to_have_attribute("data-size", "2")
    page.context.set_offline(True)
    expect(page.get_by_test_id("net-status")).to_contain_text("Mất mạng")
    field = page.get_by_label("Mã thẻ (máy quét USB hoặc gõ tay)")
    box = page.get_by_test_id("scan-result")
    field.fill(payload_of(holder_token))
    field.press("Enter")
    expect(box).to_have_attribute("data-result", "accepted")
    expect(box).to_contain_text("Lê Minh Châu")
    field.fill(payload_of(other_token))
    field.press("Enter")
    expect(box).to_have_attribute("data-result", "denied")
    expect(box).to_contain_text("Không có chỗ trong phiên này")
    expect(box).to_contain_text("Phạm Minh Đức")
    screenshot(page, "positions-gate-offline")
    page.context.set_offline(False)
    expect(page.get_by_test_id("queue-count")).to_have_attribute("data-count", "0", timeout=20_000)

    from sqlalchemy import select

    from app.checkin.models import Scan

    db.session.rollback()
    rows = db.session.execute(select(Scan.result, Scan.reason, Scan.offline)).all()
    assert sorted(tuple(r) for r in rows) == [("accepted", None, True), ("denied", "no_place", True)]
