"""Hand-written hard cases, each with the outcome a practitioner would expect."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearsight.store import Store
from clearsight.store import linkage as db


@pytest.fixture(scope="module")
def person(linked_store_file: Path) -> dict[str, str]:
    with Store.open(linked_store_file, read_only=True) as store:
        return {f"{r['agency']}:{r['subject_ref']}": r["person_id"] for r in db.persons(store)}


SAME = [
    ("alias recorded by social care", "social_care:SC-A1", "police:PO-A1"),
    ("day and month swapped", "health_gp:GP-B1", "education:ED-B1"),
    ("twin's own records", "health_gp:GP-C1", "education:ED-C1"),
    ("twin's own records", "health_gp:GP-C2", "education:ED-C2"),
    ("mother in two agencies", "housing:HO-D1", "health_gp:GP-D1"),
    ("partner using two surnames", "police:PO-E1", "social_care:SC-E1"),
    ("nickname", "education:ED-G1", "social_care:SC-G1"),
    ("names the wrong way round", "police:PO-H1", "social_care:SC-H1"),
]

DIFFERENT = [
    ("twins", "health_gp:GP-C1", "health_gp:GP-C2"),
    ("twins at school", "education:ED-C1", "education:ED-C2"),
    ("mother and daughter with one name", "housing:HO-D1", "social_care:SC-D1"),
    ("two valid NHS numbers", "health_gp:GP-F1", "health_hospital:HH-F1"),
    ("a sister recorded under her brother's NHS number", "health_gp:GP-I1",
     "health_hospital:HH-I2"),
]


@pytest.mark.parametrize(("case", "left", "right"), SAME)
def test_same_person(person: dict[str, str], case: str, left: str, right: str) -> None:
    assert person[left] == person[right], case


@pytest.mark.parametrize(("case", "left", "right"), DIFFERENT)
def test_different_people(person: dict[str, str], case: str, left: str, right: str) -> None:
    assert person[left] != person[right], case


def test_the_background_population_links_well(linked_store_file: Path) -> None:
    from tests.linkage.population import background

    _, truth = background(linked_store_file.parent / "again.csv")
    with Store.open(linked_store_file, read_only=True) as store:
        person = {f"{r['agency']}:{r['subject_ref']}": r["person_id"] for r in db.persons(store)}
    by_truth: dict[int, set[str]] = {}
    for key, n in truth.items():
        by_truth.setdefault(n, set()).add(person[key])
    split = sum(1 for ids in by_truth.values() if len(ids) > 1)
    owners: dict[str, set[int]] = {}
    for key, n in truth.items():
        owners.setdefault(person[key], set()).add(n)
    merged = sum(1 for ns in owners.values() if len(ns) > 1)
    assert merged == 0
    assert split <= len(by_truth) * 0.03


def test_two_valid_nhs_numbers_go_to_review(linked_store_file: Path) -> None:
    with Store.open(linked_store_file, read_only=True) as store:
        pair = db.pair_explanation(store, "health_gp:GP-F1", "health_hospital:HH-F1")
    assert pair is not None
    assert pair["outcome"] == "review"
    assert "refused: different NHS numbers" in pair["decided_by"]


def test_every_link_explains_itself(linked_store_file: Path) -> None:
    with Store.open(linked_store_file, read_only=True) as store:
        rows = {f"{r['agency']}:{r['subject_ref']}": r for r in db.persons(store)}
        swapped = db.pair_explanation(store, "health_gp:GP-B1", "education:ED-B1")
    kacper = rows["education:ED-B1"]
    assert kacper["decided_by"] == "model"
    assert kacper["match_weight"] > 0
    assert kacper["linked_to"] == "health_gp:GP-B1"
    assert "given_name" in kacper["agreed"] and "date_of_birth" in kacper["agreed"]
    assert swapped is not None
    assert "day and month swapped" in swapped["levels"]
    gp = rows["health_gp:GP-D1"]
    assert gp["decided_by"] in ("model", "identifier")
