"""The badges blueprint (badge issue, printing and revocation).

The factory registers ``bp``; the view modules imported at the bottom add their routes to it.
Nothing imports a view module back.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("badges", __name__)

from app.badges import views  # noqa: E402,F401  (each registers its routes on bp)
