"""Signs of neglect as schools, health visitors and GPs record them, and the history of a
"start again" family.

Serious case reviews of long-standing neglect describe a history that each new referral set
aside: schools and health staff recorded a hungry, unkempt child, unsuitable clothing, head
lice, untreated dental decay and missed health care, and each contact to children's social
care was closed with no further action or a suggestion of early help (Brandon et al. 2008,
2009 and 2012; Ofsted 2014, "In the child's time"). `start_again_history` writes that history
for a start-again trajectory.

The same signs are also recorded about ordinary children (head lice and a child who came
without breakfast are common in any school), at rough rates that are not calibrated, and more
often about children whose assessment named neglect (`background_signs`), so that a sign
alone does not give a trajectory away.

Every record written here is `extra`: drawn from its own random stream and written after the
family's other records with record ids from a separate sequence (`Writer`), so that no other
record of any family changes. A sign is only written to an agency that already holds records
of the child in the history, so that no agency gains a subject.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from clearsight.synth.calendar import add_years, next_school_day, next_working_day
from clearsight.synth.careers import Episode
from clearsight.synth.model import Event, Family, Person

#: What a school records (the child a pupil): (sign, narrative).
SCHOOL_SIGNS = (
    ("hunger", "{child} arrived hungry and without breakfast; given toast at breakfast club."),
    ("hunger", "{child} was seen taking food from other children's lunch boxes; says there "
               "is no food at home."),
    ("hygiene", "{child} came to school unkempt, in a dirty uniform; other children have "
                "commented that {he} smells."),
    ("hygiene", "{child}'s hair unwashed and clothes soiled again; class teacher spoke to "
                "{mother} at the gate."),
    ("clothing", "{child} came to school with no coat in the rain and shoes with holes; spare "
                 "coat given from lost property."),
    ("head_lice", "Head lice noticed again; third time this term. Letter home with treatment "
                  "advice."),
    ("dental", "{child} complained of toothache in class; teeth visibly decayed. {mother} "
               "says they are not registered with a dentist."),
)
#: What a health visitor records (a child under five).
HEALTH_VISITING_SIGNS = (
    ("hygiene", "Home visit: {child} in a heavily soiled nappy, severe nappy rash; home "
                "cluttered with a strong smell of urine. Advice given."),
    ("hunger", "{child}'s weight has dropped from the 50th to the 9th centile; {mother} says "
               "{he} is fussy. Little food seen in the kitchen."),
    ("dental", "Dental decay visible on {child}'s front teeth; bottle of juice at night. "
               "Advised registering with a dentist."),
    ("clothing", "Clinic: {child} brought in a thin vest in cold weather, no coat; feet "
                 "cold. Discussed with {mother}."),
)
#: What a GP records (any child).
GP_SIGNS = (
    ("dental", "Toothache; multiple carious teeth, untreated. Not registered with a dentist: "
               "advised to register, emergency dental number given."),
    ("hygiene", "Seen with {mother}. {child} unkempt, with a persistent scalp infestation "
                "(head lice) and impetigo. Treatment prescribed."),
    ("immunisations", "Opportunistic review: immunisations not up to date, two recalls not "
                      "answered. {child} appears unkempt and underweight."),
)
#: Ordinary records of the same signs: common, not a concern on their own (written as notes
#: and consultations with no concern level).
ORDINARY_SCHOOL = (
    "Head lice reported in class; letter home to all parents with treatment advice.",
    "{child} came in without breakfast after a late start; fed at breakfast club.",
    "{child} forgot {his} coat today; borrowed one from lost property.",
    "{child} came in with a dirty PE kit; reminder sent home.",
)
ORDINARY_HEALTH_VISITING = (
    "Early dental decay noticed on a front tooth; advice on brushing and bedtime bottles; "
    "{mother} to register with a dentist.",
    "Nappy rash; barrier cream advised. Hygiene advice given.",
)
ORDINARY_GP = (
    "Toothache; a carious molar. Advised to see the family dentist.",
    "Head lice; wet combing advised.",
)
#: A contact to the front door about neglect, closed with no plan.
CONTACT_ENDINGS = (
    "Screened by MASH: threshold for a referral not met; no further action, universal "
    "services to continue.",
    "Screened by MASH: signposted to early help. Family did not take up the offer.",
    "Screened by MASH: advice given to the referrer; no further action.",
)
SOURCE_NAME = {"education": "school", "health_visiting": "health visitor", "health_gp": "GP"}


def _present(fam: Family, start: date, end: date) -> set[tuple[str, str]]:
    """(agency, person id) pairs that already have a record in the history."""
    return {(e.agency, e.person.pid) for e in fam.events
            if not e.extra and start <= e.day <= end and e.day >= e.person.dob}


def _agencies(kid: Person, day: date, present: set[tuple[str, str]]) -> list[str]:
    """Agencies that would see the child on `day` and already know the child."""
    age = kid.age(day)
    out = []
    if kid.upn and 5 <= age <= 15:
        out.append("education")
    if age < 5:
        out.append("health_visiting")
    out.append("health_gp")
    return [a for a in out if (a, kid.pid) in present]


def _extra(ev: Event) -> Event:
    ev.extra = True
    return ev


def _on_day(agency: str, day: date) -> date:
    return next_school_day(day) if agency == "education" else next_working_day(day)


def _sign_event(agency: str, kid: Person, day: date, text: str, concern: bool = True) -> Event:
    """A sign as the agency records it: a school's concern (or, for an ordinary note that is
    no concern, a note), a health visitor's contact, a GP consultation."""
    kind = {"education": "school_concern" if concern else "note",
            "health_visiting": "health_visitor_contact", "health_gp": "gp_appointment"}[agency]
    return _extra(Event(agency, kid, _on_day(agency, day), kind, text,
                        concern_level="low" if concern else "", child_seen="yes"))


def start_again_history(fam: Family, kid: Person, rng: random.Random, start: date,
                        harm: date) -> list[Event]:
    """The years of neglect before a start-again harm: signs recorded by school, health
    visiting and the GP, and contacts to children's social care closed with no plan.

    Not every family gets every sign or every agency: 3 to 7 signs over the one to three years
    before the harm (as many as the history holds), each from an agency that sees the child
    then, and 1 to 3 contacts from one of them, each closed at the front door."""
    present = _present(fam, start, harm)
    lo = max(start, kid.dob + timedelta(days=60), harm - timedelta(days=rng.randint(365, 1095)))
    hi = harm - timedelta(days=14)
    events: list[Event] = []
    if hi <= lo:
        return events
    span = (hi - lo).days
    signs = {"education": SCHOOL_SIGNS, "health_visiting": HEALTH_VISITING_SIGNS,
             "health_gp": GP_SIGNS}
    for _ in range(rng.randint(3, 7)):
        day = lo + timedelta(days=rng.randrange(span))
        agencies = _agencies(kid, day, present)
        if not agencies:
            continue
        agency = rng.choice(agencies)
        _, text = rng.choice(signs[agency])
        events.append(_sign_event(agency, kid, day, text))
    for _ in range(rng.randint(1, 3)):
        day = lo + timedelta(days=rng.randrange(span))
        agencies = _agencies(kid, day, present)
        if not agencies or ("social_care", kid.pid) not in present:
            continue
        agency = rng.choice(agencies)
        _, text = rng.choice(signs[agency])
        told = _on_day(agency, day)
        events.append(_extra(Event(agency, kid, told, "safeguarding_referral_made",
                                   text + " Concern shared with children's services (MASH).",
                                   concern_level="medium")))
        ending = rng.choice(CONTACT_ENDINGS)
        events.append(_extra(Event(
            "social_care", kid, next_working_day(told + timedelta(days=1)), "contact",
            f"Contact from {SOURCE_NAME[agency]}: concerns about {{child}}'s care (neglect). "
            f"{ending}", action="No further action", team="MASH and duty",
            practitioner="MASH screening")))
    for ev in events:
        fam.add(ev)
    return events


def background_signs(fam: Family, episodes: list[Episode], rng: random.Random, start: date,
                     end: date) -> None:
    """The same signs about other children: now and then about any child, more often about
    a child whose assessment named neglect (factor 16A), near that assessment."""
    present = _present(fam, start, end)
    for kid in fam.children:
        cursor = max(start, kid.dob)
        while cursor <= end:
            year_end = min(end, add_years(cursor, 1))
            span = max(1, (year_end - cursor).days)
            day = cursor + timedelta(days=rng.randrange(span))
            agencies = _agencies(kid, day, present)
            if "education" in agencies and rng.random() < 0.06:
                fam.add(_sign_event("education", kid, day, rng.choice(ORDINARY_SCHOOL), False))
            if "health_visiting" in agencies and rng.random() < 0.02:
                fam.add(_sign_event("health_visiting", kid, day,
                                    rng.choice(ORDINARY_HEALTH_VISITING), False))
            if "health_gp" in agencies and 2 <= kid.age(day) <= 12 and rng.random() < 0.02:
                fam.add(_sign_event("health_gp", kid, day, rng.choice(ORDINARY_GP), False))
            cursor = year_end + timedelta(days=1)
    signs = {"education": SCHOOL_SIGNS, "health_visiting": HEALTH_VISITING_SIGNS,
             "health_gp": GP_SIGNS}
    for ep in episodes:
        if "16A" not in ep.factors:
            continue
        for kid in ep.children:
            for _ in range(rng.randint(0, 3)):
                day = ep.referral + timedelta(days=rng.randint(-240, 120))
                if not start <= day <= end:
                    continue
                agencies = _agencies(kid, day, present)
                if agencies:
                    agency = rng.choice(agencies)
                    fam.add(_sign_event(agency, kid, day, rng.choice(signs[agency])[1]))
