"""Facts read from narratives, kept beside the event version they were read from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from clearsight.store.db import Store

FACT_COLUMNS = (
    "agency",
    "record_id",
    "version",
    "reader_version",
    "kind",
    "value",
    "polarity",
    "start_at",
    "end_at",
    "span_text",
    "body_sites",
    "patterned",
    "about",
    "cue",
)


def unread(
    store: Store, reader_version: int, batch: int = 20_000, *, scoped: bool = False
) -> Iterator[list[tuple[str, str, int, str]]]:
    """Current events whose description this reader version has not read, in batches:
    (agency, record_id, version, description). `scoped`: only the events of a scoped
    detection run (`rule_scope_events`, see `clearsight.store.rules.prepare_people`), looked up
    in `narratives_read` by their keys rather than set against every event."""
    events, done = "current_events", "narratives_read"
    if scoped:
        events = "rule_scope_events"
        done = (
            "(SELECT * FROM narratives_read "
            "SEMI JOIN rule_scope_events USING (agency, record_id, version))"
        )
    rows = store.rows(
        f"""
        SELECT e.agency, e.record_id, e.version, e.description
        FROM {events} e
        ANTI JOIN (SELECT agency, record_id, version FROM {done}
                   WHERE reader_version = ?) r USING (agency, record_id, version)
        WHERE e.description IS NOT NULL
        ORDER BY e.agency, e.record_id
        """,
        [reader_version],
    )
    for start in range(0, len(rows), batch):
        yield [(str(a), str(r), int(v), str(d)) for a, r, v, d in rows[start : start + batch]]


def save(
    store: Store,
    reader_version: int,
    read: list[tuple[str, str, int, int]],
    facts: list[dict[str, Any]],
) -> None:
    """Record one batch: which event versions were read (and how many facts), and the facts."""
    read_table = pa.table(
        {
            "agency": pa.array([r[0] for r in read], pa.string()),
            "record_id": pa.array([r[1] for r in read], pa.string()),
            "version": pa.array([r[2] for r in read], pa.int32()),
            "reader_version": pa.array([reader_version] * len(read), pa.int32()),
            "facts": pa.array([r[3] for r in read], pa.int32()),
        }
    )
    fact_table = pa.table(
        {
            "agency": pa.array([f["agency"] for f in facts], pa.string()),
            "record_id": pa.array([f["record_id"] for f in facts], pa.string()),
            "version": pa.array([f["version"] for f in facts], pa.int32()),
            "reader_version": pa.array([reader_version] * len(facts), pa.int32()),
            "kind": pa.array([f["kind"] for f in facts], pa.string()),
            "value": pa.array([f["value"] for f in facts], pa.string()),
            "polarity": pa.array([f["polarity"] for f in facts], pa.string()),
            "start_at": pa.array([f["start"] for f in facts], pa.int32()),
            "end_at": pa.array([f["end"] for f in facts], pa.int32()),
            "span_text": pa.array([f["span_text"] for f in facts], pa.string()),
            "body_sites": pa.array([list(f["body_sites"]) for f in facts], pa.list_(pa.string())),
            "patterned": pa.array([f["patterned"] for f in facts], pa.bool_()),
            "about": pa.array([f["about"] for f in facts], pa.string()),
            "cue": pa.array([f["cue"] for f in facts], pa.string()),
        }
    )
    store.register("_read", read_table)
    store.register("_facts", fact_table)
    try:
        with store.transaction():
            store.execute("INSERT INTO narratives_read SELECT * FROM _read")
            store.execute(
                f"INSERT INTO narrative_facts SELECT {', '.join(FACT_COLUMNS)} FROM _facts"
            )
    finally:
        store.unregister("_read")
        store.unregister("_facts")


def facts_for(store: Store, keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The facts read from the current version of these events (agency, record_id)."""
    if not keys:
        return []
    return store.dicts(
        """
        SELECT f.* FROM narrative_facts f
        JOIN current_events e USING (agency, record_id, version)
        WHERE (f.agency, f.record_id) IN (SELECT unnest(?) AS a, unnest(?) AS r)
        ORDER BY f.agency, f.record_id, f.start_at
        """,
        [[k[0] for k in keys], [k[1] for k in keys]],
    )
