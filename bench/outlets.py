"""Benchmark (issue 19): an outlet's 500-row list validated and imported, and the vetting
export of 2,000 people.

    .venv/bin/python -m bench.outlets                    # SQLite in a temporary directory
    DATABASE_URL=postgresql://... .venv/bin/python -m bench.outlets

Runs the same code the pages run (``lists.read_rows`` + ``check_sheet`` + ``check_people``
+ ``add_people`` + one commit; ``vetting.to_vet`` + ``export_xlsx`` + ``mark_sent``) on a
fresh database, and prints one JSON line with ``outlet_list_500_seconds`` (target ≤ 10) and
``vetting_export_2000_seconds`` (target ≤ 5).
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    from app.outlets import lists

    book = Workbook()
    sheet = book.active
    sheet.append(list(lists.HEADERS))
    for n in range(rows):
        sheet.append(
            [
                f"Nguyễn Văn Bench {n}",
                "17/05/1985",
                f"0010851{n:05d}",
                "",
                "Phóng viên",
                "Phóng viên",
                "0912345678",
                f"bench{n}@nhandan.vn",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-outlets-"))
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.db'}"
    from app import create_app
    from app.accounts.models import User
    from app.accreditation.models import Application, MediaOrganisation
    from app.accreditation.outlet_models import FocalPoint
    from app.config import normalise_database_url
    from app.events import scope
    from app.events import services as events
    from app.extensions import db
    from app.outlets import lists, vetting
    from app.outlets import services as outlets

    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
            "UPLOAD_DIR": str(tmp / "uploads"),
            "SERVER_BASE_URL": "http://localhost",
        }
    )
    with app.app_context(), app.test_request_context():
        db.drop_all()
        db.create_all()
        event = events.create_event("BENCH", "Đại hội bench", status="running", timezone="Asia/Ho_Chi_Minh")
        db.session.commit()
        with scope.in_event(event):
            officer = User(email="officer@bench.vn", full_name="Officer", role="admin", password_hash="!")
            org = MediaOrganisation(kind="newspaper", level="central")
            org.set_name("Báo Nhân Dân")
            db.session.add_all([officer, org])
            db.session.flush()
            focal_user = User(email="focal@bench.vn", full_name="Focal", role="journalist", password_hash="!")
            db.session.add(focal_user)
            db.session.flush()
            focal = FocalPoint(user_id=focal_user.id, organisation_id=org.id, status="active")
            db.session.add(focal)
            outlets.set_quota(org.id, "reporter", 500, officer)
            db.session.commit()

            data = _xlsx(500)
            started = time.perf_counter()
            people, errors = lists.check_sheet(lists.read_rows(data))
            ready, more = outlets.check_people(focal, people)
            assert not errors and not more
            outlets.add_people(focal, ready, focal_user, by="xlsx")
            db.session.commit()
            list_seconds = time.perf_counter() - started

            # 2,000 approved people to vet (bulk: the export is what is measured)
            rows = []
            users = [
                User(email=f"v{n}@bench.vn", full_name=f"V {n}", role="journalist", password_hash="!")
                for n in range(2000)
            ]
            db.session.add_all(users)
            db.session.flush()
            for n, user in enumerate(users):
                rows.append(
                    Application(
                        user_id=user.id,
                        full_name=f"Trần Thị Vet {n}",
                        date_of_birth=date(1980, 1, 1),
                        national_id=f"0020800{n:05d}",
                        organisation_id=org.id,
                        position="Phóng viên",
                        category="reporter",
                        phone="+84912345678",
                        email=user.email,
                        status="approved",
                    )
                )
            db.session.add_all(rows)
            db.session.commit()
            started = time.perf_counter()
            to_vet = vetting.to_vet()
            t1 = time.perf_counter()
            data = vetting.export_xlsx(to_vet)
            t2 = time.perf_counter()
            vetting.mark_sent(to_vet, officer)
            db.session.commit()
            export_seconds = time.perf_counter() - started
            parts = {"query": t1 - started, "xlsx": t2 - t1, "mark_sent": time.perf_counter() - t2}
    print(
        json.dumps(
            {
                "db": "postgresql" if url.startswith("postgres") else "sqlite",
                "outlet_list_500_seconds": round(list_seconds, 2),
                "vetting_export_2000_seconds": round(export_seconds, 2),
                "vetting_export_parts_seconds": {k: round(v, 2) for k, v in parts.items()},
                "vetting_export_rows": len(to_vet),
                "vetting_export_bytes": len(data),
            }
        )
    )


if __name__ == "__main__":
    main()
