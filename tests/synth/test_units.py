"""The generator's building blocks: calendar, identifiers, noise, calibration from statistics."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearsight.cli import app
from clearsight.format.checks import nhs_number_is_valid, upn_is_valid
from clearsight.synth import ENGLAND_2025, StatsError, authority_rates, default_stats_dir
from clearsight.synth.calendar import (
    add_working_days,
    bank_holidays,
    is_school_day,
    working_days_between,
)
from clearsight.synth.identifiers import (
    new_nhs_number,
    new_upn,
    slipped_nhs_number,
    slipped_upn,
)
from clearsight.synth.names import misspell


def test_bank_holidays_of_england() -> None:
    assert date(2024, 3, 29) in bank_holidays(2024)  # Good Friday
    assert date(2024, 4, 1) in bank_holidays(2024)  # Easter Monday
    assert date(2022, 12, 27) in bank_holidays(2022)  # Christmas on a Sunday: substitute
    assert date(2023, 5, 8) in bank_holidays(2023)  # coronation
    assert len(bank_holidays(2024)) == 8


def test_working_days() -> None:
    # Friday 20 December 2024 + 3 working days: Monday 23, Tuesday 24, (Christmas and Boxing
    # Day are bank holidays) Friday 27.
    assert add_working_days(date(2024, 12, 20), 3) == date(2024, 12, 27)
    assert add_working_days(date(2024, 12, 21), 0) == date(2024, 12, 23)
    assert working_days_between(date(2024, 12, 20), date(2024, 12, 30)) == 4
    assert working_days_between(date(2024, 12, 30), date(2024, 12, 20)) == 0


def test_school_days_are_in_term() -> None:
    assert not is_school_day(date(2024, 8, 14))
    assert is_school_day(date(2024, 10, 1))
    assert not is_school_day(date(2024, 10, 5))  # a Saturday


def test_identifiers_pass_their_checks_and_slips_stay_valid() -> None:
    rng = random.Random(1)
    for _ in range(200):
        nhs = new_nhs_number(rng)
        assert nhs_number_is_valid(nhs)
        wrong = slipped_nhs_number(nhs, rng)
        if wrong is not None:
            assert wrong != nhs and nhs_number_is_valid(wrong)
        upn = new_upn(rng, "309", 2019)
        assert upn_is_valid(upn)
        wrong_upn = slipped_upn(upn, rng)
        if wrong_upn is not None:
            assert wrong_upn != upn and upn_is_valid(wrong_upn)


def test_misspelling_changes_a_name_a_little() -> None:
    rng = random.Random(3)
    for name in ("Jayden", "Shannon", "Mohammed", "Ali"):
        slip = misspell(name, rng)
        assert slip != name
        assert abs(len(slip) - len(name)) <= 1


def test_authority_rates_from_published_figures() -> None:
    stats = default_stats_dir()
    if not stats.exists():
        pytest.skip("public statistics are not bundled")
    rates = authority_rates("Haringey", stats)
    assert rates.name == "Haringey"
    assert rates.la_code == "309"
    # DfE C1 2025: 3,312 referrals; ONS mid-2024: 53,648 children.
    assert rates.referrals == pytest.approx(3312 / 53648)
    assert rates.rereferral_share == pytest.approx(0.187)
    assert rates.section47 == ENGLAND_2025.section47  # not published per authority here
    assert any("section47" in note for note in rates.notes)
    assert authority_rates("E09000014", stats).name == "Haringey"
    with pytest.raises(StatsError):
        authority_rates("Atlantis", stats)


def test_cli_synth_writes_an_authority(tmp_path: Path) -> None:
    out = tmp_path / "la"
    result = CliRunner().invoke(app, ["synth", "--children", "120", "--years", "1", "--seed",
                                      "4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "120 children" in result.output
    assert (out / "social_care.csv").exists()
    assert (out / "returns" / "cin_census_2025.xml").exists()
    assert (out / "truth" / "persons.csv").exists()


def test_cli_synth_unknown_authority_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["synth", "--children", "10", "--out", str(tmp_path),
                                      "--authority", "Atlantis"])
    assert result.exit_code == 2


def test_a_tiny_authority_with_zero_rates_generates(tmp_path: Path) -> None:
    """The Isles of Scilly publish zero re-referrals and plans; calibrating to them works."""
    stats = default_stats_dir()
    if not stats.exists():
        pytest.skip("public statistics are not bundled")
    from clearsight.synth import generate

    rates = authority_rates("Isles of Scilly", stats)
    assert rates.rereferral_share == 0
    summary = generate(children=150, years=1, seed=1, out=tmp_path / "scilly", rates=rates)
    assert summary.children == 150
    assert summary.measures["rereferrals"] == 0
