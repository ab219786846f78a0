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
    if shutil.which("wrk") is None:
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("wrk is required in CI (apt-get install wrk)")
        pytest.skip("wrk not installed")
    kind = "postgresql" if is_postgres() else "sqlite"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if is_postgres():
        env["BENCH_PG_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--db", kind, "--output", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
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
