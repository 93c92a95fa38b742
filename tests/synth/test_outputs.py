"""The generated files are valid exchange-format files, in each agency's own voice."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from clearsight.format.checks import nhs_number_is_valid, upn_is_valid
from clearsight.format.spec import COLUMNS_BY_NAME, REQUIRED_COLUMNS, ColumnKind
from clearsight.synth import END_DATE, Summary
from clearsight.synth.voices import AGENCY_FILES
from tests.synth.conftest import CIN_XSD


def _date(text: str) -> date:
    if "/" in text:
        d, m, y = text.split("/")
        return date(int(y), int(m), int(d))
    return date.fromisoformat(text[:10])


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_one_file_per_agency_with_rows(small_authority: tuple[Path, Summary]) -> None:
    out, summary = small_authority
    for agency in AGENCY_FILES:
        rows = _rows(out / f"{agency}.csv")
        assert rows, agency
        assert {r["agency"] for r in rows} == {agency}
        assert len(rows) == summary.rows[agency]


def test_every_row_is_valid(small_authority: tuple[Path, Summary]) -> None:
    out, _ = small_authority
    for agency in AGENCY_FILES:
        seen: set[str] = set()
        dob: dict[str, date] = {}
        roles: dict[str, str] = {}
        for n, row in enumerate(_rows(out / f"{agency}.csv"), start=2):
            where = f"{agency}.csv:{n}"
            for column in REQUIRED_COLUMNS:
                assert row[column], f"{where}: {column} missing"
            assert row["record_id"] not in seen, f"{where}: duplicate record_id"
            seen.add(row["record_id"])
            for name, value in row.items():
                col = COLUMNS_BY_NAME[name]
                if not value:
                    continue
                if col.kind is ColumnKind.CODE:
                    assert value in col.codes, f"{where}: {name}={value}"
                elif col.kind is ColumnKind.CODES:
                    assert set(value.split(";")) <= set(col.codes), f"{where}: {name}={value}"
                elif col.kind is ColumnKind.NHS_NUMBER:
                    assert nhs_number_is_valid(value), f"{where}: {value}"
                elif col.kind is ColumnKind.UPN:
                    assert upn_is_valid(value), f"{where}: {value}"
            event_day = date.fromisoformat(row["event_date"])
            assert date(1900, 1, 1) <= event_day <= END_DATE, where
            assert date.fromisoformat(row["recorded_at"][:10]) <= END_DATE, where
            ref = row["subject_ref"]
            if row["date_of_birth"]:
                dob[ref] = _date(row["date_of_birth"])
            if row["subject_role"]:
                roles[ref] = row["subject_role"]
            if ref in dob and roles.get(ref) != "unborn":
                assert dob[ref] <= event_day, f"{where}: event before date of birth"


def test_identifiers_only_where_the_agency_holds_them(
    small_authority: tuple[Path, Summary],
) -> None:
    out, _ = small_authority
    for agency in AGENCY_FILES:
        header = (out / f"{agency}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert ("nhs_number" in header) == (agency.startswith("health_")
                                            or agency == "social_care")
        assert ("upn" in header) == (agency in ("education", "social_care"))


def test_agencies_speak_in_their_own_voice(small_authority: tuple[Path, Summary]) -> None:
    out, _ = small_authority
    police = _rows(out / "police.csv")
    names = [r["family_name"] for r in police if r["family_name"]]
    assert names and all(n == n.upper() for n in names)  # police write surnames in capitals
    hv = [r for r in _rows(out / "health_visiting.csv") if r["nhs_number"]]
    assert hv and all(" " in r["nhs_number"] for r in hv)  # printed as 3 3 4
    assert all("/" in r["date_of_birth"] for r in hv if r["date_of_birth"])
    refs = {a: {r["subject_ref"] for r in _rows(out / f"{a}.csv")} for a in AGENCY_FILES}
    for a in AGENCY_FILES:
        for b in AGENCY_FILES:
            if a < b:
                assert not refs[a] & refs[b], f"{a} and {b} share subject references"


def test_narratives_vary(small_authority: tuple[Path, Summary]) -> None:
    out, _ = small_authority
    visits = [r["description"] for r in _rows(out / "social_care.csv")
              if r["event_type"] == "home_visit"]
    assert len(set(visits)) > 20
    assert not any("{" in r["description"] for a in AGENCY_FILES
                   for r in _rows(out / f"{a}.csv"))


def test_process_order_and_timescales(small_authority: tuple[Path, Summary]) -> None:
    """Per child: contact, then referral; strategy discussion before section 47; a plan only
    after a conference."""
    out, _ = small_authority
    by_child: dict[str, list[tuple[date, str]]] = {}
    for row in _rows(out / "social_care.csv"):
        by_child.setdefault(row["subject_ref"], []).append(
            (date.fromisoformat(row["event_date"]), row["event_type"]))
    checked = 0
    for events in by_child.values():
        kinds = [k for _, k in events]
        if "cp_plan_start" in kinds and "child_protection_conference" in kinds:
            first_plan = kinds.index("cp_plan_start")
            assert "child_protection_conference" in kinds[:first_plan + 1]
            checked += 1
        if "section47_start" in kinds and "strategy_discussion" in kinds:
            assert kinds.index("strategy_discussion") < kinds.index("section47_start")
    assert checked > 5


def test_cin_census_validates_against_the_2026_schema(
    small_authority: tuple[Path, Summary],
) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    if not CIN_XSD.exists():
        pytest.skip("the shared CIN schema is not available")
    out, summary = small_authority
    schema = xmlschema.XMLSchema(str(CIN_XSD))
    errors = list(schema.iter_errors(str(out / "returns" / f"cin_census_{END_DATE.year}.xml")))
    assert errors == []
    assert summary.cin_children > 50


def test_ssda903_tables_have_the_published_shapes(
    small_authority: tuple[Path, Summary],
) -> None:
    out, summary = small_authority
    folder = out / "returns" / f"ssda903_{END_DATE.year}"
    header = _rows(folder / "header.csv")
    episodes = _rows(folder / "episodes.csv")
    reviews = _rows(folder / "reviews.csv")
    assert list(header[0]) == ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
    assert list(episodes[0]) == [
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ]
    assert list(reviews[0]) == ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]
    assert len(header) == summary.ssda903_children
    children = {r["CHILD"] for r in header}
    assert {r["CHILD"] for r in episodes} <= children
    for row in episodes:
        assert row["RNE"] in {"S", "L", "P", "T", "B", "U"}
        assert row["LS"] in {"V2", "C1", "C2", "L2", "E1", "J1", "J2", "J3"}
        assert (row["DEC"] == "") == (row["REC"] == "")
        if row["DEC"]:
            assert _date(row["DEC"]) >= _date(row["DECOM"])
    # Episodes of one child follow on from each other.
    last: dict[str, dict[str, str]] = {}
    for row in episodes:
        prev = last.get(row["CHILD"])
        if prev is not None and prev["REC"] == "X1":
            assert prev["DEC"] == row["DECOM"]
        last[row["CHILD"]] = row
    assert {r["SEX"] for r in header} <= {"M", "F", "U"}  # 2024-25 rules (samples: 1/2)


def test_social_care_ids_link_the_returns_to_the_files(
    small_authority: tuple[Path, Summary],
) -> None:
    out, _ = small_authority
    refs = {r["subject_ref"] for r in _rows(out / "social_care.csv")}
    header = _rows(out / "returns" / f"ssda903_{END_DATE.year}" / "header.csv")
    assert {r["CHILD"] for r in header} <= refs


def test_event_mix_is_plausible(small_authority: tuple[Path, Summary]) -> None:
    out, _ = small_authority
    kinds = Counter(r["event_type"] for a in AGENCY_FILES for r in _rows(out / f"{a}.csv"))
    for kind in ("contact", "referral", "assessment_complete", "cp_plan_start",
                 "looked_after_start", "home_visit", "domestic_abuse_incident",
                 "health_visitor_contact", "immunisation", "school_absence",
                 "emergency_attendance", "appointment_not_attended", "change_of_address"):
        assert kinds[kind] > 0, kind
    assert kinds["contact"] >= kinds["referral"]


def test_placement_moves_agree_between_ssda903_and_social_care(
    small_authority: tuple[Path, Summary],
) -> None:
    out, _ = small_authority
    notes: dict[str, set[str]] = {}
    for row in _rows(out / "social_care.csv"):
        if row["event_type"] == "note" and row["description"].startswith("Placement move"):
            notes.setdefault(row["subject_ref"], set()).add(row["event_date"])
    moves = 0
    for row in _rows(out / "returns" / f"ssda903_{END_DATE.year}" / "episodes.csv"):
        if row["RNE"] == "P" and _date(row["DECOM"]) >= date(2022, 4, 1):  # within history
            moves += 1
            assert _date(row["DECOM"]).isoformat() in notes.get(row["CHILD"], set()), row
    assert moves > 0


def test_schools_record_in_term_time(small_authority: tuple[Path, Summary]) -> None:
    from clearsight.synth.calendar import is_school_day

    out, _ = small_authority
    rows = [r for r in _rows(out / "education.csv")
            if r["event_type"] in ("school_absence", "change_of_address")]
    assert rows
    assert all(is_school_day(date.fromisoformat(r["event_date"])) for r in rows)
