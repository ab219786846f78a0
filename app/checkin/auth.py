"""Who is calling the scanner API: a paired device (token) or a signed-in staff member.

Every scanner API route is declared with :func:`scanner_api`, the one place that
resolves the caller:

1. ``Authorization: Bearer <device token>`` → the paired device, restricted to its
   gates; no session, no CSRF token. A forged, expired or revoked token is a 401 JSON
   answer with a machine ``code`` and a message in the request's language, and
   ``Clear-Site-Data: "storage"`` so the browser drops the gate pack and photos too.
2. otherwise the signed-in session, which must hold ``Permission.SCAN``; for a POST the
   CSRF token (``X-CSRFToken``) is checked *after* authentication, so an anonymous POST
   is a 401, as the OpenAPI document says, not the CSRF 400.

The view reads the caller with :func:`current_principal` and checks a gate with
:func:`require_gate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import Response, abort, g, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from app.checkin import contract, devices
from app.core.permissions import Permission
from app.extensions import csrf, db, limiter

# What a device's browser must forget when the server refuses it or it is unpaired:
# local storage, IndexedDB, Cache Storage and service workers of this origin; never the
# cookies, so a staff member signed in on the same browser stays signed in.
CLEAR_SCANNER_STORAGE = '"storage"'
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Principal:
    """The caller of a scanner API route: a device or a staff member, never both."""

    user_id: int | None
    device_id: int | None
    device_name: str | None = None
    gate_ids: frozenset[int] | None = None  # None: every gate (staff)

    @property
    def is_device(self) -> bool:
        return self.device_id is not None

    def may_use_gate(self, gate_id: int) -> bool:
        """A device scans only at its own gates; staff at any gate."""
        return self.gate_ids is None or gate_id in self.gate_ids


def current_principal() -> Principal:
    """The caller resolved by :func:`scanner_api` for this request."""
    return g.scan_principal


def refused(code: str, status: int = 401):
    """The JSON answer to a refused device token or pairing code."""
    response = _json(
        contract.Error(
            error=_("Device not allowed") if status == 401 else _("Bad request"),
            message=devices.refusal_message(code),
            code=code,
            status=status,
        ),
        status,
    )
    if code.startswith("device_"):
        response.headers["Clear-Site-Data"] = CLEAR_SCANNER_STORAGE
        response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


def gate_refused(gate_id: int):
    """A device asking for a gate it is not paired to: 403 with a message."""
    return _json(
        contract.Error(
            error=_("Not allowed"),
            message=_("This device is not paired to gate number %(id)s.", id=gate_id),
            code="gate_not_allowed",
            status=403,
        ),
        403,
    )


def _json(body, status: int) -> Response:
    return Response(contract.encode(body), status=status, mimetype="application/json")


class GateNotAllowed(Exception):
    """Raised by :func:`require_gate`; answered as :func:`gate_refused`."""


def require_gate(gate_id: int) -> None:
    """Refuse (403) a gate the caller may not use; call it before reading or writing anything."""
    if not current_principal().may_use_gate(gate_id):
        raise GateNotAllowed(gate_id)


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


def scanner_api(view):
    """Declare a scanner API route: device token first, else a staff session with SCAN.

    The route is exempt from the global CSRF check; this decorator checks the CSRF
    token itself for session callers, after authentication. Device calls carry no
    cookie to forge, so they need none. The route is exempt from rate limits (it is the
    scan path). The view's permission is marked for the route × role walk, like
    :func:`~app.core.permissions.permission_required`.

    Use it instead of ``permission_required`` on every scanner API route::

        @bp.route("/api/v1/gates/<int:gate_id>/photos")
        @scanner_api
        def api_gate_photos(gate_id):
            require_gate(gate_id)            # 403 for a device not paired to this gate
            principal = current_principal()  # .user_id or .device_id (one is None)
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        token = _bearer_token()
        if token is not None:
            try:
                device = devices.authenticate(token)
            except devices.DeviceRefused as refusal:
                db.session.rollback()
                return refused(refusal.code)
            g.scan_principal = Principal(
                user_id=None,
                device_id=device.id,
                device_name=device.name,
                gate_ids=device.gate_ids,
            )
        else:
            if not current_user.is_authenticated:
                abort(401)
            if not current_user.can(Permission.SCAN):
                abort(403)
            if request.method not in SAFE_METHODS:
                try:
                    validate_csrf(request.headers.get("X-CSRFToken"))
                except ValidationError as error:
                    raise CSRFError(error.args[0]) from None
            g.scan_principal = Principal(user_id=current_user.id, device_id=None)
        try:
            return view(*args, **kwargs)
        except GateNotAllowed as error:
            db.session.rollback()
            return gate_refused(error.args[0])

    wrapped.required_permissions = frozenset({Permission.SCAN})
    csrf.exempt(wrapped)
    # A gate scans hundreds of badges an hour from one address: no application-wide or
    # default rate limit may ever throttle it.
    return limiter.exempt(wrapped)
