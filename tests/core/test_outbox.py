"""The outbox: rows written with their cause, delivered over real SMTP, retried on failure."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from app.core import outbox
from app.core.models import OutboxMessage
from app.core.timeutil import utcnow


def _queue(db, recipient="pv@baonhandan.vn"):
    from app.accounts.models import User

    user = User(email=recipient, full_name="Trần Văn Bình", password_hash="x")
    message = outbox.queue_email(recipient, "accounts/verify", language="vi", user=user, token="abc")
    db.session.commit()
    return message


def test_delivers_to_the_smtp_server_in_the_recipients_language(db, mailbox):
    _queue(db)
    assert mailbox.deliver() == 1
    (message,) = mailbox.to("pv@baonhandan.vn")
    assert message["Subject"] == "Xác nhận địa chỉ e-mail"
    assert "Kính gửi Trần Văn Bình" in mailbox.body(message)
    row = db.session.scalar(select(OutboxMessage))
    assert row.status == "sent" and row.sent_at is not None and row.attempts == 1


def test_failure_keeps_the_error_and_retries_later(app, db, mailbox):
    _queue(db)
    good_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # nothing listens there
    try:
        sent, failed = outbox.deliver_pending()
    finally:
        app.config["MAIL_PORT"] = good_port
    assert (sent, failed) == (0, 1)
    row = db.session.scalar(select(OutboxMessage))
    assert row.status == "pending" and row.attempts == 1 and "Connection" in row.last_error
    assert row.next_attempt_at > utcnow()
    # Not due yet: nothing happens.
    assert outbox.deliver_pending() == (0, 0)
    row.next_attempt_at = utcnow()
    db.session.commit()
    assert mailbox.deliver() == 1
    db.session.refresh(row)
    assert row.status == "sent" and row.last_error is None


def test_gives_up_after_max_attempts(app, db):
    message = _queue(db)
    app.config["MAIL_PORT"], good = 1, app.config["MAIL_PORT"]
    try:
        for _ in range(outbox.MAX_ATTEMPTS):
            message.next_attempt_at = utcnow()
            db.session.commit()
            outbox.deliver_pending()
    finally:
        app.config["MAIL_PORT"] = good
    db.session.refresh(message)
    assert message.status == "failed" and message.attempts == outbox.MAX_ATTEMPTS


def test_rollback_of_the_cause_drops_the_email(db):
    _queue(db, "a@b.vn")
    outbox.queue_email("c@d.vn", "accounts/reset", user=db.session.scalar(select(OutboxMessage)), token="t")
    db.session.rollback()
    assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == ["a@b.vn"]


def test_cli_runs_one_pass(app, db, mailbox):
    _queue(db)
    result = app.test_cli_runner().invoke(args=["outbox", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "'sent': 1" in result.output
    assert len(mailbox.messages) == 1


@pytest.mark.timeout(180)
def test_two_workers_at_once_send_each_email_once(app, db, mailbox, tmp_path):
    """Two ``flask outbox run --once`` processes on one database at the same moment (a
    restarted worker beside the old one, or one per server): every e-mail arrives once."""
    import os
    import subprocess
    import sys

    from tests.reliability.servers import ROOT, instance_env

    db.session.execute(
        insert(OutboxMessage),
        [
            {
                "recipient": f"pv{n}@baochi.vn",
                "subject": f"Thư {n}",
                "body_text": "Nội dung",
                "status": "pending",
            }
            for n in range(outbox.BATCH)
        ],
    )
    db.session.commit()
    env = instance_env(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path,
        FLASK_APP="wsgi.py",
        MAIL_PORT=str(app.config["MAIL_PORT"]),
    )
    command = [os.path.join(os.path.dirname(sys.executable), "flask"), "outbox", "run", "--once"]
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    received = sorted(m["X-Envelope-To"] for m in mailbox.messages)
    assert len(received) == outbox.BATCH, f"{len(received) - len(set(received))} sent twice"
    assert received == sorted({f"pv{n}@baochi.vn" for n in range(outbox.BATCH)})
    db.session.expire_all()
    assert set(db.session.scalars(select(OutboxMessage.status))) == {"sent"}
