"""Each agency's voice: its identifiers, how it writes names and dates, and identity noise.

An agency knows a person by its own reference and its own spelling. Noise is drawn once per
(agency, person) from a generator seeded by both, so the same person is spelled the same way in
every row of one agency's file, and differently, sometimes, between agencies.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from clearsight.synth.identifiers import slipped_nhs_number, slipped_upn, spaced_nhs
from clearsight.synth.model import Person
from clearsight.synth.names import has_variants, misspell, nickname, variant

AGENCY_FILES: tuple[str, ...] = (
    "social_care", "police", "health_gp", "health_hospital", "health_visiting",
    "health_community", "education", "housing",
)

#: Columns each agency sends, in order (identifiers only where the agency holds them).
AGENCY_COLUMNS: dict[str, tuple[str, ...]] = {}
_BASE = ("agency", "agency_name", "record_id", "subject_ref", "subject_role", "household_ref",
         "given_name", "family_name", "other_names", "date_of_birth", "sex")
_EVENT = ("postcode", "address", "event_date", "recorded_at", "event_type", "description",
          "action", "outcome", "child_seen", "injury_type", "body_sites", "explanation",
          "concern_level", "factors", "practitioner", "team")
for _agency in AGENCY_FILES:
    ids: tuple[str, ...] = ()
    if _agency.startswith("health_"):
        ids = ("nhs_number",)
    elif _agency == "education":
        ids = ("upn",)
    elif _agency == "social_care":
        ids = ("nhs_number", "upn")
    AGENCY_COLUMNS[_agency] = _BASE + ids + _EVENT

#: Subject reference formats and the first number of each agency's sequence.
SUBJECT_REF: dict[str, tuple[str, int]] = {
    "social_care": ("{:07d}", 1_100_001), "police": ("N-{:07d}", 3_500_001),
    "health_gp": ("EMIS{:07d}", 2_000_001), "health_hospital": ("RQX{:07d}", 4_000_001),
    "health_visiting": ("S1-{:06d}", 100_001), "health_community": ("CP{:07d}", 5_000_001),
    "education": ("ADM{:06d}", 200_001), "housing": ("T{:06d}", 300_001),
}
RECORD_ID: dict[str, str] = {
    "social_care": "CS-{:08d}", "police": "OCC-{:08d}", "health_gp": "CON{:09d}",
    "health_hospital": "ATT{:09d}", "health_visiting": "HV-{:08d}",
    "health_community": "CH-{:08d}", "education": "SCH-{:08d}", "housing": "HSG-{:08d}",
}
HOUSEHOLD_REF: dict[str, str] = {
    "social_care": "F{:06d}", "police": "LOC{:07d}", "health_visiting": "FAM{:06d}",
    "housing": "TEN{:06d}",
}
AGENCY_NAMES: dict[str, tuple[str, ...]] = {
    "social_care": ("Quarrington Council Children's Services",),
    "police": ("Quarrington Constabulary",),
    "health_gp": ("Parkside Medical Practice", "Canal Street Surgery", "Millbrook Health Centre",
                  "The Willows Group Practice", "Foundry Lane Medical Centre"),
    "health_hospital": ("Quarrington Hospitals NHS Trust",),
    "health_visiting": ("Quarrington Community Health (0-19 service)",),
    "health_community": ("Community Paediatrics (provider: Quarrington Hospitals NHS Trust)",),
    "education": ("Beacon Primary School", "Saxon Road Primary Academy", "St Anne's CE Primary",
                  "Millbrook Infant and Junior School"),
    "housing": ("Quarrington Homes",),
}

#: Schools a child moves on to at 11 (education's `agency_name` follows the child's age).
SECONDARY_SCHOOLS = ("Quarrington High School", "Orchard Academy", "Holy Trinity Catholic "
                     "High School", "Quarrington Academy")

#: How often each agency lacks, or holds a wrong-but-valid, identifier.
MISSING_NHS = {"health_gp": 0.01, "health_hospital": 0.08, "health_visiting": 0.02,
               "health_community": 0.03, "social_care": 0.45}
WRONG_ID = 0.008


@dataclass
class Identity:
    """A person as one agency recorded them."""

    subject_ref: str
    given: str
    family: str
    other_names: str
    dob: str
    sex: str
    nhs: str
    upn: str
    noise: str  # what noise was applied, for the ground truth


def format_date(day: date, agency: str) -> str:
    if agency in ("health_visiting", "housing"):
        return day.strftime("%d/%m/%Y")
    return day.isoformat()


def make_identity(
    agency: str, person: Person, subject_ref: str, seed: int, sibling_nhs: str | None,
    other_family: str | None,
) -> Identity:
    rng = random.Random(f"clearsight-synth:{seed}:identity:{agency}:{person.pid}")
    noise: list[str] = []
    given, family = person.given, person.family
    other: list[str] = list(person.other_names)
    if has_variants(given) and rng.random() < 0.35:
        given = variant(given, rng) or given
        noise.append("variant_given")
    if has_variants(family) and rng.random() < 0.35:
        family = variant(family, rng) or family
        noise.append("variant_family")
    short = nickname(given, rng)
    if short and rng.random() < (0.3 if agency in ("education", "police", "social_care") else 0.1):
        if rng.random() < 0.5:
            other.append(given)
        given = short
        noise.append("nickname")
    if rng.random() < 0.05:
        given = misspell(given, rng)
        noise.append("misspelt_given")
    if rng.random() < 0.05:
        family = misspell(family, rng)
        noise.append("misspelt_family")
    if rng.random() < 0.012:
        given, family = family, given
        noise.append("reordered")
    if person.role == "child" and other_family and rng.random() < 0.03:
        family = other_family
        noise.append("known_by_other_surname")
    dob = person.dob
    if dob.day <= 12 and dob.day != dob.month and rng.random() < 0.015:
        dob = date(dob.year, dob.day, dob.month)
        noise.append("dob_day_month_swapped")
    dob_text = format_date(dob, agency)
    if agency in ("police", "housing") and person.role != "child" and rng.random() < 0.04:
        dob_text = ""
        noise.append("dob_missing")
    if agency == "police":
        family = family.upper()
    nhs = ""
    if "nhs_number" in AGENCY_COLUMNS[agency]:
        nhs = person.nhs
        if rng.random() < MISSING_NHS.get(agency, 0.0):
            nhs = ""
            noise.append("nhs_missing")
        elif rng.random() < WRONG_ID:
            wrong = sibling_nhs if sibling_nhs and rng.random() < 0.5 else \
                slipped_nhs_number(nhs, rng)
            if wrong:
                nhs = wrong
                noise.append("nhs_wrong")
        if nhs and agency == "health_visiting":
            nhs = spaced_nhs(nhs)
    upn = ""
    if "upn" in AGENCY_COLUMNS[agency] and person.upn:
        upn = person.upn
        if agency == "social_care" and rng.random() < 0.6:
            upn = ""
        elif rng.random() < WRONG_ID:
            upn = slipped_upn(upn, rng) or upn
            noise.append("upn_wrong")
    return Identity(subject_ref, given, family, ";".join(other), dob_text, person.sex, nhs, upn,
                    ";".join(noise))
