"""A 20,000-child authority lands within 10% of every calibrated rate, counted from its files."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from clearsight.synth import END_DATE, ENGLAND_2025, generate
from tests.synth.measure import measure_outputs, social_care_counts

CHILDREN = 20_000


@pytest.fixture(scope="module")
def national_like(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("calibration") / "authority"
    generate(children=CHILDREN, years=2, seed=2025, out=out)
    measured: dict[str, Any] = dict(measure_outputs(out, END_DATE))
    measured["earlier"] = social_care_counts(out, date(2024, 3, 31))
    return measured


PER_CHILD = ("referrals", "section47", "cin_at_end", "cp_at_end", "cp_starts", "cla_at_end",
             "cla_starts")
SHARES = ("rereferral_share", "cp_second_share", "assessment_timely_share")


@pytest.mark.slow
@pytest.mark.parametrize("name", PER_CHILD)
def test_rates_per_child_within_10_percent(national_like: dict[str, Any], name: str) -> None:
    target = getattr(ENGLAND_2025, name) * CHILDREN
    got = national_like[name]
    assert abs(got - target) <= 0.10 * target, f"{name}: {got} against {target:.1f}"


@pytest.mark.slow
@pytest.mark.parametrize("name", SHARES)
def test_shares_within_10_percent(national_like: dict[str, Any], name: str) -> None:
    target = getattr(ENGLAND_2025, name)
    got = national_like[name]
    assert abs(got - target) <= 0.10 * target, f"{name}: {got:.3f} against {target:.3f}"


@pytest.mark.slow
@pytest.mark.parametrize("code", sorted(ENGLAND_2025.factor_shares))
def test_factors_at_assessment_within_10_percent(
    national_like: dict[str, Any], code: str
) -> None:
    target = ENGLAND_2025.factor_shares[code]
    got = national_like.get(f"factor_{code}", 0.0)
    assert abs(got - target) <= 0.10 * target, f"factor {code}: {got:.3f} against {target:.3f}"


@pytest.mark.slow
def test_the_year_before_is_calibrated_too(national_like: dict[str, Any]) -> None:
    """Every year of the history is held to the same rates, not only the last (counted from
    the social care file: referrals, section 47s, plans and care started in the year to
    31 March 2024)."""
    earlier = national_like["earlier"]
    assert isinstance(earlier, dict)
    for name in ("referrals", "section47", "cp_starts", "cla_starts"):
        target = getattr(ENGLAND_2025, name) * CHILDREN
        assert abs(earlier[name] - target) <= 0.10 * target, f"{name}: {earlier[name]}"
