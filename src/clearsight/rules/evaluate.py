"""Honest evaluation of the rules against a synthetic authority's ground truth.

For every harm trajectory in `truth/trajectories.csv`: was the child alerted, at what severity,
and how many days before the harm? For every rule: how many alerts, how many fell on a child
who was later harmed (before the harm), and how many alerts a team would see per 100 open
cases a month. Benign busy families show the false alarms that matter most.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clearsight.rules.engine import catalogue, detect
from clearsight.store import Store
from clearsight.store.rules import active_child_months, open_case_months

SERIOUS = ("high", "critical")

#: Whom the high or critical alerts fell on, in the order the report gives them.
SERIOUS_WHERE = (
    "a child later harmed, before the harm",
    "a harmed child, on or after the day of the harm",
    "another member of a harmed child's household",
    "a child of a benign busy family",
    "anyone else",
)


@dataclass
class Trajectory:
    trajectory_id: str
    kind: str
    harmed: bool
    person_id: str
    harm_date: dt.date | None


@dataclass
class RuleFigures:
    rule_id: str
    title: str
    severity: str
    alerts: int = 0
    before_harm: int = 0  # alerts on a child later harmed, raised before the harm
    on_benign: int = 0  # alerts on a child of a benign busy family
    trajectories_caught: int = 0

    @property
    def precision(self) -> float | None:
        return self.before_harm / self.alerts if self.alerts else None


@dataclass
class Evaluation:
    as_of: dt.date
    persons_from: str
    harmed: int
    caught_serious_30: int  # alerted high/critical 30 days or more before the harm
    caught_any_before: int  # alerted at any severity before the harm
    lead_days: list[int]  # for caught_serious_30: days from first such alert to harm
    benign: int
    benign_alerted_serious: int
    alerts: int
    serious_alerts: int
    open_case_months: int  # child-months with a case open, referral to closure
    active_child_months: int  # the earlier, looser count: any social care record in 3 months
    by_type: dict[str, tuple[int, int]] = field(default_factory=dict)  # type: (caught, all)
    serious_where: dict[str, int] = field(default_factory=dict)  # whom high/critical fell on
    rules: list[RuleFigures] = field(default_factory=list)
    families: int = 0  # households in the ground truth
    harmed_families: int = 0  # of which with a harm trajectory

    @property
    def serious_per_100_open_cases_month(self) -> float | None:
        if not self.open_case_months:
            return None
        return 100 * self.serious_alerts / self.open_case_months

    @property
    def false_alarms_per_100_open_cases_month(self) -> float | None:
        """High or critical alerts on children of no harmed household (benign busy families
        included) per 100 open case-months: the part of the rate that does not grow with the
        share of families the generator harms."""
        if not self.open_case_months:
            return None
        false = self.serious_where.get(SERIOUS_WHERE[3], 0) + self.serious_where.get(
            SERIOUS_WHERE[4], 0
        )
        return 100 * false / self.open_case_months

    @property
    def serious_per_100_active_child_months(self) -> float | None:
        if not self.active_child_months:
            return None
        return 100 * self.serious_alerts / self.active_child_months


def read_trajectories(truth: Path) -> list[Trajectory]:
    with (truth / "trajectories.csv").open(encoding="utf-8") as handle:
        return [
            Trajectory(
                row["trajectory_id"],
                row["type"],
                row["harm"] == "yes",
                row["person_id"],
                dt.date.fromisoformat(row["harm_date"]) if row["harm_date"] else None,
            )
            for row in csv.DictReader(handle)
        ]


def read_person_map(truth: Path) -> list[tuple[str, str, str]]:
    with (truth / "persons.csv").open(encoding="utf-8") as handle:
        return [(r["agency"], r["subject_ref"], r["person_id"]) for r in csv.DictReader(handle)]


def read_household_map(truth: Path) -> list[tuple[str, str]]:
    with (truth / "persons.csv").open(encoding="utf-8") as handle:
        return sorted({(r["person_id"], r["household_id"]) for r in csv.DictReader(handle)})


def evaluate(
    store: Store, truth: Path, *, as_of: dt.date, use_truth_persons: bool = True
) -> Evaluation:
    """Run every rule as of `as_of` and score the alerts against `truth/`.

    With `use_truth_persons` the rules see the true persons (measuring the rules alone);
    without, they see linkage's (measuring linkage and rules together).
    """
    true_households = read_household_map(truth)
    person_map = read_person_map(truth) if use_truth_persons else None
    household_map = true_households if use_truth_persons else None
    if not use_truth_persons:
        truth_of = {(a, s): p for a, s, p in read_person_map(truth)}
    trajectories = read_trajectories(truth)
    detection = detect(store, as_of=as_of, person_map=person_map, household_map=household_map)
    alerts = detection.alerts
    if not use_truth_persons:
        # a linked person is scored as the true person most of its subjects belong to
        for alert in alerts:
            votes: dict[str, int] = defaultdict(int)
            for ref in alert["subject_refs"]:
                agency, _, subject = ref.partition(":")
                votes[truth_of.get((agency, subject), "")] += 1
            alert["person_id"] = max(votes, key=lambda k: votes[k]) if votes else ""
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for alert in alerts:
        by_person[str(alert["person_id"])].append(alert)
    harmed = [t for t in trajectories if t.harmed and t.harm_date]
    benign = {t.person_id for t in trajectories if not t.harmed}
    harm_date = {t.person_id: t.harm_date for t in harmed}
    figures = {r.rule_id: RuleFigures(r.rule_id, r.title, r.severity) for r in catalogue()}
    caught_serious, caught_any, leads = 0, 0, []
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for trajectory in harmed:
        assert trajectory.harm_date is not None
        before = [
            a
            for a in by_person.get(trajectory.person_id, [])
            if a["raised_on"] < trajectory.harm_date
        ]
        serious = [
            a
            for a in before
            if a["severity"] in SERIOUS and (trajectory.harm_date - a["raised_on"]).days >= 30
        ]
        by_type[trajectory.kind][1] += 1
        if before:
            caught_any += 1
        if serious:
            caught_serious += 1
            by_type[trajectory.kind][0] += 1
            leads.append(max((trajectory.harm_date - a["raised_on"]).days for a in serious))
        for rule_id in {a["rule_id"] for a in before}:
            figures[rule_id].trajectories_caught += 1
    for alert in alerts:
        rule = figures[alert["rule_id"]]
        rule.alerts += 1
        when = harm_date.get(str(alert["person_id"]))
        if when is not None and alert["raised_on"] < when:
            rule.before_harm += 1
        if alert["person_id"] in benign:
            rule.on_benign += 1
    home_of = dict(true_households)
    harmed_homes = {home_of.get(t.person_id) for t in harmed} - {None}
    where: dict[str, int] = dict.fromkeys(SERIOUS_WHERE, 0)
    for alert in alerts:
        if alert["severity"] not in SERIOUS:
            continue
        person = str(alert["person_id"])
        if person in harm_date:
            before_harm = alert["raised_on"] < harm_date[person]
            where[SERIOUS_WHERE[0] if before_harm else SERIOUS_WHERE[1]] += 1
        elif home_of.get(person) in harmed_homes:
            where[SERIOUS_WHERE[2]] += 1
        elif person in benign:
            where[SERIOUS_WHERE[3]] += 1
        else:
            where[SERIOUS_WHERE[4]] += 1
    benign_serious = {
        a["person_id"] for a in alerts if a["person_id"] in benign and a["severity"] in SERIOUS
    }
    return Evaluation(
        as_of=as_of,
        persons_from="ground truth" if use_truth_persons else "linkage",
        harmed=len(harmed),
        caught_serious_30=caught_serious,
        caught_any_before=caught_any,
        lead_days=sorted(leads),
        benign=len(benign),
        benign_alerted_serious=len(benign_serious),
        alerts=len(alerts),
        serious_alerts=sum(1 for a in alerts if a["severity"] in SERIOUS),
        open_case_months=open_case_months(store, as_of),
        active_child_months=active_child_months(store, as_of),
        by_type={k: (v[0], v[1]) for k, v in sorted(by_type.items())},
        serious_where=where,
        rules=[figures[k] for k in sorted(figures)],
        families=len({home for _, home in true_households}),
        harmed_families=len(harmed_homes),
    )


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def wilson_interval(part: int, whole: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval (95% by default) for a share `part` of `whole`: how far the
    share caught could be from the rules' true rate, given only `whole` trajectories."""
    if whole <= 0:
        return (0.0, 1.0)
    share = part / whole
    centre = (share + z * z / (2 * whole)) / (1 + z * z / whole)
    half = (z / (1 + z * z / whole)) * math.sqrt(
        share * (1 - share) / whole + z * z / (4 * whole * whole)
    )
    return (max(0.0, centre - half), min(1.0, centre + half))


def _pct_interval(part: int, whole: int) -> str:
    if not whole:
        return "0/0"
    low, high = wilson_interval(part, whole)
    return f"{_pct(part, whole)}; 95% interval {100 * low:.0f}% to {100 * high:.0f}%"


def report(result: Evaluation, authority: str) -> str:
    """The evaluation as Markdown, with what the figures mean."""
    median = result.lead_days[len(result.lead_days) // 2] if result.lead_days else None
    rate = result.serious_per_100_open_cases_month
    loose = result.serious_per_100_active_child_months
    false = result.false_alarms_per_100_open_cases_month
    lines = [
        f"Authority: {authority}. Rules run as of {result.as_of}, on persons from "
        f"{result.persons_from}.",
        f"Harm trajectories in {result.harmed_families:,} of {result.families:,} families "
        f"({100 * result.harmed_families / max(result.families, 1):.2f}%) "
        "(the generator's default is one family in two hundred; real serious harm is far "
        "rarer).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| harm trajectories alerted at high or critical severity 30 days or more before the "
        f"harm | {_pct_interval(result.caught_serious_30, result.harmed)} |",
        f"| harm trajectories alerted at any severity before the harm | "
        f"{_pct(result.caught_any_before, result.harmed)} |",
        f"| median lead time of those alerts (days before harm) | "
        f"{median if median is not None else 'n/a'} |",
        f"| benign busy families with a high or critical alert | "
        f"{_pct(result.benign_alerted_serious, result.benign)} |",
        f"| alerts (all severities) | {result.alerts:,} |",
        f"| high or critical alerts per 100 open cases per month | "
        f"{f'{rate:.2f}' if rate is not None else 'n/a'} "
        f"({result.serious_alerts:,} over {result.open_case_months:,} child-months with a case "
        f"open, from referral to closure) |",
        f"| of which on children of no harmed household (false alarms, whatever the share "
        f"of families harmed), per 100 open cases per month | "
        f"{f'{false:.2f}' if false is not None else 'n/a'} |",
        f"| the same over the earlier, looser count (a month with any social care record, a "
        f"contact included, or within the two months after one) | "
        f"{f'{loose:.2f}' if loose is not None else 'n/a'} "
        f"(over {result.active_child_months:,} child-months) |",
        "",
        "Whom the high or critical alerts fell on (each alert once; the rate's numerator):",
        "",
        "| on | alerts | per 100 open case-months |",
        "|---|---:|---:|",
    ]
    for label, count in result.serious_where.items():
        share = f"{100 * count / result.open_case_months:.2f}" if result.open_case_months else "n/a"
        lines.append(f"| {label} | {count:,} | {share} |")
    lines += [
        "",
        "By kind of harm trajectory (alerted high or critical 30 days or more before harm):",
        "",
        "| trajectory | caught |",
        "|---|---|",
    ]
    for kind, (caught, total) in result.by_type.items():
        lines.append(f"| {kind.replace('_', ' ')} | {_pct(caught, total)} |")
    lines += [
        "",
        "By rule:",
        "",
        "| rule | severity | alerts | before a later harm | precision | on benign families | "
        "trajectories alerted before harm |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for rule in result.rules:
        precision = f"{rule.precision:.2f}" if rule.precision is not None else "n/a"
        lines.append(
            f"| {rule.rule_id} {rule.title} | {rule.severity} | {rule.alerts:,} | "
            f"{rule.before_harm:,} | {precision} | {rule.on_benign:,} | "
            f"{rule.trajectories_caught:,} |"
        )
    return "\n".join(lines) + "\n"
