"""Every validation rule of the exchange format: one file that breaks it, one that keeps it.

A rule added to `VALIDATION_RULES` without cases here fails `test_every_rule_has_cases`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from clearsight.format.checks import upn_check_letter
from clearsight.format.spec import MAX_ID_CHARS, MAX_TEXT_CHARS, VALIDATION_RULES
from clearsight.ingest import ingest_file
from clearsight.store import Store
from tests.conftest import base_row, table_counts, write_csv, write_jsonl

_UPN_REST = "20112345678" + "9"
VALID_UPN = upn_check_letter(_UPN_REST) + _UPN_REST
WRONG_UPN = ("B" if VALID_UPN[0] != "B" else "C") + _UPN_REST

# rule: (rows that break it, rows that keep it, words the problem must contain)
ROW_CASES: dict[str, tuple[list[dict[str, str]], list[dict[str, str]], str]] = {
    "required-value": (
        [base_row(subject_ref=" ")],
        [base_row(subject_ref="C-9")],
        "subject_ref: a value is required",
    ),
    "code": (
        [base_row(agency="social-care")],
        [base_row(agency=" Social_Care ")],
        "agency: not a valid agency code (social-care)",
    ),
    "code-list": (
        [base_row(injury_type="bruise;punch")],
        [base_row(injury_type="Bruise; burn;")],
        "injury_type: not injury_type code(s): punch",
    ),
    "date": (
        [base_row(event_date="2023-02-29")],
        [base_row(event_date="29/02/2024")],
        "event_date: not a date or date-time",
    ),
    "date-future": (
        [base_row(event_date="2099-01-01")],
        [base_row(event_date="2024-01-01T23:59:59+01:00")],
        "the date is in the future",
    ),
    "date-before-1900": (
        [base_row(event_date="1899-12-31")],
        [base_row(event_date="1900-01-01")],
        "the date is before 1900",
    ),
    "date-precision": (
        [base_row(event_date="2024-06", date_precision="day")],
        [base_row(event_date="2024-06", date_precision="month")],
        "event_date gives only a month but date_precision says 'day'",
    ),
    "dob-time": (
        [base_row(date_of_birth="2020-01-01 10:30")],
        [base_row(date_of_birth="2020-01-01 00:00")],
        "a date of birth has no time of day",
    ),
    "dob-future": (
        [base_row(date_of_birth="2099-01-01")],
        [base_row(date_of_birth="2099-01-01", subject_role="unborn")],
        "the date of birth is in the future",
    ),
    "dob-after-event": (
        [base_row(date_of_birth="2024-02-01")],
        [base_row(date_of_birth="2024-02-01", subject_role="unborn")],
        "the date of birth is after the event date (2024-01-10)",
    ),
    "event-before-birth": (
        [
            base_row(record_id="SC-1", date_of_birth="2024-02-01", event_date="2024-03-01"),
            base_row(record_id="SC-2", event_date="2024-01-10"),
        ],
        [
            base_row(record_id="SC-1", date_of_birth="2024-02-01", event_date="2024-03-01"),
            base_row(record_id="SC-2", event_date="2024-01-10", subject_role="unborn"),
        ],
        "the event is before the subject's date of birth (2024-02-01",
    ),
    "nhs-number": (
        [base_row(nhs_number="94347659")],
        [base_row(nhs_number="943 476 5919")],
        "an NHS number is 10 digits",
    ),
    "nhs-check": (
        [base_row(nhs_number="9434765918")],
        [base_row(nhs_number="9434765919")],
        "fails its modulus-11 check",
    ),
    "upn": (
        [base_row(upn=WRONG_UPN)],
        [base_row(upn=VALID_UPN.lower())],
        "the UPN fails its check letter",
    ),
    "duplicate-record": (
        [base_row(description="first"), base_row(description="second")],
        [base_row(description="same"), base_row(description="same")],
        "record_id 'SC-1' of agency 'social_care' is given 2 times in this file with "
        "different content (rows 2, 3)",
    ),
    "text-too-long": (
        [base_row(description="x" * (MAX_TEXT_CHARS + 1))],
        [base_row(description="x" * MAX_TEXT_CHARS)],
        f"the text is {MAX_TEXT_CHARS + 1:,} characters long",
    ),
    "id-too-long": (
        [base_row(record_id="R" * (MAX_ID_CHARS + 1))],
        [base_row(record_id="R" * MAX_ID_CHARS)],
        f"an identifier may be at most {MAX_ID_CHARS} characters",
    ),
}


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    return path


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


_HEADER = ["agency", "record_id", "subject_ref", "event_date", "event_type"]
_VALUES = ["police", "P-1", "N-1", "2024-01-10", "police_incident"]

FileMaker = Callable[[Path], Path]

# rule: (make a file that breaks it, make one that keeps it, words the problem must contain)
FILE_CASES: dict[str, tuple[FileMaker, FileMaker, str]] = {
    "unknown-file-kind": (
        lambda d: write_csv(d / "events.txt", [base_row()]),
        lambda d: write_csv(d / "events.CSV", [base_row()]),
        "unknown kind of file '.txt'",
    ),
    "empty-file": (
        lambda d: _touch(d / "empty.csv"),
        lambda d: write_csv(d / "one.csv", [base_row()]),
        "the file is empty",
    ),
    "not-text": (
        lambda d: _bytes(d / "junk.csv", b"agency,record_id\x00\x01\x02\xff"),
        lambda d: write_csv(d / "ok.csv", [base_row()]),
        "not a text file: it holds a NUL byte",
    ),
    "not-utf8": (
        lambda d: _bytes(
            d / "latin.csv",
            ",".join(_HEADER).encode() + b"\npolice,P-1,Ren\xe9,2024-01-10,police_incident\n",
        ),
        lambda d: _bytes(
            d / "utf8.csv",
            ",".join(_HEADER).encode() + "\npolice,P-1,René,2024-01-10,police_incident\n".encode(),
        ),
        "not UTF-8 text",
    ),
    "csv-structure": (
        lambda d: _bytes(
            d / "extra.csv", (",".join(_HEADER) + "\n" + ",".join(_VALUES) + ",surplus\n").encode()
        ),
        lambda d: _bytes(
            d / "fine.csv", (",".join(_HEADER) + "\n" + ",".join(_VALUES) + "\n").encode()
        ),
        "the row has 6 values but the header names 5 columns",
    ),
    "not-xlsx": (
        lambda d: _bytes(d / "fake.xlsx", b"PK\x03\x04 this is not really a workbook"),
        lambda d: _workbook(d / "real.xlsx", [_HEADER, _VALUES]),
        "not an Excel workbook",
    ),
    "xlsx-too-large": (
        lambda d: _zip_bomb(d / "bomb.xlsx"),
        lambda d: _workbook(d / "small.xlsx", [_HEADER, _VALUES]),
        "Is it a zip bomb?",
    ),
    "json-line": (
        lambda d: _bytes(d / "list.jsonl", b'["police", "P-1"]\n'),
        lambda d: write_jsonl(d / "object.jsonl", [dict(zip(_HEADER, _VALUES, strict=True))]),
        "each line must be one JSON object; this one is a list",
    ),
    "header": (
        lambda d: _bytes(
            d / "twice.csv",
            (",".join(_HEADER) + ",Agency \n" + ",".join(_VALUES) + ",police\n").encode(),
        ),
        lambda d: _bytes(
            d / "once.csv",
            (",".join(_HEADER) + ",Agency_Name\n" + ",".join(_VALUES) + ",Met\n").encode(),
        ),
        "the column is named twice",
    ),
    "required-column": (
        lambda d: _bytes(
            d / "missing.csv",
            (",".join(_HEADER[:4]) + "\n" + ",".join(_VALUES[:4]) + "\n").encode(),
        ),
        lambda d: _bytes(
            d / "complete.csv",
            (
                " EVENT_TYPE ,"
                + ",".join(_HEADER[:4])
                + "\n"
                + "police_incident,"
                + ",".join(_VALUES[:4])
                + "\n"
            ).encode(),
        ),
        "event_type: a required column is missing",
    ),
    "no-events": (
        lambda d: _bytes(d / "header-only.csv", (",".join(_HEADER) + "\n").encode()),
        lambda d: write_csv(d / "one-row.csv", [base_row()]),
        "the file has a header but no events",
    ),
}


def _touch(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _bytes(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_every_rule_has_cases() -> None:
    assert set(ROW_CASES) | set(FILE_CASES) == set(VALIDATION_RULES)
    assert not set(ROW_CASES) & set(FILE_CASES)


@pytest.mark.parametrize("rule", sorted(ROW_CASES))
def test_row_rule(rule: str, store: Store, tmp_path: Path) -> None:
    bad_rows, good_rows, words = ROW_CASES[rule]
    bad = ingest_file(store, write_csv(tmp_path / "bad.csv", bad_rows))
    assert bad.outcome == "rejected"
    messages = [str(p) for p in bad.problems]
    assert any(words in m for m in messages), messages
    assert all(m.startswith(f"{tmp_path / 'bad.csv'}:") for m in messages)
    assert table_counts(store) == {"events": 0, "subjects": 0, "subject_identities": 0}
    good = ingest_file(store, write_csv(tmp_path / "good.csv", good_rows))
    assert good.outcome == "loaded", [str(p) for p in good.problems]
    assert table_counts(store)["events"] >= 1


@pytest.mark.parametrize("rule", sorted(FILE_CASES))
def test_file_rule(rule: str, store: Store, tmp_path: Path) -> None:
    make_bad, make_good, words = FILE_CASES[rule]
    bad_dir, good_dir = tmp_path / "bad", tmp_path / "good"
    bad_dir.mkdir()
    good_dir.mkdir()
    bad = ingest_file(store, make_bad(bad_dir))
    assert bad.outcome == "rejected"
    assert any(words in str(p) for p in bad.problems), [str(p) for p in bad.problems]
    assert table_counts(store) == {"events": 0, "subjects": 0, "subject_identities": 0}
    good = ingest_file(store, make_good(good_dir))
    assert good.outcome == "loaded", [str(p) for p in good.problems]
    assert table_counts(store)["events"] == 1


def test_problem_names_file_row_column_and_value(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "police.csv",
        [base_row(record_id="A"), base_row(record_id="B", event_type="bruise_seen")],
    )
    result = ingest_file(store, path)
    assert [str(p) for p in result.problems] == [
        f"{path}:3:event_type: not a valid event_type code (bruise_seen)"
    ]


def test_every_problem_is_collected_not_just_the_first(store: Store, tmp_path: Path) -> None:
    rows = [
        base_row(record_id="A", agency="nobody"),
        base_row(record_id="B", event_date="yesterday"),
        base_row(record_id="C", nhs_number="1234567890"),
        base_row(record_id="D"),
    ]
    result = ingest_file(store, write_csv(tmp_path / "many.csv", rows))
    assert result.outcome == "rejected"
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "agency"),
        (3, "event_date"),
        (4, "nhs_number"),
    ]
    assert result.rows_rejected == 3
