"""The published statistics as tidy rows: reconciliation, suppression, codes, reorganisations."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from clearsight.compare import indicators as ind
from clearsight.compare.loader import LoadError, PublicStats, bundled_data_dir, read_all

# England rows whose published percentage DfE computed from figures other than the England
# counts it published beside it (national figures revised or computed on a different base).
# Authority rows all reconcile. If this set changes, the data or the method changed: look.
KNOWN_NATIONAL_DIFFERENCES = {
    ("ENG", 2022, "cpp_second_or_later_pct"),
    ("ENG", 2022, "sw_turnover_pct"),
    ("ENG", 2024, "sw_turnover_pct"),
    ("ENG", 2023, "sw_agency_pct"),
    ("ENG", 2024, "sw_agency_pct"),
    ("ENG", 2023, "sw_sickness_pct"),
    ("ENG", 2024, "sw_sickness_pct"),
}


def test_every_published_rate_is_reproduced(stats: PublicStats) -> None:
    checked = [r for r in stats.rows if r.published_value is not None and r.value is not None]
    failures = {(r.key, r.year, r.indicator) for r in checked
                if not ind.agrees_with_published(ind.get(r.indicator), r)}
    assert failures == KNOWN_NATIONAL_DIFFERENCES
    names = {r.indicator for r in checked}
    assert names == {"rereferrals_pct", "cpp_second_or_later_pct", "cpp_2years_pct",
                     "cla_rate", "cla_starts_rate", "sw_turnover_pct", "sw_vacancy_pct",
                     "sw_agency_pct", "sw_caseload", "sw_sickness_pct"}
    assert len(checked) > 13_000


def test_cla_rates_match_exactly_with_half_up_rounding(stats: PublicStats) -> None:
    rows = [r for r in stats.rows if r.indicator in ("cla_rate", "cla_starts_rate")
            and r.published_value is not None and r.value is not None]
    assert len(rows) > 1_500
    for r in rows:
        assert ind.round_half_up(r.value, 0) == r.published_value, r  # type: ignore[arg-type]


def test_round_half_up_is_not_bankers() -> None:
    assert ind.round_half_up(22.5, 0) == 23
    assert ind.round_half_up(24.25, 1) == 24.3
    assert round(22.5) == 22  # what the publications do not do


def test_reconciliation_catches_a_wrong_published_value(stats: PublicStats) -> None:
    row = next(r for r in stats.rows if r.indicator == "sw_caseload" and r.key == "309"
               and r.year == 2025)
    wrong = ind.IndicatorRow(row.key, row.year, row.indicator, row.numerator, row.denominator,
                             row.value, (row.published_value or 0) + 0.3, None, "", 0)
    assert not ind.agrees_with_published(ind.get("sw_caseload"), wrong)


def _suppressed_cells(file: str, column: str) -> list[tuple[int, str, str]]:
    with (bundled_data_dir() / file).open(encoding="utf-8-sig", newline="") as handle:
        return [(n, rec["old_la_code"], rec[column]) for n, rec in
                enumerate(csv.DictReader(handle), start=2)
                if rec[column].strip().lower() in {"c", "x", "z", "u", "low"}
                and rec["geographic_level"] == "Local authority"]


def test_suppressed_values_are_never_zero(stats: PublicStats) -> None:
    cells = _suppressed_cells("d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_subsequent")
    assert cells
    by_source = {(r.source_file, r.source_row): r for r in stats.rows}
    for row_number, _, symbol in cells:
        row = by_source[("d3_cpps_subsequent_plan_2013_to_2025.csv", row_number)]
        assert row.numerator is None and row.value is None
        assert row.missing_reason is not None
        assert row.missing_reason.startswith(symbol.strip().lower())
    for r in stats.rows:
        assert (r.value is None) == (r.missing_reason is not None)


def test_rates_use_the_previous_mid_year_population(stats: PublicStats) -> None:
    row = next(r for r in stats.rows if (r.key, r.year, r.indicator) == ("309", 2025, "cla_rate"))
    assert row.denominator == stats.populations[("309", 2024)] == 53648
    assert row.numerator == 325 and row.published_value == 61


def test_code_change_keeps_one_series(stats: PublicStats) -> None:
    # North Yorkshire: E10000023 until 2023, E06000065 after; one key, the newer code shown
    years = sorted(r.year for r in stats.rows if r.key == "815" and r.indicator == "cin_rate"
                   and r.value is not None)
    assert years == list(range(2013, 2026))
    assert stats.authorities["815"].code == "E06000065"


def test_reorganised_authorities_are_not_spliced(stats: PublicStats) -> None:
    def valued(key: str) -> list[int]:
        return sorted({r.year for r in stats.rows if r.key == key and r.value is not None})

    assert max(valued("909")) == 2023  # Cumbria, to 31 March 2023
    assert min(valued("942")) >= 2023  # Cumberland
    assert max(valued("928")) <= 2021  # Northamptonshire
    assert max(valued("836")) <= 2019 and min(valued("839")) >= 2019  # Poole, then BCP


def test_legacy_national_row_is_england_not_isle_of_wight(stats: PublicStats) -> None:
    england = next(r for r in stats.rows if (r.key, r.year, r.indicator) == ("ENG", 2010,
                                                                            "cla_rate"))
    wight = next(r for r in stats.rows if (r.key, r.year, r.indicator) == ("921", 2010,
                                                                          "cla_rate"))
    assert england.numerator == 64400 and wight.numerator != 64400
    assert stats.authorities["921"].name == "Isle of Wight"


def test_neighbours_and_judgements_are_read(stats: PublicStats) -> None:
    haringey = [n for n in stats.neighbours if n[0] == "309"]
    assert [n[1] for n in haringey] == list(range(1, 11))
    assert stats.unmatched_names == []
    grades = {j.judgement for j in stats.judgements}
    assert grades <= {"Outstanding", "Good", "Requires improvement to be good", "Inadequate"}
    assert any(j.key == "309" and j.framework == "SIF" for j in stats.judgements)


def test_working_days_in_the_workforce_census() -> None:
    assert ind.working_days(2020) == 254 and ind.working_days(2024) == 254
    assert ind.working_days(2023) == 253 and ind.working_days(2025) == 253


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "public_stats"
    shutil.copytree(bundled_data_dir(), folder)
    return folder


def _rewrite_first_la_cell(path: Path, column: str, value: str) -> int:
    """Put `value` in `column` of the first authority row; return its row number."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    index = next(i for i, r in enumerate(rows) if r["geographic_level"] == "Local authority")
    rows[index][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)
    return index + 2


def test_bad_cell_names_file_row_column_and_value(data_copy: Path) -> None:
    path = data_copy / "b1_children_in_need_2013_to_2025.csv"
    row = _rewrite_first_la_cell(path, "At31_episodes", "??")
    with pytest.raises(LoadError) as err:
        read_all(data_copy)
    message = str(err.value)
    assert "b1_children_in_need_2013_to_2025.csv" in message
    assert f"row {row}," in message and "'At31_episodes'" in message and "'??'" in message


def test_misaligned_row_is_an_error(data_copy: Path) -> None:
    path = data_copy / "b1_children_in_need_2013_to_2025.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",Children in Need,", ",Children in Need,99,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(LoadError, match=r"b1_children_in_need_2013_to_2025.csv, row 4: 20 cells"):
        read_all(data_copy)


def test_missing_file_is_named(data_copy: Path) -> None:
    (data_copy / "sn_model_2025_wide.csv").unlink()
    with pytest.raises(LoadError, match=r"sn_model_2025_wide\.csv: file not found"):
        read_all(data_copy)


def test_load_is_skipped_when_the_files_are_unchanged(tmp_path: Path) -> None:
    from clearsight.compare.dataset import load
    from clearsight.store import Store

    with Store.open(tmp_path / "s.duckdb") as store:
        first = load(store)
        again = load(store)
        forced = load(store, force=True)
        loads = store.one("SELECT count(*) FROM ps_loads")
        rows = store.one("SELECT count(*) FROM ps_indicators")
    assert first.loaded and not again.loaded and forced.loaded
    assert first.checksum == again.checksum == forced.checksum
    assert again.indicator_rows == first.indicator_rows
    assert loads == (2,) and rows == (first.indicator_rows,)


@pytest.mark.parametrize(
    ("indicator", "expected", "decimals"),
    [
        ("referrals_rate", 519, 0),
        ("rereferrals_pct", 22.6, 1),
        ("cin_rate", 330, 0),
        ("cpp_rate", 40.6, 1),
        ("cpp_second_or_later_pct", 24.5, 1),
        ("cpp_2years_pct", 2.3, 1),
        ("cla_rate", 67, 0),
        ("cla_starts_rate", 26, 0),
        ("sw_turnover_pct", 11.8, 1),
        ("sw_vacancy_pct", 14.2, 1),
        ("sw_agency_pct", 13.0, 1),
        ("sw_caseload", 15.2, 1),
        ("sw_sickness_pct", 3.5, 1),
    ],
)
def test_england_2025_matches_the_national_figures(
    stats: PublicStats, indicator: str, expected: float, decimals: int
) -> None:
    # the England, year to 31 March 2025, table in shared/docs/DOMAIN.md
    row = next(r for r in stats.rows if (r.key, r.year, r.indicator) == ("ENG", 2025,
                                                                        indicator))
    assert row.value is not None
    assert ind.round_half_up(row.value, decimals) == expected


def test_judgements_of_an_abolished_namesake_stay_with_it(stats: PublicStats) -> None:
    # two Dorsets: the county (835, to March 2019) and the unitary council (838, from April 2019)
    dorset = {(j.key, j.framework, j.published_on.year) for j in stats.judgements
              if j.key in ("835", "838")}
    assert ("835", "SIF", 2016) in dorset
    assert ("838", "ILACS Standard Inspection", 2021) in dorset
    assert not any(key == "838" and year < 2019 for key, _, year in dorset)
