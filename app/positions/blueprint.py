"""The positions blueprint: sessions in the hall, positions by kind, requests, allocation, the gate.

Routes live under ``/<event_code>/positions/`` and every owned query is scoped to that event
(``app.events.scope``). The factory registers ``bp``; the view modules imported at the bottom
add their routes to it. Nothing imports a view module back.
"""

from __future__ import annotations

from app.events.scope import event_blueprint

bp = event_blueprint("positions", __name__, url_prefix="/positions")

from app.positions import outlet_views, staff_views, views  # noqa: E402,F401  (each registers on bp)
