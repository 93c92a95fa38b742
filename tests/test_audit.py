"""The audit log's hash chain, written with and without a long-running writer's `Chain`."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from clearsight.store import Store, audit


def _entry(n: int) -> dict[str, Any]:
    return {"actor": f"user{n}", "channel": "web", "action": "view_person", "target": f"P{n}"}


def test_a_chain_kept_in_memory_writes_the_same_chain_as_reading_the_last_entry(
    store: Store,
) -> None:
    audit.record(store, **_entry(1))  # before the writer starts: its head is read once
    chain = audit.Chain()
    for n in range(2, 6):
        audit.record(store, chain=chain, **_entry(n))
    assert audit.verify_chain(store) == []
    rows = store.rows("SELECT previous_hash, entry_hash FROM audit_log ORDER BY audit_id")
    assert len(rows) == 5
    assert all(rows[i][0] == rows[i - 1][1] for i in range(1, 5))
    assert chain.verify(store) == []


def test_a_failed_entry_does_not_move_the_head(store: Store) -> None:
    chain = audit.Chain()
    audit.record(store, chain=chain, **_entry(1))
    with pytest.raises(duckdb.ConstraintException):
        audit.record(store, chain=chain, **{**_entry(2), "target": None})  # type: ignore[arg-type]
    audit.record(store, chain=chain, **_entry(3))
    assert audit.verify_chain(store) == []
    assert [r[0] for r in store.rows("SELECT actor FROM audit_log ORDER BY audit_id")] == [
        "user1", "user3"]


def test_the_writer_checks_new_entries_at_each_look_and_remembers_breaks(store: Store) -> None:
    chain = audit.Chain()
    for n in range(1, 4):
        audit.record(store, chain=chain, **_entry(n))
    assert chain.verify(store) == []
    audit.record(store, chain=chain, **_entry(4))
    audit.record(store, chain=chain, **_entry(5))
    store.execute("UPDATE audit_log SET target = 'someone else' WHERE actor = 'user4'")
    [edited] = [int(r[0]) for r in store.rows(
        "SELECT audit_id FROM audit_log WHERE actor = 'user4'")]
    assert chain.verify(store) == [edited]
    assert chain.verify(store) == [edited]  # a break stays reported
    assert audit.verify_chain(store) == [edited]
