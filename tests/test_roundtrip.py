"""Property: any valid file, written as CSV, XLSX or JSON Lines, comes back out of the store
exactly (normalised), through ingest and the JSON Lines export."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from clearsight.chronology.exchange import exchange_rows, to_jsonl
from clearsight.format.checks import nhs_check_digit
from clearsight.format.spec import (
    AGENCIES,
    BODY_SITES,
    CHILD_SEEN,
    EVENT_TYPES,
    FACTORS,
    INJURY_TYPES,
    SEXES,
)
from clearsight.ingest import ingest_file
from clearsight.store import Store
from tests.conftest import write_csv, write_jsonl

_ID = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-/", min_size=1, max_size=12)
# Text as agencies write it: any printable or line-breaking character, not only whitespace.
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
    | st.sampled_from(["\n", "\r", '"', ",", ";", "=", "'"]),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")
_DATES = st.dates(dt.date(1990, 1, 1), dt.date(2024, 12, 31))


@st.composite
def _nhs_number(draw: st.DrawFn) -> str:
    while True:
        nine = "".join(str(draw(st.integers(0, 9))) for _ in range(9))
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)


@st.composite
def _rows(draw: st.DrawFn) -> list[dict[str, str]]:
    record_ids = draw(st.lists(_ID, min_size=1, max_size=8, unique=True))
    subjects = draw(st.lists(_ID, min_size=1, max_size=3, unique=True))
    births = {s: draw(st.dates(dt.date(1975, 1, 1), dt.date(1989, 12, 31))) for s in subjects}
    rows = []
    for record_id in record_ids:
        subject = draw(st.sampled_from(subjects))
        row: dict[str, str] = {
            "agency": draw(st.sampled_from(AGENCIES)),
            "record_id": record_id,
            "subject_ref": subject,
            "event_date": draw(_DATES).isoformat(),
            "event_type": draw(st.sampled_from(EVENT_TYPES)),
        }
        optional: dict[str, Any] = {
            "description": _TEXT,
            "practitioner": _TEXT,
            "child_seen": st.sampled_from(CHILD_SEEN),
            "injury_type": st.lists(st.sampled_from(INJURY_TYPES), min_size=1, max_size=3).map(
                ";".join
            ),
            "body_sites": st.lists(st.sampled_from(BODY_SITES), min_size=1, max_size=3).map(
                ";".join
            ),
            "factors": st.lists(st.sampled_from(sorted(FACTORS)), min_size=1, max_size=3).map(
                ";".join
            ),
            "sex": st.sampled_from(SEXES),
            "nhs_number": _nhs_number(),
            "date_of_birth": st.just(births[subject].isoformat()),
            "other_names": st.lists(
                _TEXT.filter(lambda s: ";" not in s and s == s.strip()), min_size=1, max_size=2
            ).map(";".join),
            "Local Flag": _TEXT,
        }
        for column, strategy in optional.items():
            if draw(st.booleans()):
                row[column] = draw(strategy)
        rows.append(row)
    return rows


def _expected(row: dict[str, str]) -> dict[str, str]:
    out = dict(row)
    out["date_precision"] = "day"
    return out


def _write_xlsx(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    book = Workbook()
    sheet = book.active
    sheet.append(columns)
    for number, row in enumerate(rows, start=2):
        for position, column in enumerate(columns, start=1):
            cell = sheet.cell(number, position, row.get(column))
            cell.data_type = "s" if column in row else cell.data_type  # text, never a formula
    book.save(path)
    return path


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=_rows(), kind=st.sampled_from(["csv", "jsonl", "xlsx"]))
def test_valid_file_round_trips_through_ingest_and_export(
    tmp_path_factory: Any, rows: list[dict[str, str]], kind: str
) -> None:
    directory: Path = tmp_path_factory.mktemp("roundtrip")
    if kind == "csv":
        path = write_csv(directory / "in.csv", rows)
    elif kind == "jsonl":
        path = write_jsonl(directory / "in.jsonl", rows)
    else:
        # XML, inside a workbook, reads a carriage return as a line feed: write what it keeps.
        rows = [
            {k: v.replace("\r\n", "\n").replace("\r", "\n") for k, v in r.items()} for r in rows
        ]
        path = _write_xlsx(directory / "in.xlsx", rows)
    with Store.open(directory / "store.duckdb") as store:
        result = ingest_file(store, path)
        assert result.outcome == "loaded", [str(p) for p in result.problems]
        exported = [json.loads(line) for line in to_jsonl(exchange_rows(store)).splitlines()]
    expected = sorted((_expected(r) for r in rows), key=lambda r: (r["agency"], r["record_id"]))
    assert exported == expected
