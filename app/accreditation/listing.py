"""The desk's filtered list of applications, shared by the review queue and the exports.

One query builder serves the page and the CSV/XLSX files, so an export holds exactly
what the officer filtered. The organisation is joined (one query) and the zones are
loaded with one extra query per page, so the page's query count never grows with rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.orm import contains_eager, selectinload

from app.accreditation import search_index
from app.accreditation.models import CATEGORIES, ORGANISATION_LEVELS, STATUSES, Application, MediaOrganisation
from app.accreditation.models import application_zones as zones_table
from app.accreditation.outlet_models import Nomination
from app.core.pagination import written_in_sql
from app.core.text import clean_text, fold, like_pattern
from app.extensions import db

SORTS = {
    "submitted": (Application.submitted_at.asc(),),
    "-submitted": (Application.submitted_at.desc(),),
    "name": (Application.search_key.asc(),),
    "-name": (Application.search_key.desc(),),
    "organisation": (MediaOrganisation.name_key.asc(), Application.search_key.asc()),
}
DEFAULT_STATUS = "submitted"  # the queue opens on the work still to do


def _int(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


@dataclass
class Filters:
    """What the officer chose on the queue page (all optional)."""

    q: str = ""
    status: str = DEFAULT_STATUS  # one of STATUSES, or "all"
    organisation: int | None = None
    level: str = ""
    category: str = ""
    zone: int | None = None
    sort: str = "submitted"

    @classmethod
    def from_args(cls, args) -> Filters:
        """Read filters from query arguments, dropping anything unknown instead of failing."""
        status = args.get("status", DEFAULT_STATUS)
        level = args.get("level", "")
        category = args.get("category", "")
        sort = args.get("sort", "submitted")
        return cls(
            q=clean_text(args.get("q"))[:100],
            status=status if status in (*STATUSES, "all") else DEFAULT_STATUS,
            organisation=_int(args.get("organisation")),
            level=level if level in ORGANISATION_LEVELS else "",
            category=category if category in CATEGORIES else "",
            zone=_int(args.get("zone")),
            sort=sort if sort in SORTS else "submitted",
        )

    def as_args(self) -> dict:
        """The filters as query arguments (empty ones left out), for links and exports."""
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}


def _conditions(filters: Filters) -> tuple[list, bool]:
    """The WHERE conditions for ``filters``, and whether they read the organisation."""
    conditions = []
    # The status, level and category (a few known values each) are written into the SQL, so
    # PostgreSQL keeps one plan per value; the search, an organisation and a zone stay sent.
    if filters.status != "all":
        conditions.append(Application.status == written_in_sql(filters.status))
    if filters.organisation:
        conditions.append(Application.organisation_id == filters.organisation)
    if filters.level:
        conditions.append(MediaOrganisation.level == written_in_sql(filters.level))
    if filters.category:
        conditions.append(Application.category == written_in_sql(filters.category))
    if filters.zone:
        conditions.append(
            select(zones_table.c.application_id)
            .where(
                zones_table.c.application_id == Application.id,
                zones_table.c.zone_id == filters.zone,
            )
            .exists()
        )
    if filters.q and fold(filters.q):
        conditions.append(Application.search_key.like(like_pattern(filters.q), escape="\\"))
        indexed = search_index.contains(filters.q, db.engine.dialect.name)  # trigram index (issue 18)
        if indexed is not None:
            conditions.append(indexed)
    return conditions, bool(filters.level)


def filtered_query(filters: Filters) -> Select:
    """Applications matching ``filters``, with organisation and zones eager-loaded, sorted."""
    conditions, _ = _conditions(filters)
    return (
        select(Application)
        .join(Application.organisation)
        .options(contains_eager(Application.organisation), selectinload(Application.zones))
        .where(*conditions)
        .order_by(*SORTS[filters.sort], Application.id.asc())
    )


# What a row of the review queue shows: plain columns, no ORM objects (issue 18: loading 25
# applications with their organisations and zones as objects was a third of the page).
QUEUE_COLUMNS = (
    Application.id,
    Application.full_name,
    Application.date_of_birth,
    Application.photo_thumb_key,
    Application.status,
    Application.category,
    Application.submitted_at,
    MediaOrganisation.name.label("organisation_name"),
    MediaOrganisation.confirmed.label("organisation_confirmed"),
    MediaOrganisation.level.label("organisation_level"),
    # waiting for its outlet's places (over its quota), so the desk sees it before approving
    select(Nomination.id)
    .where(Nomination.application_id == Application.id, Nomination.held.is_(True))
    .exists()
    .label("held"),
    # the requested zones' ids, in no order: :func:`zone_codes` orders them by the zones' list
    # (one statement for the page's rows, their count and their zones; issue 18)
    select(func.aggregate_strings(cast(zones_table.c.zone_id, String), " "))
    .where(zones_table.c.application_id == Application.id)
    .scalar_subquery()
    .label("zone_ids"),
)


def queue_rows(filters: Filters) -> Select:
    """The review queue's rows for ``filters``: :data:`QUEUE_COLUMNS`, in the order of
    :func:`filtered_query` (the exports); the zones' ids come in no order (:func:`zone_codes`)."""
    conditions, _ = _conditions(filters)
    return (
        select(*QUEUE_COLUMNS)
        .join(Application.organisation)
        .where(*conditions)
        .order_by(*SORTS[filters.sort], Application.id.asc())
    )


def zone_codes(rows, zones) -> dict[int, list[str]]:
    """The requested zones' codes of each of the queue's ``rows`` (its ``zone_ids``), in the
    order of ``zones`` (the congress's ``(id, code, …)`` rows, in their order)."""
    position = {zone[0]: (index, zone[1]) for index, zone in enumerate(zones)}
    codes: dict[int, list[str]] = {}
    for row in rows:
        found = [
            position[zone_id] for zone_id in map(int, (row.zone_ids or "").split()) if zone_id in position
        ]
        if found:
            codes[row.id] = [code for _index, code in sorted(found)]
    return codes


def filtered_count(filters: Filters) -> Select:
    """How many applications match ``filters``: the same conditions, joined to the
    organisation only when a condition reads it (every application has one), so the count
    is read from the (event, status, submitted) index instead of from every matching row
    (100,000 applications: 9 ms → under 1 ms on SQLite, issue 18). ``count(*)``, not
    ``count(id)``: PostgreSQL's index on (event, status, submitted) holds no id, and only
    ``count(*)`` lets it count from the index alone (an index-only scan: 1.3 → 0.2 ms for
    1,000 of 20,000)."""
    conditions, reads_organisation = _conditions(filters)
    query = select(func.count()).select_from(Application)
    if reads_organisation:
        query = query.join(Application.organisation)
    return query.where(*conditions)


def held_ids(ids: list[int]) -> set[int]:
    """Which of the applications ``ids`` wait for their outlet's places (over its quota): one
    statement for the page, so the desk sees it before trying to approve."""
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(Nomination.application_id).where(
                Nomination.application_id.in_(ids), Nomination.held.is_(True)
            )
        )
    )
