"""Routes of the dashboard area: the overview page and the closing report.

The coverage routes live in ``coverage_views`` (on the same blueprint, imported by ``blueprint.py``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from threading import Lock

from flask import Response, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.nav import nav_item
from app.core.permissions import Permission, permission_required
from app.core.timeutil import local_today, utcnow
from app.dashboard import charts, queries
from app.dashboard.blueprint import bp
from app.dashboard.coverage_report import MEDIUM_LABELS, summary
from app.dashboard.models import MEDIA
from app.events.services import current_event_id

nav_item("dashboard.index", _l("Dashboard"), Permission.VIEW_DASHBOARD, order=5)
nav_item("dashboard.my_coverage", _l("My coverage"), Permission.REPORT_COVERAGE, order=35)
nav_item("dashboard.coverage_list", _l("Coverage"), Permission.MANAGE_COVERAGE, order=70, group="press")

P = Permission
# Each block and the permissions that show it (any one is enough), in page order.
BLOCKS = (
    ("funnel", (P.REVIEW_ACCREDITATION, P.VIEW_DASHBOARD)),
    ("occupancy", (P.SCAN, P.MANAGE_GATES, P.VIEW_DASHBOARD)),
    ("scans", (P.SCAN, P.MANAGE_GATES, P.VIEW_DASHBOARD)),
    ("conferences", (P.MANAGE_BRIEFINGS,)),
    ("releases", (P.WRITE_RELEASES,)),
    ("venue", (P.MANAGE_VENUE,)),
    ("helpdesk", (P.WORK_HELPDESK,)),
    ("coverage", (P.MANAGE_COVERAGE, P.VIEW_DASHBOARD)),
)


def visible_blocks(user) -> list[str]:
    """The blocks ``user`` may see, in page order."""
    return [name for name, permissions in BLOCKS if any(user.can(p) for p in permissions)]


def _block_data(name: str, now, reader) -> dict:
    """The figures of one block (a fixed number of queries each)."""
    if name == "funnel":
        return {"funnel": queries.accreditation_funnel()}
    if name == "occupancy":
        return {"zones": queries.people_on_site()}
    if name == "scans":
        gates, hours = queries.scans_by_gate()
        return {"gates": gates, "hours": hours, "label_every": 1 if len(hours) <= 12 else 2}
    if name == "conferences":
        return {"conferences": queries.upcoming_conferences()}
    if name == "releases":
        return {"releases": queries.releases_overview(reader, now)}
    if name == "venue":
        return {"venue": queries.venue_overview(now)}
    if name == "helpdesk":
        from app.helpdesk import services as helpdesk

        return {"helpdesk": helpdesk.summary(now), "helpdesk_states": helpdesk.STATE_LABELS}
    if name == "coverage":
        return {"coverage": summary()}
    return {}


# Blocks whose figures are the same for every viewer and hold no database objects: each is
# computed at most once a minute per congress and worker, and the page says when ("Số liệu
# cập nhật lúc 08:41"). The releases (what the viewer may read) and venue blocks are always
# computed now. DASHBOARD_FRESH_SECONDS = 0 turns the cache off.
SHARED_BLOCKS = frozenset({"funnel", "occupancy", "scans", "conferences", "helpdesk", "coverage"})
FRESH_SECONDS = 60
_figures: dict[tuple[int | None, str], tuple[datetime, dict]] = {}
_figures_lock = Lock()


def _figures_of(name: str, now: datetime, reader) -> tuple[datetime, dict]:
    """(when they were computed, the block's figures): kept for the freshness window."""
    fresh = current_app.config.get("DASHBOARD_FRESH_SECONDS", FRESH_SECONDS)
    if name not in SHARED_BLOCKS or fresh <= 0:
        return now, _block_data(name, now, reader)
    key = (current_event_id(), name)
    kept = _figures.get(key)
    if kept is not None and timedelta(0) <= now - kept[0] < timedelta(seconds=fresh):
        return kept
    kept = (now, _block_data(name, now, reader))
    with _figures_lock:
        _figures[key] = kept
    return kept


def forget_figures() -> None:
    """Drop the kept figures (tests; the next dashboard computes them again)."""
    with _figures_lock:
        _figures.clear()


@bp.route("/dashboard")
@permission_required(Permission.VIEW_DASHBOARD)
def index():
    """How the press centre is doing now: one block per area the viewer is responsible for."""
    now = utcnow()
    blocks = visible_blocks(current_user)
    data: dict = {}
    as_of = now
    for name in blocks:
        computed, figures = _figures_of(name, now, current_user)
        as_of = min(as_of, computed)
        data.update(figures)
    if current_user.can(Permission.HANDLE_SCAN_ALARMS):
        from app.checkin.services import open_alarm_count

        data["scan_alarms"] = open_alarm_count()
    return render_template(
        "dashboard/index.html",
        blocks=blocks,
        now=now,
        as_of=as_of,
        fresh_seconds=current_app.config.get("DASHBOARD_FRESH_SECONDS", FRESH_SECONDS),
        today=local_today(),
        charts=charts,
        medium_labels=MEDIUM_LABELS,
        media=MEDIA,
        **data,
    )


@bp.route("/dashboard/closing-report.pdf")
@permission_required(Permission.VIEW_DASHBOARD)
def closing_report():
    """The closing report as PDF: accreditations, conferences, coverage, and the releases its reader may read."""
    from app.dashboard import closing

    data = closing.build_pdf(closing.collect(utcnow(), current_user))
    filename = f"bao-cao-tong-ket-trung-tam-bao-chi-{local_today():%Y%m%d}.pdf"
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "no-store"},
    )
