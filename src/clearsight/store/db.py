"""The connection, transactions and migrations of the embedded DuckDB store."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from clearsight.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "clearsight.duckdb"
ENV_DB = "CLEARSIGHT_DB"

#: How much memory the store's queries may use before DuckDB spills to disk beside the store
#: (`CLEARSIGHT_MEMORY`, e.g. `4GB`). Bounded so that loading a file ten times larger does not
#: need ten times the memory.
ENV_MEMORY = "CLEARSIGHT_MEMORY"
DEFAULT_MEMORY = "2GB"
_MEMORY = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


def utc_now() -> dt.datetime:
    """Now in UTC, without an offset: how the store records every time it stamps."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class StoreError(Exception):
    """A problem with the store a person can act on (locked, newer schema, not a store)."""


def resolve_db_path(option: str | Path | None = None) -> Path:
    """The store file: the `--db` option, else `CLEARSIGHT_DB`, else `./clearsight.duckdb`."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_DB)
    return Path(env) if env else Path(DEFAULT_DB)


class Store:
    """One DuckDB file. Open it with `Store.open(path)`; every query in Clearsight goes here."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self._con = con
        self.path = path

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> Store:
        """Open (creating if needed, unless read-only) and bring the schema up to date."""
        db_path = resolve_db_path(path)
        if read_only and not db_path.exists():
            raise StoreError(
                f"{db_path}: no store here. Load files first with `clearsight ingest FILE`, "
                "or point at the store with --db PATH or CLEARSIGHT_DB."
            )
        if not read_only:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"{db_path}: cannot open the store ({exc}).") from exc
        except duckdb.Error as exc:
            raise StoreError(f"{db_path}: not a Clearsight store ({exc}).") from exc
        # DuckDB draws a progress bar on standard output for long queries; Clearsight's
        # standard output is data (CSV, JSON) that scripts read, so it must stay clean.
        con.execute("SET enable_progress_bar = false")
        memory = os.environ.get(ENV_MEMORY, DEFAULT_MEMORY).strip()
        if not _MEMORY.fullmatch(memory):
            con.close()
            raise StoreError(
                f"{ENV_MEMORY}='{memory}' is not an amount of memory: write e.g. 2GB or 512MB"
            )
        con.execute(f"SET memory_limit = '{memory}'")
        store = cls(con, db_path)
        if read_only:
            store._check_version()
        else:
            store.migrate()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    # -- schema -------------------------------------------------------------------------------

    def schema_version(self) -> int:
        exists = self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
        ).fetchone()
        if not exists or exists[0] == 0:
            return 0
        row = self._con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _check_version(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the store is at schema version {version}, newer than this "
                f"Clearsight understands ({SCHEMA_VERSION}). Upgrade Clearsight."
            )
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the store is at schema version {version}; open it once "
                "without --read-only (any command that writes) to migrate it."
            )

    def migrate(self) -> list[int]:
        """Apply every migration not yet applied, each in its own transaction."""
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            self._check_version()
        applied: list[int] = []
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self.transaction():
                for statement in migration.statements:
                    self._con.execute(statement)
                self._con.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    [migration.version, migration.name],
                )
            applied.append(migration.version)
        return applied

    # -- queries ------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: commit when the block ends, roll back on any exception."""
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self._con.execute(sql, params or [])

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        return self._con.execute(sql, params or []).fetchall()

    def one(self, sql: str, params: Sequence[Any] | None = None) -> tuple[Any, ...] | None:
        # fetch everything: DuckDB refuses some later calls while a result is half-read
        found = self._con.execute(sql, params or []).fetchall()
        return found[0] if found else None

    def dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cur = self._con.execute(sql, params or [])
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def register(self, name: str, data: Any) -> None:
        """Make an in-memory Arrow table queryable by `name` for this connection."""
        # DuckDB will not register while an earlier statement's result is unread (statements
        # run for their effect leave one); a fully read statement closes it.
        self._con.execute("SELECT 1").fetchall()
        self._con.register(name, data)

    def unregister(self, name: str) -> None:
        self._con.unregister(name)

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The raw connection, for the store package's own modules only."""
        return self._con
