"""Dashboard fixtures: a representative congress of any size, coverage items, a SQL counter.

``build_world(n)`` adds n of everything the dashboard counts — applications in every
status, printed badges, gates with today's scans, conferences with sign-ups, releases
(published, under embargo, in review), decoration tasks (verified, done, overdue) and
coverage items — with bulk-friendly direct inserts, so two sizes can be compared.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from app.core.timeutil import local_today, utcnow
from app.dashboard.models import CoverageItem

TESTID = re.compile(r'data-testid="(?P<name>[^"]+)"[^>]*>(?P<text>[^<]*)<')


def by_testid(html: str) -> dict[str, str]:
    """Every element with a data-testid whose text comes before any child tag: name → text."""
    return {m.group("name"): m.group("text").strip() for m in TESTID.finditer(html)}


def first_int(text: str) -> int:
    """The first whole number in a text (e.g. "12 application(s) found." → 12)."""
    match = re.search(r"\d+", text)
    assert match, f"no number in {text!r}"
    return int(match.group())


@pytest.fixture
def count_queries(db):
    """Context manager collecting every SQL statement run inside it."""

    @contextmanager
    def counting():
        statements: list[str] = []

        def listener(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)

    return counting


@pytest.fixture
def make_coverage(db, make_user):
    """Factory: a coverage item (committed)."""
    counter = {"n": 0}

    def make(journalist=None, **overrides) -> CoverageItem:
        counter["n"] += 1
        item = CoverageItem(
            journalist_id=journalist.id if journalist else None,
            url=overrides.pop("url", f"https://baonghean.vn/bai-{counter['n']}.html"),
            title=overrides.pop("title", f"Tin bài Đại hội số {counter['n']}"),
            outlet=overrides.pop("outlet", "Báo Nghệ An"),
            published_on=overrides.pop("published_on", local_today()),
            medium=overrides.pop("medium", "online"),
            **overrides,
        )
        item.refresh_search_key()
        db.session.add(item)
        db.session.commit()
        return item

    return make


@pytest.fixture
def build_world(db, make_user, make_application, make_badge, make_zone, make_organisation):
    """Factory: ``build_world(n)`` adds about n rows of each kind the dashboard counts."""
    from app.briefings.models import Conference, Room, Signup
    from app.checkin.models import Gate, Scan
    from app.checkin.occupancy import day_start
    from app.releases.models import Release
    from app.venue.models import Location, Task, TaskCategory, Unit

    state = {"round": 0}

    def build(n: int) -> None:
        state["round"] += 1
        r = state["round"]
        now = utcnow()
        start = day_start()
        zone_pc, zone_ht = make_zone("PC", "Trung tâm báo chí", 0), make_zone("HT", "Hội trường", 1)
        gate_in = Gate(zone_id=zone_pc.id, name=f"Cổng A{r} (vào)", direction="in")
        gate_out = Gate(zone_id=zone_pc.id, name=f"Cổng A{r} (ra)", direction="out")
        gate_ht = Gate(zone_id=zone_ht.id, name=f"Cổng C{r} (hai chiều)", direction="both")
        db.session.add_all([gate_in, gate_out, gate_ht])
        db.session.commit()
        orgs = [make_organisation(level=level) for level in ("central", "local", "foreign")]
        statuses = ("submitted", "approved", "approved", "rejected", "changes_requested")
        approved_users = []
        for i in range(n):
            application = make_application(status=statuses[i % len(statuses)], organisation=orgs[i % 3])
            if application.status != "approved":
                continue
            approved_users.append(application.user_id)
            badge, token = make_badge(application, zones="PC,HT")
            if i % 2:
                badge.printed_at = now
            # Everyone comes in; one in three leaves again; half go to the hall.
            minutes = (i % 50) + 1
            scans = [
                Scan(token_hash=badge.token_hash, badge_id=badge.id, gate_id=gate_in.id, result="accepted")
            ]
            scans[0].scanned_at = max(start, now - timedelta(minutes=minutes + 5))
            if i % 3 == 0:
                scans.append(
                    Scan(
                        token_hash=badge.token_hash, badge_id=badge.id, gate_id=gate_out.id, result="accepted"
                    )
                )
                scans[-1].scanned_at = max(start, now - timedelta(minutes=minutes))
            if i % 2 == 0:
                scans.append(
                    Scan(
                        token_hash=badge.token_hash, badge_id=badge.id, gate_id=gate_ht.id, result="accepted"
                    )
                )
                scans[-1].scanned_at = max(start, now - timedelta(minutes=minutes))
            scans.append(Scan(token_hash="0" * 64, gate_id=gate_in.id, result="denied", reason="unknown"))
            scans[-1].scanned_at = max(start, now - timedelta(minutes=minutes + 1))
            db.session.add_all(scans)
        db.session.commit()

        author = make_user("press_officer")
        room = Room(name=f"Phòng họp báo {r}", capacity=100)
        unit = Unit()
        unit.set_name(f"Đơn vị {r}")
        location, category = Location(name=f"Hội trường {r}"), TaskCategory(name=f"Pano {r}")
        db.session.add_all([room, unit, location, category])
        db.session.commit()
        for i in range(n):
            conference = Conference(
                title=f"Họp báo {r}.{i}",
                room_id=room.id,
                starts_at=now + timedelta(hours=1 + i),
                ends_at=now + timedelta(hours=1 + i, minutes=45),
                capacity=5,
                status="changed" if i % 7 == 3 else "scheduled",
            )
            db.session.add(conference)
            db.session.flush()
            for k, user_id in enumerate(approved_users[: i % 8]):
                waiting = k >= 5
                db.session.add(
                    Signup(
                        conference_id=conference.id,
                        user_id=user_id,
                        status="waitlisted" if waiting else "registered",
                        position=k - 4 if waiting else None,
                    )
                )
            release = Release(author_id=author.id, category="press_release", audience="public")
            release.set_text(f"Thông cáo {r}.{i}", "Tóm tắt", "Nội dung")
            kind = i % 3
            if kind == 0:
                release.status, release.publish_at = "published", now - timedelta(hours=i + 1)
                release.published_at = release.publish_at
            elif kind == 1:
                release.status, release.publish_at = "approved", now + timedelta(hours=i + 1)
            else:
                release.status = "in_review"
            db.session.add(release)
            task = Task(
                title=f"Lắp pano {r}.{i}",
                category_id=category.id,
                location_id=location.id,
                unit_id=unit.id if i % 2 else None,
                due_at=now + timedelta(days=1) if i % 4 else now - timedelta(days=1),
                status=("todo", "in_progress", "done", "verified", "blocked")[i % 5],
            )
            task.refresh_search_key()
            db.session.add(task)
            item = CoverageItem(
                url=f"https://vtv.vn/r{r}/{i}.html",
                title=f"Phóng sự {r}.{i}",
                outlet=("VTV", "Báo Nghệ An", "VOV")[i % 3],
                published_on=local_today() - timedelta(days=i % 3),
                medium=("tv", "print", "radio", "online")[i % 4],
            )
            item.refresh_search_key()
            db.session.add(item)
        db.session.commit()

    return build
