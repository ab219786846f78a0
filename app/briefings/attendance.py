"""Attendance: who was present, from the check-in scan log, and its CSV export.

A journalist counts as present when their badge has an *accepted* scan at the room's
gate from 30 minutes before the start to the end. Nothing is stored: the list is
computed from ``scans`` → ``badges`` → ``applications`` (the check-in area owns the
scans; a reprinted badge still belongs to the same application, hence the same person).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from app.accounts.models import User
from app.accreditation.models import Application, MediaOrganisation
from app.badges.models import Badge
from app.briefings.models import Conference, Signup
from app.checkin.models import Scan
from app.core.spreadsheets import csv_bytes
from app.core.timeutil import format_datetime
from app.events.services import current_event_id
from app.extensions import db

EARLY = timedelta(minutes=30)  # scans this long before the start already count


@dataclass
class AttendanceRow:
    """One person on the attendance list."""

    user_id: int
    name: str
    organisation: str
    email: str
    signup_status: str | None  # registered, waitlisted, or None (came without signing up)
    position: int | None
    scanned_at: datetime | None  # first accepted scan in the window

    @property
    def present(self) -> bool:
        return self.scanned_at is not None


def present_users(conference: Conference) -> dict[int, datetime]:
    """{user_id: first accepted scan} at the room's gate in the attendance window."""
    gate_id = conference.room.gate_id if conference.room else None
    if gate_id is None:
        return {}
    rows = db.session.execute(
        select(Application.user_id, func.min(Scan.scanned_at))
        .join(Badge, Badge.id == Scan.badge_id)
        .join(Application, Application.id == Badge.application_id)
        .where(
            Scan.gate_id == gate_id,
            Scan.result == "accepted",
            Scan.scanned_at >= conference.starts_at - EARLY,
            Scan.scanned_at <= conference.ends_at,
        )
        .group_by(Application.user_id)
    )
    return dict(rows.all())


def attendance(conference: Conference) -> list[AttendanceRow]:
    """Everyone signed up (seat or waitlist) plus anyone present without signing up."""
    present = present_users(conference)
    rows = db.session.execute(
        select(Signup, User.email, User.full_name, Application.full_name, MediaOrganisation.name)
        .join(User, User.id == Signup.user_id)
        .outerjoin(
            Application, and_(Application.user_id == User.id, Application.event_id == current_event_id())
        )
        .outerjoin(MediaOrganisation, MediaOrganisation.id == Application.organisation_id)
        .where(Signup.conference_id == conference.id, Signup.status.in_(("registered", "waitlisted")))
        .order_by(Signup.status, Signup.position, Signup.created_at, Signup.id)
    ).all()
    result = [
        AttendanceRow(
            user_id=signup.user_id,
            name=app_name or user_name,
            organisation=org or "",
            email=email,
            signup_status=signup.status,
            position=signup.position,
            scanned_at=present.get(signup.user_id),
        )
        for signup, email, user_name, app_name, org in rows
    ]
    known = {row.user_id for row in result}
    walk_ins = [user_id for user_id in present if user_id not in known]
    if walk_ins:
        extra = db.session.execute(
            select(User.id, User.email, User.full_name, Application.full_name, MediaOrganisation.name)
            .join(
                Application, and_(Application.user_id == User.id, Application.event_id == current_event_id())
            )
            .outerjoin(MediaOrganisation, MediaOrganisation.id == Application.organisation_id)
            .where(User.id.in_(walk_ins))
            .order_by(Application.full_name)
        ).all()
        result += [
            AttendanceRow(user_id, app_name or user_name, org or "", email, None, None, present[user_id])
            for user_id, email, user_name, app_name, org in extra
        ]
    return result


def attendance_csv(conference: Conference, rows: list[AttendanceRow]) -> bytes:
    """The attendance list as CSV through the shared writer (UTF-8 with a BOM, formula guard)."""
    labels = {
        "registered": _("Seat"),
        "waitlisted": _("Waitlist"),
        None: _("Not signed up"),
    }

    def status(row: AttendanceRow) -> str:
        label = labels[row.signup_status]
        if row.signup_status == "waitlisted" and row.position:
            return f"{label} #{row.position}"
        return label

    header = [
        _("Full name"),
        _("Media organisation"),
        _("E-mail"),
        _("Sign-up"),
        _("Present"),
        _("Scanned at"),
    ]
    return csv_bytes(
        header,
        (
            [
                row.name,
                row.organisation,
                row.email,
                status(row),
                _("yes") if row.present else _("no"),
                format_datetime(row.scanned_at),
            ]
            for row in rows
        ),
    )
