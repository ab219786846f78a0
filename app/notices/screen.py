"""The hall screen's state: today's programme (press conferences and the congress's sittings in
the hall) with what is on now and next, the latest notices
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
from app.positions.models import HallSession
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
    sittings = db.session.scalars(
        select(HallSession)
        .where(HallSession.starts_at < end, HallSession.ends_at > start)
        .order_by(HallSession.starts_at, HallSession.id)
    )
    with force_locale("vi"):
        hall = _("Congress hall")
    items = [
        (
            c.starts_at,
            c.ends_at,
            c.status,
            {"id": c.id, "title": c.title, "title_en": c.title_en, "room": c.room.name if c.room else ""},
        )
        for c in briefing_queries.between(None, start, end)
    ] + [
        (
            s.starts_at,
            s.ends_at,
            "scheduled",
            {"id": f"hall-{s.id}", "title": s.title, "title_en": "", "room": hall},
        )
        for s in sittings
    ]
    items.sort(key=lambda item: (item[0], item[1]))
    programme = []
    next_found = False
    for starts_at, ends_at, status, shown in items:
        if status == "cancelled":
            phase = "cancelled"
        elif starts_at <= now < ends_at:
            phase = "now"
        elif ends_at <= now:
            phase = "done"
        elif not next_found:
            phase, next_found = "next", True
        else:
            phase = "later"
        programme.append(
            {
                **shown,
                "starts": _hm(starts_at),
                "ends": _hm(ends_at),
                "phase": phase,
                "changed": status == "changed",
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
