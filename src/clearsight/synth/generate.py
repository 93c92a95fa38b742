"""`generate`: a synthetic authority, family by family, streamed to disk."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from clearsight.synth.agencies import emit_corroboration, emit_universal
from clearsight.synth.calendar import END_DATE, add_years
from clearsight.synth.calibration import ENGLAND_2025, Rates
from clearsight.synth.careers import (
    KINDS,
    MEASURES,
    Career,
    Controller,
    Workforce,
    draw_candidates,
    draw_past,
    plan_care,
)
from clearsight.synth.identifiers import UPN_LA_CODES
from clearsight.synth.model import Family, make_family
from clearsight.synth.names import PRACTITIONERS
from clearsight.synth.neglect import background_signs
from clearsight.synth.paper_trail import plan_concerns
from clearsight.synth.returns import CinCensus, Ssda903
from clearsight.synth.social_care import emit_contacts_only, emit_social_care
from clearsight.synth.trajectories import BENIGN_TYPES, HARM_TYPES, Plan, Trajectory, make_plan
from clearsight.synth.writer import Writer

#: Factors a harm trajectory's assessment always records.
_TRAJECTORY_FACTORS: dict[str, tuple[str, ...]] = {
    "sentinel_injury": ("18C",), "repeated_injuries_changing_explanations": ("18C",),
    "unknown_adult_joins_household": ("18C", "3B"), "domestic_abuse_no_follow_up": ("3B", "3A"),
    "neglect_not_brought": ("16A",), "disguised_compliance": ("16A",),
    "drift_on_plan": ("16A", "4B"),
}


@dataclass
class Summary:
    """What was generated, and the year's figures as the controller counted them."""

    out: Path
    families: int = 0
    children: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    measures: dict[str, int] = field(default_factory=dict)
    #: Every calibrated year's counts, by the year's last day (the final year first).
    year_measures: dict[date, dict[str, int]] = field(default_factory=dict)
    trajectories: dict[str, int] = field(default_factory=dict)
    cin_children: int = 0
    ssda903_children: int = 0

    @property
    def events(self) -> int:
        return sum(self.rows.values())


def generate(
    children: int,
    years: int,
    seed: int,
    out: Path,
    rates: Rates = ENGLAND_2025,
    end: date = END_DATE,
    la_code: str | None = None,
    harm_rate: float = 0.005,
    benign_rate: float = 0.01,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Write a synthetic authority of `children` children aged 0-17 (on `end`) to `out`.

    History covers `years` years ending on `end` (default 31 March 2025). Output: one
    exchange-format CSV per agency, `returns/` (CIN census XML and SSDA903 CSVs for the final
    year) and `truth/` (person and household of every agency subject, harm trajectories, and
    the calibration achieved). The same arguments give byte-identical output.

    `harm_rate` and `benign_rate` are the shares of families given a harm trajectory or a busy
    benign pattern; both are far above real prevalence so that detection can be measured.
    Harmed families' careers are forced (a plan or care after the harm), so above about 0.5%
    they crowd the calibration: at 1% the final year's plan starts run about 7% over target.
    """
    if children < 1 or years < 1:
        raise ValueError("children and years must be at least 1")
    la_code = la_code or rates.la_code
    # UPNs must start with a real LA number; a fictional authority (999) borrows one.
    upn_code = la_code if la_code in UPN_LA_CODES else \
        random.Random(f"clearsight-synth:{seed}:upn-code").choice(UPN_LA_CODES)
    start = add_years(end, -years) + timedelta(days=1)
    writer = Writer(out, seed, start, end)
    (out / "returns").mkdir(parents=True, exist_ok=True)
    cin = CinCensus(out / "returns" / f"cin_census_{end.year}.xml", end, la_code)
    ssda = Ssda903(out / "returns" / f"ssda903_{end.year}", end, seed)
    ends = tuple(add_years(end, -k) for k in range(years))
    controller = Controller(rates, ends)
    summary = Summary(out)
    harm_done = benign_done = 0
    index = 0
    try:
        while summary.children < children:
            traj_rng = random.Random(f"clearsight-synth:{seed}:trajectory:{index}")
            plan: Plan | None = None
            if harm_rate * (index + 1) - harm_done >= 1:
                kind = HARM_TYPES[harm_done % len(HARM_TYPES)]
                harm_done += 1
                plan = make_plan(kind, f"T{index:07d}", traj_rng, end, start)
            elif benign_rate * (index + 1) - benign_done >= 1:
                kind = BENIGN_TYPES[benign_done % len(BENIGN_TYPES)]
                benign_done += 1
                plan = make_plan(kind, f"B{index:07d}", traj_rng, end)
            fam = make_family(index, seed, end, start, children - summary.children, upn_code,
                              youngest_born=plan.youngest_born if plan else None)
            rng = fam.rng
            counted = len(fam.children_on(end))
            career, plan = _choose_career(fam, plan, controller, ends, start, end)
            _settle_career(career, plan, controller, rng, rates, seed, end)
            emit_social_care(fam, career, rng, start, end, PRACTITIONERS)
            emit_corroboration(fam, career.episodes, rng, start, end)
            emit_contacts_only(fam, rng, start, end)
            neglect = any("16A" in ep.factors for ep in career.episodes) or (
                plan is not None and plan.kind == "neglect_not_brought")
            emit_universal(fam, rng, start, end, neglect)
            trajectory = None
            victim, harm = fam.children[0], None
            if plan is not None:
                trajectory = Trajectory(plan, fam, career, rng, start, end, seed)
                victim, harm = trajectory.run()
            # Neglect signs about any child (decision 0503): a stream of their own, written
            # apart, so no other record changes.
            background_signs(fam, career.episodes,
                             random.Random(f"clearsight-synth:{seed}:neglect-signs:{index}"),
                             start, end)
            # Concerns from other agencies about children on protection plans (decision
            # 0505), likewise.
            plan_concerns(fam, career.episodes,
                          random.Random(f"clearsight-synth:{seed}:plan-concerns:{index}"),
                          start, end)
            writer.begin_family(fam)
            writer.write_family(fam)
            if trajectory is not None and plan is not None:
                writer.write_trajectory(plan.tid, plan.kind, plan.kind in HARM_TYPES, victim,
                                        fam, harm, trajectory.keys)
                summary.trajectories[plan.kind] = summary.trajectories.get(plan.kind, 0) + 1
            for child in fam.children:
                if any(child in e.children for e in career.episodes):
                    la_id = writer.identity("social_care", child).subject_ref
                    cin.add(child, la_id, career)
                    ssda.add(fam, child, la_id, career)
            summary.families += 1
            summary.children += counted
            index += 1
            if progress is not None:
                progress(counted)
    finally:
        writer.close()
        cin.close()
        ssda.close()
    summary.rows = dict(writer.rows)
    summary.measures = dict(controller.totals)
    summary.year_measures = {e: dict(t) for e, t in zip(ends, controller.year_totals,
                                                          strict=True)}
    summary.cin_children = cin.children
    summary.ssda903_children = ssda.children
    _write_calibration(out / "truth" / "calibration.csv", rates, summary)
    return summary


def _choose_career(
    fam: Family, plan: Plan | None, controller: Controller, ends: tuple[date, ...], start: date,
    end: date,
) -> tuple[Career, Plan | None]:
    """Draw the family's candidate careers (within its trajectory's constraints, if any) and
    let the controller choose. A trajectory that cannot be fitted is dropped."""
    rng = fam.rng
    past = draw_past(rng, fam.children_on, start, end)
    candidates: list[Career] = []
    if plan is not None:
        candidates = draw_candidates(rng, fam.children_on, end, past, controller.timely_next(),
                                     plan.career_kinds, plan.referral_window,
                                     plan.min_plan_months)
        candidates = [c for c in candidates
                      if len([e for e in c.episodes if e.referral >= start])
                      >= plan.min_episodes or c.kind == "none"]
        if not candidates:
            plan = None
    if plan is None:
        candidates = [Career("none", past)]
        for year, anchor in enumerate(ends):
            candidates += draw_candidates(rng, fam.children_on, end, past,
                                          controller.timely_next(year), KINDS[1:], anchor=anchor)
    return controller.choose(candidates, len(fam.children_on(end))), plan


def _settle_career(career: Career, plan: Plan | None, controller: Controller,
                   rng: random.Random, rates: Rates, seed: int, end: date) -> None:
    """What follows the choice without changing the calibrated dates: factors, the referral
    a trajectory fixes, each looked-after child's placements, and the social workers."""
    _assign_factors(career, controller, rng, rates,
                    _TRAJECTORY_FACTORS.get(plan.kind, ()) if plan else ())
    if plan is not None and plan.referral_window is not None:
        lo, hi = plan.referral_window
        for ep in career.episodes:
            if lo <= ep.referral <= hi + timedelta(days=4):
                ep.source, ep.precursor, ep.reason = "3E", False, plan.referral_reason
                ep.category = "NEG" if plan.kind == "neglect_not_brought" else "PHY"
    for ep in career.episodes:
        for child in ep.children if ep.cla_start else ():
            care_rng = random.Random(f"clearsight-synth:{seed}:care:{child.pid}:"
                                     f"{ep.referral.isoformat()}")
            ep.care[child.pid] = plan_care(ep, child, care_rng, end)
    workforce = Workforce(rng, PRACTITIONERS)
    for ep in career.episodes:
        drift = plan is not None and plan.kind == "drift_on_plan" and ep.cp_start
        workforce.allocate(ep, ep.referral, end, 2.5 if drift else 9.0)


def _assign_factors(career: Career, controller: Controller, rng: random.Random,
                    rates: Rates, required: tuple[str, ...]) -> None:
    """Factors for each assessment: by the controller's error diffusion, year by year, in the
    calibrated years; at random with the target shares before them."""
    for ep in career.episodes:
        if ep.assessment_end is None:
            continue
        year = controller.year_of(ep.assessment_end)
        stays_open = ep.closure is None or ep.closure_reason not in ("RC8", "RC9")
        if year is not None:
            ep.factors = controller.factors(required, len(ep.children), rng, year, stays_open)
        else:
            ep.factors = tuple(sorted(code for code, share in rates.factor_shares.items()
                                      if rng.random() < share))
            if not ep.factors:
                ep.factors = (rng.choice(("16A", "17A", "4B", "3B")),) if stays_open else ("21",)


def _write_calibration(path: Path, rates: Rates, summary: Summary) -> None:
    """Each calibrated year's figures as generated, beside the targets (per 10,000 children
    or %)."""
    n = max(1, summary.children)
    with path.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(("year_ending", "measure", "target", "generated", "authority"))
        for year_end, m in summary.year_measures.items():
            rows: list[tuple[str, float, float]] = [
                ("referrals_per_10k", rates.referrals * 1e4, m["referrals"] / n * 1e4),
                ("rereferral_percent", rates.rereferral_share * 100,
                 100 * m["rereferrals"] / max(1, m["referrals"])),
                ("section47_per_10k", rates.section47 * 1e4, m["section47"] / n * 1e4),
                ("cin_at_31_march_per_10k", rates.cin_at_end * 1e4, m["cin_at_end"] / n * 1e4),
                ("cp_at_31_march_per_10k", rates.cp_at_end * 1e4, m["cp_at_end"] / n * 1e4),
                ("cp_starts_per_10k", rates.cp_starts * 1e4, m["cp_starts"] / n * 1e4),
                ("cp_second_or_later_percent", rates.cp_second_share * 100,
                 100 * m["cp_second"] / max(1, m["cp_starts"])),
                ("cla_at_31_march_per_10k", rates.cla_at_end * 1e4, m["cla_at_end"] / n * 1e4),
                ("cla_starts_per_10k", rates.cla_starts * 1e4, m["cla_starts"] / n * 1e4),
                ("assessments_within_45_days_percent", rates.assessment_timely_share * 100,
                 100 * m["timely"] / max(1, m["assessments"])),
            ]
            for name, target, got in rows:
                w.writerow((year_end.isoformat(), name, f"{target:.2f}", f"{got:.2f}",
                            rates.name))


__all__ = ["MEASURES", "Summary", "generate"]
