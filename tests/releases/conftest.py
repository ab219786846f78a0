"""Fixtures for the releases area: journalists by press level, sample files, releases in any state."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from werkzeug.datastructures import FileStorage

from app.core.timeutil import utcnow
from app.releases import services
from tests.conftest import Auth, FormClient


def pdf_bytes(text: str = "Thong cao bao chi") -> bytes:
    """A small real PDF."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (179, 20, 27)).save(buffer, "PNG")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


BAD_FILES = {
    "renamed exe": ("chuong-trinh.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
    "html posing as pdf": ("thong-cao.pdf", b"<html><script>alert(1)</script></html>"),
    "html with pdf magic": ("thong-cao.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"),
    "svg": (
        "anh.png",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>',
    ),
}


def upload(name: str, data: bytes) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.fixture
def journalist(make_user, make_application, make_organisation):
    """Factory: ``journalist("central")`` → an accredited journalist of that press level;
    ``journalist(None)`` → a journalist without accreditation."""

    def make(level: str | None = "central", **user_kw):
        user = make_user("journalist", **user_kw)
        if level is not None:
            make_application(status="approved", user=user, organisation=make_organisation(level=level))
        return user

    return make


@pytest.fixture
def make_release(db, make_user):
    """Factory: a release written by a press officer and driven through the workflow to ``status``."""

    def make(
        status: str = "published",
        *,
        author=None,
        approver=None,
        title: str = "Thông cáo báo chí về chương trình Đại hội",
        summary: str = "Tóm tắt chương trình làm việc của Đại hội.",
        body: str = "Đại hội làm việc trong **ba ngày**.",
        category: str = "press_release",
        audience: str = "public",
        embargo_until=None,
        attachments=(),
    ):
        author = author or make_user("press_officer")
        release = services.create_release(
            author,
            title=title,
            summary=summary,
            body=body,
            category=category,
            audience=audience,
            embargo_until=embargo_until,
        )
        for name, data in attachments:
            services.add_attachment(release, author, upload(name, data))
        if status != "draft":
            services.submit_for_review(release, author)
        if status in ("approved", "published", "withdrawn"):
            approver = approver or make_user("approver")
            services.approve_release(release, approver)
        if status == "withdrawn":
            services.withdraw_release(release, approver, "Sai số liệu")
        db.session.commit()
        return release

    return make


@pytest.fixture
def in_an_hour():
    return utcnow() + timedelta(hours=1)


def reader_clients(app, make_user, readers: dict) -> dict:
    """One browser-like client per reader (name → user, or None for anonymous), signed in once."""
    clients = {}
    for name, user in readers.items():
        app.test_client_class = FormClient
        client = app.test_client()
        if user is not None:
            Auth(client, make_user).login(user=user)
        clients[name] = client
    return clients
