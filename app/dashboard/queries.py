"""The dashboard's figures, each block a fixed number of grouped queries.

The dashboard reads other areas' tables read-only and, where an area offers a
service for the same figure (check-in occupancy, briefings seat counts, venue
progress), calls that service, so the dashboard and the area's own page always show
the same numbers. Releases are read only through the releases area's query layer,
for the viewer, so a block never names a release its reader may not read. The
closing report takes every figure it shares with the dashboard from the functions
here (accreditation counts, releases, coverage), so the two never disagree. No query
here runs once per row: the page's query count stays the same whether the congress
has five applications or five thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from app.accreditation.models import ORGANISATION_LEVELS, STATUSES, Application, MediaOrganisation
from app.badges.models import Badge
from app.briefings.models import Conference, Room
from app.briefings.queries import seat_counts
from app.checkin import occupancy
from app.dashboard.charts import Bar
from app.extensions import db
from app.releases import queries as release_queries
from app.releases.models import Release
from app.venue.models import Task
from app.venue.progress import ProgressRow, overall

UPCOMING_DAYS = 7  # conferences shown: today and the next week
LIST_LIMIT = 6


# ----------------------------------------------------------------------------- accreditation
@dataclass
class Funnel:
    """Applications per status, and badges printed (current, not revoked)."""

    counts: dict[str, int]
    badges_printed: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def applications_by_level() -> dict[str, dict[str, int]]:
    """Applications per press level and status (one grouped query): level → status → count.

    The one source of the accreditation figures: the dashboard's funnel sums it over the
    levels, and the closing report prints it as its table 1.
    """
    counts = {level: dict.fromkeys(STATUSES, 0) for level in ORGANISATION_LEVELS}
    for level, status, count in db.session.execute(
        select(MediaOrganisation.level, Application.status, func.count(Application.id))
        .join(MediaOrganisation, MediaOrganisation.id == Application.organisation_id)
        .group_by(MediaOrganisation.level, Application.status)
    ):
        counts.setdefault(level, dict.fromkeys(STATUSES, 0))[status] = count
    return counts


def accreditation_funnel() -> Funnel:
    """Two queries: applications per status (summed over press levels), printed badges as the print queue counts them."""
    counts = dict.fromkeys(STATUSES, 0)
    for by_status in applications_by_level().values():
        for status, count in by_status.items():
            counts[status] = counts.get(status, 0) + count
    printed = db.session.scalar(
        select(func.count(Badge.id)).where(
            Badge.superseded_at.is_(None), Badge.revoked_at.is_(None), Badge.printed_at.is_not(None)
        )
    )
    return Funnel(counts=counts, badges_printed=printed or 0)


# ----------------------------------------------------------------------------- check-in
@dataclass
class ZoneCount:
    code: str
    name: str
    inside: int


def people_on_site() -> list[ZoneCount]:
    """People inside each zone now, from the check-in area's occupancy service (two queries)."""
    return [ZoneCount(z.code, z.name, z.inside) for z in occupancy.inside_by_zone()]


@dataclass
class GateHours:
    """One gate's scans per local hour today."""

    gate_id: int
    name: str
    per_hour: dict[int, dict[str, int]] = field(default_factory=dict)  # hour → result → count

    def total(self, result: str | None = None) -> int:
        return sum((counts[result] if result else sum(counts.values())) for counts in self.per_hour.values())

    def bars(self, hours: list[int]) -> list[Bar]:
        """One bar per hour of ``hours``, the value being every scan (accepted, duplicate, denied)."""
        bars = []
        for hour in hours:
            value = sum(self.per_hour.get(hour, {}).values())
            bars.append(Bar(f"{hour:02d}h", value, f"{hour:02d}:00–{hour:02d}:59: {value}"))
        return bars


def scans_by_gate() -> tuple[list[GateHours], list[int]]:
    """Today's scans per gate and hour (one query, the check-in service), and the hours spanned."""
    gates: dict[int, GateHours] = {}
    for row in occupancy.scans_per_hour():
        gate = gates.setdefault(row["gate_id"], GateHours(row["gate_id"], row["gate"]))
        gate.per_hour[row["hour"].hour] = {
            "accepted": row["accepted"],
            "duplicate": row["duplicate"],
            "denied": row["denied"],
        }
    used = sorted({hour for gate in gates.values() for hour in gate.per_hour})
    hours = list(range(used[0], used[-1] + 1)) if used else []
    return sorted(gates.values(), key=lambda g: g.name), hours


# ----------------------------------------------------------------------------- briefings
@dataclass
class ConferenceLine:
    id: int
    title: str
    room: str
    starts_at: datetime
    status: str
    capacity: int
    registered: int
    waitlisted: int


def upcoming_conferences(since: datetime | None = None) -> list[ConferenceLine]:
    """Conferences from ``since`` (default: today's start) for a week, with seats taken (two queries)."""
    since = since or occupancy.day_start()
    rows = db.session.execute(
        select(
            Conference.id,
            Conference.title,
            Room.name,
            Conference.starts_at,
            Conference.status,
            Conference.capacity,
        )
        .join(Room, Room.id == Conference.room_id)
        .where(
            Conference.starts_at >= since, Conference.starts_at < since + timedelta(days=UPCOMING_DAYS + 1)
        )
        .order_by(Conference.starts_at, Conference.id)
        .limit(LIST_LIMIT)
    ).all()
    counts = seat_counts([row.id for row in rows])
    return [
        ConferenceLine(
            row.id,
            row.title,
            row.name,
            row.starts_at,
            row.status,
            row.capacity,
            counts[row.id]["registered"],
            counts[row.id]["waitlisted"],
        )
        for row in rows
    ]


# ----------------------------------------------------------------------------- releases
@dataclass
class ReleaseBlock:
    latest: list  # rows (id, title, publish_at)
    embargoed: list  # rows (id, title, publish_at)
    live: int
    pending_embargo: int
    in_review: int


def releases_overview(reader, now: datetime) -> ReleaseBlock:
    """What ``reader`` may know of releases: the latest they may read, those waiting for their
    embargo (release staff only) and the counts (three queries, all through the release query layer)."""
    readable = release_queries.readable_releases(reader, now)
    visible = release_queries.visible_releases(reader, now)
    latest = db.session.execute(
        release_queries.newest_first(
            readable.with_only_columns(Release.id, Release.title, Release.publish_at)
        ).limit(LIST_LIMIT)
    ).all()
    pending = release_queries.scheduled_clause(now)
    embargoed = db.session.execute(
        visible.with_only_columns(Release.id, Release.title, Release.publish_at)
        .where(pending)
        .order_by(Release.publish_at, Release.id)
        .limit(LIST_LIMIT)
    ).all()
    live, waiting, review = db.session.execute(
        visible.with_only_columns(
            func.coalesce(func.sum(case((release_queries.live_clause(now), 1), else_=0)), 0),
            func.coalesce(func.sum(case((pending, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Release.status == "in_review", 1), else_=0)), 0),
        )
    ).one()
    return ReleaseBlock(list(latest), list(embargoed), int(live), int(waiting), int(review))


def releases_for_report(reader, now: datetime) -> list[Release]:
    """Every release ``reader`` may read now, oldest first (the closing report's section 3).

    Same condition as the count "published" of the dashboard block, for the same reader.
    """
    query = release_queries.readable_releases(reader, now)
    return list(db.session.scalars(query.order_by(Release.publish_at, Release.id)))


# ----------------------------------------------------------------------------- venue
@dataclass
class VenueBlock:
    progress: ProgressRow
    overdue: list  # Task rows with unit and location loaded


def venue_overview(now: datetime) -> VenueBlock:
    """Overall progress (the venue area's own query) and the most overdue tasks (two queries)."""
    tasks = db.session.scalars(
        select(Task)
        .options(joinedload(Task.unit), joinedload(Task.location))
        .where(Task.is_overdue(now))
        .order_by(Task.due_at, Task.priority, Task.id)
        .limit(LIST_LIMIT)
    ).all()
    return VenueBlock(progress=overall(now), overdue=list(tasks))
