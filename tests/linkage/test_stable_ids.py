"""Person ids survive reruns; new records join or make persons; merges and splits are
recorded; reviewers' decisions are respected on every later run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from clearsight.ingest import ingest_file
from clearsight.linkage import decide, link, queue
from clearsight.store import Store
from clearsight.store import linkage as db
from tests.conftest import write_csv
from tests.linkage.population import row


def _persons(store: Store) -> dict[str, str]:
    return {f"{r['agency']}:{r['subject_ref']}": r["person_id"] for r in db.persons(store)}


def test_a_rerun_changes_nothing(linked: Store) -> None:
    before = _persons(linked)
    result = link(linked)
    assert _persons(linked) == before
    assert result.changes == {}
    assert result.trained is False and result.settings_version == 1


def test_a_new_record_joins_the_person_it_is(linked: Store, tmp_path: Path) -> None:
    before = _persons(linked)
    extra = row("health_hospital", "HH-B9", "B9", given="kacper", family="pemberton",
                dob=date(2019, 3, 7), sex="M", postcode="TT31 2AB")
    ingest_file(linked, write_csv(tmp_path / "new.csv", [extra]))
    result = link(linked)
    after = _persons(linked)
    assert after["health_hospital:HH-B9"] == before["health_gp:GP-B1"]
    assert {k: v for k, v in after.items() if k in before} == before
    joins = [c for c in db.person_changes(linked, result.run_id) if c["change"] == "join"]
    assert joins and joins[0]["subjects"] == ["health_hospital:HH-B9"]


def test_a_stranger_makes_a_new_person(linked: Store, tmp_path: Path) -> None:
    extra = row("police", "PO-Z1", "Z1", given="xanthe", family="quarrie",
                dob=date(2001, 1, 1), sex="F", postcode="TT90 9ZZ", role="mother")
    ingest_file(linked, write_csv(tmp_path / "new.csv", [extra]))
    result = link(linked)
    person = _persons(linked)["police:PO-Z1"]
    assert person not in set(_persons(linked).values()) - {person}
    news = [c for c in db.person_changes(linked, result.run_id) if c["change"] == "new"]
    assert [c["person_id"] for c in news] == [person]


def test_reject_splits_and_is_respected_later(linked: Store) -> None:
    before = _persons(linked)
    left, right = "education:ED-G1", "social_care:SC-G1"
    assert before[left] == before[right]
    decide(linked, left, right, "reject", "asmith", "different boys, checked with school")
    result = link(linked)
    after = _persons(linked)
    assert after[left] != after[right]
    kept = before[left]
    assert kept in (after[left], after[right])
    splits = [c for c in db.person_changes(linked, result.run_id) if c["change"] == "split"]
    assert len(splits) == 1 and splits[0]["other_person_id"] == kept
    assert link(linked).changes == {}
    again = _persons(linked)
    assert again[left] != again[right]
    history = linked.rows(
        "SELECT person_id, to_run FROM person_members WHERE agency = 'social_care' "
        "AND subject_ref = 'SC-G1' ORDER BY from_run"
    )
    assert len(history) == 2 and history[0][1] is not None and history[1][1] is None


def test_confirm_merges_recorded_and_the_old_id_still_finds_the_person(linked: Store) -> None:
    before = _persons(linked)
    left, right = "health_gp:GP-F1", "health_hospital:HH-F1"
    assert before[left] != before[right]
    assert any((q["left_key"], q["right_key"]) == (left, right) for q in queue(linked))
    decide(linked, right, left, "confirm", "bjones", "keying slip: same child")
    result = link(linked)
    after = _persons(linked)
    assert after[left] == after[right] == min(before[left], before[right])
    gone = max(before[left], before[right])
    merges = [c for c in db.person_changes(linked, result.run_id) if c["change"] == "merge"]
    assert [(m["person_id"], m["other_person_id"]) for m in merges] == [(after[left], gone)]
    assert set(db.person_subject_keys(linked, gone)) == {
        ("health_gp", "GP-F1"), ("health_hospital", "HH-F1")}
    rows = {f"{r['agency']}:{r['subject_ref']}": r for r in db.persons(linked)}
    assert {rows[left]["decided_by"], rows[right]["decided_by"]} == {"reviewer:bjones"}
    assert not any((q["left_key"], q["right_key"]) == (left, right) for q in queue(linked))
    audit = linked.rows("SELECT actor, action FROM audit_log WHERE action LIKE 'linkage_%'")
    assert ("bjones", "linkage_confirm") in audit


def test_a_later_decision_replaces_an_earlier_one(linked: Store) -> None:
    left, right = "education:ED-G1", "social_care:SC-G1"
    decide(linked, left, right, "reject", "asmith")
    decide(linked, left, right, "confirm", "asmith", "rechecked")
    link(linked)
    after = _persons(linked)
    assert after[left] == after[right]


def test_a_small_store_uses_the_bundled_model(tmp_path: Path) -> None:
    rows = [
        row("health_gp", "GP-1", "1", given="ella", family="marsh", dob=date(2020, 2, 2),
            sex="F", postcode="TT1 1AA"),
        row("education", "ED-1", "2", given="ella", family="marsh", dob=date(2020, 2, 2),
            sex="F", postcode="TT1 1AA"),
    ]
    with Store.open(tmp_path / "small.duckdb") as store:
        ingest_file(store, write_csv(tmp_path / "small.csv", rows))
        result = link(store)
        assert result.trained is False
        assert store.one("SELECT trained_on_subjects FROM linkage_settings") == (0,)
        people = _persons(store)
    assert people["health_gp:GP-1"] == people["education:ED-1"]
