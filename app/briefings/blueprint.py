"""The briefings blueprint (press conferences, rooms, speakers, sign-ups and iCal).

The factory registers ``bp``; the view modules imported at the bottom add their routes to it.
Nothing imports a view module back.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("briefings", __name__, url_prefix="/briefings")

from app.briefings import staff_views, views  # noqa: E402,F401  (each registers its routes on bp)
