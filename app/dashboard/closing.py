"""The press centre's closing report ("Báo cáo tổng kết") as a PDF.

Sections: accreditations by press level and by organisation, each press conference
with its sign-ups and attendance (from the briefings area's scan-based attendance),
releases published, and the coverage totals per medium and outlet. Every figure the
report shares with the dashboard comes from the same function in ``queries``
(accreditation counts, releases, coverage), and the releases listed are those the
person producing the report may read (the release query layer decides, as on the
dashboard and at ``/releases/``). The PDF is drawn
on the shared scaffold (``app/core/pdfdoc.py``: one font, one table, one page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.accreditation.models import STATUSES, Application, MediaOrganisation
from app.accreditation.validation import LEVEL_LABELS
from app.briefings.attendance import present_users
from app.briefings.models import Conference
from app.briefings.queries import seat_counts
from app.core import pdfdoc
from app.core.pdfdoc import STYLES, Spacer, mm
from app.core.timeutil import format_date, format_datetime
from app.dashboard.coverage_report import CoverageSummary, medium_label, summary
from app.dashboard.models import MEDIA
from app.dashboard.queries import applications_by_level, releases_for_report
from app.events.services import current_event
from app.extensions import db
from app.releases.labels import CATEGORY_LABELS
from app.releases.models import Release


@dataclass
class ClosingData:
    """Everything the report prints, gathered before drawing."""

    now: datetime
    by_level: dict[str, dict[str, int]]  # level → status → count
    by_organisation: list[tuple[str, str, int, int]]  # name, level, approved, applications
    conferences: list[tuple[Conference, int, int, int]]  # conference, registered, waitlisted, present
    releases: list[Release]
    coverage: CoverageSummary


def collect(now: datetime, reader) -> ClosingData:
    """Read the figures for ``reader`` (who produces the report; releases are those they may read).

    Accreditation counts, releases and coverage come from the dashboard's own functions;
    conferences' attendance is the briefings area's own computation.
    """
    by_level = applications_by_level()
    org_rows: dict[int, list] = {}
    for org_id, name, level, status, count in db.session.execute(
        select(
            MediaOrganisation.id,
            MediaOrganisation.name,
            MediaOrganisation.level,
            Application.status,
            func.count(Application.id),
        )
        .join(Application, Application.organisation_id == MediaOrganisation.id)
        .group_by(MediaOrganisation.id, MediaOrganisation.name, MediaOrganisation.level, Application.status)
    ):
        row = org_rows.setdefault(org_id, [name, level, 0, 0])
        row[3] += count
        if status == "approved":
            row[2] += count
    organisations = sorted((tuple(r) for r in org_rows.values()), key=lambda r: (-r[2], -r[3], r[0]))

    conferences = list(
        db.session.scalars(
            select(Conference)
            .options(selectinload(Conference.room))
            .order_by(Conference.starts_at, Conference.id)
        )
    )
    seats = seat_counts([c.id for c in conferences])
    lines = [
        (
            c,
            seats[c.id]["registered"],
            seats[c.id]["waitlisted"],
            0 if c.is_cancelled else len(present_users(c)),
        )
        for c in conferences
    ]
    return ClosingData(now, by_level, organisations, lines, releases_for_report(reader, now), summary())


# ----------------------------------------------------------------------------- drawing
def report_title() -> str:
    """The report's title in the current language."""
    return _("Closing report of the press centre")


def _accreditation_section(data: ClosingData) -> list:
    from app.accreditation.validation import STATUS_LABELS

    story = [
        pdfdoc.text(_("1. Accreditation"), STYLES.heading),
        pdfdoc.text(_("Applications by press level and status."), STYLES.normal),
    ]
    rows = [[_("Press level"), *[str(STATUS_LABELS[st]) for st in STATUSES], _("Total")]]
    totals = dict.fromkeys(STATUSES, 0)
    for level, counts in data.by_level.items():
        rows.append(
            [str(LEVEL_LABELS.get(level, level)), *[counts[st] for st in STATUSES], sum(counts.values())]
        )
        for st in STATUSES:
            totals[st] += counts[st]
    rows.append([_("Total"), *[totals[st] for st in STATUSES], sum(totals.values())])
    story += [pdfdoc.table(rows, [40 * mm] + [26 * mm] * 4 + [22 * mm], total_row=True), Spacer(1, 3 * mm)]
    story.append(pdfdoc.text(_("Accredited journalists by media organisation."), STYLES.normal))
    org_rows = [[_("Media organisation"), _("Press level"), _("Accredited"), _("Applications")]]
    org_rows += [
        [pdfdoc.text(name), str(LEVEL_LABELS.get(level, level)), approved, total]
        for name, level, approved, total in data.by_organisation
    ]
    story.append(pdfdoc.table(org_rows, [86 * mm, 36 * mm, 28 * mm, 28 * mm], numeric_from=2))
    return story


def _conference_section(data: ClosingData) -> list:
    story = [pdfdoc.text(_("2. Press conferences"), STYLES.heading)]
    if not data.conferences:
        return [*story, pdfdoc.text(_("No press conferences were held."), STYLES.normal)]
    rows = [[_("Press conference"), _("Time"), _("Seats"), _("Signed up"), _("Waitlist"), _("Present")]]
    for conference, registered, waitlisted, present in data.conferences:
        title = (
            _("%(title)s (cancelled)", title=conference.title)
            if conference.is_cancelled
            else conference.title
        )
        rows.append(
            [
                pdfdoc.text(title),
                format_datetime(conference.starts_at),
                conference.capacity,
                registered,
                waitlisted,
                present,
            ]
        )
    rows.append(
        [
            _("Total"),
            "",
            sum(c.capacity for c, *_rest in data.conferences),
            sum(r for _c, r, _w, _p in data.conferences),
            sum(w for _c, _r, w, _p in data.conferences),
            sum(p for _c, _r, _w, p in data.conferences),
        ]
    )
    widths = [70 * mm, 32 * mm, 18 * mm, 20 * mm, 20 * mm, 18 * mm]
    story.append(pdfdoc.table(rows, widths, numeric_from=2, total_row=True))
    story.append(
        pdfdoc.text(
            _(
                "Present: accepted badge scans at the room's door from 30 minutes before the start to the end."
            ),
            STYLES.normal,
        )
    )
    return story


def _release_section(data: ClosingData) -> list:
    story = [pdfdoc.text(_("3. Releases published (%(n)s)", n=len(data.releases)), STYLES.heading)]
    if not data.releases:
        return [*story, pdfdoc.text(_("No release was published."), STYLES.normal)]
    rows = [[_("Date"), _("Category"), _("Title")]]
    rows += [
        [
            format_datetime(r.publish_at),
            str(CATEGORY_LABELS.get(r.category, r.category)),
            pdfdoc.text(r.title),
        ]
        for r in data.releases
    ]
    story.append(pdfdoc.table(rows, [32 * mm, 32 * mm, 114 * mm], numeric_from=3))
    return story


def _coverage_section(data: ClosingData) -> list:
    report = data.coverage
    story = [
        pdfdoc.text(_("4. Press coverage"), STYLES.heading),
        pdfdoc.text(_("%(n)s pieces logged about the congress.", n=report.total), STYLES.normal),
    ]
    rows = [[_("Media outlet"), *[medium_label(m) for m in MEDIA], _("Total")]]
    rows += [[pdfdoc.text(r.key), *[r.counts[m] for m in MEDIA], r.total] for r in report.by_outlet]
    rows.append([_("Total"), *[report.totals.counts[m] for m in MEDIA], report.total])
    story.append(pdfdoc.table(rows, [68 * mm] + [22 * mm] * 5, total_row=True))
    if report.by_day:
        story.append(pdfdoc.text(_("Pieces per day."), STYLES.normal))
        day_rows = [[_("Date"), *[medium_label(m) for m in MEDIA], _("Total")]]
        day_rows += [[format_date(r.key), *[r.counts[m] for m in MEDIA], r.total] for r in report.by_day]
        story.append(pdfdoc.table(day_rows, [68 * mm] + [22 * mm] * 5))
    return story


def build_pdf(data: ClosingData) -> bytes:
    """The report as an A4 PDF on the shared scaffold (app/core/pdfdoc.py)."""
    story = _accreditation_section(data) + _conference_section(data)
    story += _release_section(data) + _coverage_section(data)
    return pdfdoc.build(report_title(), current_event().name, data.now, story)
