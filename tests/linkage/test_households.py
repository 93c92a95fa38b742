"""Households: persons sharing a household reference or an address in the same quarter, and
the household view of the chronology."""

from __future__ import annotations

from clearsight.chronology import build_chronology
from clearsight.store import Store
from clearsight.store import linkage as db


def test_mother_and_daughter_share_a_household(linked: Store) -> None:
    daughter = db.person_of(linked, ("social_care", "SC-D1"))
    mother = db.person_of(linked, ("housing", "HO-D1"))
    assert daughter and mother and daughter != mother
    members = db.household_of(linked, daughter)
    ids = {m["person_id"] for m in members}
    assert ids == {daughter, mother}
    assert {m["household_id"] for m in members} == {f"H-{min(ids)}"}
    assert all("address" in m["basis"] for m in members)
    roles = {m["person_id"]: m["roles"] for m in members}
    assert roles[mother] == ["mother"] and roles[daughter] == ["child"]


def test_household_chronology_adds_the_household(linked: Store) -> None:
    alone = build_chronology(linked, ["social_care:SC-D1"])
    assert [e.event["record_id"] for e in alone.entries] == ["D3"]
    whole = build_chronology(linked, ["social_care:SC-D1"], household=True)
    assert sorted(e.event["record_id"] for e in whole.entries) == ["D1", "D2", "D3"]
    assert whole.child_name == "Mary Fairclough"
    about = {e.event["record_id"]: e.about for e in whole.entries}
    assert about["D3"] == "" and "mother" in about["D1"]
