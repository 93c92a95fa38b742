"""Build one child's chronology: every event from every agency, in time order, with the child's
age at each event, the gap since the one before, and same-day records of what may be one
happening seen by two agencies (marked, never merged)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from clearsight.format.spec import AGENCIES
from clearsight.store import Store
from clearsight.store.linkage import PERSON_ID, household_of, person_of, person_subject_keys
from clearsight.store.queries import (
    SubjectKey,
    events_for_subjects,
    similar_subject_refs,
    subjects,
)

#: Event types that two agencies may each record for one happening on the same day. Two events
#: on the same day, from different agencies, are marked as possible duplicates when their types
#: are equal or fall in one of these groups.
DUPLICATE_GROUPS: tuple[frozenset[str], ...] = (
    # an injury seen: by a health visitor or school, at the emergency department, at a medical
    frozenset(
        {
            "injury_observed",
            "emergency_attendance",
            "hospital_admission",
            "child_protection_medical",
            "gp_appointment",
        }
    ),
    # a referral: sent by one agency, received by children's social care
    frozenset({"safeguarding_referral_made", "contact", "referral"}),
    # a police attendance, recorded by the police and by a domestic abuse service
    frozenset({"domestic_abuse_incident", "police_incident", "police_protection"}),
    # a home visit made jointly
    frozenset({"home_visit", "health_visitor_contact", "visit_no_access"}),
)


class ChronologyError(Exception):
    """The chronology asked for cannot be built (unknown subject, bad reference)."""


@dataclass
class Entry:
    """One event in the chronology, with what the chronology adds to it."""

    event: dict[str, Any]
    age_days: int | None
    age: str
    days_since_previous: int | None
    possible_duplicates: list[str] = field(default_factory=list)
    about: str = ""  # who the event is about, when it is not the child

    @property
    def key(self) -> str:
        return f"{self.event['agency']}:{self.event['record_id']}"

    @property
    def when(self) -> str:
        """The event's date as the agency gave it: date, with time and offset if given."""
        date: dt.date = self.event["event_date"]
        precision = self.event["date_precision"]
        if precision == "year":
            return f"{date.year}"
        if precision == "month":
            return date.strftime("%Y-%m")
        text = date.isoformat()
        if self.event.get("event_time"):
            text += "T" + self.event["event_time"] + (self.event.get("event_utc_offset") or "")
        return text

    @property
    def shown_when(self) -> str:
        """The date for a page: `2024-06-11 23:05`, `2024-06` or `2024`."""
        text = self.when
        if "T" in text:
            day, time = text.split("T", 1)
            return f"{day} {time[:5]}"
        return text


@dataclass
class Chronology:
    """The merged chronology of the subjects that are one child (and, later, a household)."""

    subjects: list[dict[str, Any]]
    entries: list[Entry]
    date_of_birth: dt.date | None
    child_name: str
    generated_at: dt.datetime

    @property
    def title(self) -> str:
        return f"Multi-agency chronology: {self.child_name}"

    @property
    def agencies(self) -> list[str]:
        seen = {e.event["agency"] for e in self.entries}
        return [a for a in AGENCIES if a in seen]


def parse_subject_key(text: str) -> SubjectKey:
    """`agency:subject_ref` (the subject reference may itself contain ':')."""
    agency, sep, ref = text.partition(":")
    agency = agency.strip().lower()
    if not sep or not ref.strip():
        raise ChronologyError(
            f"'{text}' is not a person: give agency:subject_ref (e.g. social_care:C-88123)"
            " or a person_id from `clearsight persons`"
        )
    if agency not in AGENCIES:
        raise ChronologyError(
            f"'{agency}' is not an agency code; the codes are: {', '.join(AGENCIES)}"
        )
    return agency, ref.strip()


def age_between(birth: dt.date, day: dt.date) -> tuple[int, str]:
    """The age on `day` of a child born on `birth`: days, and words as a chronology gives it."""
    days = (day - birth).days
    if days < 0:
        weeks = -days // 7
        return days, f"unborn ({weeks} week{'s' if weeks != 1 else ''} before birth)"
    months = (day.year - birth.year) * 12 + day.month - birth.month
    if day.day < birth.day:
        months -= 1
    if months < 1:
        return days, f"{days} day{'s' if days != 1 else ''}"
    if months < 24:
        return days, f"{months} month{'s' if months != 1 else ''}"
    years, rest = divmod(months, 12)
    text = f"{years} years"
    if rest:
        text += f" {rest} month{'s' if rest != 1 else ''}"
    return days, text


def _compatible(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in DUPLICATE_GROUPS)


def _mark_duplicates(entries: list[Entry]) -> None:
    by_day: dict[dt.date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(entry.event["event_date"], []).append(entry)
    for same_day in by_day.values():
        for i, first in enumerate(same_day):
            for second in same_day[i + 1 :]:
                if first.event["agency"] == second.event["agency"]:
                    continue
                if _compatible(first.event["event_type"], second.event["event_type"]):
                    first.possible_duplicates.append(second.key)
                    second.possible_duplicates.append(first.key)


def _child_of(found: list[dict[str, Any]]) -> dict[str, Any] | None:
    for role in ("child", "unborn"):
        for subject in found:
            if subject["subject_role"] == role and subject["date_of_birth"] is not None:
                return subject
    for subject in found:
        if subject["subject_role"] in ("child", "unborn"):
            return subject
    return found[0] if found else None


def _describe(subject: dict[str, Any]) -> str:
    name = " ".join(p for p in (subject.get("given_name"), subject.get("family_name")) if p)
    role = str(subject["subject_role"]).replace("_", " ")
    return f"{name} ({role})" if name else role


def _same_child(key: tuple[str, str], found: list[dict[str, Any]]) -> bool:
    """Records of the child kept by other agencies (child or unborn subjects) are the child."""
    for subject in found:
        if (subject["agency"], subject["subject_ref"]) == key:
            return bool(subject["subject_role"] in ("child", "unborn"))
    return False


def _expand(store: Store, text: str) -> list[SubjectKey]:
    """A person_id → its subjects; `agency:subject_ref` → that subject and everyone linked to
    it (just the subject when linkage has not run)."""
    if PERSON_ID.fullmatch(text.strip()):
        keys = person_subject_keys(store, text.strip())
        if not keys:
            raise ChronologyError(
                f"no person {text.strip()}: see `clearsight persons` (run `clearsight link` "
                "after loading files)"
            )
        return keys
    key = parse_subject_key(text)
    person = person_of(store, key)
    linked = person_subject_keys(store, person) if person else []
    return [key, *[k for k in linked if k != key]]


def _household(store: Store, keys: list[SubjectKey]) -> list[SubjectKey]:
    """The subjects of every person in the households of `keys` (as the latest link run found
    them), the given subjects first."""
    out = list(keys)
    for key in keys:
        person = person_of(store, key)
        if person is None:
            continue
        for member in household_of(store, person):
            for other in person_subject_keys(store, member["person_id"]):
                if other not in out:
                    out.append(other)
    return out


def build_chronology(store: Store, people: list[str], *, household: bool = False) -> Chronology:
    """The merged chronology of the given people: each a person_id, or `agency:subject_ref`
    (that subject and every subject linked to it), merged as one child. With `household`, the
    events of everyone in the child's household are merged in too, each marked with whom it is
    about."""
    keys: list[SubjectKey] = []
    for text in people:
        for key in _expand(store, text):
            if key not in keys:
                keys.append(key)
    if household:
        keys = _household(store, keys)
    found = subjects(store, keys)
    missing = [k for k in keys if k not in {(s["agency"], s["subject_ref"]) for s in found}]
    if missing:
        agency, ref = missing[0]
        close = similar_subject_refs(store, agency, ref)
        hint = f" Close matches: {', '.join(close)}." if close else ""
        raise ChronologyError(f"no subject {agency}:{ref} in the store.{hint}")
    return assemble(found, events_for_subjects(store, keys))


def assemble(found: list[dict[str, Any]], events: list[dict[str, Any]]) -> Chronology:
    """The chronology of subjects already read (the child's first) and their events in time
    order: each event with the child's age, the gap since the one before, whom it is about
    when not the child, and possible same-day duplicates marked."""
    child = _child_of(found)
    birth = child["date_of_birth"] if child else None
    entries: list[Entry] = []
    previous: dt.date | None = None
    child_key = (child["agency"], child["subject_ref"]) if child else None
    names = {(s["agency"], s["subject_ref"]): _describe(s) for s in found}
    for event in events:
        day: dt.date = event["event_date"]
        age_days, age = age_between(birth, day) if birth else (None, "")
        gap = (day - previous).days if previous is not None else None
        key = (event["agency"], event["subject_ref"])
        about = "" if key == child_key or _same_child(key, found) else names.get(key, "")
        entries.append(Entry(event, age_days, age, gap, about=about))
        previous = day
    _mark_duplicates(entries)
    name = (
        " ".join(part for part in (child.get("given_name"), child.get("family_name")) if part)
        if child
        else ""
    )
    first = f"{found[0]['agency']}:{found[0]['subject_ref']}" if found else ""
    return Chronology(
        subjects=found,
        entries=entries,
        date_of_birth=birth,
        child_name=name or first,
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None),
    )
