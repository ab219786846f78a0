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
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from sqlalchemy import select

from app.core import eventinfo
from app.core.models import OutboxMessage
from app.core.timeutil import utcnow
from app.extensions import db

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
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


def _send(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="presscentre.local")
    email.set_content(message.body_text)
    with smtplib.SMTP(config["MAIL_HOST"], config["MAIL_PORT"], timeout=15) as smtp:
        smtp.send_message(email)


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Send due messages; returns (sent, failed). Failures back off and keep the last error."""
    now = utcnow()
    due = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = failed = 0
    for message in due:
        try:
            _send(message)
        except (OSError, smtplib.SMTPException) as exc:
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = "failed"
            else:
                message.next_attempt_at = now + timedelta(seconds=30 * 2**message.attempts)
            failed += 1
        else:
            message.attempts += 1
            message.status = "sent"
            message.sent_at = utcnow()
            message.last_error = None
            sent += 1
        db.session.commit()
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
    """The worker loop behind ``flask outbox run``."""
    while True:
        eventinfo.forget()  # the worker's app context lives for days; events change meanwhile
        try:
            result = run_once()
            if any(result.values()):
                log.info("outbox pass: %s", result)
        except Exception:  # keep the worker alive; the error is logged and retried
            db.session.rollback()
            log.exception("outbox pass failed")
        time.sleep(interval)
