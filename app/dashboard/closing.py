"""The press centre's closing report ("Báo cáo tổng kết") as a PDF.

Sections: accreditations by press level and by organisation, each press conference
with its sign-ups and attendance (from the briefings area's scan-based attendance),
releases published, and the coverage totals per medium and outlet. Every figure the
report shares with the dashboard comes from the same function in ``queries``
(accreditation counts, releases, coverage), and the releases listed are those the
person producing the report may read (the release query layer decides, as on the
dashboard and at ``/releases/``). The PDF embeds
Be Vietnam Pro (pip package ``fontpkg-be-vietnam-pro``, registered by the badges
area), so Vietnamese text is intact without system fonts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.accreditation.models import STATUSES, Application, MediaOrganisation
from app.accreditation.validation import LEVEL_LABELS
from app.badges.pdf import FONT, FONT_BOLD, register_fonts
from app.briefings.attendance import present_users
from app.briefings.models import Conference
from app.briefings.queries import seat_counts
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


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=4),
        "heading": ParagraphStyle(
            "heading", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4
        ),
        "normal": ParagraphStyle("normal", fontName=FONT, fontSize=9.5, leading=12.5),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=10.5),
    }


def _table(rows: list[list], widths: list[float], *, total_row: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1e3e4")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9e9e9e")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]
    if total_row:
        style.append(("FONTNAME", (0, -1), (-1, -1), FONT_BOLD))
    table.setStyle(TableStyle(style))
    return table


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _accreditation_section(data: ClosingData, s: dict) -> list:
    from app.accreditation.validation import STATUS_LABELS

    story = [
        _p(_("1. Accreditation"), s["heading"]),
        _p(_("Applications by press level and status."), s["normal"]),
    ]
    header = [_("Press level"), *[str(STATUS_LABELS[st]) for st in STATUSES], _("Total")]
    rows = [[_p(h, s["cell"]) for h in header]]
    totals = dict.fromkeys(STATUSES, 0)
    for level, counts in data.by_level.items():
        rows.append(
            [str(LEVEL_LABELS.get(level, level)), *[counts[st] for st in STATUSES], sum(counts.values())]
        )
        for st in STATUSES:
            totals[st] += counts[st]
    rows.append([_("Total"), *[totals[st] for st in STATUSES], sum(totals.values())])
    story += [_table(rows, [40 * mm] + [26 * mm] * 4 + [22 * mm], total_row=True), Spacer(1, 3 * mm)]
    story.append(_p(_("Accredited journalists by media organisation."), s["normal"]))
    org_rows = [[_("Media organisation"), _("Press level"), _("Accredited"), _("Applications")]]
    org_rows += [
        [_p(name, s["cell"]), str(LEVEL_LABELS.get(level, level)), approved, total]
        for name, level, approved, total in data.by_organisation
    ]
    story.append(_table(org_rows, [86 * mm, 36 * mm, 28 * mm, 28 * mm]))
    return story


def _conference_section(data: ClosingData, s: dict) -> list:
    story = [_p(_("2. Press conferences"), s["heading"])]
    if not data.conferences:
        return [*story, _p(_("No press conferences were held."), s["normal"])]
    rows = [[_("Press conference"), _("Time"), _("Seats"), _("Signed up"), _("Waitlist"), _("Present")]]
    for conference, registered, waitlisted, present in data.conferences:
        title = (
            _("%(title)s (cancelled)", title=conference.title)
            if conference.is_cancelled
            else conference.title
        )
        rows.append(
            [
                _p(title, s["cell"]),
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
            sum(r for _c, r, _w, _p2 in data.conferences),
            sum(w for _c, _r, w, _p2 in data.conferences),
            sum(p for _c, _r, _w, p in data.conferences),
        ]
    )
    story.append(_table(rows, [70 * mm, 32 * mm, 18 * mm, 20 * mm, 20 * mm, 18 * mm], total_row=True))
    story.append(
        _p(
            _(
                "Present: accepted badge scans at the room's door from 30 minutes before the start to the end."
            ),
            s["normal"],
        )
    )
    return story


def _release_section(data: ClosingData, s: dict) -> list:
    story = [_p(_("3. Releases published (%(n)s)", n=len(data.releases)), s["heading"])]
    if not data.releases:
        return [*story, _p(_("No release was published."), s["normal"])]
    rows = [[_("Date"), _("Category"), _("Title")]]
    rows += [
        [
            format_datetime(r.publish_at),
            str(CATEGORY_LABELS.get(r.category, r.category)),
            _p(r.title, s["cell"]),
        ]
        for r in data.releases
    ]
    story.append(_table(rows, [32 * mm, 32 * mm, 114 * mm]))
    return story


def _coverage_section(data: ClosingData, s: dict) -> list:
    report = data.coverage
    story = [
        _p(_("4. Press coverage"), s["heading"]),
        _p(_("%(n)s pieces logged about the congress.", n=report.total), s["normal"]),
    ]
    header = [_("Media outlet"), *[medium_label(m) for m in MEDIA], _("Total")]
    rows = [[_p(h, s["cell"]) for h in header]]
    rows += [[_p(str(r.key), s["cell"]), *[r.counts[m] for m in MEDIA], r.total] for r in report.by_outlet]
    rows.append([_("Total"), *[report.totals.counts[m] for m in MEDIA], report.total])
    story.append(_table(rows, [68 * mm] + [22 * mm] * 5, total_row=True))
    if report.by_day:
        story.append(_p(_("Pieces per day."), s["normal"]))
        day_rows = [[_("Date"), *[medium_label(m) for m in MEDIA], _("Total")]]
        day_rows += [[format_date(r.key), *[r.counts[m] for m in MEDIA], r.total] for r in report.by_day]
        story.append(_table(day_rows, [68 * mm] + [22 * mm] * 5))
    return story


def build_pdf(data: ClosingData) -> bytes:
    """The report as an A4 PDF with the Vietnamese font embedded."""
    register_fonts()
    s = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=report_title(),
        author=current_event().name,
    )
    story = [
        _p(report_title(), s["title"]),
        _p(current_event().name, s["normal"]),
        _p(_("As of %(time)s", time=format_datetime(data.now)), s["normal"]),
        Spacer(1, 4 * mm),
    ]
    story += _accreditation_section(data, s)
    story += _conference_section(data, s)
    story += _release_section(data, s)
    story += _coverage_section(data, s)
    document.build(story)
    return buffer.getvalue()
