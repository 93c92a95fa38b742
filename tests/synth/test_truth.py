"""The ground truth covers every agency subject and every trajectory's key events."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from clearsight.synth import Summary
from clearsight.synth.trajectories import BENIGN_TYPES, HARM_TYPES
from clearsight.synth.voices import AGENCY_FILES


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_subject_has_a_true_person_and_household(
    small_authority: tuple[Path, Summary],
) -> None:
    out, _ = small_authority
    truth = {(r["agency"], r["subject_ref"]): r for r in _rows(out / "truth" / "persons.csv")}
    for agency in AGENCY_FILES:
        for row in _rows(out / f"{agency}.csv"):
            person = truth[(agency, row["subject_ref"])]
            assert person["person_id"].startswith(person["household_id"])
            assert person["role"] in {"child", "mother", "father", "partner"}
    households = {(r["agency"], r["household_ref"]): r["household_id"]
                  for r in _rows(out / "truth" / "households.csv")}
    for agency in AGENCY_FILES:
        for row in _rows(out / f"{agency}.csv"):
            if row["household_ref"]:
                assert households[(agency, row["household_ref"])] == \
                    truth[(agency, row["subject_ref"])]["household_id"]
    # One person is known to several agencies, each under its own reference.
    agencies_per_person = Counter(r["person_id"] for r in truth.values())
    assert max(agencies_per_person.values()) >= 5


def test_identity_noise_is_present_and_recorded(small_authority: tuple[Path, Summary]) -> None:
    out, _ = small_authority
    noise = Counter(kind for r in _rows(out / "truth" / "persons.csv")
                    for kind in r["noise"].split(";") if kind)
    for kind in ("misspelt_given", "misspelt_family", "nickname", "variant_given",
                 "dob_day_month_swapped", "nhs_missing", "known_by_other_surname"):
        assert noise[kind] > 0, kind


def test_trajectories_have_harm_dates_and_key_events(
    small_authority: tuple[Path, Summary],
) -> None:
    out, _ = small_authority
    records: dict[str, dict[str, str]] = {}
    for agency in AGENCY_FILES:
        for row in _rows(out / f"{agency}.csv"):
            records[f"{agency}:{row['record_id']}"] = row
    persons = {(r["agency"], r["subject_ref"]): r["person_id"]
               for r in _rows(out / "truth" / "persons.csv")}
    trajectories = _rows(out / "truth" / "trajectories.csv")
    kinds = {t["type"] for t in trajectories}
    assert set(HARM_TYPES) <= kinds
    assert set(BENIGN_TYPES) <= kinds
    for t in trajectories:
        if t["type"] in HARM_TYPES:
            assert t["harm"] == "yes" and t["harm_date"], t
            harm = date.fromisoformat(t["harm_date"])
            keys = t["key_events"].split(";")
            assert len(keys) >= 2, t
            for key in keys:
                row = records[key]  # every key event is a row in an agency file
                assert date.fromisoformat(row["event_date"]) <= harm + timedelta(days=1)
            # The victim's own records are among the key events.
            owners = {persons[(k.split(":")[0], records[k]["subject_ref"])] for k in keys}
            assert t["person_id"] in owners
        else:
            assert t["harm"] == "no" and not t["harm_date"]
        for ref in filter(None, t["subject_refs"].split(";")):
            agency, subject = ref.split(":", 1)
            assert persons[(agency, subject)] == t["person_id"]


def test_sentinel_injury_is_on_a_non_mobile_infant(
    small_authority: tuple[Path, Summary],
) -> None:
    out, _ = small_authority
    records = {f"{a}:{r['record_id']}": r for a in AGENCY_FILES for r in _rows(out / f"{a}.csv")}
    found = 0
    for t in _rows(out / "truth" / "trajectories.csv"):
        if t["type"] != "sentinel_injury":
            continue
        first = records[t["key_events"].split(";")[0]]
        assert first["event_type"] == "injury_observed"
        assert "bruise" in first["injury_type"]
        assert "Not yet rolling" in first["description"] or "Not mobile" in first["description"]
        found += 1
    assert found


def test_calibration_file_lists_targets(small_authority: tuple[Path, Summary]) -> None:
    out, _ = small_authority
    rows = _rows(out / "truth" / "calibration.csv")
    assert {r["measure"] for r in rows} >= {"referrals_per_10k", "cla_at_31_march_per_10k"}
    assert all(r["authority"] == "England" for r in rows)


def test_multi_agency_trajectories_leave_pieces_with_several_agencies(
    small_authority: tuple[Path, Summary],
) -> None:
    """The point of the themes: before the harm, the warning signs sit with different
    agencies, and there is time between the first sign and the harm."""
    out, _ = small_authority
    records = {f"{a}:{r['record_id']}": r for a in AGENCY_FILES for r in _rows(out / f"{a}.csv")}
    multi_agency = {"sentinel_injury", "repeated_injuries_changing_explanations",
                    "unknown_adult_joins_household", "domestic_abuse_no_follow_up",
                    "neglect_not_brought"}
    checked = 0
    for t in _rows(out / "truth" / "trajectories.csv"):
        if t["type"] not in multi_agency:
            continue
        harm = date.fromisoformat(t["harm_date"])
        before = [k for k in t["key_events"].split(";")
                  if date.fromisoformat(records[k]["event_date"]) < harm]
        agencies = {k.split(":")[0] for k in before}
        assert len(agencies) >= 2 or t["type"] == "domestic_abuse_no_follow_up", t
        first = min(date.fromisoformat(records[k]["event_date"]) for k in before)
        assert (harm - first).days >= 14, t
        checked += 1
    assert checked >= 5


def test_start_again_harm_comes_after_the_re_referral(
    small_authority: tuple[Path, Summary],
) -> None:
    """The story is closure and re-referral, then harm: at least two referrals of the child
    come before the harm date (a bug once put the harm before a re-referral still open)."""
    out, _ = small_authority
    records = {f"{a}:{r['record_id']}": r for a in AGENCY_FILES for r in _rows(out / f"{a}.csv")}
    found = 0
    for t in _rows(out / "truth" / "trajectories.csv"):
        if t["type"] != "start_again":
            continue
        harm = date.fromisoformat(t["harm_date"])
        referrals = [
            records[k]
            for k in t["key_events"].split(";")
            if records[k]["event_type"] == "referral"
        ]
        assert len([r for r in referrals if date.fromisoformat(r["event_date"]) < harm]) >= 2, t
        found += 1
    assert found
