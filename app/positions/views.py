"""Routes journalists use: the sessions open for requests and their own requests, a request for a
position, confirming a place given and cancelling a request.

A journalist sees only their own requests: anyone else's answers 404, like a missing one; a
session of another congress is a 404 too (``get_in_event_or_404``).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accreditation.queries import accredited_application
from app.core.forms import EmptyForm
from app.core.nav import nav_item
from app.core.permissions import Permission, permission_required
from app.core.timeutil import utcnow
from app.events.scope import get_in_event, get_in_event_or_404
from app.extensions import db
from app.positions import services
from app.positions.blueprint import bp
from app.positions.forms import RequestForm
from app.positions.models import HallSession, PositionRequest

nav_item("positions.mine", _l("Positions in the hall"), Permission.REQUEST_POSITIONS, order=33)

ASK = Permission.REQUEST_POSITIONS
STAFF = Permission.MANAGE_POSITIONS

LABELS = {
    "session_kind_labels": services.SESSION_KIND_LABELS,
    "kind_labels": services.POSITION_KIND_LABELS,
    "state_labels": services.STATE_LABELS,
    "by_labels": services.ALLOCATED_BY_LABELS,
    "deadline_of": services.deadline_of,
    "release_time_of": services.release_time_of,
}


def flash_errors(error: services.PositionError) -> None:
    for message in error.messages:
        flash(message, "danger")


def own_request_or_404(position_request_id: int) -> PositionRequest:
    row = get_in_event(PositionRequest, position_request_id)
    if row is None or row.journalist_id != current_user.id:
        abort(404)
    return row


@bp.route("/")
@permission_required(ASK)
def mine():
    """The sessions with their positions and deadlines, and the journalist's requests and places."""
    now = utcnow()
    rows = services.requests_of(current_user.id)
    return render_template(
        "positions/mine.html",
        sessions=services.sessions(),
        requests=rows,
        asked={
            r.session_id for r in rows if r.status in ("requested", "allocated", "confirmed", "waitlisted")
        },
        accredited=accredited_application(current_user.id) is not None,
        now=now,
        empty_form=EmptyForm(),
        **LABELS,
    )


@bp.route("/sessions/<int:session_id>/request", methods=["GET", "POST"])
@permission_required(ASK)
def new_request(session_id: int):
    """Ask for a position in a session, before its deadline."""
    session = get_in_event_or_404(HallSession, session_id)
    form = RequestForm()
    form.position_id.choices = [(0, _("– choose –"))] + [
        (p.id, _("%(kind)s (%(n)s places)", kind=services.POSITION_KIND_LABELS[p.kind], n=p.places))
        for p in session.positions
    ]
    errors: list[str] = []
    status = 200
    if form.validate_on_submit():
        try:
            services.request_position(current_user, session, form.position_id.data)
        except services.PositionError as error:
            db.session.rollback()
            errors, status = error.messages, 409
        else:
            db.session.commit()
            flash(
                _(
                    "Your request is registered. Places are allocated at the deadline; you will be told by e-mail."
                ),
                "success",
            )
            return redirect(url_for("positions.mine"))
    elif form.is_submitted():
        status = 400
    return (
        render_template(
            "positions/request.html",
            session=session,
            form=form,
            errors=errors,
            now=utcnow(),
            **LABELS,
        ),
        status,
    )


@bp.route("/requests/<int:position_request_id>/confirm", methods=["POST"])
@permission_required(ASK)
def confirm(position_request_id: int):
    """Confirm a place given (before the release time)."""
    row = own_request_or_404(position_request_id)
    if not EmptyForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "danger")
        return redirect(url_for("positions.mine"))
    try:
        services.confirm(row, current_user)
    except services.PositionError as error:
        db.session.rollback()
        flash_errors(error)
    else:
        db.session.commit()
        flash(_("Your place is confirmed."), "success")
    return redirect(url_for("positions.mine"))


@bp.route("/requests/<int:position_request_id>/cancel", methods=["POST"])
@permission_required(ASK)
def cancel(position_request_id: int):
    """Withdraw a request; a place held goes to the next on the waitlist."""
    row = own_request_or_404(position_request_id)
    if not EmptyForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "danger")
        return redirect(url_for("positions.mine"))
    try:
        services.cancel(row, current_user)
    except services.PositionError as error:
        db.session.rollback()
        flash_errors(error)
    else:
        db.session.commit()
        flash(_("Your request is cancelled."), "success")
    return redirect(url_for("positions.mine"))
