"""The true world the agencies see parts of: people, households, and what happened to them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from clearsight.synth.calendar import add_years, age_on
from clearsight.synth.identifiers import UPN_LA_CODES, new_nhs_number, new_upn
from clearsight.synth.names import family_name, given_name, invent_address, naming_group

ETHNICITIES: tuple[tuple[str, float], ...] = (
    # Broadly the mix of children in England (2021 census shape), rounded.
    ("WBRI", 0.62), ("WOTH", 0.07), ("WIRI", 0.005), ("WROM", 0.005), ("MWBC", 0.02),
    ("MWBA", 0.01), ("MWAS", 0.015), ("MOTH", 0.02), ("AIND", 0.03), ("APKN", 0.05),
    ("ABAN", 0.02), ("AOTH", 0.015), ("BAFR", 0.045), ("BCRB", 0.01), ("BOTH", 0.005),
    ("CHNE", 0.005), ("OOTH", 0.02), ("NOBT", 0.01),
)


@dataclass
class Person:
    """One real person. `pid` is the ground-truth id every agency's subject maps to."""

    pid: str
    role: str  # child, mother, father, partner
    given: str
    family: str
    sex: str
    dob: date
    nhs: str
    ethnicity: str
    upn: str | None = None
    disability: str | None = None  # a CIN census disability code, for a disabled child
    joined: date | None = None  # for a partner: moved into the household
    left: date | None = None  # for a partner or father: moved out
    other_names: tuple[str, ...] = ()

    def age(self, day: date) -> int:
        return age_on(self.dob, day)

    def present(self, day: date) -> bool:
        if day < self.dob:
            return False
        if self.joined and day < self.joined:
            return False
        return not (self.left and day >= self.left)


@dataclass
class Address:
    since: date
    address: str
    postcode: str


@dataclass
class Event:
    """One thing an agency recorded about one person (agency-neutral fields; voice added later)."""

    agency: str
    person: Person
    day: date
    event_type: str
    description: str
    action: str = ""
    outcome: str = ""
    child_seen: str = ""
    injury_type: str = ""
    body_sites: str = ""
    explanation: str = ""
    concern_level: str = ""
    factors: str = ""
    practitioner: str = ""
    team: str = ""
    key: str = ""  # a trajectory id when this is one of the trajectory's key events
    record_id: str = ""  # set when written
    #: Drawn from a stream of its own and written after the family's other records, with a
    #: record id from a separate sequence, so that adding it changes no other record
    #: (`clearsight.synth.neglect`).
    extra: bool = field(default=False, init=False)
    #: Which series of extra records (numbered apart from each other in the writer): "" for
    #: the signs of neglect (decision 0503), "paper_trail" (decision 0505).
    extra_series: str = field(default="", init=False)


@dataclass
class Family:
    index: int
    hid: str
    rng: random.Random
    people: list[Person]
    addresses: list[Address]
    events: list[Event] = field(default_factory=list)

    @property
    def children(self) -> list[Person]:
        return [p for p in self.people if p.role == "child"]

    @property
    def adults(self) -> list[Person]:
        return [p for p in self.people if p.role != "child"]

    def mother(self) -> Person:
        return next(p for p in self.people if p.role == "mother")

    def address_on(self, day: date) -> Address:
        current = self.addresses[0]
        for a in self.addresses:
            if a.since <= day:
                current = a
        return current

    def adults_present(self, day: date) -> list[Person]:
        return [p for p in self.adults if p.present(day)]

    def children_on(self, day: date) -> list[Person]:
        """Children alive and under 18 on `day`."""
        return [c for c in self.children if c.dob <= day and c.age(day) < 18]

    def add(self, event: Event) -> Event:
        self.events.append(event)
        return event


def _pick_weighted(rng: random.Random, items: tuple[tuple[str, float], ...]) -> str:
    total = sum(w for _, w in items)
    x = rng.random() * total
    for item, w in items:
        x -= w
        if x < 0:
            return item
    return items[-1][0]


def _given(rng: random.Random, sex: str, group: str) -> str:
    """A given name from the family's naming tradition (one in ten from the British pool)."""
    return given_name(group if rng.random() < 0.9 else "british", sex, rng)


def make_family(
    index: int,
    seed: int,
    end: date,
    start: date,
    max_children: int,
    la_code: str,
    youngest_born: date | None = None,
) -> Family:
    """A household: a mother, often a father, sometimes a partner who comes later, children.

    Children are aged 0-17 on `end` (some born during the history). `youngest_born`, when
    given, fixes the date of birth of the youngest child (for trajectories about infants).
    """
    rng = random.Random(f"clearsight-synth:{seed}:family:{index}")
    hid = f"H{index:07d}"
    ethnicity = _pick_weighted(rng, ETHNICITIES)
    group = naming_group(ethnicity, rng)
    surname = family_name(group, rng)
    n_children = min(max_children, rng.choices((1, 2, 3, 4, 5), (0.42, 0.36, 0.15, 0.05, 0.02))[0])
    ages_days: list[int] = sorted(
        (rng.randrange(0, 18 * 365) for _ in range(n_children)), reverse=True
    )
    child_dobs = [end - timedelta(days=d) for d in ages_days]
    if youngest_born is not None:
        child_dobs[-1] = youngest_born
        child_dobs.sort()
    eldest = min(child_dobs)
    mother_dob = eldest - timedelta(days=rng.randrange(17 * 365, 36 * 365))
    people: list[Person] = []
    serial = 0

    def pid() -> str:
        nonlocal serial
        serial += 1
        return f"{hid}-{serial:02d}"

    mother = Person(pid(), "mother", _given(rng, "F", group), surname, "F", mother_dob,
                    new_nhs_number(rng), ethnicity)
    people.append(mother)
    father_present = rng.random() < 0.62
    if father_present:
        father_family = surname if rng.random() < 0.75 else family_name(group, rng)
        father = Person(pid(), "father", _given(rng, "M", group), father_family, "M",
                        mother_dob - timedelta(days=rng.randrange(-3 * 365, 8 * 365)),
                        new_nhs_number(rng), ethnicity)
        if rng.random() < 0.15:
            father.left = start + timedelta(days=rng.randrange(max(1, (end - start).days)))
        people.append(father)
    for dob in sorted(child_dobs):
        sex = "F" if rng.random() < 0.488 else "M"
        child = Person(pid(), "child", _given(rng, sex, group), surname, sex, dob,
                       new_nhs_number(rng),
                       ethnicity)
        if rng.random() < 0.035:
            child.disability = rng.choice(("LD", "AUT", "MOB", "COMM", "BEH", "HEAR", "VIS"))
        reception = date(dob.year + (4 if (dob.month, dob.day) < (9, 1) else 5), 9, 1)
        if reception <= end:
            # Most pupils started school here; some came from elsewhere with their UPN.
            code = la_code if rng.random() < 0.85 else rng.choice(UPN_LA_CODES)
            child.upn = new_upn(rng, code, reception.year)
        people.append(child)
    if not father_present and rng.random() < 0.35:
        joined = start + timedelta(days=rng.randrange(max(1, (end - start).days)))
        partner_ethnicity = _pick_weighted(rng, ETHNICITIES)
        group = naming_group(partner_ethnicity, rng)
        partner = Person(pid(), "partner", given_name(group, "M", rng), family_name(group, rng),
                         "M", mother_dob - timedelta(days=rng.randrange(-4 * 365, 10 * 365)),
                         new_nhs_number(rng), partner_ethnicity, joined=joined)
        if rng.random() < 0.4:
            partner.left = joined + timedelta(days=rng.randrange(60, 500))
        people.append(partner)
    first_address, first_postcode = invent_address(rng)
    addresses = [Address(add_years(start, -3), first_address, first_postcode)]
    moves = rng.choices((0, 1, 2, 3), (0.7, 0.2, 0.07, 0.03))[0]
    span = max(1, (end - start).days)
    for when in sorted(rng.randrange(1, span) for _ in range(moves)):
        address, postcode = invent_address(rng)
        addresses.append(Address(start + timedelta(days=when), address, postcode))
    return Family(index, hid, rng, people, addresses)
