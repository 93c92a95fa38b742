"""The denominator of the alert rate: child-months with a children's social care case open."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from clearsight.ingest import ingest_file
from clearsight.rules.catalogue._rows import child, row
from clearsight.store import Store
from clearsight.store.rules import active_child_months, open_case_months

AS_OF = dt.date(2025, 3, 31)


def _store(tmp_path: Path, rows: list[dict[str, str]]) -> Store:
    path = tmp_path / "rows.csv"
    columns = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows([r.get(c, "") for c in columns] for r in rows)
    store = Store.open(tmp_path / "s.duckdb")
    result = ingest_file(store, path)
    assert result.outcome == "loaded", [str(p) for p in result.problems]
    return store


def test_a_case_is_open_from_referral_to_closure_and_a_contact_alone_is_no_case(
    tmp_path: Path,
) -> None:
    rows = [
        # A: a contact that went no further: no case
        child("social_care", "A", "2018-01-01", "2024-05-10", "contact", record_id="A0"),
        # B: referral 2024-01-20, visits, closed 2024-03-05 (January to March: 3 months);
        # then a referral closed the same day with no further action (June: 1 month)
        child("social_care", "B", "2018-01-01", "2024-01-18", "contact", record_id="B0"),
        row("social_care", "B1", "B", "2024-01-20", "referral"),
        row("social_care", "B2", "B", "2024-02-11", "home_visit"),
        row("social_care", "B3", "B", "2024-03-05", "assessment_complete"),
        row("social_care", "B4", "B", "2024-03-05", "case_closed"),
        row("social_care", "B5", "B", "2024-04-20", "note"),
        row("social_care", "B6", "B", "2024-06-02", "referral"),
        row("social_care", "B6a", "B", "2024-06-02", "worker_allocated"),
        row("social_care", "B7", "B", "2024-06-02", "case_closed"),
        # C: a plan with no closure recorded: open from December 2024 to the as-of month
        child("social_care", "C", "2020-01-01", "2024-12-03", "referral", record_id="C0"),
        row("social_care", "C1", "C", "2025-01-15", "cp_plan_start"),
        # D: an adult's records never count
        row("social_care", "D0", "D", "2024-01-01", "referral", subject_role="mother"),
        # E: a case opened after the as-of date does not count
        child("social_care", "E", "2019-01-01", "2025-04-02", "referral", record_id="E0"),
    ]
    with _store(tmp_path, rows) as store:
        assert open_case_months(store, AS_OF) == 3 + 1 + 4
        # the looser, earlier count gives the contact three months, and every record its month
        # and the two after, up to the as-of date
        loose = active_child_months(store, AS_OF)
        assert loose > open_case_months(store, AS_OF)
        assert open_case_months(store, dt.date(2024, 2, 29)) == 2  # B's January and February
