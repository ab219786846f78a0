"""Who may see which conferences, and the counts shown beside them (a fixed number of queries).

Visibility is enforced here, in the query layer: staff who manage briefings and
accredited journalists see every conference; everyone else (the public, journalists
not yet accredited, other staff) sees only the public ones.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from app.accreditation.queries import is_accredited
from app.briefings.models import Conference, Question, Room, Signup
from app.core.permissions import Permission
from app.core.timeutil import from_local
from app.extensions import db


def sees_all(user) -> bool:
    """Whether the user may see conferences meant for accredited journalists only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.can(Permission.MANAGE_BRIEFINGS):
        return True
    return user.can(Permission.ATTEND_BRIEFINGS) and is_accredited(user)


def visible(query: Select, user) -> Select:
    """Restrict a conference query to what ``user`` may see."""
    if sees_all(user):
        return query
    return query.where(Conference.visibility == "public")


def conference_for(conference_id: int, user) -> Conference | None:
    """One conference with its room and speakers, or None when missing or not visible."""
    query = (
        select(Conference)
        .options(selectinload(Conference.speakers), selectinload(Conference.room).selectinload(Room.gate))
        .where(Conference.id == conference_id)
    )
    return db.session.scalar(visible(query, user))


def with_details(query: Select) -> Select:
    """Load rooms and speakers with the conferences (no query per row)."""
    return query.options(selectinload(Conference.room), selectinload(Conference.speakers))


def local_range(first: date, days: int) -> tuple[datetime, datetime]:
    """UTC bounds of ``days`` local days from ``first``."""
    start = from_local(datetime.combine(first, time()))
    return start, from_local(datetime.combine(first + timedelta(days=days), time()))


def between(user, start: datetime, end: datetime) -> list[Conference]:
    """Visible conferences starting in [start, end), earliest first."""
    query = with_details(
        select(Conference)
        .where(Conference.starts_at >= start, Conference.starts_at < end)
        .order_by(Conference.starts_at, Conference.id)
    )
    return list(db.session.scalars(visible(query, user)))


def seat_counts(conference_ids: list[int]) -> dict[int, dict[str, int]]:
    """{conference_id: {"registered": n, "waitlisted": m}} in one query."""
    counts = {cid: {"registered": 0, "waitlisted": 0} for cid in conference_ids}
    if not conference_ids:
        return counts
    rows = db.session.execute(
        select(Signup.conference_id, Signup.status, func.count())
        .where(Signup.conference_id.in_(conference_ids), Signup.status.in_(("registered", "waitlisted")))
        .group_by(Signup.conference_id, Signup.status)
    )
    for cid, status, count in rows:
        counts[cid][status] = count
    return counts


def pending_questions(conference_ids: list[int]) -> dict[int, int]:
    """{conference_id: questions waiting for a decision} in one query."""
    if not conference_ids:
        return {}
    rows = db.session.execute(
        select(Question.conference_id, func.count())
        .where(Question.conference_id.in_(conference_ids), Question.status == "pending")
        .group_by(Question.conference_id)
    )
    return dict(rows.all())


def my_signups(user, conference_ids: list[int] | None = None) -> dict[int, Signup]:
    """The user's active sign-ups (registered or waitlisted), by conference id."""
    if not getattr(user, "is_authenticated", False):
        return {}
    query = select(Signup).where(Signup.user_id == user.id, Signup.status.in_(("registered", "waitlisted")))
    if conference_ids is not None:
        if not conference_ids:
            return {}
        query = query.where(Signup.conference_id.in_(conference_ids))
    return {signup.conference_id: signup for signup in db.session.scalars(query)}
