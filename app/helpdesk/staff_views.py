"""The desk's routes: the board by state, taking a request and moving it on, replacing a lost
badge, the QR poster and the response-time report."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from app.core.forms import EmptyForm
from app.core.nav import nav_item
from app.core.permissions import Permission, permission_required
from app.core.timeutil import to_local, utcnow
from app.extensions import db
from app.helpdesk import loans, reports, services
from app.helpdesk.blueprint import bp
from app.helpdesk.forms import DeskLostBadgeForm, ReplaceBadgeForm, StateForm
from app.helpdesk.views import STAFF, detail_page, request_or_404

nav_item("helpdesk.board", _l("Help desk"), Permission.WORK_HELPDESK, order=34, group="desk")


@bp.route("/board")
@permission_required(STAFF)
def board():
    """The requests by state with how long each has waited; filter by category or by "mine"."""
    category = request.args.get("category", "")
    mine = request.args.get("mine") == "1"
    return render_template(
        "helpdesk/board.html",
        columns=services.board(category=category, mine_only_for=current_user if mine else None),
        category=category if category in services.CATEGORY_LABELS else "",
        mine=mine,
        now=utcnow(),
        waiting_minutes=services.waiting_minutes,
        category_labels=services.CATEGORY_LABELS,
        state_labels=services.STATE_LABELS,
        overdue=len(loans.overdue_loans()),
    )


@bp.route("/requests/<int:help_request_id>/take", methods=["POST"])
@permission_required(STAFF)
def take(help_request_id: int):
    """Take a request: you become its assignee and a new request is in progress."""
    help_request = request_or_404(help_request_id)
    if not EmptyForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "danger")
        return detail_page(help_request, status=400)
    try:
        services.take(help_request, current_user)
    except services.HelpdeskError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("helpdesk.detail", help_request_id=help_request_id))
    db.session.commit()
    flash(_("You have taken this request."), "success")
    return redirect(url_for("helpdesk.detail", help_request_id=help_request_id))


@bp.route("/requests/<int:help_request_id>/state", methods=["POST"])
@permission_required(STAFF)
def change_state(help_request_id: int):
    """Move a request to another state (solve it, put it back in progress, reopen it)."""
    help_request = request_or_404(help_request_id)
    form = StateForm()
    if not form.validate_on_submit():
        flash(_("Choose the new state."), "danger")
        return detail_page(help_request, status=400)
    try:
        services.change_state(help_request, form.state.data, current_user)
    except services.HelpdeskError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return detail_page(request_or_404(help_request_id), status=409)
    db.session.commit()
    flash(_("The request is now: %(state)s.", state=services.STATE_LABELS[form.state.data]), "success")
    return redirect(url_for("helpdesk.detail", help_request_id=help_request_id))


@bp.route("/requests/<int:help_request_id>/replace-badge", methods=["POST"])
@permission_required(Permission.PRINT_BADGES)
def replace_badge(help_request_id: int):
    """Replace the badge a journalist reported lost (identity checked): the old version stops
    opening gates and the next version is issued, ready to print."""
    help_request = request_or_404(help_request_id)
    form = ReplaceBadgeForm()
    if not form.validate_on_submit():
        for error in form.identity_checked.errors or [_("The form has expired. Please try again.")]:
            flash(str(error), "danger")
        return detail_page(help_request, status=400)
    try:
        new = services.replace_lost_badge(help_request, current_user)
    except services.HelpdeskError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return detail_page(request_or_404(help_request_id), status=409)
    db.session.commit()
    flash(
        _(
            "Version %(new)s of %(serial)s issued; the lost version no longer opens any gate. Print it now.",
            new=new.version,
            serial=new.serial,
        ),
        "success",
    )
    return redirect(url_for("helpdesk.detail", help_request_id=help_request_id) + "#replacement")


@bp.route("/lost-badge/desk", methods=["GET", "POST"])
@permission_required(Permission.PRINT_BADGES)
def desk_lost_badge():
    """The desk records a lost badge for a journalist standing in front of it and replaces it at once.

    First the serial shows the holder (photo, name, organisation) to compare with the person;
    then, with the identity box ticked, the badge is replaced in one transaction.
    """
    form = DeskLostBadgeForm()
    badge = None
    if request.method == "GET" and request.args.get("serial"):
        form.serial.data = request.args.get("serial", "").strip()[:16]
    if form.serial.data:
        badge = loans.find_badge(form.serial.data)
    if request.method == "GET":
        return render_template("helpdesk/desk_lost_badge.html", form=form, badge=badge)
    if not form.validate_on_submit():
        return render_template("helpdesk/desk_lost_badge.html", form=form, badge=badge), 400
    if badge is None:
        form.serial.errors = [_("No badge of this congress has this serial or QR code.")]
        return render_template("helpdesk/desk_lost_badge.html", form=form, badge=None), 404
    try:
        help_request, new = services.desk_lost_badge(badge, current_user, note=form.note.data or "")
    except services.HelpdeskError as error:
        db.session.rollback()
        form.serial.errors = [str(error)]
        return render_template("helpdesk/desk_lost_badge.html", form=form, badge=badge), 409
    db.session.commit()
    flash(
        _(
            "Version %(new)s of %(serial)s issued; the lost version no longer opens any gate. Print it now.",
            new=new.version,
            serial=new.serial,
        ),
        "success",
    )
    return redirect(url_for("helpdesk.detail", help_request_id=help_request.id) + "#replacement")


def _qr_svg(data: str) -> Markup:
    """The QR code of ``data`` as inline SVG (our own markup: no user text is in it)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" class="helpdesk-qr" ', 1))  # noqa: S704


@bp.route("/poster")
@permission_required(STAFF)
def poster():
    """A printable poster for a desk or a table: its QR code opens the request form with the place filled in."""
    place = request.args.get("place", "").strip()[:120]
    link = url_for("helpdesk.new_request", place=place or None, _external=True)
    return render_template("helpdesk/poster.html", place=place, link=link, qr=_qr_svg(link))


@bp.route("/report")
@permission_required(STAFF)
def report():
    """First response and resolution times (p50, p90) per category and congress day."""
    rows = reports.build()
    return render_template(
        "helpdesk/report.html",
        rows=rows,
        totals=reports.totals(rows),
        category_labels=services.CATEGORY_LABELS,
    )


@bp.route("/report.xlsx")
@permission_required(STAFF)
def report_xlsx():
    """The same report as a workbook."""
    data = reports.to_xlsx(reports.build())
    stamp = to_local(utcnow()).strftime("%Y%m%d-%H%M")
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="helpdesk-report-{stamp}.xlsx"',
            "Cache-Control": "private, no-store",
        },
    )
