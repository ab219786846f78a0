"""The benchmark: seed, serve under gunicorn, load with wrk, compare with a bare baseline.

    .venv/bin/python -m bench.run                 # full run, SQLite then PostgreSQL
    .venv/bin/python -m bench.run --db sqlite     # one database
    .venv/bin/python -m bench.run --quick         # CI smoke: small data, 2 s loads
    .venv/bin/python -m bench.run --only-scan --only-pages   # issue 18's rows, both databases

Writes ``bench/results/<date>-<db>.json`` (keys of DESIGN §7) and prints a Markdown
table. Load goes to 127.0.0.1 only and every load is bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
PG_BASE = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")
# GET pages measured besides the scan; paths whose area is missing are skipped (null).
# Pages are loaded with PAGE_CONNECTIONS (a desk of officers refreshing without pause),
# the scan API with 16 and 64 (every gate at once).
PAGE_CONNECTIONS = 4
PAGES = {
    "queue": ("/DH16/accreditation/queue", "officer"),
    "search": ("/DH16/accreditation/queue?q=nguyen+van", "officer"),
    "ical": ("/DH16/briefings/calendar.ics", None),
    "releases": ("/DH16/releases/", None),
}
# The page rows of issue 18 (`--only-pages`): name → (path, who signs in, connections).
PAGE_ROWS = {
    "queue": ("/DH16/accreditation/queue", "officer", 16),
    "search": ("/DH16/accreditation/queue?q=nguyen+van", "officer", PAGE_CONNECTIONS),
    "dashboard_admin": ("/DH16/dashboard", "admin", PAGE_CONNECTIONS),
    "dashboard_officer": ("/DH16/dashboard", "officer", PAGE_CONNECTIONS),
    "schedule": ("/DH16/briefings/schedule", None, PAGE_CONNECTIONS),
    "ical": ("/DH16/briefings/calendar.ics", None, PAGE_CONNECTIONS),
    "atom": ("/DH16/releases/feed.atom", None, PAGE_CONNECTIONS),
}
# Public documents a reader asks for again with the ETag it kept: name → (path, audit area
# whose newest entry is part of the document's version, see app/core/conditional.py).
FEEDS = {
    "ical": ("/DH16/briefings/calendar.ics", "briefings"),
    "atom": ("/DH16/releases/feed.atom", "releases"),
    "schedule": ("/DH16/briefings/schedule", "briefings"),
}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the project's gunicorn.conf.py on a free loopback port.

    ``workers=None`` keeps the configuration's own choice (one worker without REDIS_URL);
    more than one worker needs REDIS_URL or RATELIMIT_ENABLED=0 (gunicorn.conf.py refuses).
    """

    def __init__(self, target: str, env: dict, workers: int | None = 2):
        self.port = free_port()
        command = [GUNICORN, "--config", str(ROOT / "gunicorn.conf.py"), "--no-control-socket"]
        if workers is not None:
            command += ["-w", str(workers)]
        self.proc = subprocess.Popen(  # noqa: S603
            [*command, "-b", f"127.0.0.1:{self.port}", "--log-level", "warning", target],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        if self.proc.poll() is None:
            self.stop()  # then its stderr ends and can be read
        raise RuntimeError(
            f"{target} did not start: {self.proc.stderr.read(2000) if self.proc.stderr else ''}"
        )

    def worker_peak_rss_mb(self) -> float:
        peaks = []
        for child in Path("/proc").glob("[0-9]*"):
            try:
                status = (child / "status").read_text()
            except OSError:
                continue
            if f"PPid:\t{self.proc.pid}\n" in status:
                match = re.search(r"VmHWM:\s+(\d+) kB", status)
                if match:
                    peaks.append(int(match.group(1)) / 1024)
        return round(max(peaks), 1) if peaks else 0.0

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def login(port: int, email: str, password: str) -> tuple[str, str]:
    """Sign in through the form; returns (cookie header, CSRF token)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    conn.request(
        "POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    )
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise RuntimeError(f"bench sign-in failed: {response.status}")
    cookie = response.getheader("Set-Cookie", "").split(";")[0] or cookie
    conn.request("GET", "/", headers={"Cookie": cookie})
    html = conn.getresponse().read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    return cookie, token


def wrk(port: int, script: str, connections: int, seconds: float, env: dict) -> dict:
    """Run wrk; returns rps, p50/p99 in ms and error counts."""
    out = subprocess.run(  # noqa: S603
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{max(1, int(seconds))}s",
            "--latency",
            # A slow answer is latency (it shows in p99), not an error: wrk's 2 s default
            # counted answers as errors on a loaded two-core machine.
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=seconds + 60,
        check=True,
    ).stdout
    data = json.loads(out.split("JSON", 1)[1].splitlines()[0])
    seconds_run = data["duration_us"] / 1e6
    return {
        "rps": round(data["requests"] / seconds_run, 1),
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p99_ms": round(data["p99_us"] / 1000, 2),
        "requests": data["requests"],
        "errors": data["errors_status"] + data["errors_connect"] + data["errors_timeout"],
    }


def database_url(kind: str, tmp: Path, tag: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp / f'bench-{tag}.db'}"
    name = f"bench_{os.getpid()}_{tag}"
    subprocess.run(
        ["psql", f"{PG_BASE}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],  # noqa: S603
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["psql", f"{PG_BASE}/postgres", "-qc", f"CREATE DATABASE {name}"],  # noqa: S603
        check=True,
        capture_output=True,
    )
    return f"{PG_BASE}/{name}"


def drop_database(kind: str, url: str) -> None:
    if kind == "postgresql":
        name = url.rsplit("/", 1)[1]
        subprocess.run(
            ["psql", f"{PG_BASE}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],  # noqa: S603
            capture_output=True,
        )


def server_env(url: str, tmp: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-key",
        "BADGE_MASTER_KEY": "bench-badge-master-key-0123456789abcdef",
        "UPLOAD_DIR": str(tmp / "uploads"),
        "ACCESS_LOG": "",
        "GUNICORN_MAX_REQUESTS": "0",  # no worker recycling in the middle of a measurement
        "RATELIMIT_ENABLED": "0",
    }


def seed_database(url: str, tmp: Path, *, badges: int, scans: int, extras: bool, events: int = 1) -> dict:
    """Seed in a child process (a fresh app bound to ``url``)."""
    code = (
        "import json,sys; from pathlib import Path; from app import create_app; from bench.seed import seed;"
        "app=create_app(); ctx=app.app_context(); ctx.push();"
        f"print('SEED'+json.dumps(seed(app, badges={badges}, scans={scans}, extras={extras}, events={events},"
        f" payloads_file=Path({str(tmp / 'payloads.txt')!r}))))"
    )
    out = subprocess.run(
        [PY, "-c", code],
        cwd=ROOT,
        env=server_env(url, tmp),
        capture_output=True,  # noqa: S603
        text=True,
        check=True,
        timeout=1800,
    ).stdout
    return json.loads(out.split("SEED", 1)[1].splitlines()[0])


def scan_load(
    info: dict,
    tmp: Path,
    port: int,
    cookie: str,
    token: str,
    conns: int,
    seconds: float,
    path: str = "/DH16/api/v1/scans",
    device_token: str = "",
) -> dict:
    return wrk(
        port,
        "scan.lua",
        conns,
        seconds,
        {
            "PAYLOADS_FILE": str(tmp / "payloads.txt"),
            "SCAN_PATH": path,
            "GATE_ID": str(info["gate_id"]),
            "SCAN_COOKIE": cookie,
            "SCAN_CSRF": token,
            "SCAN_DEVICE_TOKEN": device_token,
        },
    )


def scan_rows(info: dict, tmp: Path, env: dict, seconds: float, conns: int = 16) -> dict:
    """The scan rows of issue 18 in one run: the device path (a paired phone's token, the
    lean path), the cookie path (a signed-in staff session), the raw-driver bare scan and
    the SQLAlchemy baseline, each for ``seconds`` at ``conns`` connections after
    WARM_SECONDS of the same load that is not counted."""
    from bench.seed import STAFF_PASSWORD

    rows: dict = {}

    def warmed(port: int, cookie: str, token: str, path: str, device_token: str = "") -> dict:
        # Every row as the pages (:func:`page_load`): WARM_SECONDS of the same load first, not
        # counted, so a fresh server's first answers (its connections opened, its statements
        # compiled) are not a gate's steady state. The four rows are warmed alike.
        for length in (min(WARM_SECONDS, seconds), seconds):
            row = scan_load(info, tmp, port, cookie, token, conns, length, path, device_token)
        row["warmed_seconds"] = min(WARM_SECONDS, seconds)
        return row

    server = Server("wsgi:app", env)
    try:
        cookie, token = login(server.port, info["staff_email"], STAFF_PASSWORD)
        api = "/DH16/api/v1/scans"
        rows[f"device_{conns}"] = warmed(server.port, "", "", api, info["device_token"])
        rows[f"cookie_{conns}"] = warmed(server.port, cookie, token, api)
    finally:
        server.stop()
    for name, target in (("bare", "bench.bare:app"), ("baseline", "bench.baseline:app")):
        server = Server(target, env)
        try:
            rows[f"{name}_{conns}"] = warmed(server.port, "", "", "/scan")
        finally:
            server.stop()
    bare = rows[f"bare_{conns}"]["rps"]
    for name in ("device", "cookie", "baseline"):
        rows[f"{name}_ratio_to_bare"] = round(rows[f"{name}_{conns}"]["rps"] / bare, 3) if bare else None
    rows["load"] = load_average()
    return rows


def load_average() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages (it is shared: say how busy it was)."""
    return [round(value, 2) for value in os.getloadavg()]


def run_database(kind: str, quick: bool) -> dict:
    from bench.seed import STAFF_PASSWORD

    size, scans = (300, 1000) if quick else (20_000, 200_000)
    seconds = 2 if quick else 10
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
    result: dict = {"db": kind, "quick": quick, "badges": size, "earlier_scans": scans}
    try:
        url = database_url(kind, tmp, "main")
        t0 = time.time()
        info = seed_database(url, tmp, badges=size, scans=scans, extras=True)
        result["seed_seconds"] = round(time.time() - t0, 1)
        env = server_env(url, tmp)
        app_server = Server("wsgi:app", env)
        try:
            cookie, token = login(app_server.port, info["staff_email"], STAFF_PASSWORD)
            for conns in (16, 64):
                result[f"scan_{conns}"] = scan_load(info, tmp, app_server.port, cookie, token, conns, seconds)
            result["device_16"] = scan_load(
                info, tmp, app_server.port, "", "", 16, seconds, device_token=info["device_token"]
            )
            officer_cookie, _ = login(app_server.port, info["officer_email"], STAFF_PASSWORD)
            for name, (path, who) in PAGES.items():
                probe = http.client.HTTPConnection("127.0.0.1", app_server.port, timeout=10)
                probe.request("GET", path, headers={"Cookie": officer_cookie if who else ""})
                status = probe.getresponse().status
                if status != 200:
                    result[name] = None
                    continue
                result[name] = wrk(
                    app_server.port,
                    "get.lua",
                    16,
                    seconds,
                    {"TARGET_PATH": path, "SCAN_COOKIE": officer_cookie if who else ""},
                )
            result["worker_peak_rss_mb"] = app_server.worker_peak_rss_mb()
        finally:
            app_server.stop()
        baseline = Server("bench.baseline:app", env)
        try:
            for conns in (16, 64):
                result[f"baseline_{conns}"] = scan_load(
                    info, tmp, baseline.port, "", "", conns, seconds, "/scan"
                )
        finally:
            baseline.stop()
        bare = Server("bench.bare:app", env)
        try:
            result["bare_16"] = scan_load(info, tmp, bare.port, "", "", 16, seconds, "/scan")
        finally:
            bare.stop()
        drop_database(kind, url)
        for tag, n in (("1k", 1000 if not quick else 200), ("100k", 100_000 if not quick else 600)):
            url = database_url(kind, tmp, tag)
            info = seed_database(url, tmp, badges=n, scans=0, extras=False)
            server = Server("wsgi:app", server_env(url, tmp))
            try:
                cookie, token = login(server.port, info["staff_email"], STAFF_PASSWORD)
                result[f"scan_{tag}"] = scan_load(info, tmp, server.port, cookie, token, 16, seconds)
            finally:
                server.stop()
                drop_database(kind, url)
        result.update(many_congresses(kind, tmp, quick, seconds))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def page_rows(info: dict, url: str, env: dict, seconds: float) -> dict:
    """The page rows of issue 18 on one server: each page of PAGE_ROWS under load; each public
    feed's repeat request (If-None-Match → 304) at 16 connections; each feed's first render
    after a change (50 in a row, one request at a time, each after a new audit entry of the
    feed's area, so every one is rendered, never served from the kept body)."""
    from bench.seed import STAFF_PASSWORD

    rows: dict = {}
    server = Server("wsgi:app", env)
    try:
        cookies = {
            "officer": login(server.port, info["officer_email"], STAFF_PASSWORD)[0],
            "admin": login(server.port, info["admin_email"], STAFF_PASSWORD)[0],
            None: "",
        }
        for name, (path, who, conns) in PAGE_ROWS.items():
            status, _headers, _body = get(server.port, path, {"Cookie": cookies[who]})
            if status != 200:
                raise RuntimeError(f"{path} answered {status} to the bench's {who or 'anonymous'} reader")
            rows[name] = page_load(server.port, path, cookies[who], conns, seconds)
        for name, (path, area) in FEEDS.items():
            # a reader keeps the ETag, and a browser its cookie (the schedule page has a form,
            # so its ETag names the visitor's session)
            _status, headers, _body = get(server.port, path)
            etag = headers.get("ETag", "")
            cookie = headers.get("Set-Cookie", "").split(";")[0]
            status, _headers, _body = get(server.port, path, {"If-None-Match": etag, "Cookie": cookie})
            if not etag or status != 304:
                raise RuntimeError(f"{path}: a repeat with its ETag answered {status}, not 304")
            rows[f"{name}_repeat"] = wrk(
                server.port,
                "get.lua",
                16,
                seconds,
                {"TARGET_PATH": path, "IF_NONE_MATCH": etag, "SCAN_COOKIE": cookie},
            )
            rows[f"{name}_repeat"]["connections"] = 16
            rows[f"{name}_first"] = first_renders(server.port, url, path, area)
        rows["worker_peak_rss_mb"] = server.worker_peak_rss_mb()
    finally:
        server.stop()
    rows["load"] = load_average()
    return rows


WARM_SECONDS = 2  # of load before each measured page and scan row, not counted (see :func:`page_load`)


def page_load(port: int, path: str, cookie: str, conns: int, seconds: float) -> dict:
    """GET ``path`` under ``conns`` connections for ``seconds``, after WARM_SECONDS of the same
    load that is not counted: every worker has compiled its templates and filled its caches
    before the measurement, so its first answers (a cold start, 250–450 ms on PostgreSQL)
    do not land in a steady state's p99; the first renders are measured apart (``*_first``)."""
    env = {"TARGET_PATH": path, "SCAN_COOKIE": cookie}
    wrk(port, "get.lua", conns, min(WARM_SECONDS, seconds), env)
    row = wrk(port, "get.lua", conns, seconds, env)
    row.update(connections=conns, warmed_seconds=min(WARM_SECONDS, seconds))
    return row


def first_renders(port: int, url: str, path: str, area: str, count: int = 50) -> dict:
    """Milliseconds of ``count`` first renders of ``path``: before each, a new audit entry of
    ``area`` changes the document's version (as any change to what it shows does)."""
    from sqlalchemy import create_engine, text

    from app.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    times = []
    try:
        with engine.begin() as connection:
            event_id = connection.execute(text("SELECT id FROM events WHERE code = 'DH16'")).scalar_one()
        for _ in range(count):
            with engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO audit_events (event_id, created_at, action, details)"
                        " VALUES (:event, CURRENT_TIMESTAMP, :action, '{}')"
                    ),
                    {"event": event_id, "action": f"{area}.bench_change"},
                )
            started = time.perf_counter()
            status, _headers, _body = get(port, path)
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
    finally:
        engine.dispose()
    times.sort()
    return {
        "renders": count,
        "p50_ms": round(times[len(times) // 2], 2),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
        "max_ms": round(times[-1], 2),
    }


def search_at_scale(kind: str, tmp: Path, count: int, seconds: float) -> dict:
    """The queue's accent-insensitive search among ``count`` applications, 4 connections."""
    from bench.seed import STAFF_PASSWORD

    url = database_url(kind, tmp, "search")
    try:
        info = seed_database(url, tmp, badges=count, scans=0, extras=False)
        server = Server("wsgi:app", server_env(url, tmp))
        try:
            cookie, _ = login(server.port, info["officer_email"], STAFF_PASSWORD)
            path = PAGE_ROWS["search"][0]
            status, _headers, body = get(server.port, path, {"Cookie": cookie})
            if status != 200:
                raise RuntimeError(f"search answered {status}")
            row = page_load(server.port, path, cookie, PAGE_CONNECTIONS, seconds)
            row["applications"] = count
            return row
        finally:
            server.stop()
    finally:
        drop_database(kind, url)


def many_congresses(kind: str, tmp: Path, quick: bool, seconds: float) -> dict:
    """The same scan load on the same congress of 2,000 badges, alone and beside 34 others of
    2,000 badges each (issue 15): throughput and p50 must stay within 10 %."""
    from bench.seed import STAFF_PASSWORD

    count, per = (3, 300) if quick else (35, 2000)
    figures: dict = {"events_count": count, "events_badges_each": per}
    for tag, events in (("events_1", 1), ("events_many", count)):
        url = database_url(kind, tmp, tag)
        t0 = time.time()
        info = seed_database(url, tmp, badges=per, scans=0, extras=False, events=events)
        figures[f"{tag}_seed_seconds"] = round(time.time() - t0, 1)
        server = Server("wsgi:app", server_env(url, tmp))
        try:
            cookie, token = login(server.port, info["staff_email"], STAFF_PASSWORD)
            figures[f"scan_{tag}"] = scan_load(info, tmp, server.port, cookie, token, 16, seconds)
        finally:
            server.stop()
            drop_database(kind, url)
    return figures


def badge_pdf_figures(quick: bool) -> dict:
    script = ROOT / "bench" / "badges_pdf.py"
    if not script.exists():
        return {}
    out = subprocess.run(
        [PY, str(script), "--count", "50" if quick else "1000"],
        cwd=ROOT,  # noqa: S603
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def pack_photo_figures(quick: bool) -> dict:
    """Gate pack with photos for 2,000 and 20,000 badges and a 10-change delta (bench.checkin_photos)."""
    if quick:
        return {}
    out = subprocess.run(
        [PY, "-m", "bench.checkin_photos", "--badges", "2000", "20000"],
        cwd=ROOT,  # noqa: S603
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def summarise(result: dict, pdf: dict) -> dict:
    def get(key, field):
        return (result.get(key) or {}).get(field)

    summary = {
        "db": result["db"],
        "scan_rps": get("scan_16", "rps"),
        "scan_p50_ms": get("scan_16", "p50_ms"),
        "scan_p99_ms": get("scan_16", "p99_ms"),
        "baseline_rps": get("baseline_16", "rps"),
        "baseline_p99_ms": get("baseline_16", "p99_ms"),
        "scan_ratio_to_baseline": round(get("scan_16", "rps") / get("baseline_16", "rps"), 3)
        if get("baseline_16", "rps")
        else None,
        "device_scan_rps": get("device_16", "rps"),
        "device_scan_p99_ms": get("device_16", "p99_ms"),
        "bare_rps": get("bare_16", "rps"),
        "device_ratio_to_bare": round(get("device_16", "rps") / get("bare_16", "rps"), 3)
        if get("bare_16", "rps") and get("device_16", "rps")
        else None,
        "scan_p50_ms_1k": get("scan_1k", "p50_ms"),
        "scan_p50_ms_100k": get("scan_100k", "p50_ms"),
        "scan_rps_1_event": get("scan_events_1", "rps"),
        "scan_rps_many_events": get("scan_events_many", "rps"),
        "scan_p50_ms_1_event": get("scan_events_1", "p50_ms"),
        "scan_p50_ms_many_events": get("scan_events_many", "p50_ms"),
        "many_events": result.get("events_count"),
        "queue_p99_ms": get("queue", "p99_ms"),
        "search_p99_ms": get("search", "p99_ms"),
        "badges_1000_seconds": pdf.get("badges_1000_seconds"),
        "badges_1000_peak_mb": pdf.get("badges_1000_peak_mb"),
        "worker_peak_rss_mb": result.get("worker_peak_rss_mb"),
        "machine": {
            "cores": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        },
        "git_commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,  # noqa: S607
            capture_output=True,
            text=True,
        ).stdout.strip(),
        "detail": result,
    }
    return summary


def markdown(summaries: list[dict]) -> str:
    keys = [
        "scan_rps",
        "scan_p50_ms",
        "scan_p99_ms",
        "baseline_rps",
        "baseline_p99_ms",
        "scan_ratio_to_baseline",
        "device_scan_rps",
        "device_scan_p99_ms",
        "bare_rps",
        "device_ratio_to_bare",
        "scan_p50_ms_1k",
        "scan_p50_ms_100k",
        "many_events",
        "scan_rps_1_event",
        "scan_rps_many_events",
        "scan_p50_ms_1_event",
        "scan_p50_ms_many_events",
        "queue_p99_ms",
        "search_p99_ms",
        "badges_1000_seconds",
        "badges_1000_peak_mb",
        "worker_peak_rss_mb",
    ]
    lines = ["| figure | " + " | ".join(s["db"] for s in summaries) + " |", "|---|" + "---|" * len(summaries)]
    for key in keys:
        lines.append(f"| {key} | " + " | ".join(str(s.get(key)) for s in summaries) + " |")
    for page in ("scan_64", "baseline_64", "ical", "releases"):
        lines.append(
            f"| {page} rps / p99 ms | "
            + " | ".join(
                f"{(s['detail'].get(page) or {}).get('rps')} / {(s['detail'].get(page) or {}).get('p99_ms')}"
                for s in summaries
            )
            + " |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="small data and 2 s loads (CI smoke)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--only-scan",
        action="store_true",
        help="only the scan rows at 16 connections: device path, cookie path, raw bare, baseline (issue 18)",
    )
    parser.add_argument(
        "--seconds", type=float, default=10, help="length of each load (--only-scan, --only-pages)"
    )
    parser.add_argument(
        "--only-pages",
        action="store_true",
        help="only the page rows of issue 18: queue, search, dashboards, feeds (first and repeat), search at 100,000",
    )
    parser.add_argument(
        "--only-congresses",
        action="store_true",
        help="only the scan with 1 and with 35 congresses (issue 15)",
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    if args.only_congresses:
        return _only_congresses(args)
    if args.only_scan or args.only_pages:
        # Both flags: issue 18's rows in one run, the scans first.
        status = _only_scan(args) if args.only_scan else 0
        if status == 0 and args.only_pages:
            status = _only_pages(args)
        return status
    pdf = badge_pdf_figures(args.quick)
    packs = pack_photo_figures(args.quick)
    summaries = []
    for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        summary = summarise(run_database(kind, args.quick), pdf)
        summary.update(packs)
        args.output.mkdir(parents=True, exist_ok=True)
        path = args.output / f"{date.today().isoformat()}-{kind}{'-quick' if args.quick else ''}.json"
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
        print(f"wrote {path}")
        summaries.append(summary)
    print(markdown(summaries))
    return 0


def write_rows(args, kind: str, name: str, rows: dict) -> dict:
    """Stamp ``rows`` with the commit and write ``bench/results/<date>-<db>-<name>.json``."""
    rows["git_commit"] = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,  # noqa: S607
    ).stdout.strip()
    args.output.mkdir(parents=True, exist_ok=True)
    path = args.output / f"{date.today().isoformat()}-{kind}-{name}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    print(f"wrote {path}")
    return rows


def _only_pages(args) -> int:
    """The page rows of issue 18 on 20,000 applications with conferences and releases
    (``--quick``: 300), then the search among 100,000 applications (``--quick``: 600)."""
    size, scans, many = (300, 1000, 600) if args.quick else (20_000, 200_000, 100_000)
    seconds = 2 if args.quick else args.seconds
    table = []
    for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        tmp = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-pages-"))
        rows: dict = {"db": kind, "badges": size, "seconds": seconds, "load_before": load_average()}
        try:
            url = database_url(kind, tmp, "pages")
            info = seed_database(url, tmp, badges=size, scans=scans, extras=True)
            try:
                rows.update(page_rows(info, url, server_env(url, tmp), seconds))
            finally:
                drop_database(kind, url)
            rows["search_at_scale"] = search_at_scale(kind, tmp, many, seconds)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        table.append(write_rows(args, kind, "pages", rows))
    print("| db | row | connections | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for rows in table:
        for name in [*PAGE_ROWS, *(f"{feed}_repeat" for feed in FEEDS), "search_at_scale"]:
            row = rows[name]
            print(
                f"| {rows['db']} | {name} | {row['connections']} | {row['rps']} | {row['p50_ms']} | {row['p99_ms']} | {row['errors']} |"
            )
        for feed in FEEDS:
            row = rows[f"{feed}_first"]
            print(
                f"| {rows['db']} | {feed}_first (one at a time) | 1 | | {row['p50_ms']} | {row['p99_ms']} | |"
            )
    return 0


def _only_scan(args) -> int:
    """The scan rows of issue 18 (device, cookie, raw bare, baseline) on 20,000 badges and
    200,000 earlier scans (``--quick``: 300 and 1,000), one database after the other."""
    size, scans = (300, 1000) if args.quick else (20_000, 200_000)
    seconds = 2 if args.quick else args.seconds
    table = []
    for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        tmp = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-scan-"))
        try:
            url = database_url(kind, tmp, "scan")
            info = seed_database(url, tmp, badges=size, scans=scans, extras=False)
            rows = {
                "db": kind,
                "badges": size,
                "earlier_scans": scans,
                "seconds": seconds,
                "load_before": load_average(),
            }
            rows.update(scan_rows(info, tmp, server_env(url, tmp), seconds))
            drop_database(kind, url)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        table.append(write_rows(args, kind, "scan", rows))
    print("| db | row | req/s | p50 ms | p99 ms | errors | ratio to bare |")
    print("|---|---|---|---|---|---|---|")
    for rows in table:
        for name in ("device", "cookie", "bare", "baseline"):
            row = rows[f"{name}_16"]
            ratio = rows.get(f"{name}_ratio_to_bare", 1.0)
            print(
                f"| {rows['db']} | {name} | {row['rps']} | {row['p50_ms']} | {row['p99_ms']} | {row['errors']} | {ratio} |"
            )
        print(
            f"| {rows['db']} | load average before / after | {rows['load_before']} / {rows['load']} | | | | |"
        )
    return 0


def _only_congresses(args) -> int:
    """Scan throughput and p50 on one congress of 2,000 badges, alone and beside 34 others."""
    rows = []
    for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        tmp = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-congresses-"))
        try:
            figures = many_congresses(kind, tmp, args.quick, 2 if args.quick else 10)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        one, many = figures["scan_events_1"], figures["scan_events_many"]
        figures.update(
            db=kind,
            rps_ratio=round(many["rps"] / one["rps"], 3) if one["rps"] else None,
            p50_ratio=round(many["p50_ms"] / one["p50_ms"], 3) if one["p50_ms"] else None,
        )
        args.output.mkdir(parents=True, exist_ok=True)
        path = (
            args.output / f"{date.today().isoformat()}-{kind}-congresses{'-quick' if args.quick else ''}.json"
        )
        path.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
        print(f"wrote {path}")
        rows.append(figures)
    print("| db | congresses | 1 congress: rps, p50 ms | many: rps, p50 ms | rps ratio | p50 ratio |")
    print("|---|---|---|---|---|---|")
    for f in rows:
        one, many = f["scan_events_1"], f["scan_events_many"]
        print(
            f"| {f['db']} | {f['events_count']} × {f['events_badges_each']} | {one['rps']}, {one['p50_ms']} "
            f"| {many['rps']}, {many['p50_ms']} | {f['rps_ratio']} | {f['p50_ratio']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
