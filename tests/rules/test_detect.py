"""Detection over a synthetic authority: replay in time, stored alerts, and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest

from clearsight.ingest import ingest_file
from clearsight.rules import detect
from clearsight.store import Store
from clearsight.synth import generate

END = dt.date(2025, 3, 31)


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, str, str]]]:
    folder = tmp_path_factory.mktemp("authority")
    generate(children=600, years=2, seed=11, out=folder, end=END, harm_rate=0.05)
    db = folder / "store.duckdb"
    with Store.open(db) as store:
        for path in sorted(folder.glob("*.csv")):
            assert ingest_file(store, path).outcome == "loaded"
    with (folder / "truth" / "persons.csv").open(encoding="utf-8") as handle:
        truth = [(r["agency"], r["subject_ref"], r["person_id"]) for r in csv.DictReader(handle)]
    return db, truth


def _by_date(alerts: list[dict[str, object]], cutoff: dt.date) -> set[tuple[object, ...]]:
    return {
        (a["alert_id"], a["rule_id"], a["person_id"], a["raised_on"])
        for a in alerts
        if isinstance(a["raised_on"], dt.date) and a["raised_on"] <= cutoff
    }


def test_alerts_replay_in_time(authority: tuple[Path, list[tuple[str, str, str]]]) -> None:
    """An alert raised on day D is raised, the same, by a run that sees only rows recorded by
    D: no rule looks ahead."""
    db, truth = authority
    with Store.open(db) as store:
        full = detect(store, as_of=END, person_map=truth).alerts
        assert len(full) > 20
        assert len({a["rule_id"] for a in full}) >= 6
        for cutoff in (dt.date(2023, 12, 31), dt.date(2024, 6, 30), dt.date(2024, 11, 15)):
            partial = detect(store, as_of=cutoff, person_map=truth).alerts
            assert all(a["raised_on"] <= cutoff for a in partial)
            assert _by_date(partial, cutoff) == _by_date(full, cutoff), cutoff


def test_alerts_are_stored_once_per_pattern(
    authority: tuple[Path, list[tuple[str, str, str]]],
) -> None:
    db, truth = authority
    with Store.open(db) as store:
        first = detect(store, as_of=END, person_map=truth)
        second = detect(store, as_of=END, person_map=truth)
        assert [a["alert_id"] for a in first.alerts] == [a["alert_id"] for a in second.alerts]
        stored = store.one("SELECT count(*) FROM alerts WHERE last_run = ?", [second.run_id])
        assert stored == (len(second.alerts),)
        keys = [(a["rule_id"], a["person_id"], a["raised_on"]) for a in second.alerts]
        assert len(keys) == len(set(keys))


def test_detect_command_prints_the_contract_csv(
    authority: tuple[Path, list[tuple[str, str, str]]],
) -> None:
    db, _truth = authority
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "clearsight.cli",
            "detect",
            "--format",
            "csv",
            "--no-link",
            "--as-of",
            END.isoformat(),
            "--rule",
            "CS-001",
            "--rule",
            "CS-003",
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == [
        "alert_id",
        "rule_id",
        "severity",
        "person_id",
        "subject_refs",
        "raised_on",
        "evidence",
        "summary",
    ]
    assert {r["rule_id"] for r in rows} <= {"CS-001", "CS-003"}
    assert all(r["severity"] == "critical" for r in rows)
    assert all(":" in r["evidence"] and dt.date.fromisoformat(r["raised_on"]) for r in rows)


def test_detect_command_refuses_unknown_rules_and_dates(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    for args, words in (
        (["--rule", "CS-999"], "no rule CS-999"),
        (["--as-of", "31/03/2025"], "is not a date"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "clearsight.cli", "detect", "--no-link", "--db", str(db), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert words in done.stderr


def test_evaluate_scores_against_the_truth(
    authority: tuple[Path, list[tuple[str, str, str]]],
) -> None:
    db, _truth = authority
    truth_dir = db.parent / "truth"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "clearsight.cli",
            "evaluate",
            "--truth",
            str(truth_dir),
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "harm trajectories alerted at high or critical severity 30 days" in done.stdout
    from clearsight.rules.evaluate import evaluate, read_trajectories

    with Store.open(db) as store:
        result = evaluate(store, truth_dir, as_of=END)
    harmed = [t for t in read_trajectories(truth_dir) if t.harmed]
    assert result.harmed == len(harmed) > 0
    assert 0 <= result.caught_serious_30 <= result.caught_any_before <= result.harmed
    assert sum(r.alerts for r in result.rules) == result.alerts
    assert all(lead >= 30 for lead in result.lead_days)
    # every high or critical alert is counted once, on whom it fell
    assert sum(result.serious_where.values()) == result.serious_alerts > 0
    assert result.serious_where["a child later harmed, before the harm"] > 0
    assert 0 < result.open_case_months < result.active_child_months
    false = (
        result.serious_where["a child of a benign busy family"]
        + result.serious_where["anyone else"]
    )
    assert result.false_alarms_per_100_open_cases_month == pytest.approx(
        100 * false / result.open_case_months
    )
    assert 0 < result.harmed_families <= result.harmed <= result.families
    assert "95% interval" in done.stdout


@pytest.mark.parametrize(
    ("part", "whole", "low", "high"),
    # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson)
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_the_share_caught_has_its_wilson_interval(
    part: int, whole: int, low: float, high: float
) -> None:
    from clearsight.rules.evaluate import wilson_interval

    got = wilson_interval(part, whole)
    assert got == pytest.approx((low, high), abs=0.00005)


def test_incremental_detection_matches_a_full_run(tmp_path: Path) -> None:
    """New events re-evaluate only the people they touch, and leave everyone's alerts as a
    full run would."""
    from clearsight.rules import changed_persons, current_alerts
    from tests.conftest import write_csv

    def rows(prefix: str, subject: str, day: str, kind: str, **extra: str) -> dict[str, str]:
        return {
            "agency": "health_hospital",
            "record_id": f"{prefix}-{subject}-{day}",
            "subject_ref": subject,
            "event_date": day,
            "event_type": kind,
            "subject_role": "child",
            "date_of_birth": "2022-05-01",
            **extra,
        }

    first = [
        rows("A", s, d, "emergency_attendance")
        for s in ("K1", "K2", "K3")
        for d in ("2023-01-10", "2023-04-02")
    ]
    later = [
        rows("B", "K2", "2023-07-15", "emergency_attendance"),
        rows(
            "B",
            "K3",
            "2023-08-01",
            "emergency_attendance",
            injury_type="fracture",
            body_sites="arm",
        ),
    ]
    incremental, full = tmp_path / "incremental.duckdb", tmp_path / "full.duckdb"
    with Store.open(incremental) as store:
        ingest_file(store, write_csv(tmp_path / "first.csv", first))
        detect(store, as_of=END)
        assert changed_persons(store) == []
        ingest_file(store, write_csv(tmp_path / "later.csv", later))
        touched = changed_persons(store)
        assert touched == ["health_hospital:K2", "health_hospital:K3"]
        run = detect(store, as_of=END, persons=touched)
        assert {a["person_id"] for a in run.alerts} <= set(touched)
        now = current_alerts(store)
    with Store.open(full) as store:
        ingest_file(store, tmp_path / "first.csv")
        ingest_file(store, tmp_path / "later.csv")
        everything = detect(store, as_of=END).alerts

    def key(alerts: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return sorted(
            (a["alert_id"], a["rule_id"], a["person_id"], a["raised_on"], tuple(a["evidence"]))
            for a in alerts
        )  # type: ignore[arg-type]

    assert key(now) == key(everything)
    assert {a["rule_id"] for a in now} == {"CS-005", "CS-003"}


#: A high-severity rule that is a stricter form of a medium one: it may fire only for a child
#: the medium rule also alerted (CS-004 v2 and CS-018, CS-006 and CS-019, CS-009 and CS-020).
REFINEMENTS = (("CS-018", "CS-004"), ("CS-019", "CS-006"), ("CS-020", "CS-009"))


def test_escalations_fire_only_where_their_broader_rule_does(
    authority: tuple[Path, list[tuple[str, str, str]]],
) -> None:
    db, truth = authority
    with Store.open(db) as store:
        alerts = detect(store, as_of=END, person_map=truth).alerts
    persons: dict[str, set[object]] = {}
    for alert in alerts:
        persons.setdefault(str(alert["rule_id"]), set()).add(alert["person_id"])
    assert any(persons.get(high) for high, _ in REFINEMENTS)
    for high, broad in REFINEMENTS:
        assert persons.get(high, set()) <= persons.get(broad, set()), (high, broad)
        severities = {a["severity"] for a in alerts if a["rule_id"] == high}
        assert severities <= {"high"}
    assert {a["severity"] for a in alerts if a["rule_id"] in ("CS-004", "CS-014")} <= {"medium"}


def test_incremental_detection_in_households_matches_a_full_run(
    authority: tuple[Path, list[tuple[str, str, str]]], tmp_path: Path
) -> None:
    """New events about a few people who live with others (a mother's domestic abuse
    incidents, a child's fracture): an incremental run over them re-evaluates their households
    and leaves every alert (id, rule, severity, person, dates, evidence, summary, firings)
    as a full run over everyone does; a full run in batches of households gives the same."""
    import shutil

    from clearsight.rules import current_alerts
    from tests.conftest import write_csv

    db, truth = authority
    with (db.parent / "truth" / "persons.csv").open(encoding="utf-8") as handle:
        people = list(csv.DictReader(handle))
    households = sorted({(p["person_id"], p["household_id"]) for p in people})
    children: dict[str, set[str]] = {}
    for p in people:
        if p["role"] == "child":
            children.setdefault(p["household_id"], set()).add(p["person_id"])
    mothers = [
        p
        for p in people
        if p["agency"] == "police"
        and p["role"] == "mother"
        and len(children.get(p["household_id"], ())) > 1
    ][:2]
    injured = [
        p
        for p in people
        if p["agency"] == "health_hospital"
        and p["role"] == "child"
        and len(children.get(p["household_id"], ())) > 1
        and p["household_id"] not in {m["household_id"] for m in mothers}
    ][:1]
    assert len(mothers) == 2 and len(injured) == 1

    def new_row(subject: dict[str, str], number: int, day: str, kind: str, **extra: str) -> dict:
        with Store.open(db, read_only=True) as store:
            role, born = store.one(
                "SELECT subject_role, date_of_birth FROM subjects WHERE agency = ? "
                "AND subject_ref = ?",
                [subject["agency"], subject["subject_ref"]],
            ) or ("", None)
        return {
            "agency": subject["agency"],
            "record_id": f"NEW-{number}",
            "subject_ref": subject["subject_ref"],
            "event_date": day,
            "event_type": kind,
            "subject_role": str(role),
            "date_of_birth": born.isoformat() if born else "",
            **extra,
        }

    later = [
        new_row(
            m,
            10 * i + k,
            day,
            "domestic_abuse_incident",
            description="Police attended a "
            "domestic incident at the home; the children were present.",
        )
        for i, m in enumerate(mothers)
        for k, day in enumerate(("2025-01-05", "2025-02-10"))
    ] + [
        new_row(
            injured[0],
            99,
            "2025-02-20",
            "emergency_attendance",
            injury_type="fracture",
            body_sites="arm",
            explanation="none",
        )
    ]
    new_file = write_csv(tmp_path / "police_and_hospital.csv", later)
    touched = sorted({p["person_id"] for p in mothers + injured})
    maps = {"person_map": truth, "household_map": households}

    incremental, full = tmp_path / "incremental.duckdb", tmp_path / "full.duckdb"
    shutil.copyfile(db, incremental)
    shutil.copyfile(db, full)
    with Store.open(incremental) as store:
        before = detect(store, as_of=END, **maps).alerts
        assert ingest_file(store, new_file).outcome == "loaded"
        run = detect(store, as_of=END, persons=touched, **maps)
        covered = store.one("SELECT persons FROM detection_runs WHERE run_id = ?", [run.run_id])
        now = current_alerts(store)
    with Store.open(full) as store:
        assert ingest_file(store, new_file).outcome == "loaded"
        everything = detect(store, as_of=END, **maps).alerts
        batched = detect(store, as_of=END, batch_events=2_000, **maps).alerts

    assert covered and len(covered[0]) > len(touched) + 2  # their households came too
    fields = (
        "alert_id",
        "rule_id",
        "severity",
        "person_id",
        "subject_refs",
        "raised_on",
        "updated_on",
        "evidence",
        "summary",
        "firings",
        "rule_version",
        "parameters",
    )

    def key(alerts: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return sorted(tuple(str(a[f]) for f in fields) for a in alerts)

    assert key(now) == key(everything) == key(batched)
    assert key(now) != key(before)  # the new events raised or changed alerts
    changed = {a[3] for a in set(key(now)) ^ set(key(before))}
    assert changed - set(touched)  # some of them on other people of the households


@pytest.mark.parametrize("order", ["ASC", "DESC"])
def test_a_childs_date_of_birth_does_not_depend_on_row_order(order: str) -> None:
    """The date of birth the rules use is the one recorded most often; between dates recorded
    equally often, the later (younger) one, whichever order the rows come in."""
    import duckdb

    from clearsight.store.rules import _persons_sql

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE subjects AS SELECT * FROM (VALUES "
        "('health_gp', 'G1', 'child', DATE '2023-05-01'), "
        "('education', 'E1', 'child', DATE '2023-01-05'), "
        "('police', 'P1', 'child', NULL), "
        "('health_gp', 'G2', 'child', DATE '2019-02-02'), "
        "('education', 'E2', 'child', DATE '2019-02-02'), "
        "('police', 'P2', 'child', DATE '2019-03-03'), "
        "('housing', 'H2', 'adult', DATE '1990-01-01')"
        ") t(agency, subject_ref, subject_role, date_of_birth) "
        f"ORDER BY subject_ref {order}"
    )
    members = (
        "SELECT * FROM (VALUES ('health_gp', 'G1', 'A'), ('education', 'E1', 'A'), "
        "('police', 'P1', 'A'), ('health_gp', 'G2', 'B'), ('education', 'E2', 'B'), "
        "('police', 'P2', 'B'), ('housing', 'H2', 'B')) m(agency, subject_ref, person_id)"
    )
    rows = con.execute(
        f"SELECT DISTINCT person_id, is_child, child_dob FROM ({_persons_sql(members)}) "
        "ORDER BY person_id"
    ).fetchall()
    assert rows == [
        ("A", True, dt.date(2023, 5, 1)),  # one each: the later
        ("B", True, dt.date(2019, 2, 2)),  # recorded twice, not the later recorded once
    ]
