"""The paper trail: a child on a protection plan, visited on time, while other agencies' concerns
keep arriving and none is answered with a strategy discussion or an enquiry.

Peter Connelly (Haringey, 2007) was on a child protection plan; his visits and reviews were
held, he was seen, and over the same months the hospital, the GP and the police recorded
injuries and an incident that were never joined up into a strategy discussion (Haringey LSCB
serious case reviews of "Child A", 2008 and 2009; Laming 2009). `paper_trail_history` writes
that for a share of the `drift_on_plan` trajectories (decision 0505): three to six concerns from
agencies other than children's social care over the four to eight months before the harm (a
bruise the GP sees with no or an unlikely explanation, a head injury at the emergency
department, a mark a school or health visitor notices, a domestic incident the police attend, a
man in the home nobody can name), some passed to the social worker, who notes them and carries
on.

The same concerns also arrive about ordinary children on plans (`plan_concerns`), at a rough
rate that is not calibrated, so that a concern alone does not give a trajectory away.

Every record written here is `extra`, in the series `paper_trail`: drawn from a random stream
of its own and written after the family's other records with record ids from a separate range
(`Writer`), and only about a person the agency already holds, so that no other record of any
family changes and no agency gains a subject.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

from clearsight.synth.agencies import _poisson
from clearsight.synth.calendar import next_school_day, next_working_day
from clearsight.synth.careers import Episode
from clearsight.synth.model import Event, Family, Person
from clearsight.synth.neglect import _present
from clearsight.synth.social_care import TEAM_LONG, _worker

T = TypeVar("T")

#: The series of these records (`Event.extra_series`), numbered apart in the writer.
SERIES = "paper_trail"

#: The GP sees a bruise: (narrative, injury, sites, explanation).
GP_CONCERNS = (
    ("Seen with {mother} for a cough. On examination bruises of different colours to the "
     "left side of the chest. {mother} cannot say how they happened. Chest clear.",
     "bruise", "chest", "none"),
    ("Brought with a swollen cheek and bruising under the left eye. {mother} says {he} walked "
     "into a door frame; nobody saw it. Known to CSC (CP plan).", "bruise", "cheek;eye",
     "inconsistent"),
    ("Small round bruises to both upper arms noticed when examining for eczema. No "
     "explanation offered. Known to CSC (CP plan).", "bruise", "arm", "none"),
)
#: The emergency department.
ED_CONCERNS = (
    ("Swelling to the right side of the head. {mother} says {he} was pushed over by another "
     "child at a friend's house; not witnessed. Skull X-ray normal. Discharged home. Child on "
     "a child protection plan (CP-IS).", "head_injury;bruise", "head", "none"),
    ("Bruised ear and a scratch across the cheek. First account: fell off the bed; later: the "
     "dog knocked {him} over. Discharged. CP-IS: child on a plan.", "bruise;abrasion",
     "ear;cheek", "changing"),
)
#: A school (or nursery class) notices a mark.
SCHOOL_CONCERNS = (
    ("Class teacher noticed a bruise to {child}'s cheek at registration; {child} would not say "
     "how it happened. Logged with the DSL.", "bruise", "cheek", "none"),
    ("{child} flinched when the teacher touched {his} shoulder; a bruise on the back of the "
     "neck seen when changing for PE. {mother} says {he} fell in the bath.", "bruise", "neck",
     "inconsistent"),
)
#: A health visitor notices a mark (a child under five).
HEALTH_VISITING_CONCERNS = (
    ("Home visit: bruises to {child}'s forehead and the bridge of the nose and a scratch on "
     "the chin. {mother} says {he} fell down two stairs. Not discussed further.", "bruise",
     "forehead;face", "inconsistent"),
    ("Clinic: a fading bruise behind {child}'s left ear and a scab on the scalp. {mother} had "
     "no explanation.", "bruise;abrasion", "ear;scalp", "none"),
)
#: The police attend a domestic incident (recorded against the mother).
POLICE_CONCERNS = (
    "Call from a neighbour: shouting and a child crying at the address late at night. A man "
    "left before officers arrived; {mother} said nobody else had been there. Children present. "
    "DASH: medium. Child notification to MASH.",
    "{mother} called to report an argument with a man she would not name; calm on arrival, she "
    "did not want to make a statement. Children in the house. DASH: standard. Child "
    "notification to MASH.",
)
#: A man in the home whom nobody can name: (agency, narrative).
NEW_ADULT_CONCERNS = (
    ("education", "{child} talked in class about a man who stays at home and 'gets cross'. "
                  "{mother} told the class teacher that she is not seeing anyone."),
    ("health_visiting", "Home visit: a man came downstairs during the visit and left without "
                        "giving his name. {mother} said he is a friend helping with the "
                        "decorating."),
    ("health_gp", "{child} brought by {mother} and a man who said he was 'the stepdad'. "
                  "{mother} later said he does not live with them."),
)
#: What the social worker writes when a concern is passed on (the allocated worker, a note).
SOCIAL_CARE_NOTES = {
    "injury": (
        "Information from the {source} about a bruise to {child}. Discussed with {mother}, who "
        "explained it as an accident; explanation accepted. To be raised at the next core "
        "group.",
        "Phone call from the {source}: mark seen on {child}. {mother} spoken to; she says {he} "
        "fell. {child} appeared well at the last statutory visit. No further action at "
        "present.",
    ),
    "domestic": (
        "Police notification of a domestic incident at the address. {mother} says it was a "
        "neighbour's argument. Noted on file; to be discussed at the review conference.",
    ),
    "adult": (
        "Information from the {source}: a man has been seen at the home. {mother} denies a new "
        "relationship. To be explored at the next visit.",
    ),
}
SOURCE_NAME = {"health_gp": "GP", "health_hospital": "hospital", "education": "school",
               "health_visiting": "health visitor", "police": "police"}


def _extra(ev: Event) -> Event:
    ev.extra = True
    ev.extra_series = SERIES
    return ev


def _kinds(fam: Family, kid: Person, day: date, present: set[tuple[str, str]]) -> list[str]:
    """The concerns that could arrive about `kid` on `day` from an agency that holds the
    person the agency would record it about."""
    age = kid.age(day)
    out = []
    if ("health_gp", kid.pid) in present:
        out.append("gp")
    if ("health_hospital", kid.pid) in present:
        out.append("ed")
    if kid.upn and 4 <= age <= 15 and ("education", kid.pid) in present:
        out.append("school")
    elif age < 5 and ("health_visiting", kid.pid) in present:
        out.append("health_visiting")
    if ("police", fam.mother().pid) in present:
        out.append("police")
    if any(_adult_agency(kid, day, a, present) for a in ("education", "health_visiting",
                                                         "health_gp")):
        out.append("adult")
    return out


#: Injuries are the commonest of the concerns (as in the reviews), a man in the home and a
#: domestic incident less common: relative weights, a rough choice.
_WEIGHT = {"gp": 2, "ed": 2, "school": 2, "health_visiting": 2, "police": 1, "adult": 1}


def _pick(kinds: list[str], rng: random.Random) -> str:
    return rng.choices(kinds, [_WEIGHT[k] for k in kinds])[0]


def _adult_agency(kid: Person, day: date, agency: str, present: set[tuple[str, str]]) -> bool:
    if (agency, kid.pid) not in present:
        return False
    age = kid.age(day)
    return {"education": bool(kid.upn) and 4 <= age <= 15, "health_visiting": age < 5}.get(
        agency, True)


def _fresh(options: Sequence[T], rng: random.Random, used: set[object]) -> T:
    """One of `options`, not one already `used` in this family while any is left."""
    unused = [o for o in options if o not in used] or list(options)
    choice = rng.choice(unused)
    used.add(choice)
    return choice


def _concern(fam: Family, kid: Person, ep: Episode, day: date, kind: str,
             rng: random.Random, present: set[tuple[str, str]], shared: float,
             used: set[object]) -> list[Event]:
    """One concern as the agency records it and, at rate `shared`, the social worker's note of
    being told about it (no wording repeated in the family while another is left)."""
    events: list[Event] = []
    if kind == "police":
        agency, topic = "police", "domestic"
        told = day
        events.append(_extra(Event("police", fam.mother(), day, "domestic_abuse_incident",
                                   _fresh(POLICE_CONCERNS, rng, used), concern_level="medium")))
        if ("police", kid.pid) in present:
            events.append(_extra(Event("police", kid, day, "safeguarding_referral_made",
                                       "Child named on a domestic incident. PVP referral to "
                                       "MASH.", concern_level="medium")))
    elif kind == "adult":
        options = [(a, t) for a, t in NEW_ADULT_CONCERNS if _adult_agency(kid, day, a, present)]
        agency, text = _fresh(options, rng, used)
        topic = "adult"
        told = next_school_day(day) if agency == "education" else next_working_day(day)
        events.append(_extra(Event(agency, kid, told, "new_adult_in_household", text,
                                   concern_level="low", child_seen="yes")))
    else:
        agency, bank, event_type, team = {
            "gp": ("health_gp", GP_CONCERNS, "injury_observed", ""),
            "ed": ("health_hospital", ED_CONCERNS, "emergency_attendance",
                   "Paediatric emergency department"),
            "school": ("education", SCHOOL_CONCERNS, "injury_observed", ""),
            "health_visiting": ("health_visiting", HEALTH_VISITING_CONCERNS, "injury_observed",
                                ""),
        }[kind]
        text, injury, sites, explanation = _fresh(bank, rng, used)
        topic = "injury"
        told = next_school_day(day) if agency == "education" else next_working_day(day)
        events.append(_extra(Event(agency, kid, told, event_type, text, injury_type=injury,
                                   body_sites=sites, explanation=explanation,
                                   concern_level="medium" if kind == "ed" else "low",
                                   child_seen="yes", team=team)))
    if rng.random() < shared:
        noted = next_working_day(told + timedelta(days=rng.randint(1, 5)))
        note = _fresh(SOCIAL_CARE_NOTES[topic], rng, used).replace("{source}", SOURCE_NAME[agency])
        events.append(_extra(Event("social_care", kid, noted, "note", note,
                                   practitioner=_worker(ep, noted),
                                   team=TEAM_LONG[fam.index % len(TEAM_LONG)])))
    return events


def paper_trail_history(fam: Family, kid: Person, ep: Episode, rng: random.Random,
                        start: date, end: date, harm: date) -> list[Event]:
    """The months before a harm on a plan: three to six concerns from other agencies, each
    from an agency that holds the person it would record it about, over the four to eight
    months before the harm (within the plan and the history), two in three passed to the
    social worker, who notes them; none answered with a strategy discussion."""
    assert ep.cp_start is not None
    present = _present(fam, start, end)
    lo = max(start, ep.cp_start + timedelta(days=30), kid.dob + timedelta(days=30),
             harm - timedelta(days=rng.randint(120, 240)))
    hi = harm - timedelta(days=7)
    events: list[Event] = []
    if hi <= lo:
        return events
    span = (hi - lo).days
    days = sorted(lo + timedelta(days=rng.randrange(span)) for _ in range(rng.randint(3, 6)))
    used: set[object] = set()
    for day in days:
        kinds = _kinds(fam, kid, day, present)
        if not kinds:
            continue
        events += _concern(fam, kid, ep, day, _pick(kinds, rng), rng, present, 2 / 3,
                           used)
    events = [e for e in events if e.day < harm]
    for ev in events:
        fam.add(ev)
    return events


def plan_concerns(fam: Family, episodes: list[Episode], rng: random.Random, start: date,
                  end: date, per_year: float = 0.25) -> None:
    """The same concerns about ordinary children on protection plans: about one every four
    years of plan per family (a rough choice, not calibrated; twice that raised the false
    alarms of every injury rule by much more than it gave CS-016 to be wrong about, decision
    0505), about a child on the plan, half of them passed to the social worker."""
    present = _present(fam, start, end)
    used: set[object] = set()
    for ep in episodes:
        if ep.cp_start is None:
            continue
        lo, hi = max(start, ep.cp_start), min(end, ep.cp_end or end)
        if hi <= lo:
            continue
        for _ in range(_poisson(rng, per_year * (hi - lo).days / 365)):
            day = lo + timedelta(days=rng.randrange((hi - lo).days))
            kids = [c for c in ep.children if c.dob + timedelta(days=30) <= day]
            if not kids:
                continue
            kid = rng.choice(kids)
            kinds = _kinds(fam, kid, day, present)
            if not kinds:
                continue
            for ev in _concern(fam, kid, ep, day, _pick(kinds, rng), rng, present, 0.5,
                               used):
                fam.add(ev)
