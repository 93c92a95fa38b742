"""A generated authority loads into the store through the real ingest, every file whole."""

from __future__ import annotations

from pathlib import Path

from clearsight.ingest import ingest_file
from clearsight.store import Store
from clearsight.synth import generate
from clearsight.synth.voices import AGENCY_FILES


def test_generated_files_are_accepted_by_ingest(tmp_path: Path) -> None:
    out = tmp_path / "authority"
    summary = generate(children=300, years=2, seed=9, out=out, harm_rate=0.05)
    with Store.open(tmp_path / "store.duckdb") as store:
        for agency in AGENCY_FILES:
            result = ingest_file(store, out / f"{agency}.csv")
            assert result.stored_everything, [str(p) for p in result.problems[:5]]
            assert result.rows_new == summary.rows[agency]
