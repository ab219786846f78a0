"""The outbox page: every e-mail the installation queued, its state, and sending again.

In development the page also shows each message's text with its links clickable, so a
demo user can confirm an address or open a reset link without a mail server. In production
the text stays hidden (it holds sign-in links and personal data).
"""

from __future__ import annotations

import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import func, select

from app.core import audit
from app.core import outbox as service
from app.core.blueprint import bp
from app.core.forms import EmptyForm
from app.core.models import OutboxMessage
from app.core.nav import nav_item
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.extensions import db

nav_item("core.outbox", _l("E-mail outbox"), Permission.MANAGE_OUTBOX, order=93, group="admin")

STATUS_LABELS = {
    "pending": _l("Waiting to be sent"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
}
STATUS_SYMBOLS = {"pending": "…", "sent": "✓", "failed": "✗"}
_LINK = re.compile(r"https?://[^\s<>\"']+")


def linkify(text: str) -> Markup:
    """Plain text, escaped, with its web addresses as links."""
    out, last = [], 0
    for match in _LINK.finditer(text):
        out += [escape(text[last : match.start()]), Markup('<a href="{0}">{0}</a>').format(match.group(0))]
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


@bp.route("/admin/outbox")
@permission_required(Permission.MANAGE_OUTBOX)
def outbox():
    """Every queued e-mail, newest first, by state; a recipient search."""
    status = request.args.get("status", "")
    status = status if status in STATUS_LABELS else ""
    recipient = request.args.get("q", "").strip().lower()[:254]
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status:
        query = query.where(OutboxMessage.status == status)
    if recipient:
        query = query.where(func.lower(OutboxMessage.recipient).contains(recipient, autoescape=True))
    counts = dict(
        db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    )
    return render_template(
        "core/outbox.html",
        page=paginate(query, per_page=50),
        status=status,
        search=recipient,
        counts=counts,
        labels=STATUS_LABELS,
        symbols=STATUS_SYMBOLS,
        form=EmptyForm(),
    )


@bp.route("/admin/outbox/<int:message_id>")
@permission_required(Permission.MANAGE_OUTBOX)
def outbox_message(message_id: int):
    """One e-mail: where it went, its attempts and last error; its text in development."""
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    return render_template(
        "core/outbox_message.html",
        message=message,
        labels=STATUS_LABELS,
        symbols=STATUS_SYMBOLS,
        show_body=not current_app.config["PRODUCTION"],
        body=linkify(message.body_text),
        form=EmptyForm(),
    )


@bp.route("/admin/outbox/<int:message_id>/retry", methods=["POST"])
@permission_required(Permission.MANAGE_OUTBOX)
def outbox_retry(message_id: int):
    """Send one failed or waiting e-mail again at the worker's next pass."""
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if service.retry([message]):
        audit.record("outbox.retry", message, details={"recipient": message.recipient})
        db.session.commit()
        flash(_("The e-mail will be sent again within a few seconds."), "success")
    else:
        flash(_("This e-mail has already been sent."), "info")
    return redirect(url_for("core.outbox_message", message_id=message.id))


@bp.route("/admin/outbox/retry-failed", methods=["POST"])
@permission_required(Permission.MANAGE_OUTBOX)
def outbox_retry_failed():
    """Send every failed e-mail again (after the mail server is fixed)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    failed = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed")).all()
    count = service.retry(failed)
    if count:
        audit.record("outbox.retry_failed", None, details={"count": count})
    db.session.commit()
    flash(_("%(n)s failed e-mails will be sent again.", n=count), "success" if count else "info")
    return redirect(url_for("core.outbox"))
