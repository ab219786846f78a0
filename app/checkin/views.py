"""Routes of the checkin area: zone and gate administration, the scanner page, occupancy.

The JSON API the scanner page talks to lives in :mod:`app.checkin.api`, on the same
blueprint.
"""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from app.checkin import occupancy as occupancy_service
from app.checkin import services
from app.checkin.assets import SCANNER_ASSETS
from app.checkin.blueprint import bp
from app.checkin.forms import DIRECTION_LABELS, AlarmHandledForm, GateForm, ZoneForm
from app.checkin.models import Gate
from app.core.nav import nav_item
from app.core.permissions import Permission, permission_required
from app.events.models import Zone
from app.events.scope import get_in_event_or_404
from app.events.services import current_event_id, scoped
from app.extensions import db

nav_item("checkin.scanner", _l("Scan badges"), Permission.SCAN, order=30, group="gate")
nav_item("checkin.occupancy", _l("Occupancy"), Permission.SCAN, order=31, group="gate")
nav_item("checkin.gates", _l("Gates and zones"), Permission.MANAGE_GATES, order=80, group="admin")
nav_item("checkin.alarms", _l("Gate alarms"), Permission.HANDLE_SCAN_ALARMS, order=32, group="gate")

STATIC = Path(__file__).resolve().parents[2] / "static"


# ----------------------------------------------------------------------------- zones
@bp.route("/admin/zones")
@permission_required(Permission.MANAGE_GATES)
def zones():
    """List the zones with how many gates each has."""
    counts = dict(db.session.execute(select(Gate.zone_id, func.count()).group_by(Gate.zone_id)).all())
    rows = db.session.scalars(scoped(Zone).order_by(Zone.sort_order, Zone.code)).all()
    return render_template("checkin/zones.html", zones=rows, counts=counts)


@bp.route("/admin/zones/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_GATES)
def new_zone():
    """Create a zone (its code is what badges print)."""
    return _zone_form(None)


@bp.route("/admin/zones/<int:zone_id>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_GATES)
def edit_zone(zone_id: int):
    """Rename or reorder a zone."""
    zone = get_in_event_or_404(Zone, zone_id)
    return _zone_form(zone)


def _zone_form(zone: Zone | None):
    form = ZoneForm(obj=zone)
    if form.validate_on_submit():
        if services.zone_code_taken(form.code.data, zone.id if zone else None):
            form.code.errors.append(_("Another zone already uses this code."))
        else:
            services.save_zone(
                zone,
                code=form.code.data,
                name=form.name.data,
                sort_order=form.sort_order.data,
                actor=current_user,
            )
            db.session.commit()
            flash(_("The zone was saved."), "success")
            return redirect(url_for("checkin.zones"))
    status = 400 if request.method == "POST" else 200
    return render_template("checkin/zone_form.html", form=form, zone=zone), status


# ----------------------------------------------------------------------------- gates
@bp.route("/admin/gates")
@permission_required(Permission.MANAGE_GATES)
def gates():
    """List the gates by zone, with their direction and whether they are active."""
    rows = db.session.scalars(
        scoped(Gate).join(Zone, Zone.id == Gate.zone_id).order_by(Zone.sort_order, Zone.code, Gate.name)
    ).all()
    return render_template("checkin/gates.html", gates=rows, directions=DIRECTION_LABELS)


@bp.route("/admin/gates/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_GATES)
def new_gate():
    """Create a gate of a zone."""
    return _gate_form(None)


@bp.route("/admin/gates/<int:gate_id>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_GATES)
def edit_gate(gate_id: int):
    """Change a gate, or deactivate it (gates with scans are kept for the log)."""
    gate = get_in_event_or_404(Gate, gate_id)
    return _gate_form(gate)


def _gate_form(gate: Gate | None):
    form = GateForm(obj=gate)
    form.zone_id.choices = [
        (zone_id, f"{code} – {name}")
        for zone_id, code, name in db.session.execute(
            select(Zone.id, Zone.code, Zone.name)
            .where(Zone.event_id == current_event_id())
            .order_by(Zone.sort_order, Zone.code)
        )
    ]
    if not form.zone_id.choices:
        flash(_("Create a zone first: every gate belongs to a zone."), "warning")
        return redirect(url_for("checkin.new_zone"))
    if form.validate_on_submit():
        services.save_gate(
            gate,
            zone_id=form.zone_id.data,
            name=form.name.data,
            direction=form.direction.data,
            active=form.active.data,
            actor=current_user,
        )
        db.session.commit()
        flash(_("The gate was saved."), "success")
        return redirect(url_for("checkin.gates"))
    status = 400 if request.method == "POST" else 200
    return render_template("checkin/gate_form.html", form=form, gate=gate), status


# ----------------------------------------------------------------------------- scanner
@bp.route("/scanner/")
@permission_required(Permission.SCAN)
def scanner():
    """The gate staff's page: camera or USB scanner, result at once, works offline."""
    gates = [
        {
            "id": gate.id,
            "name": gate.name,
            "zone": gate.zone.code,
            "zone_name": gate.zone.name,
            "direction": gate.direction,
        }
        for gate in services.active_gates()
    ]
    return render_template(
        "checkin/scanner.html",
        gates=gates,
        reason_texts={key: str(text) for key, text in services.REASON_TEXTS.items()},
        assets=_scanner_assets(),
        timeout_ms=current_app.config["SCANNER_API_TIMEOUT_MS"],
    )


def _scanner_assets() -> list[str]:
    """What the service worker keeps so the page opens without a network."""
    return [url_for("checkin.scanner")] + [url_for("static", filename=name) for name in SCANNER_ASSETS]


@bp.route("/scanner/sw.js")
@permission_required(Permission.PUBLIC)
def service_worker():
    """The scanner's service worker, served under the event's /scanner/ so it controls that page.

    Public: it is a static script holding no data, and the browser fetches it again
    to check for updates even when the session has ended.
    """
    response = send_file(STATIC / "checkin" / "sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = url_for("checkin.scanner")
    response.headers["Cache-Control"] = "no-cache"
    return response


# ----------------------------------------------------------------------------- alarms
@bp.route("/scanner/alarms")
@permission_required(Permission.HANDLE_SCAN_ALARMS)
def alarms():
    """The duty officer's list: offline admissions the server overturned, open ones first."""
    return render_template(
        "checkin/alarms.html",
        open_alarms=services.alarm_list(handled=False),
        handled_alarms=services.alarm_list(handled=True),
        reasons=services.REASON_TEXTS,
        form=AlarmHandledForm(),
    )


@bp.route("/scanner/alarms/<int:alarm_id>/handled", methods=["POST"])
@permission_required(Permission.HANDLE_SCAN_ALARMS)
def alarm_handled(alarm_id: int):
    """Mark one alarm handled with a note."""
    form = AlarmHandledForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "danger")
        return redirect(url_for("checkin.alarms")), 303
    try:
        services.handle_alarm(alarm_id, form.note.data, current_user)
    except LookupError:
        abort(404)
    except services.AlarmAlreadyHandled:
        db.session.rollback()
        flash(_("Someone already marked this alarm as handled."), "warning")
        return redirect(url_for("checkin.alarms")), 303
    db.session.commit()
    flash(_("The alarm was marked as handled."), "success")
    return redirect(url_for("checkin.alarms")), 303


# ----------------------------------------------------------------------------- occupancy
@bp.route("/occupancy")
@permission_required(Permission.SCAN, Permission.MANAGE_GATES)
def occupancy():
    """Who is inside each zone now and scans per hour per gate; the page refreshes itself."""
    zones = occupancy_service.inside_by_zone()
    hours = occupancy_service.scans_per_hour()
    template = (
        "checkin/_occupancy_panel.html" if request.args.get("partial") == "1" else "checkin/occupancy.html"
    )
    return render_template(
        template, zones=zones, hours=hours, list_limit=200, category_label=services.category_label
    )
