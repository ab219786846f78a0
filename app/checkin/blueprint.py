"""The checkin blueprint (gates, the scanner page and its API, paired devices, scans and occupancy).

The factory registers ``bp``; the view modules imported at the bottom add their routes to it.
Nothing imports a view module back.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("checkin", __name__)

from app.checkin import api, device_views, views  # noqa: E402,F401  (each registers its routes on bp)
