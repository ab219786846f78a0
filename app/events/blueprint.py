"""The events blueprints: site pages (``bp``: the list of congresses, their administration)
and each congress's own pages (``event_bp``: its home and its staff, under ``/<event_code>/``).

The factory registers both; the view modules imported at the bottom add their routes.
Nothing imports a view module back.
"""

from __future__ import annotations

from flask import Blueprint

from app.events.scope import event_blueprint

bp = Blueprint("events", __name__)
event_bp = event_blueprint("event", __name__)

from app.events import views  # noqa: E402,F401  (registers its routes on bp and event_bp)
