"""The dashboard blueprint (the overview, charts and coverage).

The factory registers ``bp``; the view modules imported at the bottom add their routes to it.
Nothing imports a view module back.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from app.dashboard import coverage_views, views  # noqa: E402,F401  (each registers its routes on bp)
