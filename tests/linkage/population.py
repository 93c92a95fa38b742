"""A small invented population for linkage tests: children known to two or three agencies,
with the slips agencies make (typos, nicknames, missing NHS numbers), so the model has
something to learn from; and helpers to write hand-made subjects."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from tests.conftest import write_csv

GIVEN_F = ["amelia", "olivia", "isla", "ava", "mia", "grace", "lily", "freya", "emily",
           "ella", "poppy", "ruby", "sophie", "chloe", "evie", "daisy", "hannah", "layla",
           "zara", "maya", "nadia", "aisha", "megan", "holly", "jasmine", "phoebe"]
GIVEN_M = ["noah", "oliver", "george", "leo", "harry", "oscar", "arthur", "jacob", "charlie",
           "freddie", "alfie", "theo", "henry", "archie", "joshua", "ethan", "mason", "logan",
           "reuben", "tyler", "dylan", "kian", "rory", "owen", "hugo", "isaac"]
FAMILY = ["smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies",
          "patel", "wright", "walker", "robinson", "thompson", "white", "hughes", "edwards",
          "green", "hall", "wood", "harris", "lewis", "martin", "jackson", "clarke", "khan",
          "ahmed", "okafor", "nowak", "kowalski", "begum", "evans", "turner", "baker", "carter"]
AGENCY_EVENT = {
    "health_gp": "gp_appointment",
    "health_hospital": "emergency_attendance",
    "education": "school_absence",
    "social_care": "contact",
    "police": "police_incident",
    "housing": "note",
}


def nhs_number(seed: int) -> str:
    """A valid NHS number (modulus 11) derived from `seed`."""
    base = 100_000_000 + seed * 7919 % 800_000_000
    while True:
        digits = [int(c) for c in f"{base:09d}"]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)
        base += 1


def typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name))
    return name[:i] + rng.choice("aeiourst") + name[i + 1 :]


def row(agency: str, ref: str, record: str, *, given: str, family: str, dob: date | None,
        sex: str, postcode: str, role: str = "child", nhs: str = "", other_names: str = "",
        household_ref: str = "", event_date: str = "2024-06-01") -> dict[str, str]:
    return {
        "agency": agency, "record_id": record, "subject_ref": ref, "event_date": event_date,
        "event_type": AGENCY_EVENT[agency], "subject_role": role,
        "given_name": given.title(), "family_name": family.title(),
        "other_names": other_names, "date_of_birth": dob.isoformat() if dob else "",
        "sex": sex, "nhs_number": nhs, "postcode": postcode,
        "address": f"{sum(map(ord, postcode)) % 90 + 1} High Street, Testtown",
        "household_ref": household_ref,
    }


def background(path: Path, children: int = 300, seed: int = 7) -> tuple[Path, dict[str, int]]:
    """Write `children` invented children, each known to two or three agencies; return the
    file and each subject's true child number."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    truth: dict[str, int] = {}
    for n in range(children):
        sex = rng.choice("MF")
        given = rng.choice(GIVEN_M if sex == "M" else GIVEN_F)
        family = rng.choice(FAMILY)
        dob = date(2008, 1, 1) + timedelta(days=rng.randrange(16 * 365))
        postcode = f"TT{rng.randrange(1, 20)} {rng.randrange(1, 9)}{rng.choice('ABDEFG')}"
        number = nhs_number(n + 1)
        agencies = rng.sample(["health_gp", "health_hospital", "education", "social_care"],
                              rng.choice([2, 2, 3]))
        for agency in agencies:
            g, f = given, family
            if rng.random() < 0.08:
                g = typo(g, rng)
            if rng.random() < 0.08:
                f = typo(f, rng)
            has_nhs = agency.startswith("health") and rng.random() < 0.9
            ref = f"BG{n:04d}{agency[:3].upper()}"
            truth[f"{agency}:{ref}"] = n
            rows.append(row(agency, ref, f"R-{ref}", given=g, family=f, dob=dob, sex=sex,
                            postcode=postcode, nhs=number if has_nhs else ""))
    return write_csv(path, rows), truth
