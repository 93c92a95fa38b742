"""A process killed in the middle of an ingest leaves the store exactly as it was before."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clearsight.ingest import ingest_file
from clearsight.store import Store
from tests.conftest import base_row, write_csv

_CHILD = """
import sys
from pathlib import Path
from clearsight.ingest import ingest_file
from clearsight.store import Store

store = Store.open(sys.argv[1])

def stage(name):
    print(name, flush=True)

ingest_file(store, Path(sys.argv[2]), progress=stage)
print("finished", flush=True)
"""


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with Store.open(db) as store:
        return {
            table: store.rows(f"SELECT * FROM {table} ORDER BY ALL")
            for table in ("events", "subjects", "subject_identities", "submissions")
        }


def _big_file(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("agency,record_id,subject_ref,event_date,event_type,description\n")
        for i in range(rows):
            handle.write(
                f"police,P-{i},N-{i % 5000},2023-0{1 + i % 9}-1{i % 10},police_incident,"
                f'"Officers attended address {i}; no injuries seen, child asleep."\n'
            )
    return path


@pytest.mark.parametrize("stage", ["validating", "writing"])
def test_kill_during_ingest_leaves_store_unchanged(stage: str, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    with Store.open(db) as store:
        first = ingest_file(store, write_csv(tmp_path / "first.csv", [base_row()]))
        assert first.outcome == "loaded"
    before = _snapshot(db)
    big = _big_file(tmp_path / "big.csv", 400_000)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(db), str(big)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:
        if line.strip() == stage:
            break
    time.sleep(0.2)
    assert child.poll() is None, "the ingest finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert _snapshot(db) == before
    # and the store still works: the same file loads in full afterwards
    with Store.open(db) as store:
        result = ingest_file(store, big)
        assert result.outcome == "loaded"
        assert store.one("SELECT count(*) FROM current_events") == (400_001,)
