"""Site pages of the dashboard area: a journalist's home across congresses (``/me``) and the
site overview of every congress (``/admin/overview``). No event in the URL: each query names
the congresses it reads."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.accreditation.models import Application
from app.accreditation.validation import STATUS_LABELS
from app.badges.models import Badge
from app.briefings.models import Conference, Signup
from app.core.nav import nav_item
from app.core.permissions import Permission, permission_required
from app.core.timeutil import utcnow
from app.dashboard import overview as site_overview
from app.dashboard.blueprint import site_bp
from app.events.models import Event
from app.extensions import db

nav_item("dashboard_site.me", _l("My congresses"), Permission.APPLY, order=9)
nav_item("dashboard_site.overview", _l("Overview of congresses"), Permission.VIEW_OVERVIEW, order=6)


@site_bp.route("/me")
@permission_required(Permission.APPLY)
def me():
    """A journalist's applications, badges and press conferences in every congress (three queries)."""
    applications = db.session.execute(
        select(Application, Event, Badge)
        .join(Event, Event.id == Application.event_id)
        .outerjoin(
            Badge,
            (Badge.application_id == Application.id)
            & Badge.superseded_at.is_(None)
            & Badge.revoked_at.is_(None),
        )
        .where(Application.user_id == current_user.id)
        .order_by(Event.id.desc())
    ).all()
    applied = {event.id for _a, event, _b in applications}
    open_events = [
        event
        for event in db.session.scalars(
            select(Event).where(Event.status.in_(("open", "running"))).order_by(Event.id)
        )
        if event.id not in applied
    ]
    signups = db.session.execute(
        select(Signup, Conference, Event)
        .join(Conference, Conference.id == Signup.conference_id)
        .join(Event, Event.id == Conference.event_id)
        .where(
            Signup.user_id == current_user.id, Signup.status != "cancelled", Conference.ends_at >= utcnow()
        )
        .order_by(Conference.starts_at)
    ).all()
    from app.accreditation.outlet_models import clearance_of

    return render_template(
        "dashboard/me.html",
        applications=applications,
        # approved but vetting still open or negative (issue 19): neutral words, no badge
        processing={a.id for a, _e, _b in applications if clearance_of(a)},
        open_events=open_events,
        signups=signups,
        statuses=STATUS_LABELS,
    )


@site_bp.route("/admin/overview")
@permission_required(Permission.VIEW_OVERVIEW)
def overview():
    """Every congress's figures side by side, as its own dashboard counts them."""
    return render_template(
        "dashboard/overview.html", rows=site_overview.figures(utcnow()), statuses=STATUS_LABELS
    )
