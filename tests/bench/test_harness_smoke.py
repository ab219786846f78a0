"""The benchmark harness runs end to end on small data: it ran, and its scan loads were answered."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import is_postgres

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(660)  # seeds two databases and runs a dozen 2-second loads (subprocess bound: 600 s)
def test_bench_smoke_writes_its_results(tmp_path):
    kind = _bench(tmp_path, ["--quick"], timeout=600)
    (path,) = tmp_path.glob(f"*-{kind}-quick.json")
    data = json.loads(path.read_text())
    for key in (
        "db",
        "scan_rps",
        "scan_p99_ms",
        "baseline_rps",
        "scan_ratio_to_baseline",
        "machine",
        "git_commit",
    ):
        assert key in data
    assert data["db"] == kind
    # the loads scanned for real: a refused scan (403, 404) counts as an error
    for load in ("scan_16", "scan_events_1", "scan_events_many"):
        assert data["detail"][load]["errors"] == 0, (load, data["detail"][load])
    assert data["many_events"] == 3


@pytest.mark.timeout(420)  # seeds three small databases and runs about thirty 2-second loads
def test_issue_18_rows_run_together_warmed_and_answered(tmp_path):
    """``--only-scan --only-pages``: issue 18's scan rows and page rows in one run. Every
    scan row is warmed as the pages are, and every load was answered (a refused scan or a
    page that is not 200 counts as an error)."""
    kind = _bench(tmp_path, ["--only-scan", "--only-pages", "--quick"], timeout=360)
    scan = json.loads(next(tmp_path.glob(f"*-{kind}-scan-quick.json")).read_text())
    for row in ("device_16", "cookie_16", "bare_16", "baseline_16"):
        assert scan[row]["requests"] > 0 and scan[row]["errors"] == 0, (row, scan[row])
        assert scan[row]["warmed_seconds"] == 2, row
    assert 0 < scan["device_ratio_to_bare"]
    pages = json.loads(next(tmp_path.glob(f"*-{kind}-pages-quick.json")).read_text())
    for row in ("queue", "search", "dashboard_admin", "dashboard_officer", "ical_repeat", "search_at_scale"):
        assert pages[row]["requests"] > 0 and pages[row]["errors"] == 0, (row, pages[row])
    assert pages["ical_first"]["p99_ms"] > 0


def _bench(output: Path, flags: list[str], timeout: float) -> str:
    """Run ``bench.run`` with ``flags`` on the database the suite runs on (it seeds its own
    there), writing into ``output``; returns that database's kind. Skipped without wrk,
    except in CI, where it is required."""
    if shutil.which("wrk") is None:
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("wrk is required in CI (apt-get install wrk)")
        pytest.skip("wrk not installed")
    kind = "postgresql" if is_postgres() else "sqlite"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if is_postgres():
        env["BENCH_PG_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", *flags, "--db", kind, "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return kind
