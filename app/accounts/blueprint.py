"""The accounts blueprint (accounts, sign-in, password reset and staff user administration).

The factory registers ``bp``; the view modules imported at the bottom add their routes to it.
Nothing imports a view module back.
"""

from __future__ import annotations

from flask import Blueprint

from app.events.scope import event_blueprint

bp = Blueprint("accounts", __name__)
# A congress's staff page lives under /<event_code>/ (staff_views).
event_bp = event_blueprint("staff", __name__)

from app.accounts import staff_views, views  # noqa: E402,F401  (each registers its routes on bp)
