"""The dashboard blueprint (the overview, charts and coverage).

Routes live under ``/<event_code>/`` and every owned query is scoped to that event
(``app.events.scope``). The factory registers ``bp``; the view modules imported at the bottom add their routes to it.
Nothing imports a view module back.
"""

from __future__ import annotations

from flask import Blueprint

from app.events.scope import event_blueprint

bp = event_blueprint("dashboard", __name__)
# Site pages of the same area (/me, /admin/overview): the same endpoint prefix, no event in the URL.
site_bp = Blueprint("dashboard_site", __name__)

from app.dashboard import coverage_views, site_views, views  # noqa: E402,F401  (each registers its routes on bp)
