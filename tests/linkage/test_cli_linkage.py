"""The contract of `clearsight link`, `persons`, `review` and `chronology PERSON`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from clearsight.cli import app
from clearsight.store import Store

runner = CliRunner()


def _persons(db: Path) -> list[dict[str, str]]:
    result = runner.invoke(app, ["persons", "--format", "csv", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_persons_csv_is_the_contract(linked: Store) -> None:
    path = linked.path
    linked.close()
    result = runner.invoke(app, ["persons", "--format", "csv", "--db", str(path)])
    header = result.stdout.splitlines()[0]
    assert header == "person_id,agency,subject_ref,role,match_weight,decided_by"
    rows = _persons(path)
    with Store.open(path, read_only=True) as store:
        count = store.one("SELECT count(*) FROM subjects")
    assert count is not None and len(rows) == count[0]
    assert {r["decided_by"] for r in rows} <= {"identifier", "model", "unlinked"}
    for r in rows:
        assert (r["match_weight"] == "") == (r["decided_by"] == "unlinked")


def test_link_command_and_chronology_of_a_person(linked: Store) -> None:
    path = linked.path
    linked.close()
    result = runner.invoke(app, ["link", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "Linkage run 2" in result.stdout
    rows = {f"{r['agency']}:{r['subject_ref']}": r for r in _persons(path)}
    person = rows["health_gp:GP-B1"]["person_id"]
    for target in (person, "health_gp:GP-B1", "education:ED-B1"):
        chron = runner.invoke(app, ["chronology", target, "--db", str(path)])
        assert chron.exit_code == 0, chron.output
        events = list(csv.DictReader(io.StringIO(chron.stdout)))
        assert {e["record_id"] for e in events} == {"B1", "B2"}, target
    missing = runner.invoke(app, ["chronology", "P9999999", "--db", str(path)])
    assert missing.exit_code == 2


def test_review_lists_and_records(linked: Store) -> None:
    path = linked.path
    linked.close()
    listed = runner.invoke(app, ["review", "--db", str(path)])
    assert listed.exit_code == 0, listed.output
    assert "health_gp:GP-F1  health_hospital:HH-F1" in listed.stdout
    decided = runner.invoke(app, ["review", "health_gp:GP-F1", "health_hospital:HH-F1",
                                  "--reject", "--reviewer", "csingh", "--db", str(path)])
    assert decided.exit_code == 0, decided.output
    relisted = runner.invoke(app, ["review", "--db", str(path)])
    assert "GP-F1" not in relisted.stdout
    bad = runner.invoke(app, ["review", "health_gp:GP-F1", "--confirm", "--db", str(path)])
    assert bad.exit_code == 2
    unknown = runner.invoke(app, ["review", "health_gp:NOPE", "health_gp:GP-F1", "--confirm",
                                  "--db", str(path)])
    assert unknown.exit_code == 2


def test_link_on_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["link", "--db", str(tmp_path / "empty.duckdb")])
    assert result.exit_code == 2
    assert "clearsight ingest" in result.output


def test_persons_jsonl_explains_each_link(linked: Store) -> None:
    import json

    path = linked.path
    linked.close()
    result = runner.invoke(app, ["persons", "--format", "jsonl", "--db", str(path)])
    assert result.exit_code == 0, result.output
    rows = {f"{r['agency']}:{r['subject_ref']}": r
            for r in map(json.loads, result.stdout.splitlines())}
    kacper = rows["education:ED-B1"]
    assert kacper["linked_to"] == "health_gp:GP-B1" and "date_of_birth" in kacper["agreed"]

