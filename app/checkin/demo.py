"""Demo zones, gates and a few days of scans at the press centre and the congress hall."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from app.accounts.models import User
from app.accreditation.models import Application
from app.badges import qr
from app.badges.models import Badge
from app.checkin.models import Gate, Scan
from app.core.timeutil import from_local, local_today, utcnow
from app.events.models import Zone
from app.extensions import db

SCANNER_EMAIL = "cong.a@demo.presscentre.vn"

ZONES = [
    ("PC", "Trung tâm báo chí"),
    ("HT", "Hội trường – khu vực báo chí"),
    ("HB", "Phòng họp báo"),
    ("AN", "Khu vực chụp ảnh"),
    ("PH", "Khu vực truyền hình"),
]

GATES = [
    ("PC", "Cổng A – Trung tâm báo chí (vào)", "in"),
    ("PC", "Cổng A – Trung tâm báo chí (ra)", "out"),
    ("PC", "Cổng B – Trung tâm báo chí (hai chiều)", "both"),
    ("HT", "Cổng C – Hội trường, lối báo chí (vào)", "in"),
    ("HT", "Cổng C – Hội trường, lối báo chí (ra)", "out"),
    ("HB", "Cửa Phòng họp báo (hai chiều)", "both"),
    ("AN", "Lối vào khu vực chụp ảnh, tầng 2", "both"),
    ("PH", "Cổng khu vực truyền hình trực tiếp", "both"),
]


def seed() -> None:
    """The five zones of a provincial congress press centre and eight gates."""
    zones = {}
    for order, (code, name) in enumerate(ZONES):
        zone = db.session.scalar(select(Zone).where(Zone.code == code))
        if zone is None:
            zone = Zone(code=code, name=name, sort_order=order * 10)
            db.session.add(zone)
        zones[code] = zone
    db.session.flush()
    for code, name, direction in GATES:
        db.session.add(Gate(zone_id=zones[code].id, name=name, direction=direction, active=True))
    db.session.flush()


def _at(day: date, hour: int, minute: int, rng: random.Random) -> datetime:
    return from_local(datetime.combine(day, time(hour, minute, rng.randrange(60))))


def seed_late() -> None:
    """A few hundred scans over the last days (bulk insert): entries, exits, hall sessions, refusals."""
    rng = random.Random(16)
    staff_id = db.session.scalar(select(User.id).where(User.email == SCANNER_EMAIL))
    gates = {(g.zone.code, g.direction): g.id for g in db.session.scalars(select(Gate))}
    if not gates:
        return
    badges = db.session.execute(
        select(Badge.id, Badge.token_hash, Badge.zone_codes, Badge.superseded_at, Badge.revoked_at)
        .join(Application, Application.id == Badge.application_id)
        .where(Application.status == "approved")
        .order_by(Badge.id)
    ).all()
    valid = [b for b in badges if b.superseded_at is None and b.revoked_at is None]
    refused = [b for b in badges if b.superseded_at is not None or b.revoked_at is not None]
    now = utcnow()
    today = local_today()
    rows: list[dict] = []

    def add(at, token_hash, badge_id, gate_id, result, reason=None):
        if gate_id is None or at > now:
            return
        rows.append(
            {
                "created_at": at,
                "scanned_at": at,
                "token_hash": token_hash,
                "badge_id": badge_id,
                "gate_id": gate_id,
                "user_id": staff_id,
                "result": result,
                "reason": reason,
                "offline": rng.random() < 0.05,
            }
        )

    for offset in (2, 1, 0):
        day = today - timedelta(days=offset)
        for badge in rng.sample(valid, min(len(valid), 45)):
            zones = badge.zone_codes.split(",")
            entered = _at(day, rng.randint(7, 9), rng.randrange(60), rng)
            add(entered, badge.token_hash, badge.id, gates.get(("PC", "in")), "accepted")
            if rng.random() < 0.15:  # shown twice at the turnstile
                add(
                    entered + timedelta(seconds=20),
                    badge.token_hash,
                    badge.id,
                    gates.get(("PC", "in")),
                    "duplicate",
                    "duplicate",
                )
            if "HT" in zones and rng.random() < 0.6:
                hall = entered + timedelta(minutes=rng.randint(20, 60))
                add(hall, badge.token_hash, badge.id, gates.get(("HT", "in")), "accepted")
                add(
                    hall + timedelta(hours=2, minutes=rng.randint(0, 50)),
                    badge.token_hash,
                    badge.id,
                    gates.get(("HT", "out")),
                    "accepted",
                )
            elif "HT" not in zones and rng.random() < 0.1:
                add(
                    entered + timedelta(minutes=30),
                    badge.token_hash,
                    badge.id,
                    gates.get(("HT", "in")),
                    "denied",
                    "wrong_zone",
                )
            if "HB" in zones and rng.random() < 0.3:
                briefing = _at(day, 14, rng.randrange(30), rng)
                for moment in (briefing, briefing + timedelta(minutes=rng.randint(50, 80))):  # in, then out
                    add(moment, badge.token_hash, badge.id, gates.get(("HB", "both")), "accepted")
            if offset or rng.random() < 0.4:  # today many are still inside
                add(
                    _at(day, rng.randint(16, 18), rng.randrange(60), rng),
                    badge.token_hash,
                    badge.id,
                    gates.get(("PC", "out")),
                    "accepted",
                )
        for badge in refused:
            reason = "superseded" if badge.superseded_at is not None else "revoked"
            add(
                _at(day, 8, rng.randrange(60), rng),
                badge.token_hash,
                badge.id,
                gates.get(("PC", "in")),
                "denied",
                reason,
            )
        for _ in range(2):  # a photocopied or foreign code
            add(
                _at(day, rng.randint(8, 15), rng.randrange(60), rng),
                qr.hash_token(qr.new_token()),
                None,
                gates.get(("PC", "in")),
                "denied",
                "unknown",
            )
    if rows:
        db.session.execute(insert(Scan), rows)
