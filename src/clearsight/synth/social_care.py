"""Children's social care's own record of a career, in its own voice, and the other agencies'
records of what led to each referral.

Narratives use placeholders `{child}`, `{mother}`, `{father}`, `{partner}`; the writer puts in
the name as the agency that wrote the row spells it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from clearsight.format.spec import FACTORS
from clearsight.synth.calendar import add_working_days, next_working_day, previous_school_day
from clearsight.synth.careers import (
    MOVE_REASONS,
    PLACE_WORDS,
    SOURCE_AGENCY,
    Career,
    Episode,
)
from clearsight.synth.model import Event, Family, Person

CONCERN_TEXT: dict[str, tuple[str, ...]] = {
    "3A": ("{child} said that {partner_or_father} hits {mother} and that she was scared",
           "{child} was caught up in an argument at home and pushed over"),
    "3B": ("police attended a domestic incident at the home; the children were present",
           "reports of shouting and things being thrown at the address late at night",
           "{mother} disclosed that her partner is controlling and has hit her"),
    "4B": ("{mother} has told the GP she is struggling with low mood and not coping",
           "{mother} was seen at A&E after an overdose; the children were with a neighbour",
           "concerns about {mother}'s mental health and her capacity to care for the children"),
    "1B": ("{mother} appeared under the influence of alcohol at school pick-up",
           "neighbour reports drinking at the address and the children unsupervised"),
    "2B": ("drug paraphernalia seen in the home within reach of the children",
           "information that the adults are using cannabis and cocaine daily"),
    "16A": ("{child} is often hungry at school and wearing the same unwashed clothes",
            "home conditions are very poor: little food, dog mess on the floor, no bedding",
            "missed health appointments and {child}'s dental pain not treated"),
    "17A": ("{child} is withdrawn and anxious and says they are shouted at at home",
            "{child} is frequently belittled and sworn at by {mother} in front of staff"),
    "18C": ("{child} has a bruise to the face with no clear explanation",
            "{child} said that {partner_or_father} hit them with a belt",
            "marks seen on {child}'s arm; explanation given does not fit the injury"),
    "6A": ("{child} has complex health needs and the family need support with care",),
    "20": ("concerns about {child}'s welfare raised by a member of the public",),
}
GENERAL_CONCERN = ("worries about the children's welfare at home",
                   "the family are struggling and asking for help",
                   "concerns about supervision of the children")

SOURCE_WORDS: dict[str, str] = {
    "6": "police", "2A": "school", "3A": "GP", "3B": "health visitor",
    "3E": "hospital emergency department", "3D": "community health", "4": "housing officer",
    "5A": "adult social care", "5B": "youth justice service", "5D": "early help",
    "1A": "a relative", "1B": "a neighbour", "1C": "the young person", "8": "a voluntary sector "
    "worker", "7": "probation", "9": "an anonymous caller", "10": "a caller (source not recorded)",
}

TEAM_FRONT = "MASH and duty"
TEAM_ASSESS = "Assessment team"
TEAM_LONG = ("Child protection and court team", "Family support team North",
             "Family support team South")
TEAM_CLA = "Children looked after team"


def concern_text(rng: random.Random, factors: tuple[str, ...]) -> str:
    options = [t for f in factors for t in CONCERN_TEXT.get(f, ())]
    return rng.choice(options) if options else rng.choice(GENERAL_CONCERN)


def _worker(ep: Episode, day: date) -> str:
    name = ep.workers[0][1] if ep.workers else ""
    for since, who in ep.workers:
        if since <= day:
            name = who
    return name


def _visits(rng: random.Random, start: date, stop: date, every: int, spread: int) -> list[date]:
    out = []
    day = start + timedelta(days=rng.randint(2, 7))
    while day < stop:
        out.append(add_working_days(day, 0))
        day += timedelta(days=every + rng.randint(-spread, spread))
    return out


def emit_social_care(
    fam: Family, career: Career, rng: random.Random, window_start: date, end: date,
    practitioners: tuple[str, ...], no_access_rate: float = 0.08, seen_alone_rate: float = 0.45,
) -> None:
    """Social care rows for every child in every episode (and source agencies' precursors)."""
    for ep in career.episodes:
        for kid in ep.children:
            _emit_episode(fam, ep, kid, rng, window_start, end, practitioners, no_access_rate,
                          seen_alone_rate)
        _emit_source(fam, ep, rng, window_start)


def _emit_source(fam: Family, ep: Episode, rng: random.Random, window_start: date) -> None:
    agency = SOURCE_AGENCY.get(ep.source)
    if agency is None or ep.contact < window_start or not ep.precursor:
        return
    concern = concern_text(rng, ep.factors)
    day = ep.contact
    kid = ep.children[0]
    if agency == "police":
        subject = fam.mother()
        kind = "domestic_abuse_incident" if "3B" in ep.factors else "police_incident"
        text = (f"Call to the address: {concern}. Officers attended; {len(ep.children)} "
                f"child(ren) present. Child at risk notification submitted to children's "
                f"services.")
        fam.add(Event("police", subject, day, kind, text, concern_level="medium"))
        for child in ep.children:
            fam.add(Event("police", child, day, "safeguarding_referral_made",
                          "Child named on incident. PVP referral to MASH.",
                          concern_level="medium"))
        return
    if agency == "education":
        day = previous_school_day(ep.contact)
        if (ep.contact - day).days > 5:  # in the holidays: the DSL rang from home
            day = ep.contact
        fam.add(Event("education", kid, day, "school_concern",
                      f"Concern logged by class teacher: {concern}. Passed to DSL.",
                      concern_level="medium"))
        fam.add(Event("education", kid, ep.contact, "safeguarding_referral_made",
                      "DSL made a referral to children's services (MASH) by phone and online "
                      "form.", practitioner="Designated safeguarding lead"))
        return
    text = {
        "health_gp": f"Seen in surgery. {concern}. Discussed with practice safeguarding lead. "
                     f"Referred to MASH.",
        "health_visiting": f"Home visit: {concern}. Discussed in safeguarding supervision; "
                           f"referral to children's social care.",
        "health_hospital": f"Attended ED. {concern}. Paediatric registrar informed; "
                           f"safeguarding referral completed.",
        "health_community": f"Clinic: {concern}. Referral to children's social care made.",
        "housing": f"Tenancy visit: {concern}. Safeguarding referral made to MASH.",
    }[agency]
    fam.add(Event(agency, kid, ep.contact, "safeguarding_referral_made", text,
                  concern_level="medium"))


def _emit_episode(
    fam: Family, ep: Episode, kid: Person, rng: random.Random, window_start: date, end: date,
    practitioners: tuple[str, ...], no_access_rate: float, seen_alone_rate: float,
) -> None:
    def add(day: date | None, kind: str, text: str, **kw: str) -> None:
        if day is None or day < window_start or day > end or day < kid.dob:
            return
        if "practitioner" not in kw:
            kw["practitioner"] = _worker(ep, day) or rng.choice(practitioners)
        fam.add(Event("social_care", kid, day, kind, text, **kw))

    source = SOURCE_WORDS.get(ep.source, "a professional")
    concern = ep.reason or concern_text(rng, ep.factors)
    add(ep.contact, "contact", f"Contact from {source}: {concern}.",
        action="Screened in MASH; information sought from partner agencies", team=TEAM_FRONT)
    if ep.nfa:
        add(ep.referral, "referral", "Referral received. Threshold for assessment not met; "
            "advice and signposting given to the family.", action="No further action",
            team=TEAM_FRONT)
        add(ep.closure, "case_closed", "Closed at referral: no further action.", team=TEAM_FRONT)
        return
    add(ep.referral, "referral", rng.choice((
        "Referral accepted for a child and family assessment.",
        "Referral accepted. Manager decision: assessment required.",
        "Referral progressed to assessment following MASH checks.")), team=TEAM_FRONT)
    add(ep.referral, "worker_allocated", "Case allocated to social worker.", team=TEAM_ASSESS)
    if ep.strategy:
        add(ep.strategy, "strategy_discussion", rng.choice((
            "Strategy discussion with police and health. Threshold for section 47 met.",
            "Strategy meeting held (police, school nurse, social care). Agreed single-agency "
            "section 47 enquiry.",
            "Strategy discussion: joint enquiry with police agreed.")), team=TEAM_ASSESS)
        add(ep.s47_start, "section47_start", "Section 47 enquiry started.", team=TEAM_ASSESS)
    if ep.assessment_start:
        add(ep.assessment_start, "assessment_start", "Child and family assessment started.",
            team=TEAM_ASSESS)
        seen_days = [ep.assessment_start + timedelta(days=rng.randint(1, 8))]
        for day in seen_days:
            seen = "alone" if rng.random() < seen_alone_rate else "yes"
            add(day, "home_visit", rng.choice((
                "Home visit for assessment. {child} seen. Home conditions adequate.",
                "Assessment visit. Spoke with {mother}; {child} seen in her bedroom.",
                "Announced visit. {child} seen and spoken with about home and school.")),
                child_seen=seen, team=TEAM_ASSESS)
    if ep.s47_end:
        outcome = "Concerns substantiated; initial child protection conference requested." \
            if ep.icpc else "Concerns not substantiated at the child protection threshold."
        add(ep.s47_end, "section47_complete", f"Section 47 enquiry completed. {outcome}",
            outcome=outcome, team=TEAM_ASSESS)
    if ep.assessment_end:
        factor_text = "; ".join(FACTORS.get(f, f).lower() for f in ep.factors) or "none"
        add(ep.assessment_end, "assessment_complete",
            f"Assessment authorised by team manager. Factors identified: {factor_text}.",
            factors=";".join(ep.factors), team=TEAM_ASSESS,
            outcome={"nfa": "Closed, signposted to early help", "cin": "Child in need plan",
                     "s47": "Outcome of enquiries"}.get(ep.kind, "Continue under plan"))
    team_long = TEAM_LONG[fam.index % len(TEAM_LONG)]
    if ep.icpc:
        add(ep.icpc, "child_protection_conference",
            "Initial child protection conference. " + (
                f"Decision: child protection plan, category {ep.category}."
                if ep.cp_start else "Decision: no plan; child in need plan to follow."),
            team=team_long)
        add(ep.icpc, "case_transferred", "Case transferred to long-term team.", team=team_long)
    if ep.cp_start:
        add(ep.cp_start, "cp_plan_start", f"Child protection plan started (category "
            f"{ep.category}).", team=team_long)
        for review in ep.cp_reviews:
            add(review, "cp_plan_review", rng.choice((
                "Review child protection conference: plan to continue; some progress.",
                "Review conference: limited progress against the plan; plan continues.",
                "Review conference: parents engaging; plan continues.")), team=team_long)
        stop = ep.cp_end or end
        for day in _visits(rng, ep.cp_start, stop, 13, 3):
            _visit(add, rng, day, team_long, no_access_rate, seen_alone_rate, "Statutory visit")
        for since, who in ep.workers[1:]:
            if ep.cp_start < since < stop:
                add(since, "worker_allocated", "Change of social worker.",
                    practitioner=who, team=team_long)
        add(ep.cp_end, "cp_plan_end", "Child protection plan ended" + (
            ": step down to child in need plan." if ep.cla_start is None
            else ": child now looked after."), team=team_long)
    if ep.cin_plan_start and ep.cin_plan_start != ep.cp_end:
        add(ep.cin_plan_start, "case_transferred", "Transferred for child in need plan.",
            team=team_long)
    if ep.cin_plan_start:
        add(ep.cin_plan_start, "cin_plan_start", "Child in need plan started.", team=team_long)
        for day in _visits(rng, ep.cin_plan_start, ep.cin_plan_end or end, 35, 7):
            _visit(add, rng, day, team_long, no_access_rate / 2, seen_alone_rate, "CIN visit")
        add(ep.cin_plan_end, "cin_plan_end", "Child in need plan ended: needs met.",
            team=team_long)
    if ep.proceedings:
        add(ep.proceedings - timedelta(days=21), "legal_planning_meeting",
            "Legal gateway meeting: threshold for proceedings met.", team=team_long)
        add(ep.proceedings, "care_proceedings_issued", "Care proceedings issued; interim care "
            "order sought.", team=team_long)
    if ep.cla_start:
        add(ep.cla_start, "looked_after_start", {
            "V2": "Accommodated under section 20 with parental agreement; placed with foster "
                  "carers.",
            "C1": "Interim care order granted. Placed with foster carers.",
            "L2": "Police protection then emergency protection order; placed in foster care.",
        }.get(ep.cla_legal, "Became looked after."), team=TEAM_CLA)
        for change in ep.care.get(kid.pid, [])[1:]:
            if change.rne == "P":
                add(change.start, "note", f"Placement move to {PLACE_WORDS[change.place]} "
                    f"({MOVE_REASONS.get(change.reason, 'planned move')}).", team=TEAM_CLA)
            else:
                add(change.start, "note", {"C1": "Interim care order granted.",
                                           "C2": "Final hearing: care order granted."}.get(
                    change.legal, "Legal status changed."), team=TEAM_CLA)
        first = ep.cla_start + timedelta(days=rng.randint(2, 6))
        stop = ep.cla_end or end
        for day in [first, *_visits(rng, first, stop, 42, 7)]:
            if day < stop:
                add(day, "home_visit", "Statutory visit to {child} in placement. Seen alone; "
                    "settling.", child_seen="alone", team=TEAM_CLA)
        add(ep.cla_end, "looked_after_end", "Ceased to be looked after.", team=TEAM_CLA)
    add(ep.closure, "case_closed", {
        "RC8": "Case closed after assessment: no further action.",
        "RC9": "Case closed after assessment; stepped down to early help.",
        "RC7": "Case closed: plan outcomes achieved.",
        "RC3": "Case closed: child arrangements order made.",
        "RC4": "Case closed: special guardianship order made.",
        "RC1": "Case closed: adopted.",
    }.get(ep.closure_reason, "Case closed."), team=team_long)


def _visit(add: Callable[..., None], rng: random.Random, day: date, team: str,
           no_access_rate: float, seen_alone_rate: float, what: str) -> None:
    if rng.random() < no_access_rate:
        add(day, "visit_no_access", rng.choice((
            f"{what}: no answer at the door. Card left.",
            f"{what}: unannounced, no access. Curtains drawn; phoned {{mother}}, no reply.",
            f"{what}: {{mother}} cancelled by text; rearranged.")), child_seen="no", team=team)
        return
    seen = "alone" if rng.random() < seen_alone_rate else "yes"
    add(day, "home_visit", rng.choice((
        f"{what}. {{child}} seen{' alone' if seen == 'alone' else ' with {mother}'}. "
        "Home conditions adequate.",
        f"{what}. {{child}} seen; presented as happy. {{mother}} reports things are better.",
        f"{what}. {{child}} seen at school.",
        f"{what}. Home cluttered; {{child}} seen, appeared tired. Plan discussed.",
    )), child_seen=seen, team=team)


def emit_contacts_only(fam: Family, rng: random.Random, window_start: date, end: date,
                       per_year: float = 0.05) -> None:
    """Contacts that never became referrals: screened at the front door, advice given.

    Most contacts to children's social care end here; notifications from the police about
    domestic incidents are the commonest. Not counted in any calibrated rate.
    """
    day = window_start
    while day <= end:
        if rng.random() < per_year:
            when = next_working_day(day + timedelta(days=rng.randrange(365)))
            kids = fam.children_on(when)
            if when <= end and kids:
                police = rng.random() < 0.6
                if police:
                    fam.add(Event("police", fam.mother(), when - timedelta(days=1),
                                  "domestic_abuse_incident",
                                  "Verbal argument between {mother} and her partner; no "
                                  "injuries, no offences disclosed. DASH risk: standard. Child "
                                  "notification to MASH.", concern_level="low"))
                text = ("Police notification: verbal domestic incident, children present. "
                        "No further action: information only."
                        if police else rng.choice((
                            "Call from school: {child} said there was shouting at home. "
                            "Parent spoken to; advice given.",
                            "Anonymous call about children left alone. Checks completed; "
                            "children were with grandmother. No further action.",
                            "GP request for family support; signposted to early help.")))
                for kid in kids:
                    fam.add(Event("social_care", kid, when, "contact", text,
                                  action="No further action", team=TEAM_FRONT,
                                  practitioner="MASH screening"))
        day += timedelta(days=365)
