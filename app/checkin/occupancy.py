"""Who is inside each zone now, and scans per hour per gate, from the scan log.

A person's state in a zone follows their accepted scans there in time order: a scan
recorded as an entry ("in", what the gate's screen said) puts them inside, an exit
("out") outside; older scans without a recorded direction at a "both" gate toggle.
Scans are grouped per person (application), so a reprinted badge continues the state
of the old one. Occupancy counts from the start of the event day (local midnight): the
press centre empties every night, and the query then reads one day of scans only.
Every function here runs a fixed number of queries, whatever the number of scans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from sqlalchemy import DateTime, Integer, String, bindparam, func, select, text

from app.checkin.models import Gate, Scan
from app.core.timeutil import event_tz, local_today, to_local
from app.events.models import Zone
from app.events.services import current_event_id
from app.extensions import db

# The last "in"/"out" scan of each person and zone, and how many "both" scans followed it.
_INSIDE_SQL = """
WITH acc AS (
    SELECT b.application_id AS person, g.zone_id AS zone_id, COALESCE(s.direction, g.direction) AS direction,
           s.scanned_at AS scanned_at, s.id AS id
    FROM scans s
    JOIN gates g ON g.id = s.gate_id
    JOIN badges b ON b.id = s.badge_id
    WHERE s.result = 'accepted' AND s.scanned_at >= :since
),
seg AS (
    SELECT person, zone_id, direction, scanned_at,
           SUM(CASE WHEN direction = 'both' THEN 0 ELSE 1 END)
               OVER (PARTITION BY person, zone_id ORDER BY scanned_at, id ROWS UNBOUNDED PRECEDING) AS seg
    FROM acc
),
grp AS (
    SELECT person, zone_id, seg,
           MAX(CASE WHEN direction <> 'both' THEN direction END) AS head,
           SUM(CASE WHEN direction = 'both' THEN 1 ELSE 0 END) AS toggles,
           MAX(scanned_at) AS last_at
    FROM seg GROUP BY person, zone_id, seg
),
latest AS (
    SELECT person, zone_id, head, toggles, last_at,
           ROW_NUMBER() OVER (PARTITION BY person, zone_id ORDER BY seg DESC) AS rn
    FROM grp
)
SELECT l.zone_id, l.person, a.full_name, o.name AS organisation, a.category, l.last_at
FROM latest l
JOIN applications a ON a.id = l.person
JOIN media_organisations o ON o.id = a.organisation_id
WHERE l.rn = 1 AND (
    (l.head = 'in' AND l.toggles % 2 = 0)
    OR (l.head = 'out' AND l.toggles % 2 = 1)
    OR (l.head IS NULL AND l.toggles % 2 = 1))
ORDER BY l.zone_id, a.full_name
"""


@dataclass
class ZoneOccupancy:
    """A zone and the people inside it now."""

    zone_id: int
    code: str
    name: str
    people: list[dict] = field(default_factory=list)

    @property
    def inside(self) -> int:
        return len(self.people)


def day_start() -> datetime:
    """Local midnight of today, as naive UTC."""
    local = datetime.combine(local_today(), time.min, tzinfo=event_tz())
    return local.astimezone(UTC).replace(tzinfo=None)


def inside_by_zone(since: datetime | None = None) -> list[ZoneOccupancy]:
    """Every zone (in display order) with the people inside it now (two queries)."""
    zones = db.session.execute(
        select(Zone.id, Zone.code, Zone.name)
        .where(Zone.event_id == current_event_id())
        .order_by(Zone.sort_order, Zone.code)
    ).all()
    result = {zone_id: ZoneOccupancy(zone_id, code, name) for zone_id, code, name in zones}
    statement = (
        text(_INSIDE_SQL)
        .bindparams(bindparam("since", type_=DateTime()))
        .columns(
            zone_id=Integer(),
            person=Integer(),
            full_name=String(),
            organisation=String(),
            category=String(),
            last_at=DateTime(),
        )
    )
    for row in db.session.execute(statement, {"since": since or day_start()}):
        zone = result.get(row.zone_id)
        if zone is not None:
            zone.people.append(
                {
                    "application_id": row.person,
                    "name": row.full_name,
                    "organisation": row.organisation,
                    "category": row.category,
                    "since": row.last_at,
                }
            )
    return list(result.values())


def occupancy_by_zone(since: datetime | None = None) -> dict[str, int]:
    """How many people are inside each zone now, by zone code (for other areas)."""
    return {zone.code: zone.inside for zone in inside_by_zone(since)}


def _hour_bucket():
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.date_trunc("hour", Scan.scanned_at), "YYYY-MM-DD HH24")
    return func.strftime("%Y-%m-%d %H", Scan.scanned_at)


def scans_per_hour(since: datetime | None = None) -> list[dict]:
    """Scans per gate and hour (local), with accepted/duplicate/denied counts (one query)."""
    since = since or day_start()
    bucket = _hour_bucket().label("bucket")
    rows = db.session.execute(
        select(Gate.id, Gate.name, bucket, Scan.result, func.count())
        .join(Gate, Gate.id == Scan.gate_id)
        .where(Scan.scanned_at >= since)
        .group_by(Gate.id, Gate.name, bucket, Scan.result)
    ).all()
    table: dict[tuple, dict] = {}
    for gate_id, gate_name, hour, result, count in rows:
        start = to_local(datetime.fromisoformat(f"{hour}:00"))  # the database's "yyyy-mm-dd HH" bucket
        entry = table.setdefault(
            (start, gate_id),
            {
                "hour": start,
                "gate_id": gate_id,
                "gate": gate_name,
                "accepted": 0,
                "duplicate": 0,
                "denied": 0,
            },
        )
        entry[result] = entry.get(result, 0) + count
    return [table[key] for key in sorted(table, key=lambda k: (k[0], k[1]), reverse=True)]
