"""Routes an outlet's focal point uses (issue 20): the sessions open for requests, a position
asked for one of the outlet's accredited people, and every request of the outlet's people.

Only an active focal point of this congress (app/outlets) sees them; the rules are the
journalists' own (``services.request_position``, ``by`` the focal point)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.permissions import Permission, permission_required
from app.core.timeutil import utcnow
from app.events.scope import get_in_event_or_404
from app.extensions import db
from app.outlets.services import focal_point_of
from app.positions import services
from app.positions.blueprint import bp
from app.positions.forms import OutletRequestForm
from app.positions.models import HallSession
from app.positions.views import LABELS

NOMINATE = Permission.NOMINATE


def _not_focal():
    flash(_("Only an outlet's focal point can do this. Ask the press centre to make you one."), "warning")
    return redirect(url_for("outlets.home"))


def _form(session: HallSession, people) -> OutletRequestForm:
    form = OutletRequestForm(prefix=f"s{session.id}")
    form.application_id.choices = [(0, _("– choose –"))] + [(a.id, a.full_name) for a in people]
    form.position_id.choices = [(0, _("– choose –"))] + [
        (p.id, _("%(kind)s (%(n)s places)", kind=services.POSITION_KIND_LABELS[p.kind], n=p.places))
        for p in session.positions
    ]
    return form


def _page(focal, *, status: int = 200, errors=(), failed: HallSession | None = None, failed_form=None):
    now = utcnow()
    people = services.outlet_people(focal.organisation_id)
    open_sessions = [
        s
        for s in services.sessions()
        if s.allocated_at is None and now < services.deadline_of(s) and s.positions
    ]
    forms = {
        s.id: (failed_form if failed is not None and s.id == failed.id else _form(s, people))
        for s in open_sessions
    }
    return (
        render_template(
            "positions/outlet.html",
            focal=focal,
            people=people,
            sessions=open_sessions,
            forms=forms,
            requests=services.outlet_requests(focal.organisation_id),
            errors=list(errors),
            failed=failed,
            **LABELS,
        ),
        status,
    )


@bp.route("/outlet")
@permission_required(NOMINATE)
def outlet():
    """The outlet's positions: ask for its people, see every request and place."""
    focal = focal_point_of(current_user)
    if focal is None:
        return _not_focal()
    return _page(focal)


@bp.route("/outlet/sessions/<int:session_id>/request", methods=["POST"])
@permission_required(NOMINATE)
def outlet_request(session_id: int):
    """Ask a position in a session for one of the outlet's accredited people."""
    focal = focal_point_of(current_user)
    if focal is None:
        return _not_focal()
    session = get_in_event_or_404(HallSession, session_id)
    people = services.outlet_people(focal.organisation_id)
    form = _form(session, people)
    if not form.validate_on_submit():
        return _page(focal, status=400, failed=session, failed_form=form)
    person = next((a for a in people if a.id == form.application_id.data), None)
    if person is None:  # not (or no longer) one of the outlet's accredited people
        form.application_id.errors = [_("Please choose one of your outlet's accredited people.")]
        return _page(focal, status=400, failed=session, failed_form=form)
    try:
        services.request_position(person.user, session, form.position_id.data, by=current_user)
    except services.PositionError as error:
        db.session.rollback()
        return _page(focal, status=409, errors=error.messages, failed=session, failed_form=form)
    db.session.commit()
    flash(
        _("%(name)s's request is registered; they are told by e-mail.", name=person.full_name),
        "success",
    )
    return redirect(url_for("positions.outlet"))
