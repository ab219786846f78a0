"""The one outbox: e-mails are rows written with their cause, delivered by ``flask outbox run``.

A decision and its e-mail commit together or not at all; delivery happens later,
with retries, so a slow or absent SMTP server never fails or slows a request.
"""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime, timedelta
from email.header import Header
from email.message import Message
from email.mime.text import MIMEText
from email.utils import formataddr, make_msgid, parseaddr

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from sqlalchemy import select, text, update

from app.core import eventinfo
from app.core.models import OutboxMessage
from app.core.timeutil import utcnow
from app.extensions import db

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BATCH = 100  # e-mails per worker pass
# How long a pass holds the messages it took before another worker may take them again.
LEASE = timedelta(minutes=10)
# Periodic jobs run by the same worker as the outbox (e.g. publishing embargoed releases).
PERIODIC_JOBS: list[Callable[[], int]] = []


def register_periodic(job: Callable[[], int]) -> Callable[[], int]:
    """Register a job the outbox worker runs on every pass; it returns how much it did."""
    if job not in PERIODIC_JOBS:
        PERIODIC_JOBS.append(job)
    return job


def _request_context():
    """A request context for url_for when queuing from the CLI or the worker."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config["SERVER_BASE_URL"])


def queue_email(recipient: str, template: str, *, language: str = "vi", **context) -> OutboxMessage:
    """Render ``templates/email/<template>.txt`` (first line is the subject) and queue it.

    Rendering happens now, in the recipient's language, so the row holds exactly
    what will be sent.
    """
    event = eventinfo.current()
    context.setdefault("event_name", event.name if event else "")
    context.setdefault("base_url", current_app.config["SERVER_BASE_URL"].rstrip("/"))
    with _request_context(), force_locale(language or "vi"):
        rendered = render_template(f"email/{template}.txt", **context)
    subject, _, body = rendered.lstrip().partition("\n")
    message = OutboxMessage(
        event_id=event.id if event else None,
        recipient=recipient,
        subject=subject.strip()[:255],
        body_text=body.strip() + "\n",
    )
    db.session.add(message)
    return message


class _Connection:
    """One SMTP connection for a worker pass (opened at the first message, again after an
    error): a pass of a hundred e-mails does not open a hundred connections."""

    def __init__(self):
        self.smtp: smtplib.SMTP | None = None

    def send(self, email: Message) -> None:
        config = current_app.config
        if self.smtp is None:
            self.smtp = smtplib.SMTP(config["MAIL_HOST"], config["MAIL_PORT"], timeout=15)
        try:
            self.smtp.send_message(email)
        except (OSError, smtplib.SMTPException):
            self.close()
            raise

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.smtp = None


def _email(message) -> MIMEText:
    """The message as sent: UTF-8 text, headers encoded per RFC 2047. Built with the
    ``compat32`` classes, which render ten times faster than ``EmailMessage`` (3 ms an
    e-mail, the worker's whole budget at 200 e-mails/s)."""
    config = current_app.config
    email = MIMEText(message.body_text, "plain", "utf-8")
    name, address = parseaddr(config["MAIL_FROM"])
    email["From"] = formataddr((name, address), charset="utf-8")
    email["To"] = message.recipient
    email["Subject"] = Header(message.subject, "utf-8")
    email["Message-ID"] = make_msgid(domain="presscentre.local")
    return email


def _send(message, connection: _Connection | None = None) -> None:
    """Send one message (an OutboxMessage or a row with recipient, subject and body_text)."""
    email = _email(message)
    if connection is not None:
        connection.send(email)
        return
    config = current_app.config
    with smtplib.SMTP(config["MAIL_HOST"], config["MAIL_PORT"], timeout=15) as smtp:
        smtp.send_message(email)


def _claim(limit: int, now: datetime) -> list:
    """Take up to ``limit`` due messages for this pass, in one UPDATE that moves their next
    attempt to ``now + LEASE``: a second worker running at the same moment no longer finds them
    due (on PostgreSQL it skips the rows this one is taking; SQLite runs one writer at a time).
    A worker that dies mid-pass leaves its unsent messages to be taken again once the lease
    ends, so an e-mail is never lost and is sent twice only if the worker died between the SMTP
    server's answer and its own commit."""
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    taken = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(due.scalar_subquery()),
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + LEASE)
        .returning(
            OutboxMessage.id,
            OutboxMessage.recipient,
            OutboxMessage.subject,
            OutboxMessage.body_text,
            OutboxMessage.attempts,
        ),
        execution_options={"synchronize_session": False},
    ).all()
    db.session.commit()
    return sorted(taken, key=lambda message: message.id)


def deliver_pending(limit: int = BATCH) -> tuple[int, int]:
    """Send due messages; returns (sent, failed). Failures back off and keep the last error.

    The pass first takes its messages (:func:`_claim`), so two workers never send the same
    one; each is then marked in its own commit right after the SMTP server answered. Plain
    rows and one UPDATE each (no ORM objects, which a commit would expire and re-read one by
    one) keep the pass at a few milliseconds an e-mail.
    """
    from app.core.dbsetup import mark_write

    mark_write()
    now = utcnow()
    due = _claim(limit, now)
    sent = failed = 0
    connection = _Connection()
    postgres = db.session.get_bind().dialect.name == "postgresql"
    for message in due:
        if postgres:
            # The worker does not wait for each commit's disk flush: a database crash within a
            # fraction of a second could send one e-mail again; nothing is ever lost.
            db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
        attempts = message.attempts + 1
        try:
            _send(message, connection)
        except (OSError, smtplib.SMTPException) as exc:
            values = {"attempts": attempts, "last_error": f"{type(exc).__name__}: {exc}"[:2000]}
            if attempts >= MAX_ATTEMPTS:
                values["status"] = "failed"
            else:
                values["next_attempt_at"] = now + timedelta(seconds=30 * 2**attempts)
            failed += 1
        else:
            values = {"attempts": attempts, "status": "sent", "sent_at": utcnow(), "last_error": None}
            sent += 1
        db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message.id).values(**values),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()
    connection.close()
    return sent, failed


def retry(messages) -> int:
    """Send these messages again at the worker's next pass (a failed one gets its attempts
    back); the last error stays visible until a delivery succeeds. Returns how many."""
    now = utcnow()
    count = 0
    for message in messages:
        if message.status == "sent":
            continue
        message.status = "pending"
        message.attempts = 0
        message.next_attempt_at = now
        count += 1
    return count


def run_once() -> dict[str, int]:
    """One worker pass: periodic jobs, then due e-mails."""
    from app.core.dbsetup import mark_write

    mark_write()
    done = {}
    for job in PERIODIC_JOBS:
        done[job.__name__] = job()
        db.session.commit()
    done["sent"], done["failed"] = deliver_pending()
    return done


def run_forever(interval: float = 5.0) -> None:
    """The worker loop behind ``flask outbox run``: a pass that sent a full batch is followed
    by the next one at once (a notice to 2,000 people), otherwise it waits ``interval``."""
    while True:
        result = {}
        eventinfo.forget()  # the worker's app context lives for days; events change meanwhile
        try:
            result = run_once()
            if any(result.values()):
                log.info("outbox pass: %s", result)
        except Exception:  # keep the worker alive; the error is logged and retried
            db.session.rollback()
            log.exception("outbox pass failed")
        if result.get("sent", 0) + result.get("failed", 0) < BATCH:
            time.sleep(interval)
