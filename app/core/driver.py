"""SQLAlchemy statements run straight on the database driver, for the one hot path (issue 18).

The gate's scan runs the same few statements thousands of times an hour. SQLAlchemy's
execution machinery (contexts, events, result objects) costs about as much CPU as the
database work itself there. A :class:`Prepared` statement is compiled once per dialect from
the very statement the ORM path runs (so the SQL is written once), and :func:`first` runs it
on a DBAPI cursor with the dialect's own value conversions (SQLite keeps dates as text, for
instance) — the rows come back as the ORM path would see them.

Only for statements whose parameters are plain values (no "expanding" IN lists).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement


class Prepared:
    """One statement compiled for one dialect: its SQL, parameter order and value converters."""

    __slots__ = ("sql", "names", "constants", "to_db", "from_db", "positional")

    def __init__(
        self, statement: ClauseElement, dialect: Dialect, column_keys: tuple[str, ...] | None = None
    ):
        # An INSERT names the columns it is given (as SQLAlchemy compiles it for those values).
        compiled = statement.compile(dialect=dialect, column_keys=list(column_keys) if column_keys else None)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("expanding parameters are not supported here")
        self.sql: str = compiled.string
        self.positional: bool = bool(compiled.positional)
        self.names: list[str] = list(compiled.positiontup or []) if self.positional else list(compiled.binds)
        # Values fixed in the statement itself (literal(...)): sent as parameters too.
        self.constants: dict[str, Any] = {
            name: bind.value for name, bind in compiled.binds.items() if not bind.required
        }
        processors = compiled._bind_processors  # noqa: SLF001 - the dialect's own converters
        self.to_db: list[tuple[str, Callable | None]] = [(name, processors.get(name)) for name in self.names]
        self.from_db: list[Callable | None] = [
            entry.type._cached_result_processor(dialect, None)  # noqa: SLF001
            for entry in compiled._result_columns  # noqa: SLF001
        ]

    def parameters(self, values: dict[str, Any]):
        converted = []
        for name, to_db in self.to_db:
            value = values[name] if name in values else self.constants[name]
            converted.append(to_db(value) if to_db is not None and value is not None else value)
        return converted if self.positional else dict(zip(self.names, converted, strict=True))

    def row(self, raw) -> tuple | None:
        if raw is None:
            return None
        return tuple(
            value if from_db is None or value is None else from_db(value)
            for value, from_db in zip(raw, self.from_db, strict=True)
        )


class Statements:
    """Statements prepared lazily for one dialect (one instance per dialect, shared by threads:
    preparing the same statement twice at once is harmless)."""

    def __init__(self, dialect: Dialect):
        self.dialect = dialect
        self._prepared: dict[tuple, Prepared] = {}

    def get(self, statement: ClauseElement, column_keys: tuple[str, ...] | None = None) -> Prepared:
        key = (id(statement), column_keys)
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepared[key] = Prepared(statement, self.dialect, column_keys)
        return prepared


# Who wants to see each statement run here (the tests' statement counters, like SQLAlchemy's
# "before_cursor_execute" listeners for the rest of the application).
_listeners: list[Callable[[str], None]] = []


def listen(callback: Callable[[str], None]) -> None:
    _listeners.append(callback)


def remove(callback: Callable[[str], None]) -> None:
    _listeners.remove(callback)


def execute(cursor, sql: str, parameters=()) -> None:
    """Run one statement on a DBAPI cursor (every statement of this module goes through here)."""
    for callback in _listeners:
        callback(sql)
    cursor.execute(sql, parameters)


def send(cursor, prepared: Prepared, values: dict[str, Any]) -> None:
    """Run ``prepared`` with ``values`` without reading its rows (in psycopg's pipeline mode:
    queue it, to be sent with the next sync; :func:`rows` reads them afterwards)."""
    execute(cursor, prepared.sql, prepared.parameters(values))


def rows(cursor, prepared: Prepared) -> list[tuple]:
    """Every row of the statement last run on ``cursor``, converted (by the statement's own
    columns: in pipeline mode the cursor knows them only once its result is fetched)."""
    return [prepared.row(raw) for raw in cursor.fetchall()] if prepared.from_db else []


def run(cursor, prepared: Prepared, values: dict[str, Any]) -> list[tuple]:
    """Run ``prepared`` with ``values`` on a DBAPI cursor; every row, converted.

    Every row is read, so the statement is finished (SQLite cannot commit while an INSERT …
    RETURNING is still stepping).
    """
    send(cursor, prepared, values)
    return rows(cursor, prepared)


def first(cursor, prepared: Prepared, values: dict[str, Any]) -> tuple | None:
    """Run ``prepared`` with ``values`` on a DBAPI cursor; its first row, converted, or None."""
    rows = run(cursor, prepared, values)
    return rows[0] if rows else None
