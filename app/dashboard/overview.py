"""The site overview: every congress's figures side by side, as its own dashboard counts them.

A fixed number of grouped queries (``GROUP BY event_id``), whatever the number of congresses;
only "people on site now" is asked per congress, and only of those running (their press
centre is open), through the check-in area's occupancy service like each dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select

from app.accreditation.models import STATUSES, Application
from app.badges.models import Badge
from app.briefings.models import Conference
from app.checkin import occupancy
from app.checkin.models import Scan
from app.events.models import Event
from app.events.scope import in_event
from app.extensions import db
from app.releases.models import Release
from app.releases.queries import live_clause
from app.venue.models import Task

DONE = ("done", "verified")


@dataclass
class EventFigures:
    event: Event
    applications: dict[str, int] = field(default_factory=dict)
    badges_printed: int = 0
    on_site: int | None = None  # None: the press centre is not open (not running)
    scans_today: int = 0
    conferences: int = 0
    releases_live: int = 0
    tasks_done: int = 0
    tasks_total: int = 0

    @property
    def applications_total(self) -> int:
        return sum(self.applications.values())

    @property
    def venue_percent(self) -> int:
        return round(100 * self.tasks_done / self.tasks_total) if self.tasks_total else 0


def _local_midnight(event: Event, now: datetime) -> datetime:
    tz = ZoneInfo(event.timezone)
    today = now.replace(tzinfo=UTC).astimezone(tz).date()
    return datetime.combine(today, time.min, tzinfo=tz).astimezone(UTC).replace(tzinfo=None)


def figures(now: datetime) -> list[EventFigures]:
    """One row per congress, newest first (seven grouped queries, plus two per running congress)."""
    events = list(db.session.scalars(select(Event).order_by(Event.id.desc())))
    rows = {event.id: EventFigures(event, dict.fromkeys(STATUSES, 0)) for event in events}
    for event_id, status, count in db.session.execute(
        select(Application.event_id, Application.status, func.count(Application.id)).group_by(
            Application.event_id, Application.status
        )
    ):
        rows[event_id].applications[status] = count
    _fill(
        rows,
        "badges_printed",
        select(Badge.event_id, func.count(Badge.id))
        .where(Badge.superseded_at.is_(None), Badge.revoked_at.is_(None), Badge.printed_at.is_not(None))
        .group_by(Badge.event_id),
    )
    if events:  # today starts at each congress's own local midnight
        today = or_(
            *(and_(Scan.event_id == e.id, Scan.scanned_at >= _local_midnight(e, now)) for e in events)
        )
        _fill(
            rows,
            "scans_today",
            select(Scan.event_id, func.count(Scan.id)).where(today).group_by(Scan.event_id),
        )
    _fill(
        rows,
        "conferences",
        select(Conference.event_id, func.count(Conference.id))
        .where(Conference.status != "cancelled")
        .group_by(Conference.event_id),
    )
    _fill(
        rows,
        "releases_live",
        select(Release.event_id, func.count(Release.id)).where(live_clause(now)).group_by(Release.event_id),
    )
    for event_id, done, total in db.session.execute(
        select(
            Task.event_id, func.sum(case((Task.status.in_(DONE), 1), else_=0)), func.count(Task.id)
        ).group_by(Task.event_id)
    ):
        rows[event_id].tasks_done, rows[event_id].tasks_total = int(done or 0), total
    for event in events:
        if event.status == "running":
            with in_event(event):
                rows[event.id].on_site = sum(zone.inside for zone in occupancy.inside_by_zone())
    return [rows[event.id] for event in events]


def _fill(rows: dict, name: str, query) -> None:
    for event_id, count in db.session.execute(query):
        setattr(rows[event_id], name, count)
