"""The live-notices blueprint: the press officers' notices, the journalists' notices page with
Web Push, and the hall screen (no sign-in, a long random URL).

Routes live under ``/<event_code>/notices/`` and ``/<event_code>/screen/``, every owned query
scoped to that event (``app.events.scope``). The view modules imported at the bottom add their
routes; ``hooks`` connects the automatic notices to the releases' and briefings' signals.
"""

from __future__ import annotations

from app.events.scope import event_blueprint

bp = event_blueprint("notices", __name__, url_prefix="/notices")
event_bp = event_blueprint("screen", __name__, url_prefix="/screen")

from app.notices import hooks, push, screen_views, views  # noqa: E402,F401  (routes, signals, worker job)
