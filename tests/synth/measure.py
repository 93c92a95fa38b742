"""Read a generated authority back from its files and count what the published statistics count.

Independent of the generator's own counting: referrals and section 47s from the social care
file, plans, children in need, assessment timeliness and factors from the CIN census XML, and
children looked after from the SSDA903 episodes.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date
from pathlib import Path

from clearsight.synth.calendar import working_days_between, year_start


def _dmy(text: str) -> date:
    d, m, y = text.split("/")
    return date(int(y), int(m), int(d))


def measure_outputs(out: Path, end: date) -> dict[str, float]:
    start = year_start(end)
    referrals: dict[str, list[date]] = defaultdict(list)
    s47 = 0
    with (out / "social_care.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            day = date.fromisoformat(row["event_date"])
            if row["event_type"] == "referral":
                referrals[row["subject_ref"]].append(day)
            elif row["event_type"] == "section47_start" and start <= day <= end:
                s47 += 1
    n_ref = n_reref = 0
    for days in referrals.values():
        days.sort()
        for i, day in enumerate(days):
            if start <= day <= end:
                n_ref += 1
                if i and (day - days[i - 1]).days <= 365:
                    n_reref += 1

    root = ET.parse(out / "returns" / f"cin_census_{end.year}.xml").getroot()
    cin_open = cp_open = cp_starts = cp_second = assessments = timely = 0
    factor_counts: dict[str, int] = defaultdict(int)
    for child in root.iter("Child"):
        child_open = child_cp = False
        for details in child.iter("CINdetails"):
            closure = details.findtext("CINclosureDate")
            if closure is None or date.fromisoformat(closure) > end:
                child_open = True
            for plan in details.iter("ChildProtectionPlans"):
                began = date.fromisoformat(plan.findtext("CPPstartDate", ""))
                ended = plan.findtext("CPPendDate")
                if began <= end and ended is None:
                    child_cp = True
                if start <= began <= end:
                    cp_starts += 1
                    if int(plan.findtext("NumberOfPreviousCPP", "0")) > 0:
                        cp_second += 1
            for a in details.iter("Assessments"):
                authorised = a.findtext("AssessmentAuthorisationDate")
                if authorised is None:
                    continue
                done = date.fromisoformat(authorised)
                if not start <= done <= end:
                    continue
                began = date.fromisoformat(a.findtext("AssessmentActualStartDate", ""))
                assessments += 1
                timely += working_days_between(began, done) <= 45
                for f in a.iter("AssessmentFactors"):
                    factor_counts[f.text or ""] += 1
        cin_open += child_open
        cp_open += child_cp

    cla_open: set[str] = set()
    cla_started: set[str] = set()
    with (out / "returns" / f"ssda903_{end.year}" / "episodes.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        for row in csv.DictReader(handle):
            if not row["DEC"]:
                cla_open.add(row["CHILD"])
            if row["RNE"] == "S" and start <= _dmy(row["DECOM"]) <= end:
                cla_started.add(row["CHILD"])
    out_rates: dict[str, float] = {
        "referrals": n_ref,
        "rereferral_share": n_reref / max(1, n_ref),
        "section47": s47,
        "cin_at_end": cin_open,
        "cp_at_end": cp_open,
        "cp_starts": cp_starts,
        "cp_second_share": cp_second / max(1, cp_starts),
        "cla_at_end": len(cla_open),
        "cla_starts": len(cla_started),
        "assessment_timely_share": timely / max(1, assessments),
    }
    for code, count in factor_counts.items():
        out_rates[f"factor_{code}"] = count / max(1, assessments)
    return out_rates


def social_care_counts(out: Path, end: date) -> dict[str, int]:
    """Referrals, section 47s and plans started (rows: one per child) and children who started
    to be looked after, in the year ending `end`, from the social care file."""
    start = year_start(end)
    counts: dict[str, int] = defaultdict(int)
    started: set[str] = set()
    kinds = {"referral": "referrals", "section47_start": "section47", "cp_plan_start": "cp_starts"}
    with (out / "social_care.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not start <= date.fromisoformat(row["event_date"]) <= end:
                continue
            if row["event_type"] in kinds:
                counts[kinds[row["event_type"]]] += 1
            elif row["event_type"] == "looked_after_start":
                started.add(row["subject_ref"])
    counts["cla_starts"] = len(started)
    return dict(counts)
