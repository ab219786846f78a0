"""Live notices: a notice to ~2,000 accredited journalists, queued, then e-mailed by the worker.

    .venv/bin/python -m bench.notices                      # SQLite (a temporary file)
    .venv/bin/python -m bench.notices --db postgresql://postgres@127.0.0.1:5432/bench_notices

Seeds 2,223 applications (90 % approved, ~2,000 accredited) with bench/seed.py, starts a
local aiosmtpd SMTP server that accepts and drops every message, and measures:

* ``queue_seconds``: after a warm-up notice to one group, ``send_notice`` to everyone accredited and the commit — the notice, one
  delivery row per person and channel (page, e-mail, push) and one outbox row per person;
* ``emails_per_second``: the outbox worker's passes (``outbox.run_once``, as ``flask outbox
  run`` does, without its pause between passes) until every e-mail is sent, over the wall time.

Targets (issue 21): queued ≤ 2 s, delivered ≥ 200 e-mails/s. Writes
``bench/results/<date>-<db>-notices.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path


class _Drop:
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="", help="database URL (default: SQLite in a temporary directory)")
    parser.add_argument("--applications", type=int, default=2_223)
    args = parser.parse_args()

    from aiosmtpd.controller import Controller
    from sqlalchemy import func, select

    from app import create_app
    from app.core import outbox
    from app.core.models import OutboxMessage
    from app.core.timeutil import utcnow
    from app.events import scope
    from app.events.models import Event
    from app.extensions import db
    from app.notices import services
    from bench.seed import seed

    tmp = Path(tempfile.mkdtemp(prefix="notices-bench-"))
    url = args.db or f"sqlite:///{tmp / 'notices.db'}"
    from tests.conftest import free_port

    smtp = Controller(_Drop(), hostname="127.0.0.1", port=free_port())
    smtp.start()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-secret-key",
            "UPLOAD_DIR": str(tmp / "uploads"),
            "MAIL_HOST": "127.0.0.1",
            "MAIL_PORT": smtp.port,
            "NOTICES_VAPID_KEY_FILE": str(tmp / "vapid.pem"),
        }
    )
    with app.app_context():
        seed(app, badges=args.applications, scans=0, payloads_file=tmp / "payloads.txt", extras=False)
        db.session.commit()
        event = db.session.scalar(select(Event))
        with scope.in_event(event):
            # Warm-up (templates compiled, statements prepared): a notice to one group (the camera crews),
            # its e-mails sent, as a running press centre would have done already.
            services.send_notice(event.id, "Thông báo thử hệ thống.", "category", "camera")
            db.session.commit()
            while outbox.run_once()["sent"]:
                pass
            started = time.perf_counter()
            notice = services.send_notice(
                event.id, "Xe đưa đón phóng viên về khách sạn khởi hành lúc 21h30 tại cổng B.", "all"
            )
            db.session.commit()
            queue_seconds = time.perf_counter() - started
            recipients = notice.recipients
        started = time.perf_counter()
        passes = delivered = 0
        while True:
            passes += 1
            done = outbox.run_once()
            delivered += done["sent"]
            if not done["sent"] and not done["failed"]:
                break
        deliver_seconds = time.perf_counter() - started
        sent = delivered
        failed = db.session.scalar(select(func.count()).where(OutboxMessage.status != "sent"))
        dialect = db.engine.dialect.name
    smtp.stop()
    result = {
        "db": "postgresql" if dialect == "postgresql" else "sqlite",
        "recipients": recipients,
        "queue_seconds": round(queue_seconds, 3),
        "emails_sent": sent,
        "emails_not_sent": failed,
        "deliver_seconds": round(deliver_seconds, 2),
        "emails_per_second": round(sent / deliver_seconds, 1),
        "worker_passes": passes,
        "measured_at": utcnow().isoformat(timespec="seconds"),
    }
    result["machine"] = {"cores": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 1)}
    out = Path(__file__).parent / "results" / f"{result['measured_at'][:10]}-{result['db']}-notices.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
