"""Routes of the badges area: the print queue, badge pages, PDFs, reprint and revoke."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.accounts.models import User
from app.badges import printing, services
from app.badges.blueprint import bp
from app.badges.forms import PrintForm, ReprintForm, RevokeForm
from app.core.nav import nav_item
from app.core.pagination import paginate
from app.core.permissions import Permission, permission_required
from app.core.timeutil import to_local, utcnow
from app.extensions import db

nav_item("badges.index", _l("Badges"), Permission.PRINT_BADGES, order=25, group="desk")


def _pdf_response(data: bytes, filename: str, *, attachment: bool = True):
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _queue_page(form: PrintForm, status_code: int = 200):
    status = request.args.get("status", "unprinted")
    if status not in services.QUEUE_FILTERS:
        status = "unprinted"
    search = request.args.get("q", "").strip()[:100]
    page = paginate(services.queue_query(status, search), per_page=50)
    return (
        render_template(
            "badges/index.html",
            page=page,
            form=form,
            status=status,
            search=search,
            unprinted=services.count_unprinted(),
            category_label=printing.category_label,
        ),
        status_code,
    )


@bp.route("/badges")
@permission_required(Permission.PRINT_BADGES)
def index():
    """The print queue: badges to print, printed or revoked, searchable; tick rows and print them."""
    return _queue_page(PrintForm())


@bp.route("/badges/print", methods=["POST"])
@permission_required(Permission.PRINT_BADGES)
def print_batch():
    """Print a run of badges on A4 sheets and mark them printed, in one transaction.

    The PDF is rendered before anything is written, so a failure leaves no badge marked
    printed without a sheet; the marks and their audit events commit together.
    """
    form = PrintForm()
    if not form.validate_on_submit():
        flash(_("The selection could not be read. Please try again."), "danger")
        return _queue_page(form, 400)
    ids = None if form.scope.data == "unprinted" else (form.badge_ids.data or [])
    try:
        badges = services.badges_to_print(ids)
        if badges:
            data = printing.render_sheet(badges)
    except services.BadgeError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _queue_page(form, 409 if isinstance(error, services.StaleTokenError) else 400)
    if not badges:
        db.session.rollback()
        flash(_("Every approved badge is already printed."), "info")
        return redirect(url_for("badges.index"))
    now = utcnow()
    services.mark_printed(badges, current_user, now=now)
    db.session.commit()
    stamp = to_local(now).strftime("%Y%m%d-%H%M%S")
    response = _pdf_response(data, f"badges-{stamp}-{len(badges)}.pdf")
    response.headers["X-Badges-Printed"] = str(len(badges))
    return response


@bp.route("/badges/<int:badge_id>")
@permission_required(Permission.PRINT_BADGES)
def detail(badge_id: int):
    """A badge's page for staff: holder, versions, print history, reprint and revoke."""
    badge = services.get_badge(badge_id) or abort(404)
    return _detail_page(badge, revoke_form=RevokeForm())


def _detail_page(badge, *, revoke_form: RevokeForm, status_code: int = 200):
    versions = services.versions_of(badge)
    people_ids = {v.revoked_by_id for v in versions} | {v.issued_by_id for v in versions}
    people_ids.discard(None)
    people = {}
    if people_ids:
        people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(people_ids)))}
    current = next((v for v in versions if v.superseded_at is None), None)
    return (
        render_template(
            "badges/detail.html",
            badge=badge,
            current=current,
            versions=versions,
            people=people,
            revoke_form=revoke_form,
            reprint_form=ReprintForm(),
            print_form=PrintForm(),
            category_label=printing.category_label,
            stale=badge.is_current and not services.token_matches(badge),
        ),
        status_code,
    )


@bp.route("/badges/<int:badge_id>/reprint", methods=["POST"])
@permission_required(Permission.PRINT_BADGES)
def reprint(badge_id: int):
    """Make a new version with a new token; first warn when the badge was already printed.

    A printed badge may still be in someone's hands: the officer sees when and by whom it
    was printed and confirms; the old version then stops opening gates at once.
    """
    badge = services.get_badge(badge_id) or abort(404)
    form = ReprintForm()
    try:
        services.check_reprintable(badge)
    except services.BadgeError as error:
        flash(str(error), "danger")
        return redirect(url_for("badges.detail", badge_id=badge_id))
    if not form.validate_on_submit():
        return render_template("badges/reprint_confirm.html", badge=badge, form=form), 400
    if badge.printed_at is not None and form.confirm.data != "1":
        form.confirm.data = "1"
        return render_template("badges/reprint_confirm.html", badge=badge, form=form)
    try:
        new = services.reprint_badge(badge, current_user, form.reason.data or "", lost=form.lost.data)
    except services.BadgeError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("badges.detail", badge_id=badge_id))
    db.session.commit()
    flash(
        _(
            "Version %(new)s of %(serial)s issued; version %(old)s no longer opens any gate. Print it now.",
            new=new.version,
            serial=new.serial,
            old=badge.version,
        ),
        "success",
    )
    return redirect(url_for("badges.detail", badge_id=new.id))


@bp.route("/badges/<int:badge_id>/revoke", methods=["POST"])
@permission_required(Permission.PRINT_BADGES)
def revoke(badge_id: int):
    """Revoke a badge with a reason: every gate denies it from now on."""
    badge = services.get_badge(badge_id) or abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        return _detail_page(badge, revoke_form=form, status_code=400)
    try:
        services.revoke_badge(badge, current_user, form.reason.data)
    except services.BadgeError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("badges.detail", badge_id=badge_id))
    db.session.commit()
    flash(_("Badge %(serial)s is revoked; every gate now denies it.", serial=badge.serial), "success")
    return redirect(url_for("badges.detail", badge_id=badge_id))


@bp.route("/badges/<int:badge_id>.pdf")
@permission_required(Permission.PRINT_BADGES, Permission.APPLY)
def badge_pdf(badge_id: int):
    """One badge as a PDF: any version for staff (a replaced or revoked one is stamped void);
    a journalist only their own current badge, anyone else's is "not found"."""
    if current_user.can(Permission.PRINT_BADGES):
        badge = services.get_badge(badge_id)
    else:
        badge = services.journalist_badge(current_user.id)
        if badge is not None and badge.id != badge_id:
            badge = None
    if badge is None:
        abort(404)
    if services.awaiting_clearance([badge]):  # approved, not cleared by vetting (issue 19)
        flash(_("This badge's holder is not cleared by vetting yet: the badge cannot be printed."), "danger")
        return _detail_page(badge, revoke_form=RevokeForm(), status_code=409)
    try:
        data = printing.render_badge(badge)
    except services.StaleTokenError as error:
        return _stale_badge(badge, error)
    return _pdf_response(data, f"{badge.serial}-v{badge.version}.pdf", attachment=False)


@bp.route("/badges/mine.pdf")
@permission_required(Permission.APPLY)
def my_badge():
    """The signed-in journalist's own current badge; 404 when there is none (yet)."""
    badge = services.journalist_badge(current_user.id) or abort(404)
    try:
        data = printing.render_badge(badge)
    except services.StaleTokenError as error:
        return _stale_badge(badge, error)
    return _pdf_response(data, f"{badge.serial}-v{badge.version}.pdf")


def _stale_badge(badge, error: services.StaleTokenError):
    """No PDF for a badge whose QR would be denied: the officer is told to reprint it,
    the journalist to ask the desk (who can)."""
    if current_user.can(Permission.PRINT_BADGES):
        flash(str(error), "danger")
        return _detail_page(badge, revoke_form=RevokeForm(), status_code=409)
    flash(
        _(
            "Your badge cannot be downloaded at the moment: the accreditation desk must issue a new "
            "version of it. Please contact the accreditation desk."
        ),
        "warning",
    )
    return redirect(url_for("accreditation.status"))
