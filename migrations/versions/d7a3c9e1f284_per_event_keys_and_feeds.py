"""Per-event keys and feeds (issue 15, step 2)

Every event gets a key id that names its signing keys (app/core/tokens.py); the existing
events keep "site", the key id their badges were printed under, so every printed badge
still opens the gates. Private calendar and release feeds become one per user and event:
the existing ones belong to the first event. Their URL tokens are now signed with the
event's key instead of SECRET_KEY: a feed page shows a new URL once (the old one stops
working), which is the price of tokens that mean one congress only. Staff roles become
memberships: every staff account (neither administrator nor journalist) keeps its role in
the first event; administrators and journalists hold site roles and need none.

Revision ID: d7a3c9e1f284
Revises: c4e1f7a2b9d0
Create Date: 2026-12-04 20:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d7a3c9e1f284"
down_revision = "c4e1f7a2b9d0"
branch_labels = None
depends_on = None

FEEDS = ("briefing_feeds", "release_feed_secrets")


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=32), nullable=False, server_default="site"))
    bind = op.get_bind()
    first_id = bind.execute(sa.text("SELECT min(id) FROM events")).scalar()
    for table in FEEDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        bind.execute(sa.text(f"UPDATE {table} SET event_id = :event_id"), {"event_id": first_id})
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("event_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f"ix_{table}_event_id"), ["event_id"], unique=False)
            batch_op.create_foreign_key(batch_op.f(f"fk_{table}_event_id_events"), "events", ["event_id"], ["id"])
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_user_id"), type_="unique")
            batch_op.create_unique_constraint(f"uq_{table}_event_user", ["event_id", "user_id"])
            batch_op.create_index(batch_op.f(f"ix_{table}_user_id"), ["user_id"], unique=False)
    if first_id is not None:
        bind.execute(
            sa.text(
                "INSERT INTO memberships (user_id, event_id, role, created_at) "
                "SELECT id, :event_id, role, created_at FROM users "
                "WHERE role NOT IN ('admin', 'overview', 'journalist') "
                "AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.event_id = :event_id)"
            ),
            {"event_id": first_id},
        )


def downgrade():
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM events")).scalar() > 1:
        raise RuntimeError("cannot downgrade: the database holds more than one event")
    for table in reversed(FEEDS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_user_id"))
            batch_op.drop_constraint(f"uq_{table}_event_user", type_="unique")
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_user_id"), ["user_id"])
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_event_id_events"), type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_event_id"))
            batch_op.drop_column("event_id")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("key_id")
