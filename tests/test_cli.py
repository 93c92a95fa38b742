"""The command line as scripts use it: the contract's commands, options, outputs and exits."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearsight.cli import app
from clearsight.store import Store
from clearsight.store.audit import verify_chain
from tests.conftest import EXAMPLES, base_row, write_csv

runner = CliRunner()
EXAMPLE_FILES = [
    str(EXAMPLES / n) for n in ("social_care.csv", "health_visiting.csv", "police.jsonl")
]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `clearsight` command in a real process."""
    return subprocess.run(
        [sys.executable, "-m", "clearsight.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_ingest_exit_zero_when_all_loaded(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    done = _run("ingest", "--db", str(db), *EXAMPLE_FILES)
    assert done.returncode == 0, done.stderr
    assert "social_care.csv: 6 row(s): 6 new" in done.stdout
    again = _run("ingest", "--db", str(db), EXAMPLE_FILES[0])
    assert again.returncode == 0
    assert "unchanged" in again.stdout


def test_ingest_exit_two_and_every_problem_when_rejected(tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "bad.csv",
        [base_row(record_id="A", agency="nope"), base_row(record_id="B", nhs_number="123")],
    )
    good = write_csv(tmp_path / "good.csv", [base_row(record_id="C")])
    done = _run("ingest", "--db", str(tmp_path / "s.duckdb"), str(bad), str(good))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{bad}:2:agency: not a valid agency code (nope)",
        f"{bad}:3:nhs_number: an NHS number is 10 digits (spaces allowed) (123)",
    ]
    assert "bad.csv: rejected: 2 problem(s) in 2 of 2 row(s); nothing was stored." in done.stdout
    assert "good.csv: 1 row(s): 1 new" in done.stdout


def test_accept_valid_rows_exits_two_and_names_the_report(tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "mixed.csv", [base_row(record_id="A"), base_row(record_id="B", agency="nope")]
    )
    done = _run(
        "ingest",
        "--db",
        str(tmp_path / "s.duckdb"),
        "--accept-valid-rows",
        "--quarantine-dir",
        str(tmp_path / "q"),
        str(bad),
    )
    assert done.returncode == 2
    assert "1 row(s) rejected" in done.stdout
    assert (tmp_path / "q" / "mixed.submission-1.rejected.csv").exists()
    assert (tmp_path / "q" / "mixed.submission-1.problems.csv").exists()


def test_store_from_environment_variable(tmp_path: Path) -> None:
    db = tmp_path / "env.duckdb"
    done = _run("ingest", EXAMPLE_FILES[2], env={"CLEARSIGHT_DB": str(db)})
    assert done.returncode == 0, done.stderr
    assert db.exists()
    status = _run("status", "--json", env={"CLEARSIGHT_DB": str(db)})
    assert json.loads(status.stdout)["events"] == 1


def test_default_store_is_in_the_working_directory(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CLEARSIGHT_DB"}
    done = subprocess.run(
        [sys.executable, "-m", "clearsight.cli", "ingest", EXAMPLE_FILES[2]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "clearsight.duckdb").exists()


def test_chronology_csv_contract_and_audit(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    assert _run("ingest", "--db", str(db), *EXAMPLE_FILES).returncode == 0
    done = _run(
        "chronology",
        "social_care:C-88123",
        "health_visiting:RX4412",
        "--format",
        "csv",
        "--db",
        str(db),
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0])[:5] == ["event_date", "agency", "record_id", "event_type", "description"]
    assert [r["record_id"] for r in rows][:2] == ["HV-77301", "HV-77342"]
    with Store.open(db) as store:
        entries = store.rows("SELECT channel, action, target FROM audit_log")
        assert entries == [("cli", "view_chronology", "social_care:C-88123;health_visiting:RX4412")]
        assert verify_chain(store) == []


def test_chronology_html_and_xlsx_to_files(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    _run("ingest", "--db", str(db), *EXAMPLE_FILES)
    for fmt in ("html", "xlsx", "json"):
        out = tmp_path / f"c.{fmt}"
        done = _run(
            "chronology",
            "social_care:C-88123",
            "--format",
            fmt,
            "--output",
            str(out),
            "--db",
            str(db),
        )
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 500


def test_chronology_errors_a_person_can_act_on(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    _run("ingest", "--db", str(db), *EXAMPLE_FILES)
    done = _run("chronology", "social_care:C-8812", "--db", str(db))
    assert done.returncode == 2
    assert "no subject social_care:C-8812 in the store. Close matches: social_care:C-88123" in (
        done.stderr
    )
    done = _run("chronology", "social_care:C-88123", "--format", "pdf", "--db", str(db))
    assert done.returncode == 2
    assert "unknown --format 'pdf'" in done.stderr


def test_status_without_a_store_says_what_to_do(tmp_path: Path) -> None:
    done = _run("status", "--db", str(tmp_path / "none.duckdb"))
    assert done.returncode == 1
    assert "no store here. Load files first with `clearsight ingest FILE`" in done.stderr


def test_export_jsonl(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    _run("ingest", "--db", str(db), EXAMPLE_FILES[2])
    done = _run("export", "--db", str(db))
    assert done.returncode == 0
    (row,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert row["other_names"] == "Dean Morris"
    assert row["record_id"] == "PNC-2024-33917"


@pytest.mark.parametrize("command", ["ingest", "chronology", "status", "export"])
def test_every_command_explains_itself(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.split()) > 20


def test_top_level_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "chronology", "status", "export"):
        assert command in result.output


def test_memory_setting_is_checked(tmp_path: Path) -> None:
    ok = _run("ingest", "--db", str(tmp_path / "s.duckdb"), EXAMPLE_FILES[2],
              env={"CLEARSIGHT_MEMORY": "256MB"})
    assert ok.returncode == 0, ok.stderr
    bad = _run("ingest", "--db", str(tmp_path / "s.duckdb"), EXAMPLE_FILES[2],
               env={"CLEARSIGHT_MEMORY": "lots"})
    assert bad.returncode == 1
    assert "CLEARSIGHT_MEMORY='lots' is not an amount of memory" in bad.stderr
