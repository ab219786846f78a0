"""Gate pack with photos: bytes, load time in Chromium, device storage, and a delta.

    .venv/bin/python -m bench.checkin_photos [--badges 2000 20000]

For each size: seeds a temporary SQLite database with bench.seed (90 % approved), gives
every application one of 50 distinct 300 × 400 portraits, ages every change by a day
(as if the data had been entered yesterday; one application changed an hour ago), then serves the app on 127.0.0.1 and, in
Debian's Chromium, signs in as gate staff, opens the scanner page and chooses the gate:
the time until the pack *and* every valid holder's photo are stored on the device
(IndexedDB) is the load time; ``navigator.storage.estimate()`` gives the storage used.
Then 10 badges are revoked on the server and one of them is scanned: the answer's
X-Pack-Version makes the page fetch the delta; the time until the page holds the new
version and has dropped the 10 photos is the delta time. Bytes are what travels: the
pack gzipped (as served), the photo batches (JPEG, not compressed further), the delta
gzipped. Prints JSON (the last line: the keys ``bench.run`` records); nothing leaves
127.0.0.1.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

PORTRAITS = 50


def _portraits(upload_dir: Path) -> list[str]:
    """50 distinct portrait-like JPEGs (300 × 400, textured like a photo) stored as uploads."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(7)
    keys = []
    for n in range(PORTRAITS):
        base = Image.effect_noise((300, 400), 40 + n % 30).convert("RGB")
        tint = Image.new(
            "RGB", (300, 400), (rng.randrange(60, 200), rng.randrange(60, 200), rng.randrange(60, 200))
        )
        image = Image.blend(base, tint, 0.6)
        draw = ImageDraw.Draw(image)
        skin = (rng.randrange(190, 240), rng.randrange(150, 200), rng.randrange(120, 170))
        draw.ellipse((70 + n % 20, 50, 230 - n % 15, 280), fill=skin)
        draw.rectangle(
            (30, 290, 270, 400), fill=(rng.randrange(0, 90), rng.randrange(0, 90), rng.randrange(40, 140))
        )
        image = image.filter(ImageFilter.GaussianBlur(1.2))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=88)
        key = f"photos/bench-{n:02d}.jpg"
        (upload_dir / "photos").mkdir(parents=True, exist_ok=True)
        (upload_dir / key).write_bytes(out.getvalue())
        keys.append(key)
    return keys


def run(badges: int, browser) -> dict:
    from datetime import timedelta

    from sqlalchemy import func, select, update

    from app import create_app
    from app.accreditation.models import Application
    from app.badges import qr
    from app.badges import services as badge_services
    from app.badges.models import Badge
    from app.checkin import photos
    from app.checkin.models import Gate
    from app.checkin.pack import build_pack, encode_pack, gzip_body
    from app.core.timeutil import utcnow
    from app.events.services import current_event
    from app.extensions import db
    from bench.seed import STAFF_PASSWORD, seed

    tmp = Path(tempfile.mkdtemp(prefix="checkin-photos-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'pack.db'}",
            "SECRET_KEY": "bench-secret-key",
            "UPLOAD_DIR": str(tmp / "uploads"),
            "RATELIMIT_ENABLED": False,
        }
    )
    result: dict = {"badges": badges}
    with app.app_context():
        info = seed(app, badges=badges, scans=0, payloads_file=tmp / "payloads.txt", extras=False)
        keys = _portraits(tmp / "uploads")
        for n, key in enumerate(keys):
            db.session.execute(
                update(Application)
                .where(Application.id % PORTRAITS == n)
                .values(photo_key=key, photo_thumb_key=key)
            )
        past = utcnow() - timedelta(days=1)
        db.session.execute(update(Badge).values(issued_at=past))
        db.session.execute(update(Application).values(updated_at=past))
        # The last change before the device's pack was an hour ago (a delta re-sends the rows
        # changed within pack.OVERLAP_MS before the device's version, so not all at one instant).
        db.session.execute(
            update(Application).where(Application.id == 1).values(updated_at=utcnow() - timedelta(hours=1))
        )
        db.session.commit()
        for key in keys:
            photos.scan_photo(key)  # made once per photo, as the first gate to ask would
        with app.test_request_context():
            gate = db.session.get(Gate, info["gate_id"])
            pack = build_pack(gate)
            body, _etag = encode_pack(pack)
            wanted = sorted({row[8] for row in pack["b"] if row[7] == 0 and row[9]})
            photo_bytes = 0
            for start in range(0, len(wanted), photos.BATCH_LIMIT):
                chunk, _next = photos.batch(ids=wanted[start : start + photos.BATCH_LIMIT])
                photo_bytes += len(chunk)
        result.update(
            pack_json_bytes=len(body),
            pack_gzip_bytes=len(gzip_body(body)),
            photos=len(wanted),
            photo_bytes=photo_bytes,
            photo_avg_bytes=round(photo_bytes / max(1, len(wanted))),
            photo_requests=-(-len(wanted) // photos.BATCH_LIMIT),
            pack_version=pack["ver"],
        )
        # The 10 badges revoked later: approved ones (seed: application i+1 approved unless i % 10 == 0).
        key = badge_services.badge_key()
        changes = []
        for i in (1, 2, 3, 4, 5, 6, 7, 8, 9, 11):
            token = qr.derive_token(key, f"PC-{i + 1:05d}", 1, f"{i:032x}")
            changes.append((qr.hash_token(token), qr.make_payload(current_event().code, token)))
        gate_name = gate.name

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://localhost:{server.server_port}"
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    context.set_default_timeout(600_000)
    try:
        page = context.new_page()
        page.goto(base + "/login")
        page.get_by_label("E-mail").fill(info["staff_email"])
        page.get_by_label("Mật khẩu").fill(STAFF_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập").last.click()
        page.goto(base + "/DH16/scanner/")
        started = time.perf_counter()
        page.get_by_role("button", name=gate_name).click()
        page.wait_for_function(
            "([n, p]) => document.getElementById('pack-status').dataset.size === String(n)"
            " && document.getElementById('photo-status').dataset.have === String(p)",
            arg=[badges, len(wanted)],
            timeout=600_000,
            polling=50,
        )
        result["load_seconds"] = round(time.perf_counter() - started, 2)
        result["device_storage_bytes"] = page.evaluate("navigator.storage.estimate().then((e) => e.usage)")

        with app.app_context():
            now = utcnow()
            for token_hash, _payload in changes:
                db.session.execute(update(Badge).where(Badge.token_hash == token_hash).values(revoked_at=now))
            db.session.commit()
            with app.test_request_context():
                delta = build_pack(db.session.get(Gate, info["gate_id"]), since=result["pack_version"])
                delta_body, _etag = encode_pack(delta)
            result["delta_rows"] = len(delta["b"])
            result["delta_gzip_bytes"] = len(gzip_body(delta_body))
            revoked = db.session.scalar(
                select(func.count()).select_from(Badge).where(Badge.revoked_at.is_not(None))
            )
            assert revoked == 10, revoked
        old_version = page.get_attribute("#pack-status", "data-version")
        field = page.get_by_label("Mã thẻ (máy quét USB hoặc gõ tay)")
        started = time.perf_counter()
        field.fill(changes[0][1])
        field.press("Enter")
        page.wait_for_function(
            "([v, p]) => document.getElementById('pack-status').dataset.version !== v"
            " && document.getElementById('photo-status').dataset.want === String(p)",
            arg=[old_version, len(wanted) - 10],
            timeout=120_000,
            polling=20,
        )
        result["delta_seconds"] = round(time.perf_counter() - started, 3)
        result["device_storage_after_delta_bytes"] = page.evaluate(
            "navigator.storage.estimate().then((e) => e.usage)"
        )
    finally:
        context.close()
        server.shutdown()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--badges", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            for n in args.badges:
                results.append(run(n, browser))
                print(json.dumps(results[-1]), flush=True)
        finally:
            browser.close()
    print(json.dumps(results, indent=2))
    print(json.dumps(summary_keys(results)))  # last line: the keys bench.run puts in its results


def summary_keys(results: list[dict]) -> dict:
    """DESIGN §7's keys: pack with photos per size (gzipped pack + photo batches) and the delta."""
    keys = {f"pack_photos_{r['badges']}_bytes": r["pack_gzip_bytes"] + r["photo_bytes"] for r in results}
    deltas = [r["delta_gzip_bytes"] for r in results if r["badges"] == max(x["badges"] for x in results)]
    if deltas:
        keys["pack_delta_10_bytes"] = deltas[0]
    return keys


if __name__ == "__main__":
    main()
