"""The venue blueprint (venue tasks, units, locations, checklists and reports).

The factory registers ``bp``; the view modules imported at the bottom add their routes to it.
Nothing imports a view module back.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("venue", __name__, url_prefix="/venue")

from app.venue import views, views_manage, views_reports  # noqa: E402,F401  (each registers its routes on bp)
