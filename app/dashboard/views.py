"""Routes of the dashboard area: the overview page and the closing report.

The coverage routes live in ``coverage_views`` (on the same blueprint, imported by ``blueprint.py``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from threading import Lock

from flask import Response, current_app, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

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


# Blocks that are the same for every viewer with the same permissions: each is computed and
# rendered at most once a minute per congress, language, set of permissions and worker, and
# the page says when ("Số liệu cập nhật lúc 08:41"). When the minute is over, one request
# computes them again while the worker's other requests keep showing the kept ones (with
# their time). The releases block (what the viewer may read) is always computed now.
# DASHBOARD_FRESH_SECONDS = 0 turns the cache off.
SHARED_BLOCKS = frozenset({"funnel", "occupancy", "scans", "conferences", "venue", "helpdesk", "coverage"})
FRESH_SECONDS = 60
REFRESH_WAIT_SECONDS = 5
_kept: dict[tuple, tuple[datetime, Markup]] = {}
_kept_lock = Lock()
_refreshing = Lock()  # one refresh at a time per worker; the others show what is kept


def _block_context(now) -> dict:
    return {
        "now": now,
        "today": local_today(),
        "charts": charts,
        "medium_labels": MEDIUM_LABELS,
        "media": MEDIA,
    }


def _render_block(name: str, now, reader) -> Markup:
    """One block's HTML (the template escapes what it shows)."""
    html = render_template(f"dashboard/_{name}.html", **_block_context(now), **_block_data(name, now, reader))
    return Markup(html)  # noqa: S704 - an autoescaped template's output


def _shared_block(name: str, now: datetime, reader, permissions: frozenset) -> tuple[datetime, Markup]:
    """(when it was computed, the block's HTML): kept for the freshness window."""
    fresh = timedelta(seconds=current_app.config.get("DASHBOARD_FRESH_SECONDS", FRESH_SECONDS))
    key = (current_event_id(), name, str(get_locale()), permissions)
    kept = _kept.get(key)
    if _is_fresh(kept, now, fresh):
        return kept
    if kept is None:
        # Nothing to show meanwhile: wait for the request computing blocks, if any (the
        # block may be kept by then), rather than computing the same figures beside it.
        if not _refreshing.acquire(timeout=REFRESH_WAIT_SECONDS):
            return _keep(key, name, now, reader)
    elif not _refreshing.acquire(blocking=False):
        return kept  # another request of this worker is computing blocks again: show the kept one
    try:
        kept = _kept.get(key)
        if _is_fresh(kept, now, fresh):  # computed while this request waited
            return kept
        return _keep(key, name, now, reader)
    finally:
        _refreshing.release()


def _is_fresh(kept, now: datetime, fresh: timedelta) -> bool:
    # A block computed by a request that started a moment after this one is fresh too.
    return kept is not None and -timedelta(seconds=REFRESH_WAIT_SECONDS) <= now - kept[0] < fresh


def _keep(key: tuple, name: str, now: datetime, reader) -> tuple[datetime, Markup]:
    kept = (now, _render_block(name, now, reader))
    with _kept_lock:
        if len(_kept) >= 256:
            _kept.clear()
        _kept[key] = kept
    return kept


def forget_figures() -> None:
    """Drop the kept blocks (tests; the next dashboard computes them again)."""
    with _kept_lock:
        _kept.clear()


@bp.route("/dashboard")
@permission_required(Permission.VIEW_DASHBOARD)
def index():
    """How the press centre is doing now: one block per area the viewer is responsible for."""
    now = utcnow()
    blocks = visible_blocks(current_user)
    shared = current_app.config.get("DASHBOARD_FRESH_SECONDS", FRESH_SECONDS) > 0
    permissions = frozenset(p for p in Permission if current_user.can(p)) if shared else frozenset()
    html: dict[str, Markup] = {}  # the kept blocks' HTML; the others are rendered in the page
    data: dict = {}
    as_of = now
    for name in blocks:
        if shared and name in SHARED_BLOCKS:
            computed, html[name] = _shared_block(name, now, current_user, permissions)
            as_of = min(as_of, computed)
        else:
            data.update(_block_data(name, now, current_user))
    scan_alarms = 0
    if current_user.can(Permission.HANDLE_SCAN_ALARMS):
        from app.checkin.services import open_alarm_count

        scan_alarms = open_alarm_count()
    return render_template(
        "dashboard/index.html",
        blocks=blocks,
        block_html=html,
        as_of=as_of,
        fresh_seconds=current_app.config.get("DASHBOARD_FRESH_SECONDS", FRESH_SECONDS),
        scan_alarms=scan_alarms,
        **_block_context(now),
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
