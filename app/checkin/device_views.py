"""Routes of paired scanner devices: the administrator's list, pairing, the device's page.

The rules live in :mod:`app.checkin.devices`; the scanner API routes accept a device
through :func:`app.checkin.auth.scanner_api`.
"""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.checkin import contract, devices, services
from app.checkin.assets import SCANNER_ASSETS
from app.checkin.auth import CLEAR_SCANNER_STORAGE, current_principal, refused, scanner_api
from app.checkin.blueprint import bp
from app.checkin.forms import DeviceForm
from app.checkin.models import Device
from app.core.permissions import Permission, permission_required
from app.core.timeutil import utcnow
from app.events.scope import get_in_event_or_404
from app.events.services import current_event
from app.extensions import csrf, db, limiter

PAIR_LIMIT = "20 per minute"
DEVICE_ASSETS = ("checkin/device-shell.js",)  # device.js is among the scanner's own assets

STATE_LABELS = {
    "waiting": _l("Waiting to be paired"),
    "code_expired": _l("Pairing code expired"),
    "active": _l("Paired"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
}


# ----------------------------------------------------------------------------- administrator
@bp.route("/admin/devices")
@permission_required(Permission.MANAGE_GATES)
def devices_list():
    """Every scanner device: gates, created, last seen, expiry and state; revoke from here."""
    now = utcnow()
    rows = [(device, devices.device_state(device, now)) for device in devices.all_devices()]
    return render_template("checkin/devices.html", rows=rows, states=STATE_LABELS)


@bp.route("/admin/devices/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_GATES)
def new_device():
    """Create a device for one gate or several; the answer shows its pairing QR code and code once."""
    form = DeviceForm()
    form.gate_ids.choices = [(g.id, f"{g.zone.code} · {g.name}") for g in services.active_gates()]
    if not form.gate_ids.choices:
        flash(_("Create a gate first: a device scans at its gates."), "warning")
        return redirect(url_for("checkin.new_gate"))
    if form.validate_on_submit():
        device, code = devices.create_device(
            form.name.data, form.gate_ids.data, days=form.days.data, actor=current_user
        )
        db.session.commit()
        link = url_for("checkin.pair_page", _external=True) + "#code=" + code
        page = render_template(
            "checkin/device_created.html",
            device=device,
            code=devices.format_code(code),
            link=link,
            qr_svg=devices.qr_svg(link),
            minutes=devices.PAIRING_MINUTES,
        )
        # The code is shown once: keep it out of the browser's cache and back button.
        return page, 201, {"Cache-Control": "no-store"}
    status = 400 if request.method == "POST" else 200
    return render_template(
        "checkin/device_form.html", form=form, event_last_day=current_event().last_day
    ), status


@bp.route("/admin/devices/<int:device_id>/revoke", methods=["POST"])
@permission_required(Permission.MANAGE_GATES)
def revoke_device(device_id: int):
    """Revoke a device: its next request is refused and it deletes its gate data."""
    device = get_in_event_or_404(Device, device_id)
    devices.revoke_device(device, actor=current_user)
    db.session.commit()
    flash(_("The device “%(name)s” was revoked.", name=device.name), "success")
    return redirect(url_for("checkin.devices_list"))


# ----------------------------------------------------------------------------- the phone's pages
@bp.route("/scanner/pair")
@permission_required(Permission.PUBLIC)
def pair_page():
    """Where a phone pairs: opened from the QR code (the code is in the link) or typed in.

    Public: the code is the credential, exchanged by the page's script.
    """
    return render_template("checkin/pair.html", minutes=devices.PAIRING_MINUTES)


@bp.route("/scanner/device")
@permission_required(Permission.PUBLIC)
def device_scanner():
    """The paired device's scanner page: a shell with no data; everything comes from the API.

    Public: it holds no gate, name or token; the page's script asks the API with the
    device token and goes to the pairing page when it has none.
    """
    assets = [url_for("checkin.device_scanner"), url_for("checkin.pair_page")] + [
        url_for("static", filename=name) for name in (*SCANNER_ASSETS, *DEVICE_ASSETS)
    ]
    return render_template(
        "checkin/scanner.html",
        device_mode=True,
        gates=[],
        reason_texts={key: str(text) for key, text in services.REASON_TEXTS.items()},
        assets=assets,
        timeout_ms=current_app.config["SCANNER_API_TIMEOUT_MS"],
    )


# ----------------------------------------------------------------------------- device API
@bp.route("/api/v1/devices/pair", methods=["POST"])
@permission_required(Permission.PUBLIC)
@limiter.limit(PAIR_LIMIT)
def api_pair_device():
    """Exchange a one-time pairing code for the device token (once; the code expires).

    Public and without CSRF: the code in the body is the credential, and no cookie is used.
    A missing, wrong, used or expired code answers 401 with a ``code`` and a message.
    """
    data = request.get_json(silent=not request.is_json)  # unreadable JSON: 400 (app.core.jsonbody)
    code = data.get("code") if isinstance(data, dict) else None
    if not isinstance(code, str) or not code.strip() or len(code) > 40:
        return refused("pairing_code_invalid")
    try:
        device, token = devices.pair_device(code)
    except devices.DeviceRefused as refusal:
        db.session.rollback()
        current_app.logger.warning("pairing refused (%s) from %s", refusal.code, request.remote_addr)
        return refused(refusal.code)
    body = contract.Paired(token=token, device=contract.device_out(device))
    db.session.commit()
    return _json(body, 201)


csrf.exempt(api_pair_device)


def _json(body, status: int = 200) -> Response:
    return Response(contract.encode(body), status=status, mimetype="application/json")


@bp.route("/api/v1/devices/me")
@scanner_api
def api_device_me():
    """The calling device: its name, expiry and active gates (a staff session: ``device`` null)."""
    principal = current_principal()
    if not principal.is_device:
        return _json(contract.DeviceMe(device=None, user=current_user.full_name))
    return _json(contract.DeviceMe(device=contract.device_out(db.session.get(Device, principal.device_id))))


@bp.route("/api/v1/devices/unpair", methods=["POST"])
@scanner_api
def api_unpair_device():
    """The device gives up its pairing: the token is revoked and the browser clears its storage."""
    principal = current_principal()
    if not principal.is_device:
        return _json(
            contract.Error(
                error=_("Bad request"),
                message=_("Only a paired device can unpair itself."),
                code="not_a_device",
                status=400,
            ),
            400,
        )
    device = db.session.get(Device, principal.device_id)
    devices.revoke_device(device, actor=None, reason="unpaired")
    db.session.commit()
    response = _json(
        contract.Unpaired(
            unpaired=True, message=_("This device is no longer paired; its gate data was deleted.")
        )
    )
    response.headers["Clear-Site-Data"] = CLEAR_SCANNER_STORAGE
    return response


# ----------------------------------------------------------------------------- sign-out
@bp.after_app_request
def clear_scanner_storage_on_sign_out(response):
    """Signing out of a staff session also clears the gate pack and photos from the browser."""
    if request.endpoint == "accounts.logout" and response.status_code in (302, 303):
        response.headers["Clear-Site-Data"] = CLEAR_SCANNER_STORAGE
    return response
