"""Loading the public statistics into the store, and reading them back for the analyses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clearsight.compare.loader import PublicStats, bundled_data_dir, files_checksum, read_all
from clearsight.store import public_stats as db
from clearsight.store.db import Store


@dataclass(frozen=True)
class LoadSummary:
    folder: Path
    checksum: str
    authorities: int
    indicator_rows: int
    missing_values: int
    judgements: int
    loaded: bool
    """False when the store already held these exact files and nothing was written."""


def load(store: Store, folder: Path | None = None, *, force: bool = False) -> LoadSummary:
    """Load the files in `folder` (default: the bundled copy) unless already loaded."""
    folder = folder or bundled_data_dir()
    checksum = files_checksum(folder)
    if not force and db.loaded_checksum(store) == checksum:
        count = store.one("SELECT count(*), count(*) - count(value) FROM ps_indicators")
        auth = store.one("SELECT count(*) FROM ps_authorities")
        judg = store.one("SELECT count(*) FROM ps_judgements")
        assert count and auth and judg
        return LoadSummary(folder, checksum, int(auth[0]), int(count[0]), int(count[1]),
                           int(judg[0]), loaded=False)
    stats = read_all(folder)
    write(store, stats, source=str(folder))
    return LoadSummary(
        folder, stats.checksum, len(stats.authorities), len(stats.rows),
        sum(1 for r in stats.rows if r.value is None), len(stats.judgements), loaded=True,
    )


def write(store: Store, stats: PublicStats, *, source: str) -> None:
    """Write what the loader read, replacing any earlier load."""
    spans: dict[str, list[int]] = {}
    for row in stats.rows:
        if row.value is not None:
            span = spans.setdefault(row.key, [row.year, row.year])
            span[0] = min(span[0], row.year)
            span[1] = max(span[1], row.year)
    authorities = [
        db.AuthorityRecord(a.key, a.code or a.key, a.name,
                           *(spans.get(a.key) or [a.first_year, a.last_year]))
        for a in stats.authorities.values()
    ]
    db.replace_all(
        store,
        checksum=stats.checksum,
        source=source,
        authorities=authorities,
        populations=[(k, y, p) for (k, y), p in sorted(stats.populations.items())],
        indicators=[
            db.IndicatorRecord(r.key, r.year, r.indicator, r.numerator, r.denominator, r.value,
                               r.published_value, r.missing_reason, r.source_file, r.source_row)
            for r in stats.rows
        ],
        neighbours=stats.neighbours,
        judgements=[
            db.JudgementRecord(j.key, j.framework, j.inspected_on, j.published_on, j.judgement,
                               j.source_file, j.source_row)
            for j in stats.judgements
        ],
    )
