"""Staging: an agency file's rows, as text, in a temporary table of this connection.

Temporary tables live only as long as the connection and are never written to the store file,
so a file that is rejected, or a process that is killed while reading, leaves no trace.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from clearsight.format.problems import FileRejected, Problem
from clearsight.format.spec import MAX_TEXT_CHARS
from clearsight.store.db import Store

RAW_TABLE = "stage_raw"
_BATCH_ROWS = 50_000

#: DuckDB refuses a CSV line longer than this. It is larger than the longest text field the
#: format accepts, so an over-long field is reported by the validation with its row and column
#: rather than as a reader failure.
_MAX_LINE_BYTES = 8 * MAX_TEXT_CHARS + (1 << 20)


@dataclass(frozen=True)
class Staged:
    """The staged rows: `header[i]` (as written in the file) is column `c{i}` of `stage_raw`."""

    header: list[str]
    rows: int


def _column_list(n: int) -> str:
    return ", ".join(f"c{i} VARCHAR" for i in range(n))


def stage_csv(store: Store, path: Path, header: list[str]) -> Staged:
    """Bulk-read a CSV file with DuckDB's reader: strict quoting, every value as text."""
    con = store.connection
    con.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    try:
        con.execute(
            f"""
            CREATE TEMP TABLE {RAW_TABLE} AS
            SELECT CAST(row_number() OVER () + 1 AS BIGINT) AS _row, *
            FROM read_csv(?, columns = {columns}, header = true, delim = ',', quote = '"',
                          escape = '"', auto_detect = false, strict_mode = true,
                          null_padding = false, max_line_size = {_MAX_LINE_BYTES},
                          encoding = 'utf-8')
            """,
            [str(path)],
        )
    except duckdb.Error as exc:
        raise FileRejected([_csv_problem(path, exc)]) from exc
    count = con.execute(f"SELECT count(*) FROM {RAW_TABLE}").fetchone()
    return Staged(header, int(count[0]) if count else 0)


def _csv_problem(path: Path, exc: duckdb.Error) -> Problem:
    """Turn DuckDB's CSV error into one line a person can act on."""
    text = str(exc)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    row = int(line.group(1)) if line else None
    if "Expected Number of Columns" in text:
        found = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
        detail = (
            f"the row has {found.group(2)} values but the header names {found.group(1)} columns"
            if found
            else "the row has a different number of values from the header"
        )
        message = f"{detail} (check for an unquoted comma or a missing value)"
    elif "unterminated quote" in text:
        message = "a quoted value is never closed (an odd number of '\"' characters)"
    elif "maximum line size" in text.lower():
        oversized = _find_oversized_field(path)
        if oversized is not None:
            return Problem(
                str(path),
                oversized[0],
                oversized[1],
                f"the text is {oversized[2]:,} characters long; the limit is {MAX_TEXT_CHARS:,}",
            )
        message = f"a row is longer than {_MAX_LINE_BYTES:,} bytes: it cannot be an event"
    elif "unicode" in text.lower():
        message = "not UTF-8 text: save the file as UTF-8"
    else:
        first = text.splitlines()[0] if text else type(exc).__name__
        message = f"the file cannot be read as CSV ({first})"
    return Problem(str(path), row, None, message)


def _find_oversized_field(path: Path) -> tuple[int, str, int] | None:
    """Find the first value longer than the format allows: (row, column, length).

    Used only when the bulk reader has refused a row as too long, to name the column.
    """
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        for number, row in enumerate(reader, start=2):
            for position, value in enumerate(row):
                if len(value) > MAX_TEXT_CHARS:
                    name = header[position].strip() if position < len(header) else "?"
                    return number, name, len(value)
    return None


def stage_rows(
    store: Store,
    header: list[str],
    rows: Iterable[tuple[int, list[str | None]]],
) -> Staged:
    """Stage rows already read as text (XLSX), in batches through Arrow."""
    con = store.connection
    con.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
    con.execute(f"CREATE TEMP TABLE {RAW_TABLE} (_row BIGINT, {_column_list(len(header))})")
    total = 0
    for batch in _batches(rows):
        numbers = [n for n, _ in batch]
        arrays = [pa.array(numbers, type=pa.int64())]
        for i in range(len(header)):
            arrays.append(pa.array([cells[i] for _, cells in batch], type=pa.string()))
        table = pa.Table.from_arrays(arrays, names=["_row"] + [f"c{i}" for i in range(len(header))])
        con.register("stage_batch", table)
        con.execute(f"INSERT INTO {RAW_TABLE} SELECT * FROM stage_batch")
        con.unregister("stage_batch")
        total += len(batch)
    return Staged(header, total)


def stage_records(
    store: Store,
    path: Path,
    records: Iterable[tuple[int, dict[str, str | None]]],
) -> Staged:
    """Stage JSON Lines objects, whose keys may differ from line to line."""
    header: list[str] = []
    index: dict[str, int] = {}  # normalised name -> position in header

    def as_rows() -> Iterator[tuple[int, list[str | None]]]:
        for number, record in records:
            cells: dict[int, str | None] = {}
            for key, value in record.items():
                norm = key.strip().lower()
                if norm in index:
                    position = index[norm]
                    if position in cells:
                        raise FileRejected(
                            [
                                Problem(
                                    str(path),
                                    number,
                                    key.strip(),
                                    "the key is given twice (keys are case-insensitive)",
                                )
                            ]
                        )
                else:
                    position = len(header)
                    index[norm] = position
                    header.append(key)
                cells[position] = value
            yield number, [cells.get(i) for i in range(len(header))]

    con = store.connection
    con.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
    con.execute(f"CREATE TEMP TABLE {RAW_TABLE} (_row BIGINT)")
    width = 0
    total = 0
    for batch in _batches(as_rows()):
        while width < len(header):
            con.execute(f"ALTER TABLE {RAW_TABLE} ADD COLUMN c{width} VARCHAR")
            width += 1
        arrays = [pa.array([n for n, _ in batch], type=pa.int64())]
        for i in range(width):
            arrays.append(
                pa.array([cells[i] if i < len(cells) else None for _, cells in batch], pa.string())
            )
        table = pa.Table.from_arrays(arrays, names=["_row"] + [f"c{i}" for i in range(width)])
        con.register("stage_batch", table)
        con.execute(f"INSERT INTO {RAW_TABLE} BY NAME SELECT * FROM stage_batch")
        con.unregister("stage_batch")
        total += len(batch)
    return Staged(list(header), total)


def _batches(
    rows: Iterable[tuple[int, list[str | None]]],
) -> Iterator[list[tuple[int, list[str | None]]]]:
    batch: list[tuple[int, list[str | None]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def drop_staging(store: Store) -> None:
    for table in (
        RAW_TABLE,
        "stage_parsed",
        "stage_errors",
        "stage_incoming",
        "stage_subjects",
        "stage_duplicates",
    ):
        store.connection.execute(f"DROP TABLE IF EXISTS {table}")
