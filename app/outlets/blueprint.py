"""The outlets blueprint (issue 19): focal points put their outlet's people forward; the desk
sets places, decides requests, vets and hands badges over.

Routes live under ``/<event_code>/outlets/`` and every owned query is scoped to that event
(``app.events.scope``). The view modules imported at the bottom add their routes to ``bp``.
"""

from __future__ import annotations

from app.events.scope import event_blueprint

bp = event_blueprint("outlets", __name__, url_prefix="/outlets")

from app.outlets import desk_views, views  # noqa: E402,F401  (each registers its routes on bp)
