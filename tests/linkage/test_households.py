"""Households: persons sharing a household reference or an address in the same quarter, and
the household view of the chronology."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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


def test_a_place_is_the_address_with_its_postcode(tmp_path: Path) -> None:
    """Two families recorded at "Flat 3, Weaver Court" in the same quarter but in different
    postcodes are two households; the same flat written with its postcode spaced differently
    is one."""
    from clearsight.ingest import ingest_file
    from clearsight.linkage import link
    from tests.conftest import write_csv
    from tests.linkage.population import row

    def at(agency: str, ref: str, record: str, given: str, family: str, born: date,
           postcode: str, role: str) -> dict[str, str]:
        r = row(agency, ref, record, given=given, family=family, dob=born, sex="F",
                postcode=postcode, role=role, event_date="2024-05-10")
        r["address"] = "Flat 3, Weaver Court, Quarrington"
        return r

    rows = [
        at("housing", "HO-1", "W1", "amelia", "brightwater", date(1990, 3, 4), "QX1 2AB",
           "mother"),
        at("health_gp", "GP-1", "W2", "isla", "brightwater", date(2019, 6, 1), "qx12ab",
           "child"),
        at("housing", "HO-2", "W3", "harriet", "oyelaran", date(1984, 9, 9), "QX7 9ZZ",
           "mother"),
    ]
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest_file(store, write_csv(tmp_path / "rows.csv", rows))
        link(store)
        first = db.person_of(store, ("housing", "HO-1"))
        daughter = db.person_of(store, ("health_gp", "GP-1"))
        other = db.person_of(store, ("housing", "HO-2"))
        assert first and daughter and other
        home = {m["person_id"] for m in db.household_of(store, first)}
        assert home == {first, daughter}
        assert {m["person_id"] for m in db.household_of(store, other)} == {other}
