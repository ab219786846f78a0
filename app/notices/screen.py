"""The hall screen's state: today's programme with what is on now and next, the latest notices
for everyone and the latest public releases — all as the public may see them (the same query
layers as the public pages: public conferences, live public releases)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.briefings import queries as briefing_queries
from app.core.timeutil import to_local, utcnow
from app.extensions import db
from app.notices.models import Notice
from app.releases import queries as release_queries

# Format of the JSON the screen polls; raise when a field changes meaning.
STATE_VERSION = 1
SCREEN_TARGETS = ("all", "onsite")  # notices for a group, zone or level stay off the hall's screen


def _hm(value: datetime) -> str:
    return to_local(value).strftime("%H:%M")


def state(event, now: datetime | None = None) -> dict:
    """Everything the screen shows, as JSON-ready data."""
    now = now or utcnow()
    today = to_local(now).date()
    start, end = briefing_queries.local_range(today, 1)
    programme = []
    next_found = False
    for conference in briefing_queries.between(None, start, end):
        if conference.status == "cancelled":
            phase = "cancelled"
        elif conference.starts_at <= now < conference.ends_at:
            phase = "now"
        elif conference.ends_at <= now:
            phase = "done"
        elif not next_found:
            phase, next_found = "next", True
        else:
            phase = "later"
        programme.append(
            {
                "id": conference.id,
                "title": conference.title,
                "title_en": conference.title_en,
                "room": conference.room.name if conference.room else "",
                "starts": _hm(conference.starts_at),
                "ends": _hm(conference.ends_at),
                "phase": phase,
                "changed": conference.status == "changed",
            }
        )
    notices = db.session.scalars(
        select(Notice)
        .where(Notice.target.in_(SCREEN_TARGETS), Notice.created_at >= now - timedelta(days=2))
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .limit(6)
    )
    releases = db.session.scalars(
        release_queries.newest_first(release_queries.readable_releases(None, now)).limit(5)
    )
    with force_locale("vi"):
        labels = {
            "now": _("On now"),
            "next": _("Up next"),
            "cancelled": _("Cancelled"),
            "changed": _("Changed"),
        }
    return {
        "v": STATE_VERSION,
        "event": event.name,
        "date": today.strftime("%d/%m/%Y"),
        "time": to_local(now).strftime("%H:%M"),
        "labels": labels,
        "programme": programme,
        "notices": [
            {"id": n.id, "at": _hm(n.created_at), "body": n.body, "body_en": n.body_en} for n in notices
        ],
        "releases": [
            {"id": r.id, "at": _hm(r.publish_at), "title": r.title, "title_en": r.title_en} for r in releases
        ],
    }
