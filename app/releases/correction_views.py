"""Correction routes: the writer's proposal form, the approver's review, the revision history.

Registered on the area's blueprint (``blueprint.py`` imports this module). The rules,
including "never approved by its proposer", live in ``corrections``; these routes
parse the form, call one service and commit once.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.core.forms import EmptyForm
from app.core.permissions import Permission, permission_required
from app.core.timeutil import utcnow
from app.extensions import db
from app.releases import corrections, services
from app.releases.access import STAFF, release_or_404
from app.releases.blueprint import bp
from app.releases.diffing import diff_revisions
from app.releases.forms import CorrectionForm, ReturnForm
from app.releases.models import Release, ReleaseCorrection
from app.releases.services import ReleaseError


def _correction_or_404(release: Release, correction_id: int) -> ReleaseCorrection:
    correction = db.session.scalar(
        select(ReleaseCorrection)
        .where(ReleaseCorrection.id == correction_id, ReleaseCorrection.release_id == release.id)
        .options(joinedload(ReleaseCorrection.proposed_by), joinedload(ReleaseCorrection.reviewed_by))
    )
    if correction is None:
        abort(404)
    return correction


def _review_url(release_id: int, correction_id: int) -> str:
    return url_for("releases.review_correction", release_id=release_id, correction_id=correction_id)


@bp.route("/releases/manage/<int:release_id>/correct", methods=["GET", "POST"])
@permission_required(Permission.WRITE_RELEASES)
def correct(release_id: int):
    """Propose a corrected text for a published release; it goes live only once approved."""
    release = release_or_404(release_id, lock=request.method == "POST")
    if not services.is_live(release, utcnow()):
        flash(_("Only a published release can be corrected."), "warning")
        return redirect(url_for("releases.staff_detail", release_id=release.id))
    pending = corrections.pending_correction(release)
    if pending is not None:
        db.session.rollback()
        flash(_("A correction of this release is already awaiting approval."), "warning")
        return redirect(_review_url(release.id, pending.id))
    # A proposal sent back to this writer is the starting point of the next one.
    returned = release.corrections[-1] if release.corrections else None
    if returned is not None and (returned.status != "returned" or returned.proposed_by_id != current_user.id):
        returned = None
    form = CorrectionForm(obj=(returned or release) if request.method == "GET" else None)
    if request.method == "GET" and returned is not None:
        form.change_note.data = returned.change_note
    if form.validate_on_submit():
        try:
            correction = corrections.propose_correction(
                release,
                current_user,
                title=form.title.data,
                summary=form.summary.data or "",
                body=form.body.data or "",
                title_en=form.title_en.data or "",
                summary_en=form.summary_en.data or "",
                note=form.change_note.data,
            )
        except ReleaseError as error:
            db.session.rollback()
            form.change_note.errors = [*form.change_note.errors, str(error)]
            return render_template(
                "releases/correct.html", form=form, release=release, returned=returned
            ), 400
        db.session.commit()
        flash(
            _("Correction sent for approval. Readers see the current text until it is approved."), "success"
        )
        return redirect(_review_url(release.id, correction.id))
    status = 400 if request.method == "POST" else 200
    return render_template("releases/correct.html", form=form, release=release, returned=returned), status


@bp.route("/releases/manage/<int:release_id>/corrections/<int:correction_id>")
@permission_required(*STAFF)
def review_correction(release_id: int, correction_id: int):
    """A proposed correction beside the text it corrects (a diff), with approve / send back."""
    release = release_or_404(release_id)
    correction = _correction_or_404(release, correction_id)
    base = next((r for r in release.revisions if r.number == correction.base_revision), release)
    return render_template(
        "releases/correction.html",
        release=release,
        correction=correction,
        fields=diff_revisions(base, correction),
        return_form=ReturnForm(),
        may_review=(
            correction.status == "proposed"
            and current_user.can(Permission.APPROVE_RELEASES)
            and correction.proposed_by_id != current_user.id
        ),
    )


def _review(release_id: int, correction_id: int, action, success: str, *, form) -> object:
    """Run one review step on a locked release and report the outcome on the review page."""
    release = release_or_404(release_id, lock=True)
    correction = _correction_or_404(release, correction_id)
    if not form.validate_on_submit():
        db.session.rollback()
        for errors in getattr(form, "errors", {}).values():
            for error in errors:
                flash(str(error), "danger")
        return redirect(_review_url(release_id, correction_id))
    try:
        action(correction, form)
    except ReleaseError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(_review_url(release_id, correction_id))
    db.session.commit()
    flash(success, "success")
    return redirect(_review_url(release_id, correction_id))


@bp.route("/releases/manage/<int:release_id>/corrections/<int:correction_id>/approve", methods=["POST"])
@permission_required(Permission.APPROVE_RELEASES)
def approve_correction(release_id: int, correction_id: int):
    """An approver (never the proposer) approves: the corrected text goes live."""
    return _review(
        release_id,
        correction_id,
        lambda correction, _form: corrections.approve_correction(correction, current_user),
        _("Correction approved: readers now see the corrected text."),
        form=EmptyForm(),
    )


@bp.route("/releases/manage/<int:release_id>/corrections/<int:correction_id>/return", methods=["POST"])
@permission_required(Permission.APPROVE_RELEASES)
def return_correction(release_id: int, correction_id: int):
    """An approver sends the correction back to its proposer with the reason."""
    return _review(
        release_id,
        correction_id,
        lambda correction, form: corrections.return_correction(correction, current_user, form.note.data),
        _("Correction sent back to its author."),
        form=ReturnForm(),
    )


@bp.route("/releases/manage/<int:release_id>/history")
@permission_required(*STAFF)
def history(release_id: int):
    """Every revision of a release (who wrote it, who approved it, when) and every proposal."""
    release = db.session.scalar(
        select(Release)
        .where(Release.id == release_id)
        .options(selectinload(Release.revisions), selectinload(Release.corrections))
    )
    if release is None:
        abort(404)
    revisions = list(release.revisions)  # empty while the release is a draft
    previous = [None, *revisions][: len(revisions)]
    return render_template(
        "releases/history.html",
        release=release,
        revisions=[
            (new, diff_revisions(old, new) if old else None)
            for new, old in zip(revisions, previous, strict=True)
        ],
        proposals=[c for c in release.corrections if c.status != "approved"],
    )
