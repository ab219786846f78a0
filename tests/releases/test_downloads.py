"""Attachment downloads are logged (who, when) and the log is for staff only."""

from __future__ import annotations

from datetime import UTC, timedelta

import time_machine
from sqlalchemy import func, select

from app.core.timeutil import format_datetime, utcnow
from app.releases.models import DownloadLog
from tests.releases.conftest import docx_bytes, pdf_bytes, png_bytes


def test_each_download_is_logged_with_who_and_when(client, auth, db, journalist, make_release):
    release = make_release(
        "published",
        audience="accredited",
        attachments=[("chuong-trinh.pdf", pdf_bytes()), ("anh.png", png_bytes()), ("kit.docx", docx_bytes())],
    )
    pdf, image, docx = release.attachments
    assert (image.filename, image.mimetype) == ("anh.jpg", "image/jpeg")  # re-encoded image
    assert docx.filename == "kit.docx"
    reader = journalist("central", full_name="Trần Văn Báo")
    auth.login(user=reader)
    moment = (utcnow() + timedelta(days=1)).replace(second=0, microsecond=0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        response = client.get(f"/DH16/releases/{release.id}/files/{pdf.id}")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF-")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "chuong-trinh.pdf" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    entry = db.session.scalar(select(DownloadLog))
    assert entry.user_id == reader.id and entry.attachment_id == pdf.id
    assert entry.organisation_id is not None  # the reader's outlet, from their accreditation
    assert entry.media_item_id is None
    assert entry.downloaded_at == moment.replace(tzinfo=None)

    auth.logout()
    auth.login("press_officer")
    page = client.get("/DH16/releases/manage/downloads").get_data(as_text=True)
    assert (
        "Trần Văn Báo" in page and "chuong-trinh.pdf" in page and format_datetime(entry.downloaded_at) in page
    )
    staff_page = client.get(f"/DH16/releases/manage/{release.id}").get_data(as_text=True)
    assert "Trần Văn Báo" in staff_page


def test_anonymous_downloads_are_logged_without_a_name(client, db, make_release):
    release = make_release("published", attachments=[("a.pdf", pdf_bytes())])
    (attachment,) = release.attachments
    assert client.get(f"/DH16/releases/{release.id}/files/{attachment.id}").status_code == 200
    entry = db.session.scalar(select(DownloadLog))
    assert entry.user_id is None and entry.organisation_id is None


def test_refused_downloads_are_not_logged(client, auth, db, make_release, in_an_hour):
    embargoed = make_release("approved", embargo_until=in_an_hour, attachments=[("a.pdf", pdf_bytes())])
    other = make_release("published", attachments=[("b.pdf", pdf_bytes())])
    (attachment,) = embargoed.attachments
    assert client.get(f"/DH16/releases/{embargoed.id}/files/{attachment.id}").status_code == 404
    # An attachment id paired with another (visible) release is not found either.
    assert client.get(f"/DH16/releases/{other.id}/files/{attachment.id}").status_code == 404
    assert db.session.scalar(select(func.count(DownloadLog.id))) == 0


def test_the_log_is_for_staff_only(client, auth):
    auth.login("journalist")
    assert client.get("/DH16/releases/manage/downloads").status_code == 403
