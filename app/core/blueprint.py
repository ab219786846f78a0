"""The core blueprint (the home page, language switch, audit log and health check).

The factory registers ``bp``; the view modules imported at the bottom add their routes to it.
Nothing imports a view module back.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("core", __name__)

from app.core import outbox_views, views  # noqa: E402,F401  (each registers its routes on bp)
