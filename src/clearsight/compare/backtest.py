"""Back-test: would the flags have predicted an Inadequate Ofsted judgement?

For each overall judgement published from 2014 to 2025 (SIF 2014-2018, ILACS 2018-2025), the
flags are computed from the figures that had been published before the inspection began
(see `published_on`), and compared with the judgement. The baseline is the previous
judgement. Run `python -m clearsight.compare.backtest [--db PATH]` to print the results as
Markdown; docs/compare.md holds the latest run.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from clearsight.compare.analysis import Dataset
from clearsight.compare.indicators import INDICATORS, Indicator
from clearsight.store import public_stats as db

FIRST_JUDGEMENT = date(2014, 1, 1)
INADEQUATE = "Inadequate"
REPORT_LAG = timedelta(days=56)
"""Where the inspection date is not recorded (SIF), the inspection is taken to have begun 8
weeks before the report was published."""
MIN_EVIDENCE = 5
"""A judgement is scored only if at least this many indicators had a published figure."""


def published_on(indicator: Indicator, year: int) -> date:
    """When the figures for `year` were public, taken late on purpose: children in need,
    protection and looked-after figures for the year to 31 March by 1 December of that year;
    workforce figures at 30 September by 1 March of the next year."""
    if indicator.name.startswith("sw_"):
        return date(year + 1, 3, 1)
    return date(year, 12, 1)


def latest_year(indicator: Indicator, cutoff: date) -> int:
    """The latest reporting year published before `cutoff`."""
    year = cutoff.year
    while published_on(indicator, year) >= cutoff:
        year -= 1
    return year


@dataclass(frozen=True)
class Evidence:
    indicator: str
    year: int
    reason: str


Rule = Callable[[Dataset, str, date], list[Evidence]]


def _funnel_evidence(ds: Dataset, key: str, cutoff: date) -> list[Evidence]:
    out = []
    for ind in INDICATORS:
        year = latest_year(ind, cutoff)
        units = ds.units_for(ind.name, key)
        f = ds.funnel(ind.name, year)
        point = f.point(units[0]) if f and units else None
        if point is None or point.band not in ("above 99.8%", "below 99.8%"):
            continue
        high = point.band == "above 99.8%"
        if ind.concern == "either" or (ind.concern == "high") == high:
            out.append(Evidence(ind.name, year, point.band))
    return out


def _spc_evidence(ds: Dataset, key: str, cutoff: date) -> list[Evidence]:
    out = []
    for ind in INDICATORS:
        year = latest_year(ind, cutoff)
        units = ds.units_for(ind.name, key)
        chart = ds.control_chart(ind.name, units[0], up_to=year) if units else None
        if chart is None or chart[0][-1] != year:
            continue
        last = len(chart[0]) - 1
        for s in chart[1].signals:
            adverse = ind.concern == "either" or ind.concern == s.direction
            if last in s.indices and adverse:
                out.append(Evidence(ind.name, year, f"{s.rule} ({s.direction})"))
                break
    return out


def _divergence_evidence(ds: Dataset, key: str, cutoff: date) -> list[Evidence]:
    out = []
    for ind in INDICATORS:
        if ind.concern != "high":
            continue  # a rate drifting either way is not by itself adverse
        year = latest_year(ind, cutoff)
        units = ds.units_for(ind.name, key)
        div = ds.divergence_from_england(ind.name, units[0], up_to=year) if units else None
        if div is not None and div.p_value < 0.05 and div.slope > 0:
            out.append(Evidence(ind.name, year, f"rising against England, p={div.p_value:.3f}"))
    return out


RULES: dict[str, tuple[str, Rule, int]] = {
    "funnel-1": ("at least one indicator beyond a 99.8% funnel limit, in the adverse "
                 "direction", _funnel_evidence, 1),
    "funnel-2": ("at least two indicators beyond a 99.8% funnel limit", _funnel_evidence, 2),
    "spc": ("a special cause in the adverse direction in the latest year", _spc_evidence, 1),
    "divergence": ("a 'high is worse' indicator rising against England (p < 0.05)",
                   _divergence_evidence, 1),
}


@dataclass
class Case:
    key: str
    framework: str
    published: date
    cutoff: date
    judgement: str
    previous: str | None
    previous_published: date | None
    evidence_count: int
    flags: dict[str, bool] = field(default_factory=dict)
    lead_days: dict[str, int] = field(default_factory=dict)


def _evidence_count(ds: Dataset, key: str, cutoff: date) -> int:
    count = 0
    for ind in INDICATORS:
        units = ds.units_for(ind.name, key)
        rec = ds.record(ind.name, units[0], latest_year(ind, cutoff)) if units else None
        count += rec is not None and rec.value is not None
    return count


def _flag(ds: Dataset, rule: str, key: str, cutoff: date) -> bool:
    _, find, needed = RULES[rule]
    return len(find(ds, key, cutoff)) >= needed


def _release_dates(before: date, since: date) -> list[date]:
    """Publication dates of data releases, newest first, between `since` and `before`."""
    dates = {published_on(ind, y) for ind in INDICATORS for y in range(2009, before.year + 1)}
    return sorted((d for d in dates if since <= d < before), reverse=True)


def cases(ds: Dataset, judgements: Sequence[db.JudgementRecord] | None = None) -> list[Case]:
    """Score every judgement from 2014 with enough published evidence before it."""
    history = list(judgements if judgements is not None else ds.judgements)
    by_key: dict[str, list[db.JudgementRecord]] = {}
    for j in sorted(history, key=lambda j: (j.key, j.published_on)):
        by_key.setdefault(j.key, []).append(j)
    out: list[Case] = []
    for key, items in sorted(by_key.items()):
        for i, j in enumerate(items):
            if j.published_on < FIRST_JUDGEMENT:
                continue
            cutoff = j.inspected_on or (j.published_on - REPORT_LAG)
            evidence = _evidence_count(ds, key, cutoff)
            if evidence < MIN_EVIDENCE:
                continue
            prev = items[i - 1] if i > 0 else None
            case = Case(key, j.framework, j.published_on, cutoff, j.judgement,
                        prev.judgement if prev else None,
                        prev.published_on if prev else None, evidence)
            for rule in RULES:
                on = _flag(ds, rule, key, cutoff)
                case.flags[rule] = on
                if on:
                    case.lead_days[rule] = _lead(ds, rule, key, cutoff, j.published_on)
            out.append(case)
    return out


def _lead(ds: Dataset, rule: str, key: str, cutoff: date, published: date) -> int:
    """Days from the release since which the flag has been on without a break, to the
    judgement's publication."""
    earliest = cutoff
    for release in _release_dates(cutoff, date(2013, 1, 1)):
        if not _flag(ds, rule, key, release + timedelta(days=1)):
            break
        earliest = release
    return (published - earliest).days


@dataclass(frozen=True)
class Score:
    name: str
    description: str
    scored: int
    inadequate: int
    hits: int
    flagged_others: int
    others: int
    median_lead_days: float | None

    @property
    def hit_rate(self) -> float:
        return self.hits / self.inadequate if self.inadequate else math.nan

    @property
    def false_flag_rate(self) -> float:
        return self.flagged_others / self.others if self.others else math.nan

    @property
    def precision(self) -> float:
        flagged = self.hits + self.flagged_others
        return self.hits / flagged if flagged else math.nan


def wilson(successes: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval for a proportion."""
    if total == 0:
        return math.nan, math.nan
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return centre - half, centre + half


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _rule_flag(name: str) -> Callable[[Case], bool]:
    def predict(case: Case) -> bool:
        return case.flags[name]

    return predict


def _rule_lead(name: str) -> Callable[[Case], int | None]:
    def lead(case: Case) -> int | None:
        return case.lead_days.get(name)

    return lead


def _any_flag(case: Case) -> bool:
    return any(case.flags.values())


def _any_lead(case: Case) -> int | None:
    return max(case.lead_days.values()) if case.lead_days else None


def _previous_in(grades: set[str]) -> Callable[[Case], bool]:
    def predict(case: Case) -> bool:
        return case.previous in grades

    return predict


def _since_previous(case: Case) -> int | None:
    return (case.published - case.previous_published).days if case.previous_published else None


def score(all_cases: Sequence[Case]) -> list[Score]:
    """Hit rate, false flag rate and lead time for each rule and for the two baselines,
    over the cases that have a previous judgement (so all are scored on the same cases)."""
    usable = [c for c in all_cases if c.previous is not None]
    bad = [c for c in usable if c.judgement == INADEQUATE]
    good = [c for c in usable if c.judgement != INADEQUATE]
    out = []
    predictors: list[tuple[str, str, Callable[[Case], bool], Callable[[Case], int | None]]] = [
        (name, desc, _rule_flag(name), _rule_lead(name)) for name, (desc, _, _) in RULES.items()
    ]
    predictors.append(("any flag", "any of the flags above", _any_flag, _any_lead))
    predictors.append(("baseline: previous Inadequate", "the previous judgement was Inadequate",
                       _previous_in({INADEQUATE}), _since_previous))
    predictors.append(("baseline: previous RI or worse", "the previous judgement was Requires "
                       "improvement or Inadequate",
                       _previous_in({INADEQUATE, "Requires improvement to be good"}),
                       _since_previous))
    for name, desc, predict, lead in predictors:
        hits = [c for c in bad if predict(c)]
        leads = [d for c in hits if (d := lead(c)) is not None]
        out.append(Score(name, desc, len(usable), len(bad), len(hits),
                         sum(1 for c in good if predict(c)), len(good), _median(leads)))
    return out


def markdown(scores: Sequence[Score], all_cases: Sequence[Case]) -> str:
    usable = [c for c in all_cases if c.previous is not None]
    first = min(c.published for c in usable)
    last = max(c.published for c in usable)
    lines = [
        f"Judgements scored: {len(usable)} overall-effectiveness judgements published "
        f"{first.isoformat()} to {last.isoformat()} with a previous judgement to compare "
        f"(of them {scores[0].inadequate} Inadequate).",
        "",
        "| predictor | what it means | hit rate (Inadequate flagged) | false flag rate "
        "(others flagged) | Inadequate among flagged | median lead time |",
        "|---|---|---|---|---|---|",
    ]
    for s in scores:
        lo, hi = wilson(s.hits, s.inadequate)
        flo, fhi = wilson(s.flagged_others, s.others)
        lead = "–" if s.median_lead_days is None else f"{s.median_lead_days / 365.25:.1f} years"
        lines.append(
            f"| {s.name} | {s.description} | {s.hits}/{s.inadequate} = {s.hit_rate:.0%} "
            f"({lo:.0%}-{hi:.0%}) | {s.flagged_others}/{s.others} = {s.false_flag_rate:.0%} "
            f"({flo:.0%}-{fhi:.0%}) | {s.precision:.0%} | {lead} |"
        )
    return "\n".join(lines) + "\n"


FRAMEWORK_GROUPS = (
    ("SIF (2014-2018)", ("SIF",)),
    ("ILACS standard", ("ILACS Standard",)),
    ("ILACS short", ("ILACS Short",)),
)


def by_framework(all_cases: Sequence[Case]) -> str:
    """The same scores split by inspection framework, as Markdown."""
    lines = ["| framework | judgements | Inadequate | predictor | hit rate | false flag rate |",
             "|---|---|---|---|---|---|"]
    for label, prefixes in FRAMEWORK_GROUPS:
        group = [c for c in all_cases if c.framework.startswith(prefixes)]
        for s in score(group):
            if s.name not in ("funnel-1", "divergence", "baseline: previous RI or worse"):
                continue
            hit = f"{s.hits}/{s.inadequate}" if s.inadequate else "–"
            lines.append(f"| {label} | {s.scored} | {s.inadequate} | {s.name} | {hit} | "
                         f"{s.flagged_others}/{s.others} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Back-test the compare flags against Ofsted.")
    parser.add_argument("--db", default=None, help="store file (default as the CLI)")
    args = parser.parse_args(argv)
    from clearsight.compare.dataset import load
    from clearsight.store.db import Store

    with Store.open(args.db) as store:
        load(store)
        ds = Dataset.from_store(store)
    found = cases(ds)
    print(markdown(score(found), found))
    print(by_framework(found))


if __name__ == "__main__":
    main()
