"""A serving copy for the web application: the current events, subjects and person links,
held in memory in subject order, so that reading one person's records skips straight to them.

The store keeps events in the order their files arrived, so a person's handful of events are
spread through every part of the table and each lookup reads most of it (about 20 ms at 1.2
million events); sorted by agency and subject, DuckDB's per-block minimum and maximum let it read
one or two blocks (about 6 ms). The copy is made when the server starts and is read-only: the
server never changes events, and nothing else can while the server holds the store. It costs
memory (about 500 MiB for 1.2 million events), so it is skipped, with a message, when it does
not fit in the store's memory limit (`CLEARSIGHT_MEMORY`)."""

from __future__ import annotations

import duckdb

from clearsight.store.db import Store

#: Not a name a store file gives its own database (DuckDB names it after the file).
SCHEMA = "clearsight_serving_copy"


def make_serving_copy(store: Store) -> str | None:
    """Build the copy; return None when made, else why not (the server then reads the store)."""
    con = store.connection
    try:
        con.execute(f"ATTACH ':memory:' AS {SCHEMA}")
    except duckdb.Error as exc:
        return str(exc).splitlines()[0]
    try:
        con.execute(
            f"CREATE TABLE {SCHEMA}.current_events AS SELECT * FROM main.current_events "
            "ORDER BY agency, subject_ref, event_date"
        )
        con.execute(
            f"CREATE TABLE {SCHEMA}.subjects AS SELECT * FROM main.subjects "
            "ORDER BY agency, subject_ref"
        )
        con.execute(
            f"CREATE TABLE {SCHEMA}.person_members AS SELECT * FROM main.person_members "
            "WHERE to_run IS NULL ORDER BY person_id, agency, subject_ref"
        )
    except duckdb.Error as exc:
        con.execute(f"DETACH DATABASE IF EXISTS {SCHEMA}")
        return str(exc).splitlines()[0]
    return None


def use_serving_copy(store: Store) -> None:
    """Make unqualified names on this cursor read the copy first (tables the copy does not
    have, such as the audit log, are the store's)."""
    store.connection.execute(f"SET search_path = '{SCHEMA},main'")
