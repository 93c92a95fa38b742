"""The indicators: what each one measures, where its figures come from, how it is computed.

Every indicator is `value = numerator / denominator × scale`. Rates per 10,000 children use
the ONS mid-year estimate of children aged 0-17 for the mid-year before the year's end (the
year to 31 March 2025 uses mid-2024), as DfE does. Where the publication prints its own
rate or percentage it is kept as `published_value`, and `reconcile` checks that the
recomputed value agrees with it, allowing only for the rounding the publication applies to its
counts and to the published figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["proportion", "rate", "ratio"]
Concern = Literal["high", "low", "either"]

WORKING_DAYS_PER_FTE = 253
"""Working days a year per full-time social worker in the workforce census's sickness absence
rate: 253, or 254 when the year to 30 September holds a 29 February (see `working_days`)."""


def working_days(year: int) -> int:
    """Working days per FTE in the census year to 30 September `year`. 253, or 254 in the
    years to September 2020 and 2024 (the year holds 29 February). Found by reproducing every
    published authority absence rate 2017-2025 to its decimal place; DfE does not print it."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return WORKING_DAYS_PER_FTE + 1 if leap else WORKING_DAYS_PER_FTE


@dataclass(frozen=True)
class Indicator:
    name: str
    title: str
    kind: Kind
    scale: float
    unit: str
    decimals: int
    """Decimal places of the published figure (and of the figure shown)."""
    concern: Concern
    """Which direction would worry an analyst: 'high', 'low' or 'either'."""
    numerator: str
    denominator: str
    sources: tuple[str, ...]
    numerator_halfwidth: float = 0.0
    """How far the published numerator may be from the true count (5 when rounded to 10)."""
    denominator_halfwidth: float = 0.0
    note: str = ""


CIN_FILES = ("b1_children_in_need_2013_to_2025.csv",)
_POP = "children aged 0-17 (ONS mid-year estimate for the previous mid-year)"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "referrals_rate", "Referrals to children's social care", "rate", 10_000,
        "per 10,000 children", 1, "either",
        "referrals in the year to 31 March", _POP,
        ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",),
        numerator_halfwidth=5,
    ),
    Indicator(
        "rereferrals_pct", "Re-referrals within 12 months", "proportion", 100,
        "% of referrals", 1, "high",
        "referrals within 12 months of a previous referral", "referrals in the year",
        ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",),
        numerator_halfwidth=5, denominator_halfwidth=5,
    ),
    Indicator(
        "cin_rate", "Children in need at 31 March", "rate", 10_000,
        "per 10,000 children", 1, "either",
        "episodes of need open at 31 March", _POP, CIN_FILES, numerator_halfwidth=5,
    ),
    Indicator(
        "cpp_rate", "Child protection plans at 31 March", "rate", 10_000,
        "per 10,000 children", 1, "either",
        "child protection plans open at 31 March", _POP,
        ("d5_cpps_at31march_by_duration_2013_to_2025.csv",), numerator_halfwidth=5,
    ),
    Indicator(
        "cpp_second_or_later_pct", "Protection plans that were a second or later plan",
        "proportion", 100, "% of plans started", 1, "high",
        "plans started in the year that were a second or subsequent plan",
        "plans started in the year", ("d3_cpps_subsequent_plan_2013_to_2025.csv",),
        numerator_halfwidth=5, denominator_halfwidth=5,
    ),
    Indicator(
        "cpp_2years_pct", "Protection plans open two years or more", "proportion", 100,
        "% of plans open at 31 March", 1, "high",
        "plans open at 31 March that had lasted two years or more", "plans open at 31 March",
        ("d5_cpps_at31march_by_duration_2013_to_2025.csv",),
        numerator_halfwidth=5, denominator_halfwidth=5,
    ),
    Indicator(
        "cla_rate", "Children looked after at 31 March", "rate", 10_000,
        "per 10,000 children", 0, "either",
        "children looked after at 31 March", _POP,
        ("la_cla_legacy_sfr_2010_2017.csv", "cla_number_and_rate_per_10k_children.csv"),
        note="No authority-level figure for 2018-2020 is bundled; 2011-2012 have no bundled "
        "population estimate, so their rates are missing with that reason.",
    ),
    Indicator(
        "cla_starts_rate", "Children who started to be looked after", "rate", 10_000,
        "per 10,000 children", 0, "either",
        "children who started to be looked after in the year", _POP,
        (
            "la_cla_legacy_sfr_2010_2017.csv",
            "la_cla_started_2018_2022_by_need_legal_taken.csv",
            "cla_number_and_rate_per_10k_children.csv",
        ),
    ),
    Indicator(
        "sw_turnover_pct", "Social worker turnover", "proportion", 100,
        "% of FTE in post", 1, "high",
        "FTE social workers who left in the year to 30 September", "FTE in post at 30 September",
        ("csww_indicators_2017_to_2025.csv",),
        numerator_halfwidth=0.05, denominator_halfwidth=0.05,
    ),
    Indicator(
        "sw_vacancy_pct", "Social worker vacancies", "proportion", 100,
        "% of FTE posts", 1, "high",
        "FTE vacancies at 30 September", "FTE vacancies plus FTE in post",
        ("csww_indicators_2017_to_2025.csv",),
        numerator_halfwidth=0.05, denominator_halfwidth=0.1,
    ),
    Indicator(
        "sw_agency_pct", "Agency social workers", "proportion", 100,
        "% of FTE workforce", 1, "high",
        "FTE agency social workers at 30 September", "FTE agency plus FTE in post",
        ("csww_indicators_2017_to_2025.csv",),
        numerator_halfwidth=0.05, denominator_halfwidth=0.1,
    ),
    Indicator(
        "sw_caseload", "Average caseload", "ratio", 1, "cases per case-holding FTE", 1, "high",
        "cases held at 30 September", "FTE social workers holding cases",
        ("csww_indicators_2017_to_2025.csv",),
        numerator_halfwidth=0.5, denominator_halfwidth=0.05,
    ),
    Indicator(
        "sw_sickness_pct", "Social worker sickness absence", "proportion", 100,
        "% of working days", 1, "high",
        "working days lost to sickness in the year (FTE)",
        "FTE in post × working days in the year (253, or 254 in 2020 and 2024)",
        ("csww_indicators_2017_to_2025.csv",),
        numerator_halfwidth=0.05, denominator_halfwidth=0.05 * (WORKING_DAYS_PER_FTE + 1),
    ),
)

BY_NAME: dict[str, Indicator] = {ind.name: ind for ind in INDICATORS}


def get(name: str) -> Indicator:
    try:
        return BY_NAME[name]
    except KeyError:
        known = ", ".join(BY_NAME)
        raise KeyError(f"unknown indicator {name!r}; known: {known}") from None


@dataclass(frozen=True)
class IndicatorRow:
    """One tidy row: an authority's figure for one indicator and year."""

    key: str
    year: int
    indicator: str
    numerator: float | None
    denominator: float | None
    value: float | None
    published_value: float | None
    missing_reason: str | None
    source_file: str
    source_row: int
    extra: dict[str, float] = field(default_factory=dict)


def compute_value(
    indicator: Indicator, numerator: float | None, denominator: float | None
) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator * indicator.scale


def round_half_up(value: float, decimals: int) -> float:
    """Round as the publications do (half away from zero), not Python's banker's rounding."""
    from decimal import ROUND_HALF_UP, Decimal

    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def agrees_with_published(indicator: Indicator, row: IndicatorRow) -> bool:
    """Does the recomputed value agree with the published one, given the publication's
    rounding? True when the published figure lies within the range of values the rounded
    numerator and denominator allow, widened by half a unit of the published decimals."""
    if row.published_value is None or row.numerator is None or not row.denominator:
        return True
    assert row.value is not None
    if round_half_up(row.value, indicator.decimals) == row.published_value:
        return True
    half_unit = 0.5 * 10 ** (-indicator.decimals) + 1e-9
    n, d = row.numerator, row.denominator
    lo_d = max(d - indicator.denominator_halfwidth, 1e-9)
    low = max(n - indicator.numerator_halfwidth, 0) / (d + indicator.denominator_halfwidth)
    high = (n + indicator.numerator_halfwidth) / lo_d
    published = float(row.published_value)
    lowest, highest = low * indicator.scale - half_unit, high * indicator.scale + half_unit
    return bool(lowest <= published <= highest)
