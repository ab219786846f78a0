"""Release rules: writing, review, approval (never by the author), publication, withdrawal.

Corrections of a published release are proposals reviewed like a release: see ``corrections``.

Every step writes an audit event; e-mails go through the outbox in the same
transaction. Services ``flush``; the caller commits once. ``publish_due_releases``
is registered with the outbox worker, so ``flask outbox run`` publishes embargoed
releases (readers see them at their time even before that: see ``queries``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath

from blinker import signal
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from app.accounts import services as accounts
from app.accounts.models import User
from app.accreditation.models import Application, MediaOrganisation
from app.accreditation.queries import accredited_application
from app.core import audit, uploads
from app.core.outbox import queue_email, register_periodic
from app.core.permissions import Permission
from app.core.text import clean_text
from app.core.timeutil import utcnow
from app.events.services import current_event_id
from app.extensions import db
from app.releases.models import (
    AUDIENCE_GROUPS,
    AUDIENCES,
    BODY_MAX,
    CATEGORIES,
    SUMMARY_MAX,
    TITLE_MAX,
    Attachment,
    DownloadLog,
    Release,
    ReleaseRevision,
)

MAX_ATTACHMENTS = 10
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "image/jpeg": ".jpg",
}


# Sent after a release is published (at approval, or when its embargo ends); live notices
# (app/notices/hooks.py) listen, so this area never imports them.
release_published = signal("releases.published")


class ReleaseError(ValueError):
    """A refused release action; ``str(error)`` is a message for the user."""


def check_text(title: str, summary: str, body: str, title_en: str = "", summary_en: str = "") -> None:
    if not title.strip():
        raise ReleaseError(_l("Please enter the title of the release."))
    if len(title) > TITLE_MAX or len(title_en) > TITLE_MAX:
        raise ReleaseError(_l("The title is too long (at most %(n)s characters).", n=TITLE_MAX))
    if len(summary) > SUMMARY_MAX or len(summary_en) > SUMMARY_MAX:
        raise ReleaseError(_l("The summary is too long (at most %(n)s characters).", n=SUMMARY_MAX))
    if len(body) > BODY_MAX:
        raise ReleaseError(_l("The text is too long (at most %(n)s characters).", n=BODY_MAX))


def _check_settings(category: str, audience: str, embargo_until: datetime | None, now: datetime) -> None:
    if category not in CATEGORIES:
        raise ReleaseError(_l("Please choose a category."))
    if audience not in AUDIENCES:
        raise ReleaseError(_l("Please choose who may read the release."))
    if embargo_until is not None and embargo_until <= now:
        raise ReleaseError(_l("The embargo time has already passed. Choose a later time or none."))


def create_release(
    author: User,
    *,
    title: str,
    summary: str,
    body: str,
    category: str,
    audience: str,
    embargo_until: datetime | None,
    title_en: str = "",
    summary_en: str = "",
    now: datetime | None = None,
) -> Release:
    """A new draft written by ``author``."""
    now = now or utcnow()
    check_text(title, summary, body, title_en, summary_en)
    _check_settings(category, audience, embargo_until, now)
    release = Release(
        author_id=author.id,
        category=category,
        audience=audience,
        embargo_until=embargo_until,
        status="draft",
        created_at=now,
    )
    release.set_text(title, summary, body, title_en, summary_en)
    db.session.add(release)
    db.session.flush()
    audit.record("release.created", release, actor=author, details={"audience": audience})
    return release


def can_edit(release: Release, user) -> bool:
    """Only the author edits, and only while the release is a draft."""
    return release.status == "draft" and release.author_id == getattr(user, "id", None)


def update_release(
    release: Release,
    editor: User,
    *,
    title: str,
    summary: str,
    body: str,
    category: str,
    audience: str,
    embargo_until: datetime | None,
    title_en: str = "",
    summary_en: str = "",
    now: datetime | None = None,
) -> Release:
    """Change a draft (its author only)."""
    now = now or utcnow()
    if not can_edit(release, editor):
        raise ReleaseError(_l("Only the author can change a release, and only while it is a draft."))
    check_text(title, summary, body, title_en, summary_en)
    _check_settings(category, audience, embargo_until, now)
    release.set_text(title, summary, body, title_en, summary_en)
    release.category, release.audience, release.embargo_until = category, audience, embargo_until
    release.updated_at = now
    db.session.flush()
    audit.record("release.updated", release, actor=editor)
    return release


def safe_filename(name: str | None, mimetype: str) -> str:
    """The uploader's file name without folders, with the extension of what the file really is."""
    base = PureWindowsPath(PurePosixPath(clean_text(name or "").replace("\x00", "")).name).name
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if ch not in '<>:"/\\|?*').strip(" .")[:150] or "tep-dinh-kem"
    return stem + EXTENSIONS.get(mimetype, "")


def add_attachment(release: Release, actor: User, file_storage) -> Attachment:
    """Check a file by content and attach it to a draft; raises UploadError or ReleaseError.

    The stored file is the caller's to delete (``uploads.delete_upload(att.storage_key)``)
    if the transaction fails later.
    """
    if not can_edit(release, actor):
        raise ReleaseError(_l("Only the author can change a release, and only while it is a draft."))
    if len(release.attachments) >= MAX_ATTACHMENTS:
        raise ReleaseError(_l("A release can have at most %(n)s attachments.", n=MAX_ATTACHMENTS))
    key, mimetype = uploads.save_document(file_storage, "releases", max_bytes=ATTACHMENT_MAX_BYTES)
    attachment = Attachment(
        filename=safe_filename(getattr(file_storage, "filename", ""), mimetype),
        storage_key=key,
        mimetype=mimetype,
        size_bytes=uploads.path_of(key).stat().st_size,
        uploaded_by_id=actor.id,
    )
    release.attachments.append(attachment)
    db.session.flush()
    audit.record(
        "release.attachment_added", release, actor=actor, details={"attachment": attachment.filename}
    )
    return attachment


def remove_attachment(release: Release, attachment: Attachment, actor: User) -> str:
    """Detach a file from a draft; returns its storage key (delete it after the commit)."""
    if not can_edit(release, actor) or attachment.release_id != release.id:
        raise ReleaseError(_l("Only the author can change a release, and only while it is a draft."))
    key = attachment.storage_key
    release.attachments.remove(attachment)
    db.session.flush()
    audit.record(
        "release.attachment_removed", release, actor=actor, details={"attachment": attachment.filename}
    )
    return key


def users_with(permission: Permission):
    return accounts.users_with(permission)


def submit_for_review(release: Release, actor: User, now: datetime | None = None) -> Release:
    """The author sends a draft to the approvers (each gets an e-mail)."""
    now = now or utcnow()
    if not can_edit(release, actor):
        raise ReleaseError(_l("Only the author can send a draft for approval."))
    if release.embargo_until is not None and release.embargo_until <= now:
        raise ReleaseError(_l("The embargo time has already passed. Choose a later time or none."))
    release.status, release.submitted_at, release.review_note = "in_review", now, None
    db.session.flush()
    audit.record("release.submitted", release, actor=actor)
    for approver in users_with(Permission.APPROVE_RELEASES):
        if approver.id != release.author_id:
            queue_email(approver.email, "releases/review", language=approver.language, release=release)
    return release


def return_to_author(release: Release, approver: User, note: str, now: datetime | None = None) -> Release:
    """An approver sends a release back to draft: under review, or approved but not yet live."""
    now = now or utcnow()
    if not approver.can(Permission.APPROVE_RELEASES):
        raise ReleaseError(_l("Only an approver can do this."))
    scheduled = release.status == "approved" and release.publish_at is not None and release.publish_at > now
    if release.status != "in_review" and not scheduled:
        raise ReleaseError(_l("Only a release awaiting approval or not yet published can go back."))
    note = clean_text(note)[:SUMMARY_MAX]
    if not note:
        raise ReleaseError(_l("Please say what the author should change."))
    release.status, release.review_note = "draft", note
    release.approver_id = release.approved_at = release.publish_at = None
    release.revisions.clear()  # revision 1 was never public
    release.revision_number = 0
    db.session.flush()
    audit.record("release.returned", release, actor=approver, details={"note": note})
    author = release.author
    queue_email(author.email, "releases/returned", language=author.language, release=release, note=note)
    return release


def snapshot(
    release: Release,
    *,
    written_by_id: int | None,
    written_at: datetime,
    approver: User,
    note: str | None,
    now: datetime,
) -> ReleaseRevision:
    """Record the release's current text as its next revision, with who wrote and who approved it."""
    release.revision_number += 1
    revision = ReleaseRevision(
        number=release.revision_number,
        title=release.title,
        summary=release.summary,
        body=release.body,
        change_note=note,
        created_at=written_at,
        created_by_id=written_by_id,
        approved_at=now,
        approved_by_id=approver.id,
    )
    release.revisions.append(revision)
    return revision


def approve_release(release: Release, approver: User, now: datetime | None = None) -> Release:
    """Approve a release under review; it publishes now, or at its embargo time.

    Nobody approves their own release: the author is refused here, whatever the
    route or the role, so the four-eyes rule cannot be bypassed.
    """
    now = now or utcnow()
    if not approver.can(Permission.APPROVE_RELEASES):
        raise ReleaseError(_l("Only an approver can do this."))
    if release.author_id == approver.id:
        raise ReleaseError(_l("You wrote this release: another approver must approve it."))
    if release.status != "in_review":
        raise ReleaseError(_l("This release is not awaiting approval."))
    embargo = release.embargo_until
    release.status, release.approver_id, release.approved_at = "approved", approver.id, now
    release.publish_at = embargo if embargo is not None and embargo > now else now
    snapshot(
        release,
        written_by_id=release.author_id,
        written_at=release.submitted_at or now,
        approver=approver,
        note=None,
        now=now,
    )
    db.session.flush()
    audit.record(
        "release.approved",
        release,
        actor=approver,
        details={"publish_at": release.publish_at.isoformat(timespec="seconds")},
    )
    if release.publish_at <= now:
        publish_release(release, now)
    return release


def audience_recipients(release: Release) -> list[User]:
    """Who is e-mailed at publication: the accredited journalists of the release's audience.

    A public release goes to every accredited journalist; a group release only to
    those whose organisation has that press level.
    """
    query = (
        select(User)
        .join(Application, and_(Application.user_id == User.id, Application.event_id == current_event_id()))
        .join(MediaOrganisation, MediaOrganisation.id == Application.organisation_id)
        .where(Application.status == "approved", User.active.is_(True))
        .order_by(User.id)
    )
    if release.audience in AUDIENCE_GROUPS:
        query = query.where(MediaOrganisation.level == release.audience)
    return list(db.session.scalars(query).unique())


def publish_release(release: Release, now: datetime | None = None) -> int:
    """Mark a due approved release published and e-mail its audience; returns e-mails queued."""
    now = now or utcnow()
    if release.status != "approved" or release.publish_at is None or release.publish_at > now:
        raise ReleaseError(_l("This release cannot be published yet."))
    release.status, release.published_at = "published", now
    db.session.flush()
    recipients = audience_recipients(release)
    for user in recipients:
        queue_email(user.email, "releases/published", language=user.language, release=release)
    audit.record("release.published", release, details={"recipients": len(recipients)})
    release_published.send(release, now=now)
    return len(recipients)


@register_periodic
def publish_due_releases(now: datetime | None = None) -> int:
    """Publish every approved release whose embargo time has come (run by the outbox worker).

    Rows are locked (skipping ones another worker holds) so two workers never send the
    e-mails twice; on SQLite the worker's write transaction serialises instead.
    """
    now = now or utcnow()
    due = db.session.scalars(
        select(Release)
        .where(Release.status == "approved", Release.publish_at <= now)
        .order_by(Release.publish_at, Release.id)
        .with_for_update(skip_locked=True)
    ).all()
    for release in due:
        publish_release(release, now)
    db.session.flush()
    return len(due)


def withdraw_release(release: Release, approver: User, reason: str, now: datetime | None = None) -> Release:
    """Take an approved or published release off every reader surface, with a reason."""
    now = now or utcnow()
    if not approver.can(Permission.APPROVE_RELEASES):
        raise ReleaseError(_l("Only an approver can do this."))
    if release.status not in ("approved", "published"):
        raise ReleaseError(_l("Only an approved or published release can be withdrawn."))
    reason = clean_text(reason)[:SUMMARY_MAX]
    if not reason:
        raise ReleaseError(_l("Please give the reason for the withdrawal."))
    release.status, release.withdrawn_at, release.withdrawn_reason = "withdrawn", now, reason
    db.session.flush()
    audit.record("release.withdrawn", release, actor=approver, details={"reason": reason})
    return release


def shown_status(release: Release, now: datetime | None = None) -> str:
    """The status to show: an approved release whose time has come IS published for its
    readers (``is_live``), even before the worker has stamped it and sent the e-mails, so
    the status and the page never disagree."""
    if release.status == "approved" and is_live(release, now or utcnow()):
        return "published"
    return release.status


def is_live(release: Release, now: datetime) -> bool:
    """Whether readers of its audience can see the release now (mirrors queries.live_clause)."""
    return (
        release.status in ("approved", "published")
        and release.publish_at is not None
        and release.publish_at <= now
    )


def log_download(attachment: Attachment, user, ip: str | None, now: datetime | None = None) -> DownloadLog:
    """Record who fetched an attachment, for which outlet, and when (anonymous readers as None)."""
    entry = download_entry(user, ip, now, attachment_id=attachment.id)
    db.session.add(entry)
    db.session.flush()
    return entry


def download_entry(user, ip: str | None, now: datetime | None = None, **target) -> DownloadLog:
    """A download log row (not yet added) for ``user`` and their outlet; ``target`` names the
    file: ``attachment_id=``, or ``media_item_id=`` (and ``album_id=`` inside an album's ZIP)."""
    user_id, organisation_id = reader_and_outlet(user)
    return DownloadLog(
        user_id=user_id,
        organisation_id=organisation_id,
        ip=(ip or "")[:64] or None,
        downloaded_at=now or utcnow(),
        **target,
    )


def reader_and_outlet(user) -> tuple[int | None, int | None]:
    """Who downloads (None: anonymous) and the outlet of their approved application in this
    congress (None: staff, or not accredited), as the download log records them."""
    user_id = user.id if getattr(user, "is_authenticated", False) else None
    application = accredited_application(user_id)
    return user_id, application.organisation_id if application is not None else None
