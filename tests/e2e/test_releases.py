"""Browser journey of a release: written with an attachment and an embargo, approved, hidden
until its time, then read and downloaded by a journalist, with the download in the staff log.
XSS payloads in the title, summary and body must never run (no dialog, no console error).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.timeutil import to_local, utcnow
from app.releases import services
from app.releases.models import Release
from tests.e2e.conftest import page_width, screenshot, sign_in
from tests.releases.conftest import pdf_bytes

pytestmark = pytest.mark.browser

TITLE = "Thông cáo Zeta về phiên khai mạc <img src=x onerror=\"alert('title')\">"
SUMMARY = "Tóm tắt <script>alert('summary')</script> phiên khai mạc"
BODY = """Đại hội khai mạc lúc **8 giờ** ngày mai.

<script>alert('body')</script>
<img src=x onerror="alert('img')">
[bấm vào đây](javascript:alert('link'))
<a href="https://baochi.vn" onclick="alert('click')">Báo chí</a>

- 350 đại biểu chính thức
- Truyền hình trực tiếp"""


def _watch(page):
    """Record any dialog (an executed alert) and any console error on the page."""
    page.dialogs = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page


def _other_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(15_000)
    other = context.new_page()
    other.console_errors = []
    other.on("console", lambda msg: msg.type == "error" and other.console_errors.append(msg.text))
    other.base = live_server
    return _watch(other)


def test_release_from_embargo_to_download(
    page, browser, live_server, db, make_user, make_application, make_organisation
):
    officer = make_user("press_officer", full_name="Phạm Minh Đức", email="baochi@tinh.vn")
    approver = make_user("approver", full_name="Hoàng Thị Lan", email="truongtt@tinh.vn")
    reporter = make_user("journalist", full_name="Nguyễn Văn An", email="phongvien@baotw.vn")
    make_application(status="approved", user=reporter, organisation=make_organisation(level="central"))
    _watch(page)

    # 1. The press officer writes the release: live preview, attachment, embargo in five minutes.
    sign_in(page, officer.email)
    page.goto(page.base + "/DH16/releases/new")
    page.get_by_label("Tiêu đề", exact=True).fill(TITLE)
    page.get_by_label("Tóm tắt", exact=True).fill(SUMMARY)
    page.get_by_label("Nội dung (Markdown)").fill(BODY)
    preview = page.get_by_test_id("preview")
    preview.locator("strong", has_text="8 giờ").wait_for()
    assert preview.locator("script, img, [onclick]").count() == 0
    assert preview.locator("a", has_text="bấm vào đây").get_attribute("href") is None
    page.get_by_label("Thể loại").select_option(label="Thông cáo báo chí")
    page.get_by_label("Đối tượng được xem").select_option(label="Tất cả phóng viên được cấp thẻ")
    embargo = to_local(utcnow() + timedelta(minutes=5)).strftime("%d/%m/%Y %H:%M")
    page.get_by_label("Hạn chế công bố đến (dd/mm/yyyy HH:MM, không bắt buộc)").fill(embargo)
    page.get_by_label("Tệp đính kèm (PDF, DOCX, JPEG hoặc PNG)").set_input_files(
        [{"name": "chuong-trinh-khai-mac.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    screenshot(page, "releases-editor")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.get_by_role("button", name="Gửi duyệt").click()
    page.get_by_text("Đã gửi duyệt.").wait_for()
    db.session.commit()  # end the test's read transaction, to see what the server wrote
    release = db.session.scalar(select(Release))
    staff_url = f"{live_server}/releases/manage/{release.id}"

    # 2. The head of the press centre approves; it is scheduled, not yet public.
    head = _other_page(browser, live_server)
    sign_in(head, approver.email)
    head.goto(staff_url)
    head.get_by_role("button", name="Duyệt").click()
    head.get_by_text("Đã duyệt, chờ công bố").first.wait_for()
    screenshot(head, "releases-approved")

    # 3. The journalist sees nothing of it: not in the list, not by URL, not its attachment.
    reader = _other_page(browser, live_server)
    sign_in(reader, reporter.email)
    reader.goto(live_server + "/DH16/releases/")
    assert "Zeta" not in reader.content()
    db.session.commit()
    db.session.refresh(release)
    assert release.status == "approved"
    (attachment,) = release.attachments
    detail_url = f"{live_server}/releases/{release.id}"
    file_url = f"{detail_url}/files/{attachment.id}"
    # Fetched without navigating, so the expected 404s do not count as console errors.
    assert reader.request.get(detail_url).status == 404
    assert reader.request.get(file_url).status == 404

    # 4. Time passes. The browser cannot travel in time and time_machine would also freeze
    # Playwright's own clock in this process, so the embargo is moved instead: the row's
    # embargo and publication moment are set one minute in the past, as if five minutes had gone.
    past = utcnow() - timedelta(minutes=1)
    release.embargo_until = release.publish_at = past
    db.session.commit()
    assert services.publish_due_releases() == 1  # what `flask outbox run` does on its next pass
    db.session.commit()

    # 5. Now the journalist sees it, with the payloads shown as plain text, and downloads the file.
    reader.goto(live_server + "/DH16/releases/")
    reader.get_by_role("link", name="Thông cáo Zeta").click()
    assert reader.get_by_test_id("release-title").inner_text() == TITLE
    assert "<script>alert('summary')</script>" in reader.get_by_test_id("release-summary").inner_text()
    body = reader.get_by_test_id("release-body")
    assert body.locator("script, img, [onclick]").count() == 0
    assert body.locator("a[href^='javascript']").count() == 0
    assert body.locator("a", has_text="Báo chí").get_attribute("rel") == "noopener noreferrer"
    screenshot(reader, "releases-detail")
    with reader.expect_download() as download_info:
        reader.get_by_role("link", name="chuong-trinh-khai-mac.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "chuong-trinh-khai-mac.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # 6. The download shows in the staff log with the journalist's name.
    page.goto(live_server + "/DH16/releases/manage/downloads")
    log = page.get_by_test_id("download-log")
    assert "Nguyễn Văn An" in log.inner_text() and "chuong-trinh-khai-mac.pdf" in log.inner_text()
    screenshot(page, "releases-downloads")

    for visited in (page, head, reader):
        assert visited.dialogs == [], visited.dialogs
        assert visited.console_errors == [], visited.console_errors
    head.context.close()
    reader.context.close()


def test_reader_pages_on_a_phone_and_the_correction_history(phone, db, make_user, journalist_free_release):
    release = journalist_free_release
    from app.releases import corrections

    correction = corrections.propose_correction(
        release,
        make_user("press_officer"),
        title=release.title,
        summary=release.summary,
        body=release.body.replace("350", "351"),
        note="Sửa số đại biểu chính thức",
    )
    corrections.approve_correction(correction, make_user("approver"))
    db.session.commit()
    phone.goto(phone.base + "/DH16/releases/")
    assert page_width(phone) <= 360
    screenshot(phone, "releases-list-phone")
    phone.goto(f"{phone.base}/releases/{release.id}")
    phone.get_by_test_id("corrected").first.wait_for()
    history = phone.get_by_test_id("history")
    assert "351" in history.locator("ins").all_inner_texts()[0]
    assert page_width(phone) <= 360
    screenshot(phone, "releases-corrected-phone")


def test_a_correction_is_proposed_reviewed_and_only_then_read(
    page, browser, live_server, db, make_user, journalist_free_release
):
    """The author proposes a correction in the form; readers keep the approved text; another
    approver reads the diff and approves; then readers see the new text, and the history both."""
    release = journalist_free_release
    officer = db.session.get(type(release.author), release.author_id)
    approver = make_user("approver", full_name="Hoàng Thị Lan")
    _watch(page)
    sign_in(page, officer.email)
    page.goto(f"{live_server}/releases/manage/{release.id}")
    page.get_by_role("link", name="Đính chính").click()
    body = page.get_by_label("Nội dung (Markdown)")
    body.fill(body.input_value().replace("350", "351"))
    page.get_by_label("Nội dung đính chính (người đọc sẽ thấy)").fill("Sửa số đại biểu chính thức")
    page.get_by_role("button", name="Gửi đính chính để duyệt").click()
    page.get_by_test_id("awaiting-other").wait_for()

    reader = _other_page(browser, live_server)
    reader.goto(f"{live_server}/releases/{release.id}")
    assert "350 đại biểu" in reader.get_by_test_id("release-body").inner_text()
    assert reader.get_by_test_id("corrected").count() == 0

    head = _other_page(browser, live_server)
    sign_in(head, approver.email)
    head.goto(f"{live_server}/releases/manage/{release.id}")
    head.get_by_test_id("pending-correction").click()
    diff = head.get_by_test_id("correction-diff")
    assert "351" in diff.locator("ins").all_inner_texts()[0]
    assert "350" in diff.locator("del").all_inner_texts()[0]
    head.get_by_test_id("approve-correction").click()
    head.get_by_text("Đã duyệt đính chính").first.wait_for()

    reader.goto(f"{live_server}/releases/{release.id}")
    assert "351 đại biểu" in reader.get_by_test_id("release-body").inner_text()
    reader.get_by_test_id("corrected").first.wait_for()
    head.get_by_role("link", name="Lịch sử các phiên bản").click()
    second = head.get_by_test_id("revision-2")
    assert "Hoàng Thị Lan" in second.inner_text() and officer.full_name in second.inner_text()
    for visited in (page, head, reader):
        assert visited.dialogs == [], visited.dialogs
        assert visited.console_errors == [], visited.console_errors
    head.context.close()
    reader.context.close()


@pytest.fixture
def journalist_free_release(db, make_user):
    """A public release, published, with an attachment."""
    from tests.releases.conftest import upload

    officer, approver = make_user("press_officer"), make_user("approver")
    release = services.create_release(
        officer,
        title="Thông cáo báo chí về chương trình Đại hội",
        summary="Chương trình ba ngày làm việc của Đại hội.",
        body="Đại hội có **350 đại biểu** chính thức.\n\nKhai mạc lúc 8 giờ.",
        category="press_release",
        audience="public",
        embargo_until=None,
    )
    services.add_attachment(release, officer, upload("chuong-trinh.pdf", pdf_bytes()))
    services.submit_for_review(release, officer)
    services.approve_release(release, approver)
    db.session.commit()
    return release
