"""SLOW (runs the whole ``flask seed-demo``, ~10–30 s): on the demo congress the dashboard's
numbers equal those of the pages each area shows, and the demo coverage is believable."""

from __future__ import annotations

from sqlalchemy import func, select

from app.dashboard.coverage_report import summary
from app.dashboard.models import CoverageItem
from tests.dashboard.conftest import by_testid
from tests.dashboard.test_dashboard import compare_with_pages


def test_demo_dashboard_matches_the_areas_pages(app, client, auth, db):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "seed_late: dashboard" in result.output

    # ~150 pieces, the provincial station with the most, every medium present
    assert 140 <= db.session.scalar(select(func.count(CoverageItem.id))) <= 160
    report = summary()
    assert report.by_outlet[0].key == "Đài Phát thanh và Truyền hình Nghệ An"
    assert all(report.totals.counts[m] > 0 for m in ("print", "online", "tv", "radio"))

    auth.login("admin")
    dash = by_testid(client.get("/dashboard").get_data(as_text=True))
    assert int(dash["funnel-total"]) > 100  # the demo's ~200 applications
    assert dash["coverage-total"] == str(report.total)
    compare_with_pages(client, dash)
