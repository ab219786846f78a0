"""Benchmark: the A4 batch PDF of N badges with photos (DESIGN §7, §8).

    .venv/bin/python bench/badges_pdf.py              # 1,000 badges
    .venv/bin/python bench/badges_pdf.py --count 50   # quick

Seeds N approved applications with distinct 300×400 portrait photos (the size kept at
upload) and their badges into a temporary SQLite database (bulk inserts), then, in a
fresh process so that memory is the printing's alone, loads the badges the way the
print route does and times ``printing.render_sheet``. Prints one JSON line:
``{"badges_<N>_seconds": ..., "badges_<N>_peak_mb": ..., ...}`` (peak = the render
process's maximum resident set size, Python and libraries included).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Hồng", "Quốc", "Ngọc", "Thanh", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Linh", "Nam", "Phương", "Quân", "Tâm"]
ORGS = [
    "Báo Nhân Dân",
    "Thông tấn xã Việt Nam",
    "Đài Truyền hình Việt Nam",
    "Đài Tiếng nói Việt Nam",
    "Báo Quân đội nhân dân",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Báo tỉnh",
    "Cổng Thông tin điện tử tỉnh",
]


def make_app(workdir: Path):
    from app import create_app

    return create_app(
        {
            "SECRET_KEY": "bench-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
            "UPLOAD_DIR": str(workdir / "uploads"),
            "BADGE_SIZE": os.environ.get("BADGE_SIZE", "a6"),
        }
    )


def portrait(rng: random.Random):
    """A distinct portrait-like photo: background, face, shoulders, some texture."""
    from PIL import Image, ImageDraw

    background = tuple(rng.randrange(60, 220) for _ in range(3))
    image = Image.new("RGB", (300, 400), background)
    draw = ImageDraw.Draw(image)
    skin = (rng.randrange(190, 240), rng.randrange(150, 200), rng.randrange(120, 170))
    cx = 150 + rng.randrange(-15, 15)
    draw.ellipse((cx - 62, 70, cx + 62, 225), fill=skin)
    draw.ellipse((cx - 66, 50, cx + 66, 130), fill=tuple(rng.randrange(10, 60) for _ in range(3)))
    draw.rectangle((40, 250, 260, 400), fill=tuple(rng.randrange(20, 120) for _ in range(3)))
    # Coarse noise gives the JPEG a photo's texture and size (~10 KB), cheaply.
    noise = Image.frombytes("L", (150, 200), rng.randbytes(150 * 200)).resize((300, 400)).convert("RGB")
    return Image.blend(image, noise, 0.12)


def seed(workdir: Path, count: int) -> None:
    """Bulk-insert ``count`` approved applications with photos and their badges."""
    from sqlalchemy import insert
    from werkzeug.security import generate_password_hash

    from app.accounts.models import User
    from app.accreditation.models import Application, MediaOrganisation
    from app.badges import qr
    from app.badges.models import Badge
    from app.badges.services import CATEGORY_COLOURS, badge_key
    from app.core.text import fold
    from app.core.timeutil import utcnow
    from app.core.uploads import encode_jpeg
    from app.events.services import first_event_from_config
    from app.extensions import db

    rng = random.Random(7)
    app = make_app(workdir)
    photos = workdir / "uploads" / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    with app.app_context():
        db.create_all()
        first_event_from_config(status="running")
        now = utcnow()
        db.session.execute(
            insert(MediaOrganisation),
            [{"name": n, "name_key": fold(n), "kind": "newspaper", "level": "central"} for n in ORGS],
        )
        password = generate_password_hash("not-used", method="pbkdf2:sha256:1000")
        users, applications, badges = [], [], []
        categories = list(CATEGORY_COLOURS)
        for i in range(count):
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            key = f"photos/bench-{i:05d}.jpg"
            (workdir / "uploads" / key).write_bytes(encode_jpeg(portrait(rng), (300, 400)))
            users.append(
                {
                    "email": f"pv{i}@bench.vn",
                    "password_hash": password,
                    "full_name": name,
                    "role": "journalist",
                    "session_token": f"{i:032x}",
                }
            )
            category = categories[i % len(categories)]
            applications.append(
                {
                    "user_id": i + 1,
                    "full_name": name,
                    "search_key": fold(name),
                    "date_of_birth": date(1975 + i % 25, 1 + i % 12, 1 + i % 28),
                    "national_id": f"{i:012d}",
                    "press_card_number": f"NB{i:07d}",
                    "organisation_id": 1 + i % len(ORGS),
                    "position": "Phóng viên",
                    "category": category,
                    "phone": "+84912345678",
                    "email": f"pv{i}@bench.vn",
                    "photo_key": key,
                    "status": "approved",
                    "submitted_at": now,
                    "updated_at": now,
                }
            )
            serial, nonce = f"PC-{i + 1:04d}", qr.new_nonce()
            token = qr.derive_token(badge_key(), serial, 1, nonce)
            badges.append(
                {
                    "application_id": i + 1,
                    "serial": serial,
                    "version": 1,
                    "token_nonce": nonce,
                    "token_hash": qr.hash_token(token),
                    "zone_codes": "PC,HT,HB" if i % 3 else "PC",
                    "valid_from": date.today(),
                    "valid_until": date.today() + timedelta(days=4),
                    "colour": CATEGORY_COLOURS[category],
                    "issued_at": now,
                }
            )
        db.session.execute(insert(User), users)
        db.session.execute(insert(Application), applications)
        db.session.execute(insert(Badge), badges)
        db.session.commit()


def render(workdir: Path) -> dict:
    """Load every unprinted badge as the print route does and render the sheet; time it."""
    app = make_app(workdir)
    from app.badges import printing, services

    with app.app_context():
        started, cpu_started = time.perf_counter(), time.process_time()
        badges = services.badges_to_print(None)
        data = printing.render_sheet(badges)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "count": len(badges),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": round(peak_kb / 1024, 1),
        "pdf_mb": round(len(data) / 1048576, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--render", type=Path, help=argparse.SUPPRESS)  # internal: the child process
    args = parser.parse_args()
    if args.render:
        print(json.dumps(render(args.render)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-badges-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        seed(workdir, args.count)
        seeded = time.perf_counter() - started
        out = subprocess.run(
            [sys.executable, __file__, "--render", str(workdir)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        measured = json.loads(out.strip().splitlines()[-1])
    n = measured["count"]
    print(
        json.dumps(
            {
                f"badges_{n}_seconds": measured["seconds"],
                f"badges_{n}_peak_mb": measured["peak_mb"],
                "count": n,
                # CPU time of the render: the wall time above also counts other load on the machine
                "cpu_seconds": measured["cpu_seconds"],
                "load_average": round(os.getloadavg()[0], 2),
                "pdf_mb": measured["pdf_mb"],
                "badge_size": os.environ.get("BADGE_SIZE", "a6"),
                "seed_seconds": round(seeded, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
