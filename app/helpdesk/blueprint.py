"""The help desk blueprint: journalists' requests, lost badges, equipment loans, the report.

Routes live under ``/<event_code>/helpdesk/`` and every owned query is scoped to that
event (``app.events.scope``). The factory registers ``bp``; the view modules imported at
the bottom add their routes to it. Nothing imports a view module back.
"""

from __future__ import annotations

from app.events.scope import event_blueprint

bp = event_blueprint("helpdesk", __name__, url_prefix="/helpdesk")

from app.helpdesk import found_views, loan_views, staff_views, views  # noqa: E402,F401  (each registers its routes on bp)
