"""The hall screen: no sign-in, per congress, behind a long random URL the staff can rotate
(an old or wrong token answers 404). The page fetches its state as JSON every 10 s and keeps
the last state on screen when the network drops."""

from __future__ import annotations

from flask import abort, jsonify, render_template
from sqlalchemy import select

from app.core import eventinfo
from app.core.permissions import Permission, permission_required
from app.events.models import Event
from app.extensions import db
from app.notices import screen, services
from app.notices.blueprint import event_bp
from app.notices.models import NoticeSettings

REFRESH_SECONDS = 10


def _event_for(token: str) -> Event:
    event_id = eventinfo.current_id()
    settings = db.session.scalar(select(NoticeSettings).where(NoticeSettings.event_id == event_id))
    if not services.screen_matches(settings, token):
        abort(404)
    return db.session.get(Event, event_id)


@event_bp.route("/<token>")
@permission_required(Permission.PUBLIC)
def show(token: str):
    """The full-screen page for the press hall's TVs."""
    event = _event_for(token)
    response = render_template(
        "notices/screen.html", event=event, state=screen.state(event), refresh=REFRESH_SECONDS, token=token
    )
    return response, 200, {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@event_bp.route("/<token>/state.json")
@permission_required(Permission.PUBLIC)
def state(token: str):
    """What the screen shows now, polled by its script."""
    event = _event_for(token)
    response = jsonify(screen.state(event))
    response.headers["Cache-Control"] = "no-store"
    return response
