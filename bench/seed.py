"""Fast bulk seeding for the benchmark: tens of thousands of rows in seconds.

Rows go in with Core ``insert()`` in chunks (SQLAlchemy's insertmanyvalues), one
shared password hash for the generated journalists, and badge tokens derived with
the same BADGE_MASTER_KEY as the server under test, so the load generator can present
valid payloads.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text
from werkzeug.security import generate_password_hash

from app.accounts.models import User
from app.accreditation.models import Application, MediaOrganisation
from app.badges import qr
from app.badges.models import Badge
from app.badges.services import badge_key
from app.checkin.models import Device, Gate, Scan
from app.core import tokens
from app.core.text import fold
from app.core.timeutil import local_today, utcnow
from app.events.models import Zone
from app.events.services import appoint, create_event, first_event_from_config
from app.extensions import db

CHUNK = 5000
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Hồng", "Quốc", "Ngọc", "Thanh", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Linh", "Nam", "Phương", "Quân", "Tâm", "Trang"]
STAFF_PASSWORD = "bench-password-123"  # noqa: S105 - benchmark data only


def _chunks(rows: list[dict]):
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _insert(model, rows: list[dict]) -> None:
    for chunk in _chunks(rows):
        db.session.execute(insert(model), chunk)


def seed(app, *, badges: int, scans: int, payloads_file: Path, extras: bool = True, events: int = 1) -> dict:
    """Create a benchmark database; returns what the load generator needs.

    ``events`` > 1 adds that many congresses less one beside the scanned one, each with its
    own zones, gates, journalists, applications and badges (``badges`` each): the scan path
    must not slow down with the number of congresses in the installation.
    """
    rng = random.Random(42)
    db.drop_all()
    db.create_all()
    event = first_event_from_config(status="running")
    today = local_today()
    now = utcnow()
    zones = [
        Zone(code=c, name=n, sort_order=i)
        for i, (c, n) in enumerate(
            [("PC", "Trung tâm báo chí"), ("HT", "Hội trường"), ("HB", "Phòng họp báo")]
        )
    ]
    db.session.add_all(zones)
    db.session.flush()
    gates = [Gate(zone_id=z.id, name=f"Cổng {z.code}", direction="both") for z in zones]
    db.session.add_all(gates)
    staff = User(email="scanner@bench.vn", full_name="Nhân viên cổng", role="scanner", email_verified_at=now)
    staff.set_password(STAFF_PASSWORD)
    officer = User(
        email="officer@bench.vn",
        full_name="Cán bộ duyệt",
        role="accreditation_officer",
        email_verified_at=now,
    )
    officer.set_password(STAFF_PASSWORD)
    # the site administrator: the dashboard with every block (issue 18's "administrator" row)
    admin = User(email="admin@bench.vn", full_name="Quản trị", role="admin", email_verified_at=now)
    admin.set_password(STAFF_PASSWORD)
    db.session.add_all([staff, officer, admin])
    db.session.flush()
    # staff roles hold in one congress (issue 15): the gate staff and the officer work in this one
    for person in (staff, officer):
        appoint(person.id, event, person.role)

    orgs = []
    for i in range(100):
        name = f"Báo Thử Nghiệm {i:03d}"
        orgs.append(
            {
                "name": name,
                "name_key": fold(name),
                "kind": "newspaper",
                "level": ("central", "local", "foreign")[i % 3],
                "confirmed": True,
                "created_at": now,
            }
        )
    _insert(MediaOrganisation, orgs)
    badges_first_id = 1
    shared_hash = generate_password_hash("not-used-in-bench", method="pbkdf2:sha256:1000")
    users, applications = [], []
    for i in range(badges):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        users.append(
            {
                "email": f"pv{i}@bench.vn",
                "password_hash": shared_hash,
                "full_name": name,
                "role": "journalist",
                "active": True,
                "language": "vi",
                "created_at": now,
                "email_verified_at": now,
                "session_token": f"{i:032x}",
            }
        )
        org_id = 1 + i % 100
        national_id = f"{i:012d}"
        applications.append(
            {
                "user_id": i + 3,
                "full_name": name,
                "date_of_birth": date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                "national_id": national_id,
                "press_card_number": f"NB{i:07d}",
                "organisation_id": org_id,
                "position": "Phóng viên",
                "category": ("reporter", "photographer", "camera")[i % 3],
                "phone": "+84912345678",
                "email": f"pv{i}@bench.vn",
                "status": "approved" if i % 10 else ("submitted", "rejected")[i % 20 // 10],
                "submitted_at": now - timedelta(minutes=i),
                "updated_at": now,
                "search_key": fold(f"{name} Báo Thử Nghiệm {org_id - 1:03d} {national_id} NB{i:07d}"),
            }
        )
    _insert(User, users)
    _insert(Application, applications)
    del users
    key = badge_key()
    badge_rows, payloads = [], []
    for i in range(badges):
        serial, nonce = f"PC-{i + 1:05d}", f"{i:032x}"
        token = qr.derive_token(key, serial, 1, nonce)
        badge_rows.append(
            {
                "application_id": i + 1,
                "serial": serial,
                "version": 1,
                "token_hash": qr.hash_token(token),
                "token_nonce": nonce,
                "zone_codes": "PC,HT,HB",
                "valid_from": today - timedelta(days=3),
                "valid_until": today + timedelta(days=10),
                "colour": "#c62828",
                "issued_at": now,
            }
        )
        if applications[i]["status"] == "approved":
            payloads.append(qr.make_payload(event.code, token))
    _insert(Badge, badge_rows)
    scan_rows = []
    for i in range(scans):
        badge = rng.randrange(badges)
        scan_rows.append(
            {
                "created_at": now - timedelta(seconds=i * 3),
                "scanned_at": now - timedelta(seconds=i * 3),
                "token_hash": badge_rows[badge]["token_hash"],
                "badge_id": badge + badges_first_id,
                "gate_id": gates[i % 3].id,
                "user_id": staff.id,
                "result": "accepted",
                "offline": False,
            }
        )
    _insert(Scan, scan_rows)
    del scan_rows, badge_rows
    if extras:
        _seed_extras(rng, staff_id=officer.id, journalists=badges, now=now)
    # A phone paired to the first gate (issue 18: the device path), as pairing leaves it.
    device_token = "pcd_bench" + hashlib.sha256(str(rng.random()).encode()).hexdigest()
    db.session.add(
        Device(
            name="Điện thoại cổng Trung tâm báo chí",
            created_at=now,
            paired_at=now,
            token_hash=hashlib.sha256(device_token.encode()).hexdigest(),
            expires_at=now + timedelta(days=30),
            last_seen_at=now,
            gates=[gates[0]],
        )
    )
    for number in range(1, events):
        _seed_other_event(number, badges, shared_hash, now, today)
    db.session.commit()
    # Planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` would leave them on a
    # database in use: without them PostgreSQL guesses one row per table after a bulk load and
    # reads every scan of the day to find a holder's last direction (issue 18). On PostgreSQL
    # also the visibility map autovacuum sets within a minute of a bulk insert: without it an
    # index-only count (the review queue's) visits every row's page as well.
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE)")
            # and the pages VACUUM dirtied written out now, not by a checkpoint during a row
            connection.exec_driver_sql("CHECKPOINT")
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    rng.shuffle(payloads)
    payloads_file.write_text("\n".join(payloads[:5000]) + "\n")
    return {
        "gate_id": gates[0].id,
        "staff_email": staff.email,
        "officer_email": officer.email,
        "admin_email": admin.email,
        "device_token": device_token,
    }


def _seed_extras(rng: random.Random, *, staff_id: int, journalists: int, now) -> None:
    """200 conferences with sign-ups, 2,000 releases and 2,000 venue tasks."""
    from app.briefings.models import Conference, Room, Signup
    from app.releases.models import Release
    from app.venue.models import Location, Task, TaskCategory, Unit

    rooms = [Room(name=f"Phòng họp báo {i}", capacity=60) for i in range(1, 4)]
    db.session.add_all(rooms)
    db.session.flush()
    conferences = []
    for i in range(200):
        start = now + timedelta(hours=2 * i - 100)
        conferences.append(
            {
                "title": f"Họp báo số {i}",
                "topic": "Đại hội",
                "description": "",
                "room_id": rooms[i % 3].id,
                "starts_at": start,
                "ends_at": start + timedelta(hours=1),
                "capacity": 60,
                "visibility": ("public", "accredited")[i % 2],
                "status": "scheduled",
                "sequence": 0,
                "created_at": now,
                "updated_at": now,
            }
        )
    _insert(Conference, conferences)
    signups = []
    for conference_id in range(1, 201):
        for user_index in rng.sample(range(journalists), min(30, journalists)):
            signups.append(
                {
                    "conference_id": conference_id,
                    "user_id": user_index + 3,
                    "status": "registered",
                    "created_at": now,
                    "updated_at": now,
                }
            )
    _insert(Signup, signups)
    releases = []
    for i in range(2000):
        title = f"Thông cáo báo chí số {i} về Đại hội"
        releases.append(
            {
                "title": title,
                "summary": "Tóm tắt",
                "body": "Nội dung **thông cáo**.",
                "search_key": fold(title),
                "category": "press_release",
                "audience": ("public", "accredited", "central")[i % 3],
                "status": "published",
                "publish_at": now - timedelta(minutes=i),
                "published_at": now - timedelta(minutes=i),
                "author_id": staff_id,
                "created_at": now,
                "updated_at": now,
                "revision_number": 0,
            }
        )
    _insert(Release, releases)
    units = [Unit(name=f"Đơn vị {i}", name_key=fold(f"Đơn vị {i}")) for i in range(12)]
    locations = [Location(name=f"Địa điểm {i}") for i in range(8)]
    categories = [TaskCategory(name=f"Hạng mục {i}") for i in range(10)]
    db.session.add_all(units + locations + categories)
    db.session.flush()
    tasks = []
    for i in range(2000):
        title = f"Lắp đặt pano số {i}"
        tasks.append(
            {
                "title": title,
                "spec": "4×8 m",
                "search_key": fold(title),
                "category_id": categories[i % 10].id,
                "location_id": locations[i % 8].id,
                "unit_id": units[i % 12].id,
                "due_at": now + timedelta(hours=i - 500),
                "priority": 2,
                "status": ("todo", "in_progress", "done", "verified")[i % 4],
                "blocked_reason": "",
                "description": "",
                "created_at": now,
            }
        )
    _insert(Task, tasks)


def _seed_other_event(number: int, badges: int, shared_hash: str, now, today) -> None:
    """Another congress with its zones, gates and ``badges`` accredited journalists (Core inserts)."""
    event = create_event(f"B{number:03d}", f"Đại hội thử số {number}", level="district", status="running")
    zones = [Zone(event_id=event.id, code=c, name=f"Khu vực {c}") for c in ("PC", "HT", "HB")]
    db.session.add_all(zones)
    db.session.flush()
    db.session.add_all([Gate(event_id=event.id, zone_id=z.id, name=f"Cổng {z.code}") for z in zones])
    first_user = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    first_application = (db.session.scalar(select(func.max(Application.id))) or 0) + 1
    key = tokens.key(qr.PURPOSE, event.key_id)
    users, applications, badge_rows = [], [], []
    for i in range(badges):
        email = f"pv{number}x{i}@bench.vn"
        users.append(
            {
                "email": email,
                "password_hash": shared_hash,
                "full_name": f"Phóng viên {number}-{i}",
                "role": "journalist",
                "active": True,
                "language": "vi",
                "created_at": now,
                "email_verified_at": now,
                "session_token": f"{number:08d}{i:024x}",
            }
        )
        applications.append(
            {
                "event_id": event.id,
                "user_id": first_user + i,
                "full_name": f"Phóng viên {number}-{i}",
                "date_of_birth": date(1980, 1, 1),
                "national_id": f"{i:012d}",
                "press_card_number": f"NB{i:07d}",
                "organisation_id": 1 + i % 100,
                "position": "Phóng viên",
                "category": "reporter",
                "phone": "+84912345678",
                "email": email,
                "status": "approved",
                "submitted_at": now,
                "updated_at": now,
                "search_key": fold(f"Phong vien {number} {i}"),
            }
        )
        serial, nonce = f"PC-{i + 1:05d}", f"{number:08x}{i:024x}"
        badge_rows.append(
            {
                "event_id": event.id,
                "application_id": first_application + i,
                "serial": serial,
                "version": 1,
                "token_hash": qr.hash_token(qr.derive_token(key, serial, 1, nonce)),
                "token_nonce": nonce,
                "zone_codes": "PC,HT,HB",
                "valid_from": today - timedelta(days=3),
                "valid_until": today + timedelta(days=10),
                "colour": "#c62828",
                "issued_at": now,
            }
        )
    _insert(User, users)
    _insert(Application, applications)
    _insert(Badge, badge_rows)
