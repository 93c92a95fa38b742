"""The rates a synthetic authority is calibrated to, with the source of each.

The default is England, year to 31 March 2025. `authority_rates` reads a named authority's
published figures from a folder of the public statistics files (the DfE and ONS CSVs listed in
`docs/synthetic-data.md`); where an authority's figure is suppressed or not published per
authority (section 47 enquiries and assessment timeliness are published nationally only in the
files we hold) the England value is kept and the fact is recorded in `Rates.notes`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path

#: ONS mid-2024 estimate of children aged 0-17 in England (the denominator DfE uses for 2025).
ENGLAND_CHILDREN_2025 = 12_183_016

#: Factor codes calibrated, with the column of DfE table C3 that counts them.
CALIBRATED_FACTORS: dict[str, str] = {
    "3A": "Domestic_Abuse_child",
    "3B": "Domestic_Abuse_parent",
    "4B": "Mental_Health_parent",
    "1B": "Alcohol_Misuse_parent",
    "2B": "Drug_Misuse_parent",
    "16A": "Neglect",
    "17A": "Emotional_Abuse",
    "18C": "Physical_Abuse_adult_on_child",
}


@dataclass(frozen=True)
class Rates:
    """Targets for the year ending on the census date. Per-child rates are per child aged 0-17."""

    name: str = "England"
    #: The DfE three-digit LA number written in the returns (999: a made-up authority).
    la_code: str = "999"
    #: DfE Children in need 2025, table C1: 632,830 referrals / 12,183,016 children.
    referrals: float = 632_830 / ENGLAND_CHILDREN_2025
    #: DfE C1: 22.6% of referrals were within 12 months of a previous referral.
    rereferral_share: float = 0.226
    #: DfE Children in need 2025, table C4 (national; EES): 230,590 section 47 enquiries.
    section47: float = 230_590 / ENGLAND_CHILDREN_2025
    #: DfE B1: 402,400 children in need at 31 March 2025.
    cin_at_end: float = 402_400 / ENGLAND_CHILDREN_2025
    #: DfE D5: 49,420 children on a child protection plan at 31 March 2025.
    cp_at_end: float = 49_420 / ENGLAND_CHILDREN_2025
    #: DfE D3: 61,840 plans started in the year.
    cp_starts: float = 61_840 / ENGLAND_CHILDREN_2025
    #: DfE D3: 24.5% of plans started were a second or subsequent plan.
    cp_second_share: float = 0.245
    #: DfE D5: 2.3% of plans open at 31 March had lasted 2 years or more.
    cp_two_years_share: float = 0.023
    #: DfE Children looked after 2025: 81,770 looked after at 31 March.
    cla_at_end: float = 81_770 / ENGLAND_CHILDREN_2025
    #: DfE Children looked after 2025: 32,270 children started to be looked after.
    cla_starts: float = 32_270 / ENGLAND_CHILDREN_2025
    #: DfE Children in need 2025, table C2 (national; EES): about 86% of assessments completed
    #: within 45 working days, median 33 days.
    assessment_timely_share: float = 0.86
    #: DfE C3 2025: share of assessments (episodes with factors) at which each factor was
    #: identified; the denominator is 513,250 episodes.
    factor_shares: dict[str, float] = field(
        default_factory=lambda: {
            "3A": 57_930 / 513_250,
            "3B": 162_890 / 513_250,
            "4B": 171_780 / 513_250,
            "1B": 73_250 / 513_250,
            "2B": 72_620 / 513_250,
            "16A": 90_370 / 513_250,
            "17A": 97_700 / 513_250,
            "18C": 61_410 / 513_250,
        }
    )
    notes: tuple[str, ...] = ()


ENGLAND_2025 = Rates()


def default_stats_dir() -> Path:
    """The public statistics bundled with Clearsight (shipped in the compare package's data).

    Read as files only: synth does not import the compare package."""
    return Path(__file__).resolve().parents[1] / "compare" / "data" / "public_stats"


class StatsError(ValueError):
    """The public statistics could not be read, or the authority is not in them."""


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise StatsError(f"{path}: not found; pass the folder holding the public statistics")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _match(row: dict[str, str], authority: str) -> bool:
    if row.get("geographic_level") != "Local authority":
        return False
    key = authority.strip().lower()
    return key in {
        row.get("la_name", "").strip().lower(),
        row.get("new_la_code", "").strip().lower(),
        row.get("old_la_code", "").strip().lower(),
    }


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.replace(",", ""))
    except ValueError:
        return None  # DfE suppression symbols: c, x, z, u, low


def _pick(rows: list[dict[str, str]], authority: str, year: str, **where: str) -> dict[str, str]:
    for row in rows:
        if row.get("time_period") != year or not _match(row, authority):
            continue
        if all(row.get(k) == v for k, v in where.items()):
            return row
    return {}


def authority_rates(authority: str, stats_dir: Path, year: int = 2025) -> Rates:
    """Rates for one authority (name, `E0…` code or old three-digit code) from published files.

    Reads DfE tables B1, C1, C3, D3, D5, the children looked after table and the ONS
    population (mid-year before the census year). Suppressed or missing figures keep the
    England value, and each such fallback is listed in `notes`.
    """
    y = str(year)
    pop_row = _pick(_rows(stats_dir / "ons_mid-year_population_estimates_2012_to_2024.csv"),
                    authority, str(year - 1))
    population = _number(pop_row.get("population_estimate"))
    if not pop_row or not population:
        raise StatsError(f"no ONS population for {authority!r} in {year - 1}")
    name = pop_row.get("la_name", authority)
    la_code = pop_row.get("old_la_code", "") or "999"
    notes: list[str] = ["section47 and assessment timeliness: England values (not held per LA)"]
    base = ENGLAND_2025
    out: dict[str, float] = {}

    def per_child(key: str, value: float | None) -> None:
        if value is None:
            notes.append(f"{key}: England value (authority figure suppressed or missing)")
        else:
            out[key] = value / population

    def share(key: str, value: float | None) -> None:
        if value is None:
            notes.append(f"{key}: England value (authority figure suppressed or missing)")
        else:
            out[key] = value / 100.0

    c1 = _pick(_rows(stats_dir / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"),
               authority, y)
    per_child("referrals", _number(c1.get("referral_count")))
    share("rereferral_share", _number(c1.get("rereferral_percent")))
    b1 = _pick(_rows(stats_dir / "b1_children_in_need_2013_to_2025.csv"), authority, y)
    per_child("cin_at_end", _number(b1.get("At31_episodes")))
    d3 = _pick(_rows(stats_dir / "d3_cpps_subsequent_plan_2013_to_2025.csv"), authority, y)
    per_child("cp_starts", _number(d3.get("CPP_start")))
    share("cp_second_share", _number(d3.get("CPP_subsequent_percent")))
    d5 = _pick(_rows(stats_dir / "d5_cpps_at31march_by_duration_2013_to_2025.csv"), authority, y)
    per_child("cp_at_end", _number(d5.get("CPP_At31")))
    share("cp_two_years_share", _number(d5.get("2_years_or_more_percent")))
    cla_rows = _rows(stats_dir / "cla_number_and_rate_per_10k_children.csv")
    at_end = _pick(cla_rows, authority, y,
                   population_type="Children looked after on 31 March each year")
    starts = _pick(cla_rows, authority, y,
                   population_type="Children starting to be looked after each year")
    per_child("cla_at_end", _number(at_end.get("children_count")))
    per_child("cla_starts", _number(starts.get("children_count")))
    c3 = _pick(_rows(stats_dir / "c3_factors_identified_at_end_of_assessment_2018_to_2025.csv"),
               authority, y)
    factors = dict(base.factor_shares)
    episodes = _number(c3.get("Episodes_with_assessment_factor"))
    for code, column in CALIBRATED_FACTORS.items():
        count = _number(c3.get(column))
        if episodes and count is not None:
            factors[code] = count / episodes
        else:
            notes.append(f"factor {code}: England value")
    return replace(base, name=name, la_code=la_code, factor_shares=factors, notes=tuple(notes),
                   **out)
