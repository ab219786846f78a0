"""Events layer: events and memberships; every event-owned table gets event_id (issue 15, step 1)

The existing single-congress database becomes its first event: the event is named by
the EVENT_CODE / EVENT_NAME / EVENT_TIMEZONE / EVENT_FIRST_DAY / EVENT_LAST_DAY settings
(defaults "DH16", the provincial congress, Asia/Ho_Chi_Minh) and every existing row of an
owned table is assigned to it; audit events and outbox messages too (they all happened
inside that congress). A fresh database gets the same first event, so an installation
always has one. Uniqueness that was global becomes per event (zone code, badge serial,
one application per person, room/unit/location name, coverage link).

Revision ID: c4e1f7a2b9d0
Revises: a9b830e434e7
Create Date: 2026-12-04 17:55:00

"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = "c4e1f7a2b9d0"
down_revision = "a9b830e434e7"
branch_labels = None
depends_on = None

# Every table whose rows belong to one event (event_id NOT NULL).
OWNED = (
    "zones",
    "gates",
    "devices",
    "scans",
    "scan_alarms",
    "applications",
    "badges",
    "briefing_rooms",
    "briefing_speakers",
    "conferences",
    "conference_signups",
    "conference_questions",
    "releases",
    "release_revisions",
    "release_corrections",
    "release_attachments",
    "release_downloads",
    "units",
    "locations",
    "tasks",
    "task_evidence",
    "task_comments",
    "task_events",
    "coverage_items",
)
# Rows that carry the event when they happened inside one (event_id nullable).
OPTIONAL = ("audit_events", "outbox_messages")

# (table, old global unique constraint, new per-event constraint name, its columns)
UNIQUES = (
    ("zones", "uq_zones_code", "uq_zones_event_code", ["event_id", "code"]),
    ("applications", "uq_applications_user_id", "uq_applications_event_user", ["event_id", "user_id"]),
    (
        "applications",
        "uq_applications_national_id",
        "uq_applications_event_national_id",
        ["event_id", "national_id"],
    ),
    (
        "applications",
        "uq_applications_press_card_number",
        "uq_applications_event_press_card",
        ["event_id", "press_card_number"],
    ),
    ("badges", "uq_badges_serial_version", "uq_badges_event_serial_version", ["event_id", "serial", "version"]),
    ("briefing_rooms", "uq_briefing_rooms_name", "uq_briefing_rooms_event_name", ["event_id", "name"]),
    ("units", "uq_units_name", "uq_units_event_name", ["event_id", "name"]),
    ("locations", "uq_locations_name", "uq_locations_event_name", ["event_id", "name"]),
    ("coverage_items", "uq_coverage_items_url", "uq_coverage_items_event_url", ["event_id", "url"]),
)


def _setting(name, default=None):
    try:
        return current_app.config.get(name) or default
    except RuntimeError:  # alembic run outside the app
        import os

        return os.environ.get(name) or default


def _day(value):
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _check_foreign_keys_on_sqlite():
    """migrations/env.py turns SQLite's foreign keys off while batch mode rebuilds tables;
    this proves every reference still holds before the migration commits."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        broken = bind.execute(sa.text("PRAGMA foreign_key_check")).all()
        if broken:
            raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")


def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=True),
        sa.Column("place", sa.String(length=255), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("code", name=op.f("uq_events_code")),
    )
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_memberships_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint("user_id", "event_id", "role", name="uq_memberships_user_event_role"),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memberships_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_memberships_user_id"), ["user_id"], unique=False)

    bind = op.get_bind()
    has_data = any(bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() for table in OWNED)
    events = sa.table(
        "events",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("level", sa.String),
        sa.column("timezone", sa.String),
        sa.column("first_day", sa.Date),
        sa.column("last_day", sa.Date),
        sa.column("status", sa.String),
        sa.column("created_at", sa.DateTime),
    )
    op.bulk_insert(
        events,
        [
            {
                "code": str(_setting("EVENT_CODE", "DH16")).strip().upper(),
                "name": _setting("EVENT_NAME", "Press centre"),
                "level": "provincial",
                "timezone": _setting("EVENT_TIMEZONE", "Asia/Ho_Chi_Minh"),
                "first_day": _day(_setting("EVENT_FIRST_DAY")),
                "last_day": _day(_setting("EVENT_LAST_DAY")),
                # An existing congress was being served; a fresh installation starts accepting applications.
                "status": "running" if has_data else "open",
                "created_at": datetime.now(UTC).replace(tzinfo=None),
            }
        ],
    )
    first_id = bind.execute(sa.text("SELECT min(id) FROM events")).scalar()

    for table in OWNED + OPTIONAL:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        bind.execute(sa.text(f"UPDATE {table} SET event_id = :event_id"), {"event_id": first_id})
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table in OWNED:
                batch_op.alter_column("event_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f"ix_{table}_event_id"), ["event_id"], unique=False)
            batch_op.create_foreign_key(batch_op.f(f"fk_{table}_event_id_events"), "events", ["event_id"], ["id"])

    for table, old, new, columns in UNIQUES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(old, type_="unique")
            batch_op.create_unique_constraint(new, columns)
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applications_user_id"), ["user_id"], unique=False)
    _check_foreign_keys_on_sqlite()


def downgrade():
    """Back to one congress: only possible while the database holds a single event."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM events")).scalar() > 1:
        raise RuntimeError("cannot downgrade: the database holds more than one event")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_user_id"))
    for table, old, new, columns in reversed(UNIQUES):
        old_columns = [c for c in columns if c != "event_id"]
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(new, type_="unique")
            batch_op.create_unique_constraint(old, old_columns)
    for table in reversed(OWNED + OPTIONAL):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_event_id_events"), type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_event_id"))
            batch_op.drop_column("event_id")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_user_id"))
        batch_op.drop_index(batch_op.f("ix_memberships_event_id"))
    op.drop_table("memberships")
    op.drop_table("events")
    _check_foreign_keys_on_sqlite()
