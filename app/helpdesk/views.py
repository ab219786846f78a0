"""Routes of the help desk that journalists use: their requests, a new request, a lost badge,
and a request's page (which the desk shares, with its own controls, see ``staff_views.py``).

A journalist sees only their own requests: anyone else's answers 404, like a missing one.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.nav import nav_item
from app.core.permissions import Permission, permission_required
from app.core.uploads import UploadError, send_upload
from app.events.scope import get_in_event
from app.extensions import db
from app.helpdesk import services
from app.helpdesk.blueprint import bp
from app.helpdesk.forms import LostBadgeForm, ReplaceBadgeForm, ReplyForm, RequestForm, StateForm
from app.helpdesk.models import HelpRequest

nav_item("helpdesk.mine", _l("Help desk"), Permission.ASK_HELPDESK, order=36)

STAFF = Permission.WORK_HELPDESK
ASK = Permission.ASK_HELPDESK


def request_or_404(help_request_id: int) -> HelpRequest:
    """The request in this congress, for the desk; for a journalist only their own (else 404)."""
    help_request = get_in_event(HelpRequest, help_request_id)
    if help_request is None:
        abort(404)
    if not current_user.can(STAFF) and help_request.requester_id != current_user.id:
        abort(404)
    return help_request


@bp.route("/")
@permission_required(ASK)
def mine():
    """A journalist's own requests with the desk's replies, and the ways to ask."""
    application = services.application_of(current_user.id)
    badge = None
    if application is not None and application.status == "approved":
        badge = services.current_badge_of(application)
    return render_template(
        "helpdesk/mine.html",
        requests=services.requests_of(current_user.id),
        application=application,
        badge=badge,
        category_labels=services.CATEGORY_LABELS,
        state_labels=services.STATE_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@permission_required(ASK)
def new_request():
    """File a request from the phone; the QR poster's link fills in the place (``?place=``)."""
    application = services.application_of(current_user.id)
    form = RequestForm()
    if request.method == "GET":
        place = request.args.get("place", "").strip()[:120]
        form.place.data = place if "<" not in place and ">" not in place else ""
        category = request.args.get("category", "")
        if category in services.CATEGORY_LABELS:
            form.category.data = category
    if application is None:
        return render_template("helpdesk/new.html", form=None), (200 if request.method == "GET" else 403)
    if not form.validate_on_submit():
        return render_template("helpdesk/new.html", form=form), (400 if request.method == "POST" else 200)
    help_request = None
    try:
        help_request = services.file_request(
            current_user,
            category=form.category.data,
            text=form.text.data,
            place=form.place.data or "",
            photo=form.photo.data,
        )
        db.session.commit()
    except UploadError as error:
        db.session.rollback()
        form.photo.errors = [str(error)]
        return render_template("helpdesk/new.html", form=form), 400
    except services.HelpdeskError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return render_template("helpdesk/new.html", form=form), 400
    except Exception:
        db.session.rollback()
        services.discard_photo(help_request)
        raise
    flash(
        _("Your request has been sent to the help desk. You will see the reply here and by e-mail."),
        "success",
    )
    return redirect(url_for("helpdesk.detail", help_request_id=help_request.id))


@bp.route("/lost-badge", methods=["GET", "POST"])
@permission_required(ASK)
def lost_badge():
    """A journalist reports their own badge lost; the desk then replaces it in one step."""
    application = services.application_of(current_user.id)
    badge = None
    if application is not None and application.status == "approved":
        badge = services.current_badge_of(application)
    form = LostBadgeForm()
    if badge is None or not badge.is_current:
        return render_template("helpdesk/lost_badge.html", form=None, badge=badge), (
            200 if request.method == "GET" else 409
        )
    if not form.validate_on_submit():
        return render_template("helpdesk/lost_badge.html", form=form, badge=badge), (
            400 if request.method == "POST" else 200
        )
    try:
        help_request = services.report_lost_badge(
            current_user, text=form.text.data or "", place=form.place.data or ""
        )
    except services.HelpdeskError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return render_template("helpdesk/lost_badge.html", form=form, badge=badge), 409
    db.session.commit()
    flash(
        _(
            "The help desk has your report. Come to the desk with your national ID or press card to get a new badge."
        ),
        "success",
    )
    return redirect(url_for("helpdesk.detail", help_request_id=help_request.id))


def detail_page(help_request: HelpRequest, *, reply_form=None, status: int = 200):
    """A request's page: the journalist's text and photo, the thread, and the desk's controls for staff."""
    staff = current_user.can(STAFF)
    return (
        render_template(
            "helpdesk/detail.html",
            req=help_request,
            staff=staff,
            can_replace=staff and current_user.can(Permission.PRINT_BADGES),
            reply_form=reply_form or ReplyForm(),
            state_form=StateForm(state=help_request.state),
            replace_form=ReplaceBadgeForm(),
            transitions=services.TRANSITIONS[help_request.state],
            category_labels=services.CATEGORY_LABELS,
            state_labels=services.STATE_LABELS,
            waited=services.waiting_minutes(help_request),
        ),
        status,
    )


@bp.route("/requests/<int:help_request_id>")
@permission_required(STAFF, ASK)
def detail(help_request_id: int):
    """One request: what was asked, the replies, and (for the desk) take, reply and state."""
    return detail_page(request_or_404(help_request_id))


@bp.route("/requests/<int:help_request_id>/photo/<size>")
@permission_required(STAFF, ASK)
def photo(help_request_id: int, size: str):
    """The request's photo, for the desk and the journalist who sent it."""
    if size not in ("full", "thumb"):
        abort(404)
    help_request = request_or_404(help_request_id)
    return send_upload(help_request.photo_key if size == "full" else help_request.photo_thumb_key)


@bp.route("/requests/<int:help_request_id>/reply", methods=["POST"])
@permission_required(STAFF, ASK)
def reply(help_request_id: int):
    """Add a reply: from the desk (e-mailed, and the next state), or from the journalist in their own thread."""
    help_request = request_or_404(help_request_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        return detail_page(help_request, reply_form=form, status=400)
    try:
        if current_user.can(STAFF):
            services.staff_reply(help_request, current_user, form.body.data, state=form.state.data)
        else:
            services.journalist_reply(help_request, current_user, form.body.data)
    except services.HelpdeskError as error:
        db.session.rollback()
        form.body.errors = [str(error)]
        return detail_page(request_or_404(help_request_id), reply_form=form, status=409)
    db.session.commit()
    flash(_("Reply sent."), "success")
    return redirect(url_for("helpdesk.detail", help_request_id=help_request_id) + "#thread")
