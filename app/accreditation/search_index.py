"""Accent-insensitive contains-search over applications at national scale (issue 18).

The queue's search is ``search_key LIKE '%<folded words>%'`` (``search_key`` is the folded
name, organisation, ID and press card numbers). A B-tree index cannot serve a contains
search, so each database gets a trigram index, chosen by the database in use:

* **PostgreSQL**: ``pg_trgm`` and a GIN index on ``search_key`` (``gin_trgm_ops``); the
  planner uses it for the LIKE itself, nothing else changes;
* **SQLite**: an FTS5 table with the ``trigram`` tokenizer over ``search_key``
  (external content: it stores only the index), kept in step by three triggers; the query
  adds ``id IN (SELECT rowid FROM applications_fts WHERE applications_fts MATCH '"…"')``
  for a query of three characters or more, and keeps the LIKE, so the answer is exactly
  the LIKE's.

The objects are created by the migration ``c7e1a9d3f5b2`` and, for databases made with
``create_all`` (tests, the benchmark), when the ``applications`` table is created.
Note: an Alembic batch rebuild of ``applications`` on SQLite drops the triggers; such a
migration must call :func:`create_sqlite` again.
"""

from __future__ import annotations

from sqlalchemy import event, literal_column, select, text

from app.accreditation.models import Application
from app.core.text import fold

FTS = "applications_fts"
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
MIN_TRIGRAM = 3  # a trigram index needs three characters


def include_name(name, type_, _parent_names) -> bool:
    """For Alembic's comparisons (autogenerate, the schema test): the search index's own
    objects (FTS5's shadow tables, the GIN index) are made by raw DDL, not by the models."""
    if type_ == "table" and name and name.startswith(FTS):
        return False
    return not (type_ == "index" and name == "ix_applications_search_trgm")


def create(connection) -> None:
    """The trigram index of the database in use (idempotent)."""
    statements = SQLITE_CREATE if connection.dialect.name == "sqlite" else POSTGRES_CREATE
    for statement in statements:
        connection.exec_driver_sql(statement)


def drop(connection) -> None:
    statements = SQLITE_DROP if connection.dialect.name == "sqlite" else POSTGRES_DROP
    for statement in statements:
        connection.exec_driver_sql(statement)


@event.listens_for(Application.__table__, "after_create")
def _after_create(_table, connection, **_kw) -> None:
    create(connection)


@event.listens_for(Application.__table__, "before_drop")
def _before_drop(_table, connection, **_kw) -> None:
    if connection.dialect.name == "sqlite":
        drop(connection)


_FTS_MATCH = (
    select(literal_column("rowid")).select_from(text(FTS)).where(text("applications_fts MATCH :fts_query"))
)


def contains(query: str, dialect_name: str):
    """The extra condition that lets the database use its trigram index, or None."""
    folded = fold(query)
    if dialect_name != "sqlite" or len(folded) < MIN_TRIGRAM:
        return None  # PostgreSQL: the LIKE uses the GIN index itself
    phrase = '"' + folded.replace('"', '""') + '"'
    return Application.id.in_(_FTS_MATCH.params(fts_query=phrase))
