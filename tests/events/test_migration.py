"""The events migration turns a single-congress database into its first event, nothing lost.

A database is built at the previous revision (``a9b830e434e7``), every table gets rows
written with plain SQL (generated from the reflected old schema, so no table is forgotten),
then it is upgraded: every table keeps its row count and every owned row belongs to the
first event. Runs on the database under test (SQLite, or PostgreSQL with ``DATABASE_URL``).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_migrate import upgrade

from app.events.models import EventOwned
from app.extensions import db as _db
from tests.conftest import fresh_app, fresh_database

PREVIOUS = "a9b830e434e7"
ROWS = 3


def _value(table: sa.Table, column: sa.Column, n: int):
    """A value for row ``n`` (1-based) that satisfies types, foreign keys and unique constraints."""
    if column.foreign_keys:
        return n  # the parent table's row n (every table gets rows 1..ROWS, parents first)
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return n
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 10, 1, 8, n)
    if isinstance(kind, sa.Date):
        return date(2026, 10, n)
    if isinstance(kind, sa.JSON):
        return {}
    if isinstance(kind, sa.String):
        text = f"{column.name[:3]}{table.name[:3]}{n}"
        return text[-kind.length :] if kind.length else text
    if isinstance(kind, sa.Text | sa.types.NullType):
        return f"{column.name} {n}"
    raise AssertionError(f"no test value for {table.name}.{column.name} ({kind!r})")


def _fill_old_schema(connection) -> dict[str, int]:
    old = sa.MetaData()
    old.reflect(bind=connection)
    counts = {}
    for table in old.sorted_tables:
        if table.name == "alembic_version":
            continue
        columns = [c for c in table.columns if not (c.primary_key and c.autoincrement and not c.foreign_keys)]
        rows = [{c.name: _value(table, c, n) for c in columns} for n in range(1, ROWS + 1)]
        connection.execute(table.insert(), rows)
        counts[table.name] = ROWS
    return counts


def test_a_single_congress_database_becomes_its_first_event(tmp_path):
    with fresh_database(tmp_path) as url:
        app = fresh_app(
            url,
            tmp_path / "up",
            EVENT_CODE="dh16",
            EVENT_NAME="Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI",
            EVENT_FIRST_DAY="2026-10-14",
        )
        with app.app_context():
            upgrade(revision=PREVIOUS)
            with _db.engine.begin() as connection:
                before = _fill_old_schema(connection)
            upgrade()
            with _db.engine.connect() as connection:
                after = {name: connection.scalar(_count(name)) for name in before}
                events = connection.execute(
                    sa.text("SELECT id, code, name, status, first_day, key_id FROM events")
                ).all()
                owned = [t.name for t in _db.metadata.sorted_tables if _owned(t)]
                event_id = sa.column("event_id")
                strays = {
                    name: connection.scalar(
                        _count(name).where(sa.or_(event_id.is_(None), event_id != events[0][0]))
                    )
                    for name in [*owned, "audit_events", "outbox_messages"]
                }
            _db.engine.dispose()
    assert after == before
    assert len(before) >= 30  # every table of the old schema was filled
    assert len(events) == 1
    event_id, code, name, status, first_day, key_id = events[0]
    assert key_id == "site"  # the key its badges were printed under: they still open the gates
    assert (code, name, status) == ("DH16", "Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI", "running")
    assert str(first_day).startswith("2026-10-14")
    # 24 at step 1, then the two private feeds (one per user and event), then the help desk's
    # five, interviews' three, positions' four (sessions, positions, priorities, requests)
    # the outlets' seven (issue 19), the newsroom's and notices' seven (issue 21), and the
    # interview settings (the closed list, issue 20)
    assert len(owned) == 53
    assert strays == dict.fromkeys(strays, 0)


def _count(name: str) -> sa.Select:
    """SELECT count(*) FROM the named table (built, not formatted into SQL text)."""
    return sa.select(sa.func.count()).select_from(sa.table(name, sa.column("event_id")))


def _owned(table: sa.Table) -> bool:
    column = table.c.get("event_id")
    return column is not None and not column.nullable and table.name != "memberships"


def test_a_fresh_database_gets_a_first_event_open_for_applications(tmp_path):
    with fresh_database(tmp_path) as url:
        app = fresh_app(url, tmp_path / "u")
        with app.app_context():
            upgrade()
            with _db.engine.connect() as connection:
                events = connection.execute(sa.text("SELECT code, status FROM events")).all()
            _db.engine.dispose()
    assert events == [("DH16", "open")]


def test_every_owned_model_uses_the_mixin():
    owned = {m.class_.__tablename__ for m in _db.Model.registry.mappers if issubclass(m.class_, EventOwned)}
    assert "zones" in owned and "scans" in owned and "users" not in owned
