"""SLOW (runs the whole ``flask seed-demo``, ~10–30 s): on the demo congress the dashboard's
numbers equal those of the pages each area shows, and the demo coverage is believable."""

from __future__ import annotations

from sqlalchemy import func, select

from app.dashboard.coverage_report import summary
from app.dashboard.models import CoverageItem
from app.events import scope
from tests.dashboard.conftest import by_testid
from tests.dashboard.test_dashboard import compare_with_pages


def test_demo_dashboard_matches_the_areas_pages(app, client, auth, db, event):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "seed_late: dashboard" in result.output

    # ~150 pieces in the provincial congress, its provincial station with the most, every medium
    # present (the district congress of the demo has its own)
    with scope.in_event(event):
        assert 140 <= db.session.scalar(select(func.count(CoverageItem.id))) <= 160
        report = summary()
    assert report.by_outlet[0].key == "Đài Phát thanh và Truyền hình Nghệ An"
    assert all(report.totals.counts[m] > 0 for m in ("print", "online", "tv", "radio"))

    auth.login("admin")
    dash = by_testid(client.get("/DH16/dashboard").get_data(as_text=True))
    assert int(dash["funnel-total"]) > 100  # the demo's ~200 applications
    assert dash["coverage-total"] == str(report.total)
    compare_with_pages(client, dash)


def test_demo_closing_report_agrees_with_the_dashboard(app, client, auth, db):
    """Table 1 of the PDF once summed 33 applications where the dashboard said 201: every
    figure the two share must be the same number, read by the same query."""
    import re

    from tests.dashboard.test_closing_report import pdf_text

    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output

    auth.login("admin")
    dash = by_testid(client.get("/DH16/dashboard").get_data(as_text=True))
    response = client.get("/DH16/dashboard/closing-report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)

    # Table 1: the total row, per status (submitted, approved, rejected, changes requested) then all.
    table_1 = text.split("Hồ sơ đăng ký theo khối báo chí và trạng thái.", 1)[1]
    table_1 = table_1.split("Phóng viên được cấp thẻ theo cơ quan báo chí.", 1)[0]
    submitted, approved, rejected, changes, total = (
        int(n) for n in re.search(r"Tổng cộng (\d+) (\d+) (\d+) (\d+) (\d+)", table_1).groups()
    )
    assert total == int(dash["funnel-total"]) > 100
    assert submitted == int(dash["funnel-submitted"])
    assert approved == int(dash["funnel-approved"])
    assert rejected == int(dash["funnel-rejected"])
    assert changes == int(dash["funnel-changes_requested"])
    # The next table (accredited per organisation) adds up to the same approved figure.
    organisations = text.split("Phóng viên được cấp thẻ theo cơ quan báo chí.", 1)[1].split("2. Họp báo", 1)[
        0
    ]
    per_org = re.findall(r"Báo chí (?:Trung ương|địa phương|nước ngoài) (\d+) (\d+)", organisations)
    assert sum(int(a) for a, _n in per_org) == approved
    assert sum(int(n) for _a, n in per_org) == total
    # Releases published and coverage pieces: the dashboard's counts.
    releases = re.search(r"3\. Thông cáo báo chí đã phát hành \((\d+)\)", text)
    assert int(releases.group(1)) == int(dash["releases-live"]) > 0
    coverage = re.search(r"Đã ghi nhận (\d+) tin, bài phản ánh Đại hội\.", text)
    assert coverage.group(1) == dash["coverage-total"]
