"""Gate pack size and local decision time for 20,000 badges (the issue's targets).

    .venv/bin/python -m bench.checkin_pack [--badges 20000]

Seeds a temporary SQLite database with bench.seed, builds the pack of one gate, reports
its size as JSON and gzipped (target: < 3 MB), then loads static/checkin/decide.js in
Debian's Chromium on http://localhost (a secure context, as in production over HTTPS)
and times what the scanner page does offline: index the pack, then for each scan hash
the token with crypto.subtle and decide (target: < 50 ms a decision). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

DECISIONS = 2000

TIMING_JS = """async ([pack, payloads]) => {
    const m = await import('/static/checkin/decide.js');
    let t = performance.now();
    const index = m.indexPack(pack);
    const indexMs = performance.now() - t;
    const times = [];
    const results = {};
    for (const payload of payloads) {
        t = performance.now();
        const parsed = m.parsePayload(payload);
        const hash = await m.sha256Hex(parsed.token);
        const decision = m.decideLocally(index, parsed, hash, new Date(), undefined);
        times.push(performance.now() - t);
        results[decision.result] = (results[decision.result] || 0) + 1;
    }
    times.sort((a, b) => a - b);
    return {indexMs, p50: times[Math.floor(times.length / 2)], p99: times[Math.floor(times.length * 0.99)],
            max: times[times.length - 1], results};
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--badges", type=int, default=20_000)
    args = parser.parse_args()

    from app import create_app
    from app.checkin.models import Gate
    from app.checkin.pack import build_pack, encode_pack, gzip_body
    from app.extensions import db
    from bench.seed import seed

    tmp = Path(tempfile.mkdtemp(prefix="checkin-pack-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'pack.db'}",
            "SECRET_KEY": "bench-secret-key",
            "UPLOAD_DIR": str(tmp / "uploads"),
        }
    )
    payloads_file = tmp / "payloads.txt"
    with app.app_context():
        info = seed(app, badges=args.badges, scans=0, payloads_file=payloads_file, extras=False)
        with app.test_request_context():
            started = time.perf_counter()
            pack = build_pack(db.session.get(Gate, info["gate_id"]))
            body, _etag = encode_pack(pack)
            build_ms = (time.perf_counter() - started) * 1000
            zipped = gzip_body(body)
    payloads = payloads_file.read_text().split()[:DECISIONS]

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.goto(f"http://localhost:{server.server_port}/robots.txt")
        timing = page.evaluate(TIMING_JS, [json.loads(body), payloads])
        browser.close()
    server.shutdown()
    print(
        json.dumps(
            {
                "badges": len(pack["b"]),
                "pack_bytes": len(body),
                "pack_gzip_bytes": len(zipped),
                "pack_build_ms": round(build_ms, 1),
                "browser_index_ms": round(timing["indexMs"], 2),
                "local_decision_p50_ms": round(timing["p50"], 3),
                "local_decision_p99_ms": round(timing["p99"], 3),
                "local_decision_max_ms": round(timing["max"], 3),
                "decisions": timing["results"],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
