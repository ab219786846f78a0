"""The newsroom blueprint: the media library (readers' and staff pages, short links).

Routes live under ``/<event_code>/`` and every owned query is scoped to that event
(``app.events.scope``). The factory registers ``bp``; the view modules imported at the
bottom add their routes to it. Nothing imports a view module back.
"""

from __future__ import annotations

from app.events.scope import event_blueprint

bp = event_blueprint("newsroom", __name__)

from app.newsroom import manage, views  # noqa: E402,F401  (each registers its routes on bp)
