"""Funnel limits, overdispersion, XmR rules and the divergence test against worked examples
computed by hand here (the arithmetic is written out, not taken from the module)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearsight.compare import funnel as fn
from clearsight.compare import spc
from clearsight.compare.trend import divergence, t_quantile, t_two_sided_p

Z95 = 1.959963985
Z998 = 3.090232306


def test_z_values() -> None:
    assert pytest.approx(Z95, abs=1e-9) == fn.Z95
    assert pytest.approx(Z998, abs=1e-9) == fn.Z998


def test_proportion_limits_worked_example() -> None:
    # target 20%, 100 referrals: se = sqrt(0.2 * 0.8 / 100) = 0.04
    lim = fn.limits("proportion", 0.2, 100)
    assert lim.lower95 == pytest.approx(0.2 - Z95 * 0.04)  # 0.121601
    assert lim.upper95 == pytest.approx(0.2 + Z95 * 0.04)  # 0.278399
    assert lim.lower998 == pytest.approx(0.076391, abs=1e-6)
    assert lim.upper998 == pytest.approx(0.323609, abs=1e-6)


def test_rate_limits_worked_example() -> None:
    # target 26 per 10,000 children, 40,000 children: se = sqrt(0.0026 / 40000) = 0.000254951
    lim = fn.limits("rate", 0.0026, 40_000)
    se = 0.000254951
    assert lim.upper95 * 10_000 == pytest.approx((0.0026 + Z95 * se) * 10_000, abs=1e-4)
    assert lim.upper998 * 10_000 == pytest.approx(33.8786, abs=1e-3)  # 26 + 3.0902*2.5495
    assert lim.lower998 * 10_000 == pytest.approx(18.1214, abs=1e-3)


def test_limits_narrow_as_size_grows() -> None:
    small = fn.limits("rate", 0.0026, 10_000)
    large = fn.limits("rate", 0.0026, 200_000)
    assert small.upper998 - small.lower998 > large.upper998 - large.lower998


def _ten_units() -> list[fn.Unit]:
    # target 0.5, n = 100, so se = 0.05 and value = 0.5 + 0.05 z; z chosen by hand
    zs = [-3, -2, -1, 0, 0, 0, 1, 2, 3, 5]
    return [fn.Unit(f"u{i}", 50 + 5 * z, 100) for i, z in enumerate(zs)]


def test_overdispersion_worked_example() -> None:
    od = fn.overdispersion("proportion", 0.5, _ten_units())
    # sorted z: -3 -2 -1 0 0 0 1 2 3 5; 10th percentile at position 0.9: -3 + 0.9 = -2.1;
    # 90th at position 8.1: 3 + 0.1 * 2 = 3.2; winsorised: -2.1 -2 -1 0 0 0 1 2 3 3.2
    squares = 2.1**2 + 4 + 1 + 0 + 0 + 0 + 1 + 4 + 9 + 3.2**2  # 33.65
    assert od.phi == pytest.approx(squares / 10)  # 3.365
    # w = 1 / 0.05² = 400 each: Σw = 4000, Σw²/Σw = 400; tau² = (33.65 - 9) / 3600
    assert od.tau2 == pytest.approx(24.65 / 3600)
    add = fn.limits("proportion", 0.5, 100, od, "additive")
    assert add.upper998 == pytest.approx(0.5 + Z998 * math.sqrt(0.0025 + 24.65 / 3600))
    mult = fn.limits("proportion", 0.5, 100, od, "multiplicative")
    assert mult.upper95 == pytest.approx(0.5 + Z95 * math.sqrt(3.365) * 0.05)


def test_no_overdispersion_gives_zero_tau() -> None:
    units = [fn.Unit(f"u{i}", 50 + d, 100) for i, d in enumerate([-1, 0, 1, 0, -1, 1])]
    od = fn.overdispersion("proportion", 0.5, units)
    assert od.phi < 1 and od.tau2 == 0.0
    plain = fn.limits("proportion", 0.5, 100)
    assert fn.limits("proportion", 0.5, 100, od, "multiplicative") == plain
    assert fn.limits("proportion", 0.5, 100, od, "additive") == plain


def test_bands_and_readings() -> None:
    result = fn.funnel("proportion", 0.5, _ten_units(), method="none")
    bands = {p.key: p.band for p in result.points}
    assert bands["u0"] == "below 95%"  # z = -3: beyond 1.96, inside 3.09
    assert bands["u3"] == "within 95%"
    assert bands["u9"] == "above 99.8%"  # z = 5
    assert fn.READINGS["above 99.8%"] == (
        "above the upper 99.8% limit: very unlikely to be chance"
    )
    widened = fn.funnel("proportion", 0.5, _ten_units())
    assert widened.point("u9") is not None
    assert widened.point("u9").band == "above 95%"  # type: ignore[union-attr]


def test_xmr_worked_example() -> None:
    chart = spc.xmr([10, 12, 11, 13, 12])
    # mean 58 / 5 = 11.6; moving ranges 2, 1, 2, 1: average 1.5; limits 11.6 ± 2.66 × 1.5
    assert chart.mean == pytest.approx(11.6)
    assert chart.average_moving_range == pytest.approx(1.5)
    assert chart.upper == pytest.approx(15.59)
    assert chart.lower == pytest.approx(7.61)
    assert chart.upper_near == pytest.approx(11.6 + 2.66 * 1.5 * 2 / 3)
    assert chart.signals == ()


def test_moving_ranges_skip_gaps_between_years() -> None:
    # 2010 then 2013: the jump across the gap is not a year-to-year change
    chart = spc.xmr([50, 30, 32, 31], years=[2010, 2013, 2014, 2015])
    assert chart.average_moving_range == pytest.approx((2 + 1) / 2)
    assert chart.mean == pytest.approx(143 / 4)
    assert [s.rule for s in chart.signals if s.indices == (0,)] == ["outside"]
    with pytest.raises(ValueError, match="same length"):
        spc.xmr([1, 2], years=[2020])


def test_point_outside_limits() -> None:
    chart = spc.xmr([10, 10.5, 10, 10.5, 10, 10.5, 10, 20])
    assert any(s.rule == "outside" and s.direction == "high" and s.indices == (7,)
               for s in chart.signals)


def test_run_of_seven_on_one_side_but_not_six() -> None:
    seven = [1, 1.2, 1, 1.2, 1, 1.2, 1.1, 5, 5.2, 5, 5.2, 5, 5.2, 5]
    chart = spc.xmr(seven)
    assert [s.indices for s in chart.signals if s.rule == "shift"] == [
        (0, 1, 2, 3, 4, 5, 6), (7, 8, 9, 10, 11, 12, 13)]
    six = [1, 1.2, 1, 1.2, 1, 1.2, 5, 5.2, 5, 5.2, 5, 5.2]
    assert not [s for s in spc.xmr(six).signals if s.rule == "shift"]


def test_trend_of_seven_but_not_six() -> None:
    rising = [3, 1, 2, 3, 4, 5, 6, 7, 3]
    signals = [s for s in spc.xmr(rising).signals if s.rule == "trend"]
    assert [(s.direction, s.indices) for s in signals] == [("high", (1, 2, 3, 4, 5, 6, 7))]
    assert not [s for s in spc.xmr([3, 1, 2, 3, 4, 5, 6, 3]).signals if s.rule == "trend"]


def test_two_of_three_near_the_limit() -> None:
    values = [10, 10.2, 10, 10.2, 10, 10.2, 10, 10.2, 11.2, 10.1, 11.2]
    chart = spc.xmr(values)
    # mean 113.3 / 11 = 10.3; moving ranges 0.2 × 7, 1.0, 1.1, 1.1: average 4.6 / 10 = 0.46
    assert chart.average_moving_range == pytest.approx(0.46)
    assert chart.upper_near == pytest.approx(10.3 + 2.66 * 0.46 * 2 / 3)  # 11.1157
    assert chart.upper_near < 11.2 < chart.upper
    near = [s for s in chart.signals if s.rule == "near limit"]
    assert [(s.direction, s.indices) for s in near] == [("high", (8, 10))]


def test_divergence_worked_example() -> None:
    # log ratios 0, 1, 1, 2 over four years: slope 0.6, RSS 0.2, se sqrt(0.2 / 2 / 5)
    years = [2020, 2021, 2022, 2023]
    result = divergence(years, [math.exp(v) for v in (0, 1, 1, 2)], [1, 1, 1, 1])
    assert result is not None
    assert result.slope == pytest.approx(0.6)
    se = math.sqrt(0.02)
    t_crit = 4.302652730  # Student t, 2 df, 97.5%
    assert result.ci_low == pytest.approx(0.6 - t_crit * se, abs=1e-6)
    # t = 0.6 / se = 4.2426; for 2 df the tail is 0.5 (1 - t / sqrt(t² + 2)) on each side
    t = 0.6 / se
    assert result.p_value == pytest.approx(1 - t / math.sqrt(t * t + 2), abs=1e-9)
    assert result.change_per_year == pytest.approx(math.exp(0.6) - 1)


def test_divergence_needs_four_years_and_ignores_zero() -> None:
    assert divergence([1, 2, 3], [1, 2, 3], [1, 1, 1]) is None
    assert divergence([1, 2, 3, 4], [1, 0, 3, 4], [1, 1, 1, 1]) is None


def test_parallel_trends_do_not_diverge() -> None:
    years = list(range(2013, 2025))
    england = [50 + 2 * i for i in range(12)]
    authority = [e * 1.3 * (1.02 if i % 2 else 0.98) for i, e in enumerate(england)]
    result = divergence(years, authority, england)
    assert result is not None and result.p_value > 0.05
    assert "no clear divergence" in result.reading("England")


@pytest.mark.parametrize(
    ("df", "table"),
    [(1, 12.7062), (2, 4.3027), (3, 3.1824), (4, 2.7764), (5, 2.5706), (8, 2.3060),
     (10, 2.2281), (11, 2.2010), (30, 2.0423)],
)
def test_t_quantiles_match_the_printed_table(df: int, table: float) -> None:
    # two-sided 5% critical values of Student's t, as printed in statistical tables
    assert t_quantile(0.975, df) == pytest.approx(table, abs=5e-5)


def test_t_p_values() -> None:
    # df = 1 is the Cauchy distribution: P(|T| > 1) = 1/2 exactly
    assert t_two_sided_p(1.0, 1) == pytest.approx(0.5)
    # df = 2: P(|T| > t) = 1 - t / sqrt(t² + 2); t = 2 gives 1 - 2 / sqrt(6)
    assert t_two_sided_p(2.0, 2) == pytest.approx(1 - 2 / math.sqrt(6))
    # printed tables: t = 2.306 with 8 df is the two-sided 5% point
    assert t_two_sided_p(2.306, 8) == pytest.approx(0.05, abs=1e-4)
    assert t_two_sided_p(0.0, 5) == pytest.approx(1.0)


@settings(deadline=None)  # no timing in tests
@given(
    target=st.floats(0.01, 0.99),
    small=st.floats(10, 1e4),
    factor=st.floats(1.01, 100),
    tau2=st.floats(0, 0.01),
)
def test_funnel_limits_narrow_with_size_and_widen_with_overdispersion(
    target: float, small: float, factor: float, tau2: float
) -> None:
    od = fn.Overdispersion(phi=2.0, tau2=tau2, units=100)
    near, far = fn.limits("proportion", target, small), fn.limits("proportion", target,
                                                                   small * factor)
    assert near.lower998 <= near.lower95 <= target <= near.upper95 <= near.upper998
    assert far.upper998 - far.lower998 <= near.upper998 - near.lower998 + 1e-12
    wide = fn.limits("proportion", target, small, od, "additive")
    assert wide.upper998 >= near.upper998 - 1e-12 and wide.lower998 <= near.lower998 + 1e-12


@settings(deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=30))
def test_xmr_signals_point_at_real_positions(values: list[float]) -> None:
    chart = spc.xmr(values)
    assert chart.lower <= chart.mean <= chart.upper
    for signal in chart.signals:
        assert signal.indices and all(0 <= i < len(values) for i in signal.indices)
        if signal.rule == "outside":
            value = values[signal.indices[0]]
            assert value > chart.upper if signal.direction == "high" else value < chart.lower
