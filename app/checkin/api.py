"""The scan API (``/api/v1``): used by the scanner page and open to other clients.

Two kinds of caller, resolved by :func:`app.checkin.auth.scanner_api`: a paired device
with ``Authorization: Bearer <device token>`` (its own gates only, no session or CSRF),
or a staff session (the same sign-in as the pages) with the CSRF token in the
``X-CSRFToken`` header on every POST. Bodies are declared once in
:mod:`app.checkin.contract` (msgspec), which validates them (malformed input gets a 400
JSON answer with a message in the user's language), writes the answers and is the schema
part of the OpenAPI document (:mod:`app.checkin.openapi`, ``/api/v1/openapi.json``).

A paired device's ``POST /api/v1/scans`` is normally answered before Flask by the lean
path (:mod:`app.checkin.lean`), which calls the same :func:`services.decide_scan`; the
view below answers the staff session, and the device's refusals and errors.
"""

from __future__ import annotations

from flask import Response, abort, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from app.checkin import contract, openapi, photos, services
from app.checkin.auth import current_principal, require_gate, scanner_api
from app.checkin.blueprint import bp
from app.checkin.models import Gate
from app.checkin.pack import build_pack, current_version, encode_pack, gzip_body
from app.core.permissions import Permission, permission_required
from app.events.scope import get_in_event_or_404
from app.extensions import db


def _error(message: str, status: int = 400):
    """The API's error shape (:class:`contract.Error`), the same as the application's JSON error pages."""
    titles = {400: _("Bad request"), 404: _("Not found")}
    error = contract.Error(error=titles.get(status, _("Bad request")), message=message, status=status)
    return _json(error, status)


def _json(body, status: int = 200) -> Response:
    """A declared body (a :mod:`contract` struct) as the JSON answer."""
    return Response(contract.encode(body), status=status, mimetype="application/json")


def _decision(decision) -> contract.Decision:
    """A decision in the current language (the texts are cached per language)."""
    texts = contract.texts_for(str(get_locale()))
    return contract.decision_out(decision, texts, services.photo_url)


def _json_body():
    # A JSON body that cannot be read (too deep, too large, malformed) is answered by
    # app.core.jsonbody with a 400 saying why; another content type gets the message below.
    data = request.get_json(silent=not request.is_json)
    if data is None:
        raise contract.InputError(_("Send the scan as JSON (Content-Type: application/json)."))
    return data


@bp.route("/api/v1/scans", methods=["POST"])
@scanner_api
def api_scan():
    """Decide and record one scan; answers with the decision and the holder to compare."""
    try:
        scan = contract.parse_scan(_json_body())
    except contract.InputError as error:
        return _error(str(error))
    require_gate(scan["gate_id"])
    principal = current_principal()
    try:
        decision = services.decide_scan(
            scan["payload"],
            scan["gate_id"],
            principal.user_id,
            scanned_at=scan["scanned_at"],
            client_uuid=scan["client_uuid"],
            device_id=principal.device_id,
        )
    except services.UnknownGate:
        db.session.rollback()
        return _error(_("There is no gate number %(id)s.", id=scan["gate_id"]), 404)
    body = contract.encode(_decision(decision))  # before the commit, which would expire the user's row
    db.session.commit()
    response = Response(body, mimetype="application/json")
    # The scanned badge's last change: newer than the device's pack means "refresh now".
    response.headers["X-Pack-Version"] = str(decision.changed_ms)
    return response, 200 if decision.replayed else 201


@bp.route("/api/v1/scans/batch", methods=["POST"])
@scanner_api
def api_scan_batch():
    """Record scans made offline: each is decided again, and a re-sent UUID is recorded once."""
    try:
        items = contract.parse_batch(_json_body())
    except contract.InputError as error:
        return _error(str(error))
    for item in items:
        require_gate(item["gate_id"])
    principal = current_principal()
    try:
        decisions = services.decide_batch(items, principal.user_id, device_id=principal.device_id)
    except services.UnknownGate as error:
        db.session.rollback()
        return _error(_("There is no gate number %(id)s.", id=error.args[0]), 404)
    body = contract.BatchResult(
        results=[_decision(decision) for decision in decisions],
        recorded=sum(1 for d in decisions if not d.replayed),
        replayed=sum(1 for d in decisions if d.replayed),
        overturned=sum(1 for d in decisions if d.overturned and not d.replayed),
    )
    encoded = contract.encode(body)
    db.session.commit()
    response = Response(encoded, mimetype="application/json")
    response.headers["X-Pack-Version"] = str(current_version())
    return response


@bp.route("/api/v1/gates")
@scanner_api
def api_gates():
    """The active gates a scanner can choose (a device: only its own)."""
    principal = current_principal()
    return _json(
        contract.GateList(
            gates=[contract.gate_out(g) for g in services.active_gates() if principal.may_use_gate(g.id)]
        )
    )


@bp.route("/api/v1/gates/<int:gate_id>/pack")
@scanner_api
def api_gate_pack(gate_id: int):
    """What the gate needs to decide offline (see :mod:`app.checkin.pack`); ETag, gzip.

    ``?since=<ver>`` answers with the delta since that version.
    """
    require_gate(gate_id)
    gate = get_in_event_or_404(Gate, gate_id)
    since = request.args.get("since", "")
    if since and (not since.isdigit() or len(since) > 15):
        return _error(_("“since” must be the version number of a gate pack."))
    pack = build_pack(gate, int(since) if since else None)
    body, etag = encode_pack(pack)
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(body, mimetype="application/json")
        if "gzip" in request.accept_encodings:
            response.set_data(gzip_body(body))
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = "Accept-Encoding, Cookie, Authorization"
    response.headers["X-Pack-Version"] = str(pack["ver"])
    return response


@bp.route("/api/v1/gates/<int:gate_id>/photos")
@scanner_api
def api_gate_photos(gate_id: int):
    """Scanner-size photos of valid badges' holders, many per answer (see :mod:`app.checkin.photos`).

    ``?after=<application id>`` pages through all of them (``X-Next-After`` names the
    next page, absent on the last); ``?ids=1,2,3`` asks for some (a delta's new holders).
    """
    require_gate(gate_id)
    get_in_event_or_404(Gate, gate_id)
    ids_text, after_text = request.args.get("ids"), request.args.get("after", "0")
    try:
        ids = [int(part) for part in ids_text.split(",") if part] if ids_text is not None else None
        after = int(after_text)
        if (ids is not None and len(ids) > photos.BATCH_LIMIT) or after < 0:
            raise ValueError
    except ValueError:
        return _error(
            _(
                "Ask for photos with “after” (a number) or “ids” (at most %(n)s numbers).",
                n=photos.BATCH_LIMIT,
            )
        )
    body, following = photos.batch(ids=ids, after=after)
    response = Response(body, mimetype=photos.MIMETYPE)
    if following is not None:
        response.headers["X-Next-After"] = str(following)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/api/v1/photos/<int:application_id>")
@scanner_api
def api_photo(application_id: int):
    """One holder's photo at the scanner's size; only for a holder of a valid badge (else 404)."""
    key = photos.valid_holder_photo_key(application_id)
    data = photos.scan_photo(key) if key else None
    if not data:
        abort(404)
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/api/v1/session")
@scanner_api
def api_session():
    """A fresh CSRF token for a scanner page left open for hours (tokens expire).

    A paired device needs none: it gets ``csrf_token: null`` and its own name.
    """
    principal = current_principal()
    if principal.is_device:
        body = contract.SessionInfo(csrf_token=None, user=None, device=principal.device_name)
    else:
        body = contract.SessionInfo(csrf_token=generate_csrf(), user=current_user.full_name, device=None)
    response = _json(body)
    response.headers["X-Pack-Version"] = str(current_version())  # the page probes here after a failure
    return response


@bp.route("/api/v1/openapi.json")
@permission_required(Permission.PUBLIC)
def api_openapi():
    """The API description (OpenAPI 3). Public: it holds no data, only the contract."""
    return jsonify(openapi.spec())
