"""The releases blueprint (official releases, their review, corrections and feeds).

The factory registers ``bp``; the view modules imported at the bottom add their routes to it.
Nothing imports a view module back.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("releases", __name__)

from app.releases import correction_views, manage, views  # noqa: E402,F401  (each registers its routes on bp)
