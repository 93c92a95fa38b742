"""Harm trajectories from the recurring themes of serious case reviews, and busy benign families.

Each harm trajectory has a ground-truth harm date (the day serious harm happened) and key
events: the records an attentive multi-agency reader could have joined up beforehand, and the
harm itself. Benign families are busy in the records (many attendances, bruises, support) but
no harm happens: they exist to measure false alarms.

Themes (the triennial and biennial analyses of serious case reviews, and the national panel's
reports): sentinel injuries in non-mobile babies; injuries seen by different agencies with
changing explanations; an unknown adult joining the household; domestic abuse notified to
children's services without follow-up; neglect with children not brought to appointments and
absent from school; disguised compliance; "start again" (closure then re-referral); drift on a
long plan with many changes of worker.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from clearsight.synth.agencies import disabled_child_records
from clearsight.synth.calendar import next_school_day, next_working_day, year_start
from clearsight.synth.careers import Career
from clearsight.synth.identifiers import new_nhs_number
from clearsight.synth.model import Event, Family, Person
from clearsight.synth.names import family_name, given_name, naming_group
from clearsight.synth.neglect import start_again_history
from clearsight.synth.paper_trail import paper_trail_history

HARM_TYPES = (
    "sentinel_injury",
    "repeated_injuries_changing_explanations",
    "unknown_adult_joins_household",
    "domestic_abuse_no_follow_up",
    "neglect_not_brought",
    "disguised_compliance",
    "start_again",
    "drift_on_plan",
)
BENIGN_TYPES = ("disabled_child_many_visits", "active_toddler_accidental_bruises",
                "supported_family_no_harm")

#: The share of `drift_on_plan` trajectories given the paper trail (decision 0505).
PAPER_TRAIL_SHARE = 0.5

#: Harm trajectories that end in a referral the day after the harm (career constrained).
_REFERRED_AFTER_HARM = HARM_TYPES[:5]


@dataclass
class Plan:
    """What the trajectory needs before the family and its career are drawn."""

    kind: str
    tid: str
    harm: date | None = None
    youngest_born: date | None = None
    career_kinds: tuple[str, ...] = ()
    referral_window: tuple[date, date] | None = None
    min_plan_months: float = 0.0
    min_episodes: int = 1
    referral_reason: str = ""


def make_plan(kind: str, tid: str, rng: random.Random, end: date, start: date | None = None
              ) -> Plan:
    """The trajectory's fixed points. A harm that ends in a referral falls anywhere in the
    history from `start` (default: the final year) that leaves room for its year-long story."""
    ry = year_start(end)
    plan = Plan(kind, tid)
    if kind in _REFERRED_AFTER_HARM:
        earliest = max(start + timedelta(days=330), ry - timedelta(days=10 * 365)) \
            if start is not None else ry + timedelta(days=20)
        earliest = min(earliest, end - timedelta(days=30))
        plan.harm = earliest + timedelta(days=rng.randint(0, (end - earliest).days - 5))
        plan.career_kinds = ("cp", "cla")
        plan.referral_reason = (
            "{child} admitted to hospital with serious injuries; the explanation does not fit"
            if kind != "neglect_not_brought" else
            "{child} admitted to hospital severely underweight and dehydrated; neglect suspected")
        plan.referral_window = (plan.harm + timedelta(days=1), plan.harm + timedelta(days=2))
        if kind == "sentinel_injury":
            plan.youngest_born = plan.harm - timedelta(days=rng.randint(100, 190))
        elif kind == "repeated_injuries_changing_explanations":
            plan.youngest_born = plan.harm - timedelta(days=rng.randint(420, 1400))
    elif kind == "disguised_compliance":
        plan.career_kinds = ("cp_ongoing",)
        plan.min_plan_months = 6
    elif kind == "drift_on_plan":
        plan.career_kinds = ("cp_ongoing",)
        plan.min_plan_months = 15
    elif kind == "start_again":
        plan.career_kinds = ("nfa", "cin", "s47")
        plan.min_episodes = 2
    elif kind == "disabled_child_many_visits":
        plan.career_kinds = ("none", "cin")
    elif kind == "active_toddler_accidental_bruises":
        plan.career_kinds = ("none",)
        plan.youngest_born = end - timedelta(days=rng.randint(500, 1000))
    elif kind == "supported_family_no_harm":
        plan.career_kinds = ("cin",)
    return plan


class Trajectory:
    """Writes a trajectory's events into a family and returns its ground truth."""

    def __init__(self, plan: Plan, fam: Family, career: Career, rng: random.Random,
                 start: date, end: date, seed: int = 0) -> None:
        self.plan, self.fam, self.career, self.rng = plan, fam, career, rng
        self.start, self.end, self.seed = start, end, seed
        self.keys: list[Event] = []

    def key(self, event: Event) -> None:
        event.key = self.plan.tid
        self.fam.add(event)
        self.keys.append(event)

    def victim(self) -> Person:
        """The child harmed (or, for a benign family, the busy one): the youngest child in the
        relevant part of the story."""
        kids = self.fam.children_on(self.plan.harm or self.end) or self.fam.children
        if self.plan.kind in ("disguised_compliance", "drift_on_plan"):
            on_plan = next((e for e in self.career.episodes if e.cp_start), None)
            kids = on_plan.children if on_plan else kids
        elif self.plan.kind == "start_again" and self.career.episodes:
            kids = [c for c in self.career.episodes[-1].children
                    if all(c in e.children for e in self.career.episodes)] or kids
        elif self.plan.kind in ("unknown_adult_joins_household", "domestic_abuse_no_follow_up",
                                "neglect_not_brought"):
            # A story told over the year before the harm: a child alive for all of it.
            day = (self.plan.harm or self.end) - timedelta(days=365)
            kids = [c for c in kids if c.dob <= day] or kids
        return max(kids, key=lambda c: c.dob)

    def run(self) -> tuple[Person, date | None]:
        method = getattr(self, "_" + self.plan.kind)
        victim = self.victim()
        harm: date | None = method(victim)
        return victim, harm

    # -- helpers ---------------------------------------------------------------------------

    def _harm_injury(self, kid: Person, day: date, infant: bool) -> None:
        rng = self.rng
        if infant:
            text, injury, sites = rng.choice((
                ("Brought by ambulance: floppy and drowsy. CT head: subdural haemorrhage. "
                 "Skeletal survey: healing rib fractures. Parents say {he} rolled off the sofa.",
                 "head_injury;fracture", "head;chest"),
                ("Swollen left thigh; X-ray: spiral fracture of femur. {mother} says she does not "
                 "know how it happened.", "fracture", "leg"),
            ))
        else:
            text, injury, sites = rng.choice((
                ("Extensive bruising to back and buttocks, patterned; burn to hand. Explanation: "
                 "fell down the stairs.", "bruise;burn", "back;buttocks;hand"),
                ("Fractured arm and bruises to the face and neck. Account changed twice during "
                 "the attendance.", "fracture;bruise", "arm;face;neck"),
            ))
        self.key(Event("health_hospital", kid, day, "emergency_attendance", text,
                       injury_type=injury, body_sites=sites, explanation="inconsistent",
                       concern_level="high", child_seen="yes",
                       team="Paediatric emergency department"))
        self.key(Event("health_hospital", kid, day, "hospital_admission",
                       "Admitted to the children's ward for investigation and safety.",
                       concern_level="high"))
        self.key(Event("health_community", kid, day + timedelta(days=1),
                       "child_protection_medical", "Child protection medical by consultant "
                       "community paediatrician: injuries consistent with inflicted injury.",
                       injury_type=injury, body_sites=sites, explanation="inconsistent",
                       concern_level="high", child_seen="yes",
                       team="Community paediatrics (provider: hospital trust)"))
        self.key(Event("health_hospital", kid, day, "safeguarding_referral_made",
                       "Referral to children's social care and police.", concern_level="high"))

    # -- harm trajectories -------------------------------------------------------------------

    def _sentinel_injury(self, kid: Person) -> date | None:
        harm = self.plan.harm
        assert harm is not None
        rng = self.rng
        first = kid.dob + timedelta(days=rng.randint(50, 75))  # harm is 100-190 days old
        agency = rng.choice(("health_visiting", "health_gp"))
        self.key(Event(agency, kid, next_working_day(first), "injury_observed",
                       rng.choice((
                           "Small bruise, about 1cm, to the left cheek. {mother} thinks {he} "
                           "caught {himself} with {his} fingernail. Not yet rolling. Advice "
                           "given.",
                           "Bruise behind the right ear. {mother} says the baby bumped {his} head "
                           "on the cot. Not mobile. To review at next contact.")),
                       injury_type="bruise", body_sites=rng.choice(("cheek", "ear")),
                       explanation="inconsistent", concern_level="low", child_seen="yes"))
        second = first + timedelta(days=rng.randint(10, max(10, (harm - first).days - 3)))
        if second < harm:
            self.key(Event("health_hospital", kid, second, "emergency_attendance",
                           "Bleeding from the mouth; torn upper frenulum. Father says a sibling "
                           "pushed a bottle into the baby's mouth. Discharged.",
                           injury_type="laceration", body_sites="frenulum;mouth",
                           explanation="changing", concern_level="low", child_seen="yes"))
        self._harm_injury(kid, harm, infant=True)
        return harm

    def _repeated_injuries_changing_explanations(self, kid: Person) -> date | None:
        harm = self.plan.harm
        assert harm is not None
        rng = self.rng
        day = harm - timedelta(days=rng.randint(200, 300))
        options = [
            ("health_gp", "injury_observed", "Bruises to both upper arms. {mother} says {he} "
             "fell at nursery.", "bruise", "arm", "consistent"),
            ("education", "injury_observed", "Nursery: {child} arrived with a bruise to the "
             "left ear. {mother} said {he} fell off the bed.", "bruise", "ear", "inconsistent"),
            ("health_hospital", "emergency_attendance", "Burn to the back of the hand. First "
             "account: touched the oven door; later: a hot drink spilled.", "burn", "hand",
             "changing"),
            ("health_visiting", "injury_observed", "Healing bruises to the cheek and jaw. "
             "{mother} says a cousin hit {him}; partner says {he} fell on the stairs.", "bruise",
             "cheek;jaw", "changing"),
        ]
        rng.shuffle(options)
        for agency, kind, text, injury, sites, expl in options:
            if self.start <= day < harm:
                self.key(Event(agency, kid, next_working_day(day), kind, text, injury_type=injury,
                               body_sites=sites, explanation=expl, concern_level="low",
                               child_seen="yes"))
            day += timedelta(days=rng.randint(30, 70))
        self._harm_injury(kid, harm, infant=False)
        return harm

    def _unknown_adult_joins_household(self, kid: Person) -> date | None:
        harm = self.plan.harm
        assert harm is not None
        rng = self.rng
        fam = self.fam
        joined = harm - timedelta(days=rng.randint(60, 180))
        partner = next((p for p in fam.people if p.role == "partner"), None)
        group = naming_group(fam.mother().ethnicity, rng)
        if partner is None:
            partner = Person(f"{fam.hid}-{len(fam.people) + 1:02d}", "partner",
                             given_name(group, "M", rng), family_name(group, rng), "M",
                             kid.dob - timedelta(days=rng.randint(20, 35) * 365),
                             new_nhs_number(rng), fam.mother().ethnicity)
            fam.people.append(partner)
        partner.joined, partner.left = joined, None
        alias = family_name(group, rng)
        partner.other_names = (f"{partner.given} {alias}",)
        past = joined - timedelta(days=rng.randint(400, 1500))
        if past >= self.start:
            self.key(Event("police", partner, past, "arrest",
                           f"Arrested (as {partner.given} {alias.upper()}) for assault on a "
                           f"former partner's child. Released under investigation; no further "
                           f"action.", concern_level="high"))
        self.key(Event("health_visiting" if kid.age(joined) < 5 else "education", kid,
                       next_school_day(joined + timedelta(days=rng.randint(10, 40))),
                       "new_adult_in_household", "A man was at the home, introduced as "
                       "'{partner}, a family friend'. {mother} reluctant to give his surname.",
                       concern_level="low", child_seen="yes"))
        mid = joined + (harm - joined) / 2
        self.key(Event("health_gp", kid, next_working_day(mid), "injury_observed",
                       "Bruise to the forehead and a scratch on the neck. {mother} says {child} "
                       "fell from the climbing frame.", injury_type="bruise;abrasion",
                       body_sites="forehead;neck", explanation="inconsistent",
                       concern_level="low", child_seen="yes"))
        self._harm_injury(kid, harm, infant=kid.age(harm) < 1)
        return harm

    def _domestic_abuse_no_follow_up(self, kid: Person) -> date | None:
        harm = self.plan.harm
        assert harm is not None
        rng = self.rng
        fam = self.fam
        mother = fam.mother()
        day = harm - timedelta(days=rng.randint(250, 360))
        for n in range(rng.randint(4, 6)):
            if self.start <= day < harm:
                self.key(Event("police", mother, day, "domestic_abuse_incident",
                               f"Domestic incident at the address ({n + 1} in the past year). "
                               f"Children present and awake. DASH: "
                               f"{('standard', 'medium', 'medium', 'high')[min(n, 3)]}. Child "
                               f"notification sent to MASH.", concern_level="medium"))
                self.fam.add(Event("social_care", kid, day + timedelta(days=rng.randint(1, 4)),
                                   "contact", "Police notification of a domestic incident "
                                   "received. No further action: information only.",
                                   action="No further action", team="MASH and duty"))
            day += timedelta(days=rng.randint(30, 70))
        if kid.upn and harm - timedelta(days=20) >= self.start:
            self.key(Event("education", kid, next_school_day(harm - timedelta(days=20)),
                           "school_concern", "{child} tired and tearful; said there was "
                           "shouting at home all night.", concern_level="low"))
        self.key(Event("police", kid, harm, "police_incident",
                       "Domestic incident: {child} injured while trying to protect {mother}. "
                       "Taken to hospital.", concern_level="high"))
        self._harm_injury(kid, harm, infant=kid.age(harm) < 1)
        return harm

    def _neglect_not_brought(self, kid: Person) -> date | None:
        harm = self.plan.harm
        assert harm is not None
        rng = self.rng
        day = max(harm - timedelta(days=rng.randint(240, 330)), kid.dob + timedelta(days=30))
        while day < harm - timedelta(days=14):
            if day >= self.start:
                choice = rng.random()
                if kid.upn and choice < 0.45:
                    self.key(Event("education", kid, next_school_day(day), "school_absence",
                                   rng.choice(("Unauthorised absence; no contact from parent.",
                                               "Absent again; attendance now 78%.",
                                               "Arrived late, hungry, in dirty uniform.")),
                                   concern_level="low"))
                else:
                    agency = rng.choice(("health_gp", "health_hospital", "health_community"))
                    self.key(Event(agency, kid, next_working_day(day), "appointment_not_attended",
                                   rng.choice(("Was not brought to appointment.",
                                               "Not brought for audiology; discharged back to "
                                               "GP after two missed appointments.",
                                               "Dental extraction list: not brought.")),
                                   child_seen="no", concern_level="low"))
            day += timedelta(days=rng.randint(18, 45))
        self.key(Event("health_hospital", kid, harm, "hospital_admission",
                       "Admitted: severe nappy rash, weight below 0.4th centile, dehydrated. "
                       "Home described as without food.", concern_level="high",
                       child_seen="yes"))
        self.key(Event("health_hospital", kid, harm, "safeguarding_referral_made",
                       "Referral to children's social care: neglect.", concern_level="high"))
        return harm

    def _plan_dates(self) -> tuple[date, date]:
        ep = next(e for e in self.career.episodes if e.cp_start)
        assert ep.cp_start is not None
        return ep.cp_start, ep.cp_end or self.end

    def _disguised_compliance(self, kid: Person) -> date | None:
        rng = self.rng
        lo, hi = self._plan_dates()
        harm = hi - timedelta(days=rng.randint(3, 20))
        day = max(lo, self.start) + timedelta(days=20)
        n = 0
        while day < harm:
            n += 1
            if n % 3 == 0:
                self.key(Event("social_care", kid, next_working_day(day), "visit_no_access",
                               "Planned visit: no access. {mother} texted that they were at "
                               "her sister's.", child_seen="no"))
            else:
                self.key(Event("social_care", kid, next_working_day(day), "home_visit",
                               "Visit: {mother} very welcoming, says she has done everything "
                               "asked. {child} asleep upstairs; not seen.", child_seen="no"))
            day += timedelta(days=rng.randint(25, 45))
        self._harm_injury(kid, harm, infant=kid.age(harm) < 1)
        return harm

    def _mark(self, kid: Person, kinds: tuple[str, ...], until: date) -> None:
        """Make the child's own social care records of these kinds, up to `until`, key events."""
        for ev in self.fam.events:
            if ev.agency == "social_care" and ev.person is kid and ev.event_type in kinds \
                    and ev.day <= until:
                ev.key = self.plan.tid
                self.keys.append(ev)

    def _start_again(self, kid: Person) -> date | None:
        # The harm follows the last episode: weeks after it closed, or, when it is still open
        # at the end of the history, weeks after its referral. (Until this was fixed the harm
        # followed the latest *closure* of any episode, so a child whose re-referral was still
        # open was often harmed before the re-referral, with no sign of starting again.)
        last = max(self.career.episodes, key=lambda e: e.referral, default=None)
        after = (last.closure or last.referral) if last else self.end - timedelta(days=30)
        harm = min(self.end - timedelta(days=2), after + timedelta(days=self.rng.randint(20, 90)))
        self._mark(kid, ("referral", "case_closed"), harm)
        # The history the reviews describe (decision 0503): neglect seen by school and health
        # for years, contacts closed at the front door. From a stream of its own, so the
        # family's other records are as they were.
        history = random.Random(f"clearsight-synth:{self.seed}:start-again:{self.fam.index}")
        for ev in start_again_history(self.fam, kid, history, self.start, harm):
            ev.key = self.plan.tid
            self.keys.append(ev)
        self._harm_injury(kid, harm, infant=kid.age(harm) < 1)
        return harm

    def _drift_on_plan(self, kid: Person) -> date | None:
        _, hi = self._plan_dates()
        harm = hi - timedelta(days=self.rng.randint(3, 15))
        self._mark(kid, ("worker_allocated", "cp_plan_review", "visit_no_access"), harm)
        # In half the families, the paper trail (decision 0505): over the months before the
        # harm other agencies' concerns keep arriving while the plan's visits go on, and none
        # is answered with a strategy discussion. From a stream of its own, so the family's
        # other records are as they were.
        trail = random.Random(f"clearsight-synth:{self.seed}:paper-trail:{self.fam.index}")
        if trail.random() < PAPER_TRAIL_SHARE:
            ep = next(e for e in self.career.episodes if e.cp_start)
            for ev in paper_trail_history(self.fam, kid, ep, trail, self.start, self.end, harm):
                ev.key = self.plan.tid
                self.keys.append(ev)
        self._harm_injury(kid, harm, infant=kid.age(harm) < 1)
        return harm

    # -- benign --------------------------------------------------------------------------------

    def _disabled_child_many_visits(self, kid: Person) -> date | None:
        kid.disability = kid.disability or self.rng.choice(("MOB", "LD", "COMM"))
        disabled_child_records(self.fam, kid, self.rng, max(self.start, kid.dob), self.end,
                               busy=True)
        return None

    def _active_toddler_accidental_bruises(self, kid: Person) -> date | None:
        rng = self.rng
        day = max(self.start, kid.dob + timedelta(days=420))
        while day <= self.end:
            agency = rng.choice(("health_gp", "health_hospital", "education"))
            text, sites = rng.choice((
                ("Bruises to both shins; very active, climbing furniture. Walking since 11 "
                 "months.", "leg"),
                ("Bump to forehead on a coffee table corner; small bruise, no loss of "
                 "consciousness.", "forehead"),
                ("Grazed knees and a bruise on the shin after a fall in the park.", "leg"),
            ))
            kind = "emergency_attendance" if agency == "health_hospital" else "injury_observed"
            self.key(Event(agency, kid, next_working_day(day), kind, text, injury_type="bruise",
                           body_sites=sites, explanation="consistent", concern_level="none",
                           child_seen="yes"))
            day += timedelta(days=rng.randint(35, 110))
        return None

    def _supported_family_no_harm(self, kid: Person) -> date | None:
        rng = self.rng
        day = self.start + timedelta(days=rng.randint(10, 60))
        while day <= self.end:
            agency = rng.choice(("health_visiting", "education", "health_gp"))
            self.fam.add(Event(agency, kid, next_working_day(day), "note", rng.choice((
                "Attended family support session with {mother}; positive interaction.",
                "Team around the family meeting: good progress, attendance improved.",
                "Parenting course completed by {mother}.")), child_seen="yes"))
            day += timedelta(days=rng.randint(30, 60))
        return None
