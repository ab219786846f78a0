"""The administrator's outbox page, sending failed e-mails again, and the development mail
catcher that ``make run`` starts beside the worker."""

from __future__ import annotations

import smtplib
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.core import outbox
from app.core.mailcatcher import _Keep
from app.core.models import AuditEvent, OutboxMessage
from tests.conftest import free_port


def _failed(db, app, recipient="mat.lien.lac@example.vn"):
    """A message the worker gave up on (the mail server was down)."""
    message = OutboxMessage(
        recipient=recipient,
        subject="Xác nhận địa chỉ e-mail",
        body_text="Mở liên kết sau để xác nhận: http://localhost/verify/abc\n",
        status="failed",
        attempts=outbox.MAX_ATTEMPTS,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    db.session.add(message)
    db.session.commit()
    return message


def test_the_administrator_sees_each_message_and_sends_a_failed_one_again(client, auth, db, app, mailbox):
    message = _failed(db, app)
    auth.login("admin")
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "mat.lien.lac@example.vn" in page and message.subject in page
    assert "Không gửi được" in page and "Connection refused" in page
    detail = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    # development: the text, with its links clickable
    assert '<a href="http://localhost/verify/abc">' in detail
    response = client.submit(f"/admin/outbox/{message.id}/retry", {}, form_url=f"/admin/outbox/{message.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert message.status == "pending" and message.attempts == 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "outbox.retry")) is not None
    assert mailbox.deliver() >= 1
    assert mailbox.to("mat.lien.lac@example.vn")
    db.session.expire_all()
    assert message.status == "sent"


def test_every_failed_message_is_sent_again_at_once(client, auth, db, app):
    first, second = _failed(db, app, "a@example.vn"), _failed(db, app, "b@example.vn")
    auth.login("admin")
    assert "Gửi lại 2 e-mail không gửi được" in client.get("/admin/outbox?status=failed").get_data(
        as_text=True
    )
    response = client.submit("/admin/outbox/retry-failed", {}, form_url="/admin/outbox")
    assert response.status_code == 302
    db.session.expire_all()
    assert {first.status, second.status} == {"pending"}
    assert client.get("/admin/outbox?status=bogus&q=" + "x" * 500).status_code == 200


def test_production_hides_the_text(client, auth, db, app):
    message = _failed(db, app)
    auth.login("admin")
    app.config["PRODUCTION"] = True
    try:
        detail = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    finally:
        app.config["PRODUCTION"] = False
    assert "verify/abc" not in detail and "Ẩn khi chạy chính thức" in detail


def test_the_mail_catcher_keeps_every_message_as_a_file(tmp_path):
    port = free_port()
    controller = Controller(_Keep(tmp_path), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
            smtp.sendmail("press@localhost", ["pv@example.vn"], b"Subject: Xin chao\r\n\r\nNoi dung\r\n")
    finally:
        controller.stop()
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1
    assert message_from_bytes(files[0].read_bytes(), policy=policy.default)["Subject"] == "Xin chao"
