"""Store queries for the public statistics (tables `ps_*`, migration 2).

The bundled statistics are reference data: a load replaces the previous load whole, in one
transaction, and `ps_loads` records each load with the checksum of the files it read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from clearsight import __version__
from clearsight.store.db import Store

TIDY_COLUMNS = (
    "authority_code",
    "authority",
    "year",
    "indicator",
    "numerator",
    "denominator",
    "value",
    "published_value",
)


@dataclass(frozen=True)
class AuthorityRecord:
    key: str
    code: str
    name: str
    first_year: int
    last_year: int


@dataclass(frozen=True)
class IndicatorRecord:
    key: str
    year: int
    indicator: str
    numerator: float | None
    denominator: float | None
    value: float | None
    published_value: float | None
    missing_reason: str | None
    source_file: str
    source_row: int


@dataclass(frozen=True)
class JudgementRecord:
    key: str
    framework: str
    inspected_on: date | None
    published_on: date
    judgement: str
    source_file: str = ""
    source_row: int = 0


def loaded_checksum(store: Store) -> str | None:
    """The checksum of the files behind the latest load, or None if nothing is loaded."""
    row = store.one("SELECT checksum FROM ps_loads ORDER BY loaded_at DESC LIMIT 1")
    return str(row[0]) if row else None


def _table(columns: dict[str, tuple[pa.DataType, list[Any]]]) -> pa.Table:
    return pa.table({name: pa.array(values, type=kind) for name, (kind, values) in columns.items()})


def replace_all(
    store: Store,
    *,
    checksum: str,
    source: str,
    authorities: Sequence[AuthorityRecord],
    populations: Iterable[tuple[str, int, float]],
    indicators: Sequence[IndicatorRecord],
    neighbours: Iterable[tuple[str, int, str, str]],
    judgements: Sequence[JudgementRecord],
) -> None:
    """Replace every public-statistics table in one transaction."""
    pops = list(populations)
    nbrs = list(neighbours)
    tables = {
        "ps_authorities": _table(
            {
                "authority_key": (pa.string(), [a.key for a in authorities]),
                "authority_code": (pa.string(), [a.code for a in authorities]),
                "name": (pa.string(), [a.name for a in authorities]),
                "first_year": (pa.int32(), [a.first_year for a in authorities]),
                "last_year": (pa.int32(), [a.last_year for a in authorities]),
            }
        ),
        "ps_populations": _table(
            {
                "authority_key": (pa.string(), [p[0] for p in pops]),
                "mid_year": (pa.int32(), [p[1] for p in pops]),
                "population": (pa.float64(), [p[2] for p in pops]),
            }
        ),
        "ps_indicators": _table(
            {
                "authority_key": (pa.string(), [r.key for r in indicators]),
                "year": (pa.int32(), [r.year for r in indicators]),
                "indicator": (pa.string(), [r.indicator for r in indicators]),
                "numerator": (pa.float64(), [r.numerator for r in indicators]),
                "denominator": (pa.float64(), [r.denominator for r in indicators]),
                "value": (pa.float64(), [r.value for r in indicators]),
                "published_value": (pa.float64(), [r.published_value for r in indicators]),
                "missing_reason": (pa.string(), [r.missing_reason for r in indicators]),
                "source_file": (pa.string(), [r.source_file for r in indicators]),
                "source_row": (pa.int32(), [r.source_row for r in indicators]),
            }
        ),
        "ps_neighbours": _table(
            {
                "authority_key": (pa.string(), [n[0] for n in nbrs]),
                "rank": (pa.int32(), [n[1] for n in nbrs]),
                "neighbour_key": (pa.string(), [n[2] for n in nbrs]),
                "closeness": (pa.string(), [n[3] for n in nbrs]),
            }
        ),
        "ps_judgements": _table(
            {
                "authority_key": (pa.string(), [j.key for j in judgements]),
                "framework": (pa.string(), [j.framework for j in judgements]),
                "inspected_on": (pa.date32(), [j.inspected_on for j in judgements]),
                "published_on": (pa.date32(), [j.published_on for j in judgements]),
                "judgement": (pa.string(), [j.judgement for j in judgements]),
                "source_file": (pa.string(), [j.source_file for j in judgements]),
                "source_row": (pa.int32(), [j.source_row for j in judgements]),
            }
        ),
    }
    with store.transaction():
        for name, table in tables.items():
            staged = f"_staged_{name}"
            store.register(staged, table)
            try:
                store.execute(f"DELETE FROM {name}")
                store.execute(f"INSERT INTO {name} SELECT * FROM {staged}")
            finally:
                store.unregister(staged)
        store.execute(
            "INSERT INTO ps_loads VALUES (?, ?, ?, ?, ?)",
            [checksum, source, len(indicators), datetime.now(), __version__],
        )


def authorities(store: Store) -> list[AuthorityRecord]:
    return [
        AuthorityRecord(*row)
        for row in store.rows(
            "SELECT authority_key, authority_code, name, first_year, last_year "
            "FROM ps_authorities ORDER BY authority_code, authority_key"
        )
    ]


def indicator_rows(
    store: Store, *, indicator: str | None = None, key: str | None = None
) -> list[IndicatorRecord]:
    """Indicator rows, optionally for one indicator and/or one authority, ordered by key and
    year."""
    where: list[str] = []
    params: list[Any] = []
    if indicator is not None:
        where.append("indicator = ?")
        params.append(indicator)
    if key is not None:
        where.append("authority_key = ?")
        params.append(key)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return [
        IndicatorRecord(*row)
        for row in store.rows(
            "SELECT authority_key, year, indicator, numerator, denominator, value, "
            "published_value, missing_reason, source_file, source_row FROM ps_indicators "
            f"{clause} "
            "ORDER BY authority_key, year, indicator",
            params,
        )
    ]


def tidy_table(store: Store) -> list[tuple[Any, ...]]:
    """The whole indicator table with the contract's columns, England first, then by code."""
    return store.rows(
        "SELECT a.authority_code, a.name, i.year, i.indicator, i.numerator, i.denominator, "
        "i.value, i.published_value FROM ps_indicators i "
        "JOIN ps_authorities a USING (authority_key) "
        "ORDER BY a.authority_key <> 'ENG', a.authority_code, a.authority_key, i.year, "
        "i.indicator"
    )


def neighbours(store: Store, key: str) -> list[tuple[int, str, str]]:
    """(rank, neighbour key, closeness band) for one authority, closest first."""
    return [
        (int(r[0]), str(r[1]), str(r[2]))
        for r in store.rows(
            "SELECT rank, neighbour_key, closeness FROM ps_neighbours WHERE authority_key = ? "
            "ORDER BY rank",
            [key],
        )
    ]


def all_neighbours(store: Store) -> dict[str, list[tuple[int, str, str]]]:
    """Every authority's (rank, neighbour key, closeness band), closest first."""
    out: dict[str, list[tuple[int, str, str]]] = {}
    for key, rank, neighbour, band in store.rows(
        "SELECT authority_key, rank, neighbour_key, closeness FROM ps_neighbours "
        "ORDER BY authority_key, rank"
    ):
        out.setdefault(str(key), []).append((int(rank), str(neighbour), str(band)))
    return out


def judgements(store: Store, key: str | None = None) -> list[JudgementRecord]:
    params: list[Any] = [] if key is None else [key]
    clause = "" if key is None else "WHERE authority_key = ?"
    return [
        JudgementRecord(*row)
        for row in store.rows(
            "SELECT authority_key, framework, inspected_on, published_on, judgement, source_file, "
            f"source_row FROM ps_judgements {clause} ORDER BY authority_key, published_on",
            params,
        )
    ]
