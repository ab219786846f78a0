"""Trigram index for the applications' contains-search (issue 18, speed)

PostgreSQL: the pg_trgm extension and a GIN index on applications.search_key (gin_trgm_ops),
which the queue's LIKE '%…%' uses as it is. SQLite: an FTS5 table with the trigram tokenizer
over search_key (external content) and three triggers keeping it in step, filled from the
existing rows; raw DDL (Alembic has no operation for a virtual table). The statements live in
app/accreditation/search_index.py, repeated here so that this migration never changes.

Revision ID: c7e1a9d3f5b2
Revises: c9e4a7b2d1f0
Create Date: 2026-12-05 17:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c7e1a9d3f5b2'
down_revision = 'c9e4a7b2d1f0'
branch_labels = None
depends_on = None

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS applications_fts USING fts5("
    "search_key, content='applications', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS applications_fts_ai AFTER INSERT ON applications BEGIN "
    "INSERT INTO applications_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER IF NOT EXISTS applications_fts_ad AFTER DELETE ON applications BEGIN "
    "INSERT INTO applications_fts(applications_fts, rowid, search_key) "
    "VALUES ('delete', old.id, old.search_key); END",
    "CREATE TRIGGER IF NOT EXISTS applications_fts_au AFTER UPDATE OF search_key ON applications BEGIN "
    "INSERT INTO applications_fts(applications_fts, rowid, search_key) "
    "VALUES ('delete', old.id, old.search_key); "
    "INSERT INTO applications_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
    "INSERT INTO applications_fts(applications_fts) VALUES ('rebuild')",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS applications_fts_ai",
    "DROP TRIGGER IF EXISTS applications_fts_ad",
    "DROP TRIGGER IF EXISTS applications_fts_au",
    "DROP TABLE IF EXISTS applications_fts",
)
POSTGRES_CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_applications_search_trgm ON applications USING gin (search_key gin_trgm_ops)",
)
POSTGRES_DROP = ("DROP INDEX IF EXISTS ix_applications_search_trgm",)


def _run(statements):
    for statement in statements:
        op.execute(statement)


def upgrade():
    _run(SQLITE_CREATE if op.get_bind().dialect.name == "sqlite" else POSTGRES_CREATE)


def downgrade():
    _run(SQLITE_DROP if op.get_bind().dialect.name == "sqlite" else POSTGRES_DROP)
