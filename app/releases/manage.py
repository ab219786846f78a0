"""Staff routes of the releases area: write, review, approve, withdraw; download log.

Registered on the area's blueprint (``blueprint.py`` imports this module). Rules live in
``services``; these routes parse the form, call one service and commit once. The
correction routes (propose, review, history) are in ``correction_views``.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.core.forms import EmptyForm
from app.core.models import AuditEvent
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.timeutil import from_local, to_local, utcnow
from app.core.uploads import UploadError, delete_upload
from app.events.scope import get_in_event
from app.extensions import db
from app.releases import corrections, queries, services
from app.releases.access import STAFF, release_or_404
from app.releases.blueprint import bp
from app.releases.forms import ReleaseForm, ReturnForm, WithdrawForm
from app.releases.markup import render_markdown
from app.releases.models import STATUSES, Attachment, DownloadLog, Release, ReleaseCorrection
from app.releases.services import ReleaseError


@bp.route("/releases/manage")
@permission_required(*STAFF)
def manage():
    """Every release in every state, for the people who write and approve them."""
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    q = request.args.get("q", "").strip()[:100]
    query = queries.search(queries.visible_releases(current_user, utcnow()), q=q)
    if status:
        query = query.where(Release.status == status)
    query = query.options(selectinload(Release.author), selectinload(Release.attachments)).order_by(
        Release.updated_at.desc(), Release.id.desc()
    )
    page = paginate(query, per_page=25)
    waiting = db.session.scalar(select(func.count()).where(Release.status == "in_review"))
    corrections_waiting = db.session.scalar(
        select(func.count(ReleaseCorrection.id)).where(ReleaseCorrection.status == "proposed")
    )
    return render_template(
        "releases/manage.html",
        page=page,
        filters={"q": q, "status": status},
        waiting=waiting,
        corrections_waiting=corrections_waiting,
    )


def _save_attachments(release: Release, form: ReleaseForm, stored: list[str]) -> None:
    for file_storage in form.attachments.data or []:
        if file_storage and getattr(file_storage, "filename", ""):
            attachment = services.add_attachment(release, current_user, file_storage)
            stored.append(attachment.storage_key)


def _form_values(form: ReleaseForm) -> dict:
    embargo = form.embargo_until.data
    return {
        "title": form.title.data,
        "summary": form.summary.data or "",
        "body": form.body.data or "",
        "title_en": form.title_en.data or "",
        "summary_en": form.summary_en.data or "",
        "category": form.category.data,
        "audience": form.audience.data,
        "embargo_until": from_local(embargo) if embargo else None,
    }


def _failed(form: ReleaseForm, error: Exception, stored: list[str], release: Release | None):
    """Undo everything of a refused save: the transaction and any file already stored."""
    db.session.rollback()
    for key in stored:
        delete_upload(key)
    form.attachments.errors = [*form.attachments.errors, str(error)]
    flash(_("Nothing was saved: %(error)s", error=str(error)), "danger")
    return render_template("releases/form.html", form=form, release=release), 400


@bp.route("/releases/new", methods=["GET", "POST"])
@permission_required(Permission.WRITE_RELEASES)
def create():
    """Write a new release (saved as a draft, with its attachments)."""
    form = ReleaseForm()
    if form.validate_on_submit():
        stored: list[str] = []
        try:
            release = services.create_release(current_user, **_form_values(form))
            _save_attachments(release, form, stored)
        except (ReleaseError, UploadError) as error:
            return _failed(form, error, stored, None)
        db.session.commit()
        flash(_("Draft saved."), "success")
        return redirect(url_for("releases.staff_detail", release_id=release.id))
    status = 400 if request.method == "POST" else 200
    return render_template("releases/form.html", form=form, release=None), status


@bp.route("/releases/manage/<int:release_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.WRITE_RELEASES)
def edit(release_id: int):
    """Change a draft and add attachments (its author only)."""
    release = release_or_404(release_id, lock=request.method == "POST")
    if not services.can_edit(release, current_user):
        flash(_("Only the author can change a release, and only while it is a draft."), "warning")
        return redirect(url_for("releases.staff_detail", release_id=release.id))
    form = ReleaseForm(obj=release if request.method == "GET" else None)
    if request.method == "GET":
        form.attachments.data = []
    if request.method == "GET" and release.embargo_until:
        form.embargo_until.data = to_local(release.embargo_until).replace(tzinfo=None)
    if form.validate_on_submit():
        stored: list[str] = []
        try:
            services.update_release(release, current_user, **_form_values(form))
            _save_attachments(release, form, stored)
        except (ReleaseError, UploadError) as error:
            return _failed(form, error, stored, release)
        db.session.commit()
        flash(_("Draft saved."), "success")
        return redirect(url_for("releases.staff_detail", release_id=release.id))
    status = 400 if request.method == "POST" else 200
    return render_template("releases/form.html", form=form, release=release), status


@bp.route("/releases/manage/<int:release_id>")
@permission_required(*STAFF)
def staff_detail(release_id: int):
    """A release as staff see it: state, actions, text, attachments, downloads and its audit trail."""
    release = db.session.scalar(
        queries.visible_releases(current_user, utcnow())
        .where(Release.id == release_id)
        .options(
            selectinload(Release.attachments), selectinload(Release.revisions), joinedload(Release.author)
        )
    )
    if release is None:
        abort(404)
    downloads = db.session.scalars(
        select(DownloadLog)
        .join(Attachment)
        .where(Attachment.release_id == release.id)
        .options(joinedload(DownloadLog.user), joinedload(DownloadLog.attachment))
        .order_by(DownloadLog.id.desc())
        .limit(50)
    ).all()
    download_total = db.session.scalar(
        select(func.count(DownloadLog.id)).join(Attachment).where(Attachment.release_id == release.id)
    )
    trail = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "Release", AuditEvent.subject_id == str(release.id))
        .order_by(AuditEvent.id)
    ).all()
    return render_template(
        "releases/staff_detail.html",
        release=release,
        body_html=render_markdown(release.body),
        downloads=downloads,
        download_total=download_total,
        trail=trail,
        return_form=ReturnForm(),
        withdraw_form=WithdrawForm(),
        live=services.is_live(release, utcnow()),
        can_edit=services.can_edit(release, current_user),
        pending=corrections.pending_correction(release),
    )


def _act(release_id: int, action, success: str, *, form=None):
    """Run one workflow step on a locked release and report the outcome."""
    form = form if form is not None else EmptyForm()
    release = release_or_404(release_id, lock=True)
    if not form.validate_on_submit():
        db.session.rollback()
        for errors in getattr(form, "errors", {}).values():
            for error in errors:
                flash(str(error), "danger")
        return redirect(url_for("releases.staff_detail", release_id=release_id))
    try:
        action(release, form)
    except ReleaseError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("releases.staff_detail", release_id=release_id))
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("releases.staff_detail", release_id=release_id))


@bp.route("/releases/manage/<int:release_id>/submit", methods=["POST"])
@permission_required(Permission.WRITE_RELEASES)
def submit(release_id: int):
    """The author sends the draft for approval."""
    return _act(
        release_id,
        lambda release, _form: services.submit_for_review(release, current_user),
        _("Sent for approval."),
    )


@bp.route("/releases/manage/<int:release_id>/approve", methods=["POST"])
@permission_required(Permission.APPROVE_RELEASES)
def approve(release_id: int):
    """An approver (never the author) approves; it publishes now or at the embargo time."""
    return _act(
        release_id,
        lambda release, _form: services.approve_release(release, current_user),
        _("Approved."),
    )


@bp.route("/releases/manage/<int:release_id>/return", methods=["POST"])
@permission_required(Permission.APPROVE_RELEASES)
def send_back(release_id: int):
    """An approver sends the release back to its author with a note."""
    return _act(
        release_id,
        lambda release, form: services.return_to_author(release, current_user, form.note.data),
        _("Sent back to the author."),
        form=ReturnForm(),
    )


@bp.route("/releases/manage/<int:release_id>/withdraw", methods=["POST"])
@permission_required(Permission.APPROVE_RELEASES)
def withdraw(release_id: int):
    """An approver withdraws an approved or published release from every reader."""
    return _act(
        release_id,
        lambda release, form: services.withdraw_release(release, current_user, form.note.data),
        _("Withdrawn: readers no longer see it."),
        form=WithdrawForm(),
    )


@bp.route("/releases/manage/<int:release_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@permission_required(Permission.WRITE_RELEASES)
def delete_attachment(release_id: int, attachment_id: int):
    """Remove an attachment from a draft (its author only)."""
    release = release_or_404(release_id, lock=True)
    attachment = get_in_event(Attachment, attachment_id)
    if attachment is None or attachment.release_id != release.id or not EmptyForm().validate_on_submit():
        abort(404)
    try:
        key = services.remove_attachment(release, attachment, current_user)
    except ReleaseError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("releases.staff_detail", release_id=release.id))
    db.session.commit()
    delete_upload(key)
    flash(_("Attachment removed."), "success")
    return redirect(url_for("releases.edit", release_id=release.id))


@bp.route("/releases/manage/downloads")
@permission_required(*STAFF)
def downloads():
    """Who downloaded which attachment, and when (newest first)."""
    query = (
        select(DownloadLog)
        .options(
            joinedload(DownloadLog.user),
            joinedload(DownloadLog.attachment).joinedload(Attachment.release),
        )
        .order_by(DownloadLog.id.desc())
    )
    visible_ids = queries.visible_releases(current_user, utcnow()).with_only_columns(Release.id)
    query = query.join(Attachment).where(Attachment.release_id.in_(visible_ids))
    release_id = request.args.get("release", "")
    if release_id.isdigit():
        query = query.where(Attachment.release_id == int(release_id))
    page = paginate(query, per_page=50)
    return render_template("releases/downloads.html", page=page, release_id=release_id)
