"""Shared fixtures: a fresh store per test, and writers for small exchange-format files."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clearsight.ingest import IngestResult, ingest_file
from clearsight.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "spec" / "examples"


def base_row(**overrides: str) -> dict[str, str]:
    """A valid social care contact; override any column."""
    row = {
        "agency": "social_care",
        "record_id": "SC-1",
        "subject_ref": "C-1",
        "event_date": "2024-01-10",
        "event_type": "contact",
        "description": "Call from school about a bruise.",
    }
    row.update(overrides)
    return row


def write_csv(
    path: Path, rows: list[dict[str, str]], *, header: list[str] | None = None, bom: bool = False
) -> Path:
    columns = header or list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def event_count(store: Store) -> int:
    row = store.one("SELECT count(*) FROM events")
    assert row is not None
    return int(row[0])


def table_counts(store: Store) -> dict[str, int]:
    counts = {}
    for table in ("events", "subjects", "subject_identities"):
        row = store.one(f"SELECT count(*) FROM {table}")
        assert row is not None
        counts[table] = int(row[0])
    return counts


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "test.duckdb") as opened:
        yield opened


@pytest.fixture
def load(store: Store):  # type: ignore[no-untyped-def]
    def _load(path: Path, **kwargs: Any) -> IngestResult:
        return ingest_file(store, path, **kwargs)

    return _load
