"""Ingest: all or nothing, idempotent, versioned, quarantine, and what is kept of each row."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook

from clearsight.ingest import ingest_file
from clearsight.store import Store
from clearsight.store.queries import event_history
from tests.conftest import EXAMPLES, base_row, event_count, table_counts, write_csv, write_jsonl


def test_spec_examples_load_and_keep_every_column(store: Store) -> None:
    for name in ("social_care.csv", "health_visiting.csv", "police.jsonl"):
        result = ingest_file(store, EXAMPLES / name)
        assert result.outcome == "loaded", [str(p) for p in result.problems]
    assert event_count(store) == 10
    row = store.dicts(
        "SELECT nhs_number, date_of_birth, injury_type, body_sites, explanation, agency_name "
        "FROM events WHERE record_id = 'HV-77342'"
    )[0]
    assert row == {
        "nhs_number": None,  # identity given on the subject's first row only
        "date_of_birth": None,
        "injury_type": ["bruise"],
        "body_sites": ["cheek", "ear"],
        "explanation": "inconsistent",
        "agency_name": "Community health trust (0-19 service)",
    }
    subject = store.dicts(
        "SELECT given_name, date_of_birth, nhs_number, subject_role, event_count "
        "FROM subjects WHERE agency = 'health_visiting' AND subject_ref = 'RX4412'"
    )[0]
    assert subject == {
        "given_name": "Jaiden",
        "date_of_birth": dt.date(2024, 3, 14),  # dd/mm/yyyy read day first
        "nhs_number": "9434765919",
        "subject_role": "child",
        "event_count": 3,
    }
    aliases = store.rows(
        "SELECT value FROM subject_identities WHERE agency = 'police' AND attribute = 'other_name'"
    )
    assert aliases == [("Dean Morris",)]


def test_same_file_twice_changes_nothing_and_says_so(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "sc.csv", [base_row(), base_row(record_id="SC-2")])
    first = ingest_file(store, path)
    before = store.rows("SELECT * FROM events ORDER BY event_id")
    submissions = store.one("SELECT count(*) FROM submissions")
    second = ingest_file(store, path)
    assert first.outcome == "loaded" and first.rows_new == 2
    assert second.outcome == "unchanged"
    assert second.previous_submission == first.submission_id
    assert "already loaded as submission" in second.summary()
    assert store.rows("SELECT * FROM events ORDER BY event_id") == before
    assert store.one("SELECT count(*) FROM submissions") == submissions


def test_same_rows_in_another_file_are_recognised_as_already_stored(
    store: Store, tmp_path: Path
) -> None:
    ingest_file(store, write_csv(tmp_path / "a.csv", [base_row()]))
    again = ingest_file(store, write_csv(tmp_path / "b.csv", [base_row()], bom=True))
    assert again.outcome == "loaded"
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 1)
    assert event_count(store) == 1


def test_resent_record_makes_a_new_version_and_keeps_the_old(store: Store, tmp_path: Path) -> None:
    ingest_file(store, write_csv(tmp_path / "v1.csv", [base_row(description="First account.")]))
    result = ingest_file(
        store, write_csv(tmp_path / "v2.csv", [base_row(description="Corrected account.")])
    )
    assert (result.rows_new, result.rows_updated) == (0, 1)
    history = event_history(store, "social_care", "SC-1")
    assert [(h["version"], h["is_current"], h["description"]) for h in history] == [
        (1, False, "First account."),
        (2, True, "Corrected account."),
    ]
    assert history[0]["superseded_by_submission"] == result.submission_id
    assert store.one("SELECT count(*) FROM current_events") == (1,)


def test_record_moved_to_another_subject_updates_both_subjects(
    store: Store, tmp_path: Path
) -> None:
    ingest_file(store, write_csv(tmp_path / "v1.csv", [base_row(subject_ref="C-1")]))
    ingest_file(store, write_csv(tmp_path / "v2.csv", [base_row(subject_ref="C-2")]))
    assert store.rows("SELECT subject_ref, event_count FROM subjects") == [("C-2", 1)]


def test_identical_repeated_rows_are_stored_once_and_counted(store: Store, tmp_path: Path) -> None:
    result = ingest_file(store, write_csv(tmp_path / "r.csv", [base_row(), base_row()]))
    assert result.outcome == "loaded"
    assert result.rows_repeated == 1
    assert "stored once" in result.summary()
    assert event_count(store) == 1


def test_unknown_columns_are_kept_as_attributes(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [base_row(**{"Risk Score": "7", "Ward": ""})])
    assert ingest_file(store, path).outcome == "loaded"
    row = store.one("SELECT attributes FROM events")
    assert row is not None and json.loads(row[0]) == {"Risk Score": "7"}


def test_accept_valid_rows_stores_the_valid_and_quarantines_the_rest(
    store: Store, tmp_path: Path
) -> None:
    rows = [
        base_row(record_id="A"),
        base_row(record_id="B", event_type="nonsense", description='=HYPERLINK("x")'),
        base_row(record_id="C"),
    ]
    path = write_csv(tmp_path / "mixed.csv", rows)
    result = ingest_file(store, path, accept_valid_rows=True, quarantine_dir=tmp_path / "q")
    assert result.outcome == "partial"
    assert (result.rows_new, result.rows_rejected) == (2, 1)
    assert sorted(r[0] for r in store.rows("SELECT record_id FROM events")) == ["A", "C"]
    assert result.quarantine_file is not None and result.report_file is not None
    with result.quarantine_file.open(encoding="utf-8") as handle:
        quarantined = list(csv.DictReader(handle))
    assert [(q["source_row"], q["record_id"]) for q in quarantined] == [("3", "B")]
    assert quarantined[0]["description"] == '\'=HYPERLINK("x")'  # neutralised
    with result.report_file.open(encoding="utf-8") as handle:
        report = list(csv.DictReader(handle))
    assert [(r["row"], r["column"], r["value"]) for r in report] == [
        ("3", "event_type", "nonsense")
    ]
    status = store.one("SELECT outcome, rows_rejected FROM submissions")
    assert status == ("partial", 1)


def test_rejected_file_is_logged_but_stores_no_event(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [base_row(), base_row(record_id="B", agency="x")])
    result = ingest_file(store, path)
    assert result.outcome == "rejected"
    assert table_counts(store) == {"events": 0, "subjects": 0, "subject_identities": 0}
    assert store.one("SELECT outcome, rows_read, rows_rejected FROM submissions") == (
        "rejected",
        2,
        1,
    )


def test_xlsx_date_cells_numbers_and_blank_rows(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Agency",
            "Record_ID",
            "Subject_Ref",
            "Event_Date",
            "Event_Type",
            "NHS_Number",
            "Date_of_Birth",
        ]
    )
    sheet.append(
        [
            "health_gp",
            "G-1",
            1001,
            dt.datetime(2024, 5, 1, 9, 30),
            "gp_appointment",
            9434765919,
            dt.datetime(2020, 2, 29),
        ]
    )
    sheet.append([None] * 7)
    sheet.append(["health_gp", "G-2", 1001, dt.date(2024, 6, 1), "immunisation", None, None])
    book.save(tmp_path / "gp.xlsx")
    result = ingest_file(store, tmp_path / "gp.xlsx")
    assert result.outcome == "loaded", [str(p) for p in result.problems]
    rows = store.rows(
        "SELECT record_id, subject_ref, event_date, event_time, nhs_number, date_of_birth, "
        "source_row FROM events ORDER BY record_id"
    )
    assert rows == [
        ("G-1", "1001", dt.date(2024, 5, 1), "09:30:00", "9434765919", dt.date(2020, 2, 29), 2),
        ("G-2", "1001", dt.date(2024, 6, 1), None, None, None, 4),
    ]


def test_xlsx_numeric_date_is_refused_with_advice(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["agency", "record_id", "subject_ref", "event_date", "event_type"])
    sheet.append(["health_gp", "G-1", "P1", 45413, "gp_appointment"])
    book.save(tmp_path / "serial.xlsx")
    result = ingest_file(store, tmp_path / "serial.xlsx")
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'serial.xlsx'}:2:event_date: not a date or date-time: write YYYY-MM-DD "
        "(or dd/mm/yyyy, day first) (45413)"
    ]


def test_jsonl_values_of_other_types_become_text(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "p.jsonl",
        [
            {
                "agency": "police",
                "record_id": 17,
                "subject_ref": "N-1",
                "event_date": "2024-01-01",
                "event_type": "police_incident",
                "nhs_number": 9434765919,
                "injury_type": ["bruise", "bite"],
                "flags": {"dash": "standard"},
            },
        ],
    )
    assert ingest_file(store, path).outcome == "loaded"
    row = store.one("SELECT record_id, nhs_number, injury_type, attributes FROM events")
    assert row is not None
    assert row[:3] == ("17", "9434765919", ["bruise", "bite"])
    assert json.loads(row[3]) == {"flags": '{"dash": "standard"}'}


def test_jsonl_line_numbers_in_problems(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        json.dumps(base_row(record_id="A"))
        + "\n\n"
        + json.dumps(base_row(record_id="B", sex="X"))
        + "\n",
        encoding="utf-8",
    )
    result = ingest_file(store, path)
    assert [str(p) for p in result.problems] == [f"{path}:3:sex: not a valid sex code (X)"]


def test_fifty_megabyte_text_field_is_refused_clearly(store: Store, tmp_path: Path) -> None:
    huge = "A" * (50 * 1024 * 1024)
    path = write_csv(tmp_path / "huge.csv", [base_row(description=huge)])
    result = ingest_file(store, path)
    assert result.outcome == "rejected"
    assert [(p.row, p.column) for p in result.problems] == [(2, "description")]
    assert "52,428,800 characters long; the limit is 1,000,000" in str(result.problems[0])
    assert len(str(result.problems[0])) < 300  # the value is cut when shown
    assert event_count(store) == 0


def test_text_is_stored_exactly_as_given(store: Store, tmp_path: Path) -> None:
    text = '  <script>alert("x")</script>\n=SUM(A1) "quoted", ünïcödé  '
    ingest_file(store, write_csv(tmp_path / "t.csv", [base_row(description=text)]))
    assert store.one("SELECT description FROM events") == (text,)


def test_dates_with_times_offsets_and_reduced_precision(store: Store, tmp_path: Path) -> None:
    rows = [
        base_row(
            record_id="A", event_date="2024-03-05T14:07+01:00", recorded_at="06/03/2024 09:15"
        ),
        base_row(record_id="B", event_date="2023-11"),
        base_row(record_id="C", event_date="2019", date_precision="year"),
        base_row(record_id="D", event_date="5/3/2024"),
    ]
    assert ingest_file(store, write_csv(tmp_path / "d.csv", rows)).outcome == "loaded"
    got = store.rows(
        "SELECT record_id, event_date, event_time, event_utc_offset, date_precision, recorded_at "
        "FROM events ORDER BY record_id"
    )
    assert got == [
        ("A", dt.date(2024, 3, 5), "14:07:00", "+01:00", "day", dt.datetime(2024, 3, 6, 9, 15)),
        ("B", dt.date(2023, 11, 1), None, None, "month", None),
        ("C", dt.date(2019, 1, 1), None, None, "year", None),
        ("D", dt.date(2024, 3, 5), None, None, "day", None),
    ]


def test_accept_valid_rows_with_no_valid_row_rejects_the_file(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "all-bad.csv", [base_row(agency="x"), base_row(agency="y")])
    result = ingest_file(store, path, accept_valid_rows=True, quarantine_dir=tmp_path / "q")
    assert result.outcome == "rejected"
    assert result.rows_rejected == 2
    assert event_count(store) == 0
    assert not (tmp_path / "q").exists()


def test_missing_file_and_folder_are_named(store: Store, tmp_path: Path) -> None:
    missing = ingest_file(store, tmp_path / "nothing.csv")
    assert [str(p) for p in missing.problems] == [f"{tmp_path / 'nothing.csv'}: no such file"]
    folder = ingest_file(store, tmp_path)
    assert "a folder, not a file" in str(folder.problems[0])
    assert folder.outcome == missing.outcome == "rejected"
