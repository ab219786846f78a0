"""The interviews blueprint: the desk's list of interviewees, journalists' requests, the board.

Routes live under ``/<event_code>/interviews/`` and every owned query is scoped to that
event (``app.events.scope``). The factory registers ``bp``; the view modules imported at the
bottom add their routes to it, and ``ical`` adds the appointments to the journalists'
private calendar feeds. Nothing imports a view module back.
"""

from __future__ import annotations

from app.events.scope import event_blueprint

bp = event_blueprint("interviews", __name__, url_prefix="/interviews")

from app.interviews import ical, staff_views, views  # noqa: E402,F401  (each registers on bp or the feed)
