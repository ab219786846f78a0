"""The desk's routes: sessions and their positions, the priority list, allocation and release
buttons, gates bound to a session, the printable list per session and the fairness report."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.accreditation.models import MediaOrganisation
from app.checkin.models import Gate
from app.core.forms import EmptyForm
from app.core.nav import nav_item
from app.core.permissions import permission_required
from app.core.timeutil import local_today, to_local, utcnow
from app.events.models import Zone
from app.events.scope import get_in_event_or_404
from app.extensions import db
from app.positions import reports, services
from app.positions.blueprint import bp
from app.positions.forms import BindGateForm, PositionForm, PriorityForm, SessionForm, local_time
from app.positions.models import HallSession, PriorityOutlet
from app.positions.views import LABELS, STAFF

nav_item("positions.desk", _l("Positions in the hall"), STAFF, order=33, group="press")


def _expired():
    flash(_("The form has expired. Please try again."), "danger")


@bp.route("/desk")
@permission_required(STAFF)
def desk():
    """The sessions by time with places offered and given, and what is due next."""
    rows = services.sessions()
    return render_template(
        "positions/desk.html",
        sessions=rows,
        holders={s.id: sum(services.holders_count(s).values()) for s in rows},
        now=utcnow(),
        **LABELS,
    )


def _zone_choices(form: SessionForm) -> None:
    zones = db.session.scalars(select(Zone).order_by(Zone.sort_order, Zone.code)).all()
    form.zone_id.choices = [(0, _("– none –"))] + [(z.id, f"{z.code} – {z.name}") for z in zones]


def _session_form_page(form: SessionForm, session: HallSession | None, errors=(), status: int = 200):
    return (
        render_template("positions/session_form.html", form=form, session=session, errors=list(errors)),
        status,
    )


def _save_session(session: HallSession | None):
    form = SessionForm()
    _zone_choices(form)
    if not form.is_submitted() and session is not None:
        local = to_local(session.starts_at)
        form.title.data, form.kind.data = session.title, session.kind
        form.day.data, form.starts.data = local.strftime("%d/%m/%Y"), local.strftime("%H:%M")
        form.ends.data = to_local(session.ends_at).strftime("%H:%M")
        form.zone_id.data = session.zone_id or 0
        form.deadline_hours.data, form.release_hours.data = (
            str(session.deadline_hours),
            str(session.release_hours),
        )
    elif not form.is_submitted():
        form.day.data = local_today().strftime("%d/%m/%Y")
        form.deadline_hours.data, form.release_hours.data = "24", "2"
    if not form.validate_on_submit():
        return _session_form_page(form, session, status=400 if form.is_submitted() else 200)
    starts_at = local_time(form.day.data, form.starts.data)
    ends_at = local_time(form.day.data, form.ends.data)
    data = services.SessionData(
        title=form.title.data,
        kind=form.kind.data,
        starts_at=starts_at,
        ends_at=ends_at,
        zone_id=form.zone_id.data or None,
        deadline_hours=int(form.deadline_hours.data),
        release_hours=int(form.release_hours.data),
    )
    try:
        saved = services.save_session(session, data, current_user)
    except services.PositionError as error:
        db.session.rollback()
        return _session_form_page(form, session, error.messages, 409)
    db.session.commit()
    flash(_("The session is saved."), "success")
    return redirect(url_for("positions.session", session_id=saved.id))


@bp.route("/sessions/new", methods=["GET", "POST"])
@permission_required(STAFF)
def new_session():
    """Add a session of the congress or a press event."""
    return _save_session(None)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@permission_required(STAFF)
def edit_session(session_id: int):
    """Change a session's title, times, zone, deadline or release time."""
    return _save_session(get_in_event_or_404(HallSession, session_id))


def _gate_choices(form: BindGateForm) -> None:
    gates = db.session.scalars(select(Gate).where(Gate.active.is_(True)).order_by(Gate.name)).all()
    form.gate_id.choices = [(0, _("– choose –"))] + [(g.id, g.name) for g in gates]


def session_page(session: HallSession, *, position_form=None, gate_form=None, errors=(), status: int = 200):
    """The desk's page of a session: positions, requests by kind, buttons, gates bound to it."""
    gate_form = gate_form or BindGateForm(formdata=None)
    _gate_choices(gate_form)
    return (
        render_template(
            "positions/session.html",
            session=session,
            requests=services.requests_of_session(session),
            holders=services.holders_count(session),
            gates=services.bound_gates(session),
            position_form=position_form or PositionForm(formdata=None),
            gate_form=gate_form,
            empty_form=EmptyForm(),
            errors=list(errors),
            no_shows=services.no_show_ids([session.id]),
            now=utcnow(),
            **LABELS,
        ),
        status,
    )


@bp.route("/sessions/<int:session_id>")
@permission_required(STAFF)
def session(session_id: int):
    """A session's positions, requests and results."""
    return session_page(get_in_event_or_404(HallSession, session_id))


@bp.route("/sessions/<int:session_id>/positions", methods=["POST"])
@permission_required(STAFF)
def save_position(session_id: int):
    """Offer places of a kind in the session (or change their number)."""
    hall_session = get_in_event_or_404(HallSession, session_id)
    form = PositionForm()
    if not form.validate_on_submit():
        return session_page(hall_session, position_form=form, status=400)
    try:
        services.save_position(
            hall_session, form.kind.data, int(form.places.data), form.note.data or "", current_user
        )
    except services.PositionError as error:
        db.session.rollback()
        return session_page(
            get_in_event_or_404(HallSession, session_id),
            position_form=form,
            errors=error.messages,
            status=409,
        )
    db.session.commit()
    flash(_("The position is saved."), "success")
    return redirect(url_for("positions.session", session_id=session_id))


def _step(session_id: int, step, message: str):
    hall_session = get_in_event_or_404(HallSession, session_id)
    if not EmptyForm().validate_on_submit():
        _expired()
        return redirect(url_for("positions.session", session_id=session_id))
    try:
        result = step(hall_session, current_user)
    except services.PositionError as error:
        db.session.rollback()
        return session_page(get_in_event_or_404(HallSession, session_id), errors=error.messages, status=409)
    db.session.commit()
    flash(message % result if not result.get("already") else _("This was already done."), "success")
    return redirect(url_for("positions.session", session_id=session_id))


@bp.route("/sessions/<int:session_id>/allocate", methods=["POST"])
@permission_required(STAFF)
def allocate(session_id: int):
    """Allocate the places now that requests are closed (the worker does it on its own too)."""
    return _step(
        session_id, services.allocate, _("Places allocated: %(allocated)s; on the waitlist: %(waitlisted)s.")
    )


@bp.route("/sessions/<int:session_id>/release", methods=["POST"])
@permission_required(STAFF)
def release(session_id: int):
    """Release unconfirmed places to the waitlist (the worker does it on its own too)."""
    return _step(
        session_id,
        services.release,
        _("Places released: %(released)s; moved up from the waitlist: %(moved_up)s."),
    )


@bp.route("/sessions/<int:session_id>/gates", methods=["POST"])
@permission_required(STAFF)
def bind_gate(session_id: int):
    """Bind a gate to the session: from now on it admits only holders of a place in it."""
    hall_session = get_in_event_or_404(HallSession, session_id)
    form = BindGateForm()
    _gate_choices(form)
    if not form.validate_on_submit():
        return session_page(hall_session, gate_form=form, status=400)
    gate = get_in_event_or_404(Gate, form.gate_id.data)
    services.bind_gate(gate, hall_session, current_user)
    db.session.commit()
    flash(
        _("The gate %(gate)s now admits only holders of a place in this session.", gate=gate.name), "success"
    )
    return redirect(url_for("positions.session", session_id=session_id))


@bp.route("/gates/<int:gate_id>/unbind", methods=["POST"])
@permission_required(STAFF)
def unbind_gate(gate_id: int):
    """Free a gate from its session: the zone rule alone decides again."""
    gate = get_in_event_or_404(Gate, gate_id)
    session_id = gate.hall_session_id
    if not EmptyForm().validate_on_submit():
        _expired()
    elif session_id is not None:
        services.bind_gate(gate, None, current_user)
        db.session.commit()
        flash(_("The gate %(gate)s is no longer bound to a session.", gate=gate.name), "success")
    if session_id is None:
        return redirect(url_for("positions.desk"))
    return redirect(url_for("positions.session", session_id=session_id))


@bp.route("/sessions/<int:session_id>/print")
@permission_required(STAFF)
def print_session(session_id: int):
    """The session's places and waitlist on one printable page (for the hall's door)."""
    hall_session = get_in_event_or_404(HallSession, session_id)
    return render_template(
        "positions/print.html",
        session=hall_session,
        requests=[
            r
            for r in services.requests_of_session(hall_session)
            if r.status in ("allocated", "confirmed", "waitlisted")
        ],
        printed_at=utcnow(),
        **LABELS,
    )


def _priority_page(form: PriorityForm, errors=(), status: int = 200):
    organisations = db.session.scalars(select(MediaOrganisation).order_by(MediaOrganisation.name)).all()
    form.organisation_id.choices = [(0, _("– choose –"))] + [(o.id, o.name) for o in organisations]
    return (
        render_template(
            "positions/priorities.html",
            rows=services.priorities(),
            form=form,
            errors=list(errors),
            empty_form=EmptyForm(),
        ),
        status,
    )


@bp.route("/priorities", methods=["GET", "POST"])
@permission_required(STAFF)
def priorities():
    """The priority classes: outlets served before the rotation (the published rules)."""
    form = PriorityForm()
    if not form.is_submitted():
        form.rank.data, form.guaranteed.data = "1", "1"
        return _priority_page(form)
    organisations = db.session.scalars(select(MediaOrganisation.id)).all()
    form.organisation_id.choices = [(0, "")] + [(o, "") for o in organisations]
    if not form.validate_on_submit():
        return _priority_page(form, status=400)
    try:
        services.save_priority(
            form.organisation_id.data,
            form.class_name.data,
            int(form.rank.data),
            int(form.guaranteed.data),
            current_user,
        )
    except services.PositionError as error:
        db.session.rollback()
        return _priority_page(form, error.messages, 409)
    db.session.commit()
    flash(_("The priority list is saved."), "success")
    return redirect(url_for("positions.priorities"))


@bp.route("/priorities/<int:priority_id>/remove", methods=["POST"])
@permission_required(STAFF)
def remove_priority(priority_id: int):
    """Take an outlet off the priority list."""
    row = get_in_event_or_404(PriorityOutlet, priority_id)
    if not EmptyForm().validate_on_submit():
        _expired()
    else:
        services.remove_priority(row, current_user)
        db.session.commit()
        flash(_("The outlet is off the priority list."), "success")
    return redirect(url_for("positions.priorities"))


@bp.route("/fairness")
@permission_required(STAFF)
def fairness():
    """Per outlet and kind: places requested and given, waitlist moves, releases, no-shows."""
    return render_template("positions/fairness.html", rows=services.fairness(), **LABELS)


@bp.route("/fairness.xlsx")
@permission_required(STAFF)
def fairness_xlsx():
    """The fairness report as a workbook."""
    stamp = to_local(utcnow()).strftime("%Y%m%d-%H%M")
    return Response(
        reports.fairness_xlsx(services.fairness()),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="positions-fairness-{stamp}.xlsx"'},
    )
