"""Children's social care careers: episodes from contact to closure, and the calibrating controller.

A family's *career* is its list of episodes of need (one referral to one closure). Each episode
follows the statutory process with real timescales (Working Together to Safeguard Children
2023): a decision on a contact within one working day; an assessment authorised within 45
working days; a strategy discussion, then a section 47 enquiry; an initial child protection
conference within 15 working days of the strategy discussion; the first review conference
within three months and then every six months; visits to a child on a plan at least every ten
working days; a looked-after child's review at 20 working days, three months, then six-monthly.

Calibration (decision 0201): for every family several candidate careers are drawn at random,
and a controller picks the one that brings the authority's running totals closest to the
targets (each target a published rate times the children generated so far). The running error
therefore stays within about one family's contribution, so rates land on target for any N
without retries, and output stays deterministic and streaming.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate

from clearsight.synth.calendar import (
    add_working_days,
    is_school_day,
    next_working_day,
    working_days_between,
    year_start,
)
from clearsight.synth.calibration import CALIBRATED_FACTORS, Rates
from clearsight.synth.model import Person

#: Referral sources and their shares of referrals, DfE Children in need 2025 (table C1
#: by source, rounded): police, schools, health, LA services, individuals, other, anonymous.
REFERRAL_SOURCES: tuple[tuple[str, float], ...] = (
    ("6", 0.29), ("2A", 0.19), ("3A", 0.03), ("3B", 0.03), ("3E", 0.05), ("3D", 0.03),
    ("5A", 0.04), ("5D", 0.06), ("5B", 0.03), ("4", 0.02), ("1A", 0.05), ("1B", 0.02),
    ("1C", 0.02), ("8", 0.06), ("7", 0.03), ("9", 0.02), ("10", 0.03),
)

#: Which agency's file carries the event that led to a referral from each source.
SOURCE_AGENCY: dict[str, str] = {
    "6": "police", "2A": "education", "3A": "health_gp", "3B": "health_visiting",
    "3E": "health_hospital", "3D": "health_community", "4": "housing",
}

KINDS = ("none", "nfa", "cin", "s47", "cp", "cp_ongoing", "cla", "cla_ongoing")


@dataclass
class CareRow:
    """One row of a child's care history: what changed on `start` (SSDA903 RNE), and the legal
    status and placement from then on."""

    start: date
    rne: str  # S new period, L legal status changed, P placement changed
    legal: str  # V2 section 20, C1 interim care order, C2 care order, L2 emergency protection
    place: str  # U1-U6 foster placements, K2 children's home
    provider: str  # PR1 own authority, PR4 private
    postcode: str
    urn: str  # Ofsted unique reference number of the provision; XXXXXXX for foster care
    reason: str = ""  # for a placement change: why the previous placement ended


PLACE_WORDS = {"U1": "family and friends foster carers", "U3": "family and friends foster carers",
               "U4": "long-term foster carers", "U5": "foster carers", "U6": "foster carers",
               "K2": "a children's home"}
MOVE_REASONS = {"CARPL": "change to the care plan", "CREQO": "carer's request",
                "CHILD": "the child's wish", "LAREQ": "the authority's decision",
                "PLACE": "placement ended by the provider", "ALLEG": "an allegation",
                "STAND": "a change of standards"}


def plan_care(ep: Episode, child: Person, rng: random.Random, end: date) -> list[CareRow]:
    """One child's legal statuses and placements over the episode's period of care."""
    if ep.cla_start is None:
        return []
    stop = ep.cla_end or end

    def placement() -> tuple[str, str, str, str]:
        place = rng.choice(("U4", "U6", "U6", "U3", "U5", "K2") if child.age(ep.cla_start or end)
                           >= 11 else ("U4", "U6", "U6", "U3", "U5"))
        provider = "PR4" if place == "K2" else rng.choice(("PR1", "PR1", "PR4"))
        urn = "XXXXXXX" if place.startswith("U") else str(rng.randint(1_000_000, 9_999_999))
        return place, provider, f"QX{rng.randint(1, 19)} {rng.randint(1, 9)}AB", urn

    place, provider, postcode, urn = placement()
    rows = [CareRow(ep.cla_start, "S", ep.cla_legal, place, provider, postcode, urn)]
    changes: list[tuple[date, str]] = []
    if ep.cla_legal == "L2":
        changes.append((ep.cla_start + timedelta(days=rng.randint(6, 9)), "C1"))
    if ep.cla_legal in ("C1", "L2"):
        changes.append((ep.cla_start + timedelta(days=rng.randint(200, 340)), "C2"))
    day = ep.cla_start
    while True:
        day += timedelta(days=int(rng.expovariate(1 / 420)) + 30)
        if day >= stop:
            break
        changes.append((day, ""))
    for when, legal in sorted(c for c in changes if c[0] < stop):
        last = rows[-1]
        if legal:
            rows.append(CareRow(when, "L", legal, last.place, last.provider, last.postcode,
                                last.urn))
        else:
            place, provider, postcode, urn = placement()
            rows.append(CareRow(when, "P", last.legal, place, provider, postcode, urn,
                                rng.choice(tuple(MOVE_REASONS))))
    return rows


@dataclass
class Episode:
    """One episode of need for a family's children, with every date of the process."""

    kind: str
    children: list[Person]
    contact: date
    referral: date
    source: str
    need: str = "N1"
    nfa: bool = False
    assessment_start: date | None = None
    assessment_end: date | None = None
    factors: tuple[str, ...] = ()
    strategy: date | None = None
    s47_start: date | None = None
    s47_end: date | None = None
    icpc: date | None = None
    cp_start: date | None = None
    cp_end: date | None = None
    cp_reviews: list[date] = field(default_factory=list)
    category: str = "NEG"
    cin_plan_start: date | None = None
    cin_plan_end: date | None = None
    cla_start: date | None = None
    cla_end: date | None = None
    cla_legal: str = "V2"
    proceedings: date | None = None
    closure: date | None = None
    closure_reason: str = "RC8"
    workers: list[tuple[date, str]] = field(default_factory=list)
    #: What the contact said, when a trajectory fixes it (else drawn from the factors).
    reason: str = ""
    #: Whether the referring agency's own record of the referral is still to be written.
    precursor: bool = True
    #: Each looked-after child's care history, by person id (set by `plan_care` once chosen).
    care: dict[str, list[CareRow]] = field(default_factory=dict)

    def open_on(self, day: date) -> bool:
        return self.referral <= day and (self.closure is None or self.closure > day)


@dataclass
class Career:
    kind: str
    episodes: list[Episode]


@lru_cache(maxsize=64)
def _cumulative(items: tuple[tuple[str, float], ...]) -> tuple[tuple[float, ...], float]:
    sums = tuple(accumulate(w for _, w in items))
    return sums, sums[-1]


def _pick(rng: random.Random, items: tuple[tuple[str, float], ...]) -> str:
    """One item, with probability proportional to its weight."""
    sums, total = _cumulative(items)
    return items[min(bisect_right(sums, rng.random() * total), len(items) - 1)][0]


def _cap(day: date | None, end: date) -> date | None:
    return day if day is not None and day <= end else None


def _assessment_days(rng: random.Random, timely: bool) -> int:
    """Working days from start to authorisation: median about 33 when timely mixes with late."""
    if timely:
        return max(3, min(45, int(rng.triangular(8, 46, 38))))
    return int(rng.triangular(46, 110, 50))


class Workforce:
    """Social workers: names drawn per family, with changes at transfers and by turnover."""

    def __init__(self, rng: random.Random, practitioners: tuple[str, ...]) -> None:
        self.rng = rng
        self.names = practitioners

    def allocate(self, ep: Episode, day: date, end: date, months_between_changes: float) -> None:
        ep.workers.append((day, self.rng.choice(self.names)))
        stop = ep.closure or end
        cursor = day
        while True:
            cursor = cursor + timedelta(days=int(self.rng.expovariate(1 / (months_between_changes
                                                                          * 30.4))) + 14)
            if cursor >= stop:
                break
            ep.workers.append((cursor, self.rng.choice(self.names)))


def build_episode(
    rng: random.Random,
    kind: str,
    referral: date,
    children: list[Person],
    end: date,
    timely: bool,
    cp_months: float | None = None,
    cla_months: float | None = None,
) -> Episode:
    """An episode of `kind` starting with a referral on `referral`; dates after `end` are left
    open (None), as they would be in a system extracted on `end`."""
    referral = next_working_day(referral)
    contact = referral - timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
    source = _pick(rng, REFERRAL_SOURCES)
    while source in ("2A", "3C") and not is_school_day(referral):
        source = _pick(rng, REFERRAL_SOURCES)  # schools do not refer in the holidays
    ep = Episode(kind, children, contact, referral, source)
    ep.need = _pick(rng, (("N1", 0.57), ("N2", 0.06), ("N3", 0.03), ("N4", 0.10),
                          ("N5", 0.12), ("N6", 0.03), ("N7", 0.01), ("N8", 0.05),
                          ("N9", 0.03)))
    ep.category = _pick(rng, (("NEG", 0.52), ("EMO", 0.35), ("PHY", 0.07), ("SAB", 0.04),
                              ("MUL", 0.02)))
    # DfE C1 2025: 6.5% of referrals end in no further action and 30.8% are assessed as not
    # in need; the shares below give about those once the calibrated careers are mixed.
    if kind == "nfa" and rng.random() < 0.18:
        ep.nfa = True
        ep.closure = referral  # decided on the day (DfE rule 8569Q)
        ep.closure_reason = "RC7"  # RC8 and RC9 are for cases closed after an assessment
        return ep
    ep.assessment_start = add_working_days(referral, rng.choice((0, 0, 1, 1, 2, 3)))
    ep.assessment_end = add_working_days(ep.assessment_start, _assessment_days(rng, timely))
    if kind in ("s47", "cp", "cp_ongoing", "cla", "cla_ongoing"):
        ep.need = "N1"
        ep.strategy = add_working_days(referral, rng.choice((0, 0, 1, 1, 2)))
        ep.s47_start = ep.strategy
        ep.s47_end = add_working_days(ep.s47_start, rng.randint(5, 15))
    after_assessment = ep.assessment_end
    if kind == "nfa":
        ep.closure = ep.assessment_end  # closed on authorisation, in the same census year
        ep.closure_reason = "RC9" if rng.random() < 0.3 else "RC8"
    elif kind == "cin":
        ep.cin_plan_start = add_working_days(ep.assessment_end, rng.randint(1, 10))
        ep.cin_plan_end = ep.cin_plan_start + timedelta(days=int(rng.triangular(90, 420, 200)))
        ep.closure = ep.cin_plan_end + timedelta(days=rng.randint(0, 10))
        ep.closure_reason = "RC7"
    elif kind == "s47":
        assert ep.strategy is not None and ep.s47_end is not None
        if rng.random() < 0.25:
            ep.icpc = add_working_days(ep.strategy, rng.randint(8, 15))
        decided = max(ep.s47_end, ep.icpc or ep.s47_end, after_assessment)
        if rng.random() < 0.5:
            ep.cin_plan_start = add_working_days(decided, rng.randint(1, 10))
            ep.cin_plan_end = ep.cin_plan_start + timedelta(days=int(rng.triangular(90, 365, 180)))
            ep.closure = ep.cin_plan_end + timedelta(days=rng.randint(0, 10))
            ep.closure_reason = "RC7"
        else:
            ep.closure = add_working_days(decided, rng.randint(1, 10))
            ep.closure_reason = "RC7"  # not RC8: an enquiry is activity beyond the assessment
    elif kind in ("cp", "cp_ongoing"):
        assert ep.strategy is not None
        ep.icpc = add_working_days(ep.strategy, rng.randint(8, 15))
        ep.cp_start = ep.icpc
        months = cp_months if cp_months is not None else rng.choice(
            (rng.uniform(2.5, 6), rng.uniform(6, 12), rng.uniform(6, 12), rng.uniform(12, 24)))
        ep.cp_end = ep.cp_start + timedelta(days=int(months * 30.44))
        review = add_working_days(ep.cp_start + timedelta(days=84), 0)
        while review < ep.cp_end:
            ep.cp_reviews.append(review)
            review = add_working_days(review + timedelta(days=175), 0)
        if ep.cp_reviews:
            ep.cp_end = ep.cp_reviews[-1] if rng.random() < 0.8 else ep.cp_end
        ep.cin_plan_start = ep.cp_end
        ep.cin_plan_end = ep.cp_end + timedelta(days=int(rng.triangular(60, 300, 120)))
        ep.closure = ep.cin_plan_end + timedelta(days=rng.randint(0, 10))
        ep.closure_reason = "RC7"
    elif kind in ("cla", "cla_ongoing"):
        assert ep.s47_end is not None
        if rng.random() < 0.55:  # through a plan and then proceedings
            assert ep.strategy is not None
            ep.icpc = add_working_days(ep.strategy, rng.randint(8, 15))
            ep.cp_start = ep.icpc
            ep.cp_end = ep.cp_start + timedelta(days=int(rng.uniform(30, 240)))
            review = add_working_days(ep.cp_start + timedelta(days=84), 0)
            while review < ep.cp_end:
                ep.cp_reviews.append(review)
                review = add_working_days(review + timedelta(days=175), 0)
            ep.cla_start = ep.cp_end
            ep.cla_legal = "C1"
            ep.proceedings = ep.cla_start - timedelta(days=rng.randint(0, 3))
        else:
            ep.cla_start = add_working_days(ep.s47_end, rng.randint(0, 5))
            ep.cla_legal = "V2" if rng.random() < 0.6 else "L2"
            if ep.cla_legal == "L2":
                ep.cla_start = ep.s47_start or ep.cla_start
        months = cla_months if cla_months is not None else rng.choice(
            (rng.uniform(0.3, 6), rng.uniform(6, 18), rng.uniform(18, 60)))
        ep.cla_end = ep.cla_start + timedelta(days=max(3, int(months * 30.44)))
        # A child who reaches 18 leaves care on the birthday.
        eldest = min(c.dob for c in children)
        eighteen = date(eldest.year + 18, eldest.month, min(eldest.day, 28))
        ep.cla_end = max(ep.cla_start + timedelta(days=3), min(ep.cla_end, eighteen))
        # The case closes when care ends, and never before the assessment and enquiry are done.
        ep.closure = max(d for d in (ep.cla_end, ep.assessment_end, ep.s47_end) if d)
        long_stay = (ep.cla_end - ep.cla_start).days > 365
        # Adoption is not modelled (it needs placement for adoption first): no RC1.
        ep.closure_reason = rng.choice(("RC7", "RC7", "RC3", "RC4")) if long_stay else "RC7"
    # Open at the end of history: leave later dates empty.
    for name in ("assessment_start", "assessment_end", "strategy", "s47_start", "s47_end",
                 "icpc", "cp_start", "cp_end", "cin_plan_start",
                 "cin_plan_end", "cla_start", "cla_end", "closure", "proceedings"):
        setattr(ep, name, _cap(getattr(ep, name), end))
    ep.cp_reviews = [r for r in ep.cp_reviews if r <= end and (ep.cp_end is None or r <= ep.cp_end)]
    if ep.cp_start is None:
        ep.cp_reviews = []
    return ep


# ---------------------------------------------------------------------------------------------
# Measures: what the published statistics count, computed from a career for the year.


MEASURES = ("referrals", "rereferrals", "section47", "cin_at_end", "cp_at_end", "cp_starts",
            "cp_second", "cla_at_end", "cla_starts", "assessments", "timely")


def measure(episodes: Iterable[Episode], end: date) -> dict[str, int]:
    """Counts for the year ending `end`, as the DfE counts them (per child)."""
    return measure_years(episodes, (end,))[0]


def measure_years(episodes: Iterable[Episode], ends: tuple[date, ...]) -> list[dict[str, int]]:
    """Counts for each year ending on one of `ends`, in one pass over the episodes.

    Per child: referrals (and re-referrals, within 365 days of the child's previous referral),
    section 47 enquiries started, plans started (and second or later plans), assessments
    authorised (and within 45 working days) in the year; and whether the child was in need, on
    a plan, or looked after at the year's end, and started to be looked after in the year.
    """
    starts = [year_start(e) for e in ends]
    outs = [dict.fromkeys(MEASURES, 0) for _ in ends]
    years = list(zip(starts, ends, outs, strict=True))
    by_child: dict[str, list[Episode]] = {}
    for ep in sorted(episodes, key=lambda e: e.referral):
        for child in ep.children:
            by_child.setdefault(child.pid, []).append(ep)
    for child_eps in by_child.values():
        flags = [[False, False, False, False] for _ in ends]  # cin, cp, cla open; cla started
        previous: date | None = None
        plans = 0
        for ep in child_eps:
            timely = None
            for (start, end, out), flag in zip(years, flags, strict=True):
                if start <= ep.referral <= end:
                    out["referrals"] += 1
                    if previous is not None and (ep.referral - previous).days <= 365:
                        out["rereferrals"] += 1
                if ep.s47_start and start <= ep.s47_start <= end:
                    out["section47"] += 1
                if ep.cp_start:
                    if start <= ep.cp_start <= end:
                        out["cp_starts"] += 1
                        if plans:
                            out["cp_second"] += 1
                    if ep.cp_start <= end and (ep.cp_end is None or ep.cp_end > end):
                        flag[1] = True
                if ep.cla_start and ep.cla_start <= end:
                    if ep.cla_end is None or ep.cla_end > end:
                        flag[2] = True
                    if start <= ep.cla_start:
                        flag[3] = True
                if ep.assessment_end and start <= ep.assessment_end <= end:
                    assert ep.assessment_start is not None
                    out["assessments"] += 1
                    if timely is None:
                        timely = working_days_between(ep.assessment_start,
                                                      ep.assessment_end) <= 45
                    out["timely"] += timely
                if ep.referral <= end and (ep.closure is None or ep.closure > end):
                    flag[0] = True
            previous = ep.referral
            if ep.cp_start:
                plans += 1
        for (_, _, out), flag in zip(years, flags, strict=True):
            out["cin_at_end"] += flag[0]
            out["cp_at_end"] += flag[1]
            out["cla_at_end"] += flag[2]
            out["cla_starts"] += flag[3]
    return outs


class Controller:
    """Picks, for each family, the candidate career that keeps the totals nearest the targets.

    Also keeps the two within-episode shares on target by error diffusion: whether an
    assessment is authorised within 45 working days, and which factors it records.
    """

    #: How many children's worth of error one unit of a rate is weighed against.
    SCALE = 400.0

    def __init__(self, rates: Rates, ends: tuple[date, ...]) -> None:
        """`ends`: the last day of each calibrated year, the final year first."""
        self.rates = rates
        self.ends = ends
        self.children = 0
        self.year_totals = [dict.fromkeys(MEASURES, 0) for _ in ends]
        self.factor_counts = [dict.fromkeys(CALIBRATED_FACTORS, 0.0) for _ in ends]
        self.factor_assessments = [0.0 for _ in ends]

    @property
    def totals(self) -> dict[str, int]:
        """The final year's totals."""
        return self.year_totals[0]

    def _cost(self, totals: dict[str, int], children: int) -> float:
        r = self.rates
        per_child = {
            "referrals": r.referrals, "section47": r.section47, "cin_at_end": r.cin_at_end,
            "cp_at_end": r.cp_at_end, "cp_starts": r.cp_starts, "cla_at_end": r.cla_at_end,
            "cla_starts": r.cla_starts,
        }
        cost = 0.0
        # Each error is weighed against the rate (a floor keeps a zero rate, as published for
        # some small authorities, from dividing by zero).
        for key, rate in per_child.items():
            cost += ((totals[key] - rate * children) / max(rate * self.SCALE, 0.1)) ** 2
        ratios = (("rereferrals", "referrals", r.rereferral_share, r.referrals),
                  ("cp_second", "cp_starts", r.cp_second_share, r.cp_starts))
        for num, den, share, den_rate in ratios:
            scale = max(share * den_rate * self.SCALE, 0.1)
            cost += ((totals[num] - share * totals[den]) / scale) ** 2
        return cost

    def choose(self, candidates: list[Career], children: int) -> Career:
        """The candidate with the lowest cost, summed over the calibrated years, after adding
        it (ties go to the earlier one)."""
        best: Career | None = None
        best_cost = 0.0
        best_counts: list[dict[str, int]] = []
        target_children = self.children + children
        for cand in candidates:
            counts = measure_years(cand.episodes, self.ends)
            cost = 0.0
            for totals, count in zip(self.year_totals, counts, strict=True):
                cost += self._cost({k: totals[k] + count[k] for k in MEASURES},
                                   target_children)
            if best is None or cost < best_cost - 1e-12:
                best, best_cost, best_counts = cand, cost, counts
        assert best is not None
        self.children = target_children
        for totals, count in zip(self.year_totals, best_counts, strict=True):
            for k in MEASURES:
                totals[k] += count[k]
        return best

    def timely_next(self, year: int = 0) -> bool:
        """Error diffusion: a family's assessments in calibrated year `year` (0: the final
        year) are timely when that year's running share within 45 working days is below
        target."""
        totals = self.year_totals[year]
        return totals["timely"] < self.rates.assessment_timely_share * (totals["assessments"] + 1)

    def year_of(self, day: date) -> int | None:
        """The index of the calibrated year `day` falls in, or None."""
        for i, end in enumerate(self.ends):
            if year_start(end) <= day <= end:
                return i
        return None

    def factors(self, required: Iterable[str], weight: int, rng: random.Random, year: int = 0,
                at_least_one: bool = False) -> tuple[str, ...]:
        """Factors for one assessment of `weight` children authorised in calibrated year
        `year`: the story's own, plus those whose running share that year is below target.
        With `at_least_one` (a case that stays open after assessment: "no factors" would be
        inconsistent, DfE rule 8873Q) the most-behind factor is added if none was chosen."""
        chosen = set(required)
        counts = self.factor_counts[year]
        self.factor_assessments[year] += weight
        deficits = {code: share * self.factor_assessments[year] - counts[code]
                    for code, share in self.rates.factor_shares.items()}
        for code, deficit in deficits.items():
            if code in chosen:
                continue
            if deficit >= weight * 0.5 or (deficit > 0 and rng.random() < deficit / weight):
                chosen.add(code)
        if at_least_one and not chosen:
            chosen.add(max(deficits, key=lambda c: (deficits[c], c)))
        for code in chosen:
            if code in counts:
                counts[code] += weight
        if rng.random() < 0.3:
            chosen.add(rng.choice(("6A", "5B", "7A", "10A", "14A", "15A", "20", "4A")))
        return tuple(sorted(chosen, key=_factor_key))


def _factor_key(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return int(digits or 0), code


# ---------------------------------------------------------------------------------------------
# Candidate careers for one family.


def _uniform_day(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randrange(max(1, (hi - lo).days + 1)))


def draw_past(
    rng: random.Random, children_on: ChildrenOn, history_start: date, end: date
) -> list[Episode]:
    """Closed episodes in the two years before the history starts (the same yearly rate of
    new referrals), so that early re-referrals and second plans have something to follow."""
    out: list[Episode] = []
    for back in (1, 2):
        lo = history_start - timedelta(days=365 * back)
        if rng.random() < 0.045:
            day = _uniform_day(rng, lo, lo + timedelta(days=364))
            kids = children_on(day)
            if kids:
                kind = _pick(rng, (("nfa", 0.55), ("cin", 0.3), ("s47", 0.15)))
                ep = build_episode(rng, kind, day, kids, end, rng.random() < 0.86)
                if ep.closure is not None and ep.closure < history_start:
                    out.append(ep)
    out.sort(key=lambda e: e.referral)
    return out


ChildrenOn = Callable[[date], list[Person]]


def _career(kind: str, past: list[Episode], new: list[Episode]) -> Career:
    first = min(e.contact for e in new) if new else None
    kept = [
        e for e in past
        if first is None or (e.closure is not None and e.closure < first - timedelta(days=7))
    ]
    return Career(kind, kept + new)


def draw_candidates(
    rng: random.Random,
    children_on: ChildrenOn,
    end: date,
    past: list[Episode],
    timely: bool,
    kinds: tuple[str, ...] = KINDS,
    referral_window: tuple[date, date] | None = None,
    min_plan_months: float = 0.0,
    anchor: date | None = None,
) -> list[Career]:
    """Candidate careers, one or more for each allowed kind, whose new episode falls in the
    year ending `anchor` (default `end`); referral dates are random."""
    anchor = anchor or end
    lo, hi = referral_window or (year_start(anchor), anchor)
    out: list[Career] = []
    for kind in kinds:
        if kind == "none":
            out.append(_career("none", past, []))
            continue
        if kind in ("nfa", "cin", "s47", "cp", "cla"):
            day = _uniform_day(rng, lo, hi)
            kids = children_on(day)
            if not kids:
                continue
            ep = build_episode(rng, kind, day, kids, end, timely)
            out.append(_career(kind, past, [ep]))
            # The same, as a re-referral within 12 months of an earlier closed episode.
            prior_day = day - timedelta(days=rng.randint(40, 330))
            prior_kids = [c for c in children_on(prior_day) if c in kids]
            if prior_kids:
                prior = build_episode(rng, "nfa", prior_day, prior_kids, end, timely)
                if prior.closure is not None and prior.closure < ep.contact:
                    out.append(_career(kind, past, [prior, ep]))
            if kind == "cp":
                # A second plan: an earlier plan ended some time before.
                first_day = day - timedelta(days=rng.randint(420, 1500))
                first_kids = [c for c in children_on(first_day) if c in kids]
                if first_kids:
                    first = build_episode(rng, "cp", first_day, first_kids, end, timely,
                                          cp_months=rng.uniform(3, 11))
                    if first.closure is not None and first.closure < ep.contact:
                        out.append(_career(kind, past, [first, ep]))
        elif kind == "cp_ongoing":
            elapsed = rng.choice((rng.uniform(0.1, 3), rng.uniform(3, 6), rng.uniform(6, 12),
                                  rng.uniform(12, 24), rng.uniform(6, 12)))
            if rng.random() < 0.03:
                elapsed = rng.uniform(24, 40)
            elapsed = max(elapsed, min_plan_months + rng.uniform(0, 6))
            day = anchor - timedelta(days=int(elapsed * 30.44) + rng.randint(15, 30))
            kids = children_on(day)
            if kids:
                ep = build_episode(rng, "cp", day, kids, end, timely,
                                   cp_months=elapsed + rng.uniform(1, 9))
                out.append(_career(kind, past, [ep]))
        elif kind == "cla_ongoing":
            day = anchor - timedelta(days=int(rng.triangular(0.6, 11, 2) * 365))
            kids = children_on(day)
            if kids:
                ep = build_episode(rng, "cla", day, kids, end, timely, cla_months=400.0)
                out.append(_career(kind, past, [ep]))
    return out
