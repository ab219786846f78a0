"""Corrections of a published release: proposed by a writer, approved by someone else.

A correction never changes what readers see on its own. The proposal is stored
apart (``ReleaseCorrection``); the release keeps its approved text, so every reader
surface (list, detail, search, feeds, attachments), which reads the release, shows
the approved text until an approver other than the proposer approves. Approval makes
the proposed text current and records it as the next revision, with who proposed and
who approved it, and when; the earlier text stays in the history.

Only the text changes: audience and embargo are fixed by the release's approval, so a
correction can never widen who reads a release or bring it forward. Services
``flush``; the caller commits once.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.core import audit
from app.core.outbox import queue_email
from app.core.permissions import Permission
from app.core.text import clean_text
from app.core.timeutil import utcnow
from app.extensions import db
from app.releases.models import SUMMARY_MAX, Release, ReleaseCorrection, ReleaseRevision
from app.releases.services import ReleaseError, check_text, is_live, snapshot, users_with


def pending_correction(release: Release) -> ReleaseCorrection | None:
    """The correction of ``release`` awaiting approval, if any (there is at most one)."""
    return db.session.scalar(
        select(ReleaseCorrection).where(
            ReleaseCorrection.release_id == release.id, ReleaseCorrection.status == "proposed"
        )
    )


def propose_correction(
    release: Release,
    author: User,
    *,
    title: str,
    summary: str,
    body: str,
    note: str,
    title_en: str = "",
    summary_en: str = "",
    now: datetime | None = None,
) -> ReleaseCorrection:
    """A writer proposes a corrected text for a live release; the approvers are e-mailed.

    Readers keep seeing the approved text until another approver approves the proposal.
    """
    now = now or utcnow()
    if not author.can(Permission.WRITE_RELEASES):
        raise ReleaseError(_l("Only press officers can correct a release."))
    if not is_live(release, now):
        raise ReleaseError(_l("Only a published release can be corrected."))
    check_text(title, summary, body, title_en, summary_en)
    note = clean_text(note)[:SUMMARY_MAX]
    if not note:
        raise ReleaseError(_l("Please say what was corrected."))
    text = (title, summary, body, title_en, summary_en)
    if text == (release.title, release.summary, release.body, release.title_en, release.summary_en):
        raise ReleaseError(_l("Nothing was changed."))
    if pending_correction(release) is not None:
        raise ReleaseError(_l("A correction of this release is already awaiting approval."))
    correction = ReleaseCorrection(
        title=title,
        summary=summary,
        body=body,
        title_en=title_en,
        summary_en=summary_en,
        change_note=note,
        status="proposed",
        base_revision=release.revision_number,
        proposed_by_id=author.id,
        proposed_at=now,
    )
    release.corrections.append(correction)
    db.session.flush()
    audit.record(
        "release.correction_proposed",
        release,
        actor=author,
        details={"correction": correction.id, "note": note},
    )
    for approver in users_with(Permission.APPROVE_RELEASES):
        if approver.id != author.id:
            queue_email(
                approver.email,
                "releases/correction_review",
                language=approver.language,
                release=release,
                correction=correction,
                proposer=author,
            )
    return correction


def _check_reviewer(correction: ReleaseCorrection, approver: User) -> None:
    """The four-eyes rule of corrections: an approver, and never the proposer."""
    if not approver.can(Permission.APPROVE_RELEASES):
        raise ReleaseError(_l("Only an approver can do this."))
    if correction.proposed_by_id == approver.id:
        raise ReleaseError(_l("You proposed this correction: another approver must review it."))
    if correction.status != "proposed":
        raise ReleaseError(_l("This correction is not awaiting approval."))


def approve_correction(
    correction: ReleaseCorrection, approver: User, now: datetime | None = None
) -> ReleaseRevision:
    """An approver other than the proposer approves: the corrected text goes live at once."""
    now = now or utcnow()
    _check_reviewer(correction, approver)
    release = correction.release
    if not is_live(release, now):
        raise ReleaseError(_l("Only a published release can be corrected."))
    if correction.base_revision != release.revision_number:
        raise ReleaseError(_l("The release changed since this correction was proposed."))
    release.set_text(
        correction.title, correction.summary, correction.body, correction.title_en, correction.summary_en
    )
    release.corrected_at = now
    revision = snapshot(
        release,
        written_by_id=correction.proposed_by_id,
        written_at=correction.proposed_at,
        approver=approver,
        note=correction.change_note,
        now=now,
    )
    db.session.flush()
    correction.status, correction.reviewed_by_id, correction.reviewed_at = "approved", approver.id, now
    correction.revision_id = revision.id
    db.session.flush()
    audit.record(
        "release.correction_approved",
        release,
        actor=approver,
        details={
            "correction": correction.id,
            "revision": revision.number,
            "proposed_by": correction.proposed_by_id,
            "note": correction.change_note,
        },
    )
    proposer = correction.proposed_by
    queue_email(
        proposer.email,
        "releases/correction_approved",
        language=proposer.language,
        release=release,
        correction=correction,
    )
    return revision


def return_correction(
    correction: ReleaseCorrection, approver: User, note: str, now: datetime | None = None
) -> ReleaseCorrection:
    """An approver sends a proposed correction back with the reason; the text does not change."""
    now = now or utcnow()
    _check_reviewer(correction, approver)
    note = clean_text(note)[:SUMMARY_MAX]
    if not note:
        raise ReleaseError(_l("Please say what the author should change."))
    correction.status, correction.reviewed_by_id, correction.reviewed_at = "returned", approver.id, now
    correction.review_note = note
    db.session.flush()
    audit.record(
        "release.correction_returned",
        correction.release,
        actor=approver,
        details={"correction": correction.id, "note": note},
    )
    proposer = correction.proposed_by
    queue_email(
        proposer.email,
        "releases/correction_returned",
        language=proposer.language,
        release=correction.release,
        correction=correction,
        note=note,
    )
    return correction
