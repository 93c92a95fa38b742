"""Streaming output: one exchange-format CSV per agency, the ground truth, as families arrive.

Nothing is held beyond one family except counters (reference sequences), so memory does not
grow with the size of the authority.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Protocol

from clearsight.synth.model import Event, Family, Person
from clearsight.synth.voices import (
    AGENCY_COLUMNS,
    AGENCY_FILES,
    AGENCY_NAMES,
    HOUSEHOLD_REF,
    RECORD_ID,
    SECONDARY_SCHOOLS,
    SUBJECT_REF,
    Identity,
    format_date,
    make_identity,
)

TRUTH_PERSON_COLUMNS = ("agency", "subject_ref", "person_id", "household_id", "role", "noise")
TRUTH_TRAJECTORY_COLUMNS = ("trajectory_id", "type", "harm", "person_id", "household_id",
                            "harm_date", "key_events", "subject_refs")
#: Extra records (`Event.extra`) are numbered from here, apart from the others: each series
#: (`Event.extra_series`) from its own base, in the order the series are written. A series may
#: hold at most `EXTRA_SERIES_SIZE` records per agency, so no two ranges can meet (the writer
#: refuses to go further; the neglect series holds about one record per ten children).
EXTRA_RECORD_BASE = 90_000_000
PAPER_TRAIL_RECORD_BASE = 91_000_000
EXTRA_SERIES_BASE: dict[str, int] = {"": EXTRA_RECORD_BASE,
                                     "paper_trail": PAPER_TRAIL_RECORD_BASE}
EXTRA_SERIES_SIZE = 1_000_000
#: Roles as each agency records them: a mother's partner is "partner"; all else as is.
_ROLE = {"child": "child", "mother": "mother", "father": "father", "partner": "partner"}

#: Typical delay between an event and its recording, in days, by agency.
_RECORDING_LAG = {"social_care": (0, 6), "police": (0, 1), "health_gp": (0, 0),
                  "health_hospital": (0, 1), "health_visiting": (0, 3),
                  "health_community": (0, 5), "education": (0, 2), "housing": (0, 7)}
_ADDRESS_LAG = {"social_care": 30, "police": 200, "health_gp": 60, "health_hospital": 120,
                "health_visiting": 20, "health_community": 120, "education": 45, "housing": 0}



#: Pronouns for a child of each recorded sex (he, him, his).
_PRONOUNS: dict[str, tuple[str, str, str]] = {
    "M": ("he", "him", "his"),
    "F": ("she", "her", "her"),
    "U": ("they", "them", "their"),
}

class RowWriter(Protocol):
    def writerow(self, row: Iterable[object], /) -> object: ...


class Writer:
    def __init__(self, out: Path, seed: int, start: date, end: date) -> None:
        self.out, self.seed, self.start, self.end = out, seed, start, end
        out.mkdir(parents=True, exist_ok=True)
        (out / "truth").mkdir(exist_ok=True)
        self._handles: list[IO[str]] = []
        self.files: dict[str, RowWriter] = {}
        for agency in AGENCY_FILES:
            handle = (out / f"{agency}.csv").open("w", encoding="utf-8", newline="")
            self._handles.append(handle)
            w = csv.writer(handle, lineterminator="\n")
            w.writerow(AGENCY_COLUMNS[agency])
            self.files[agency] = w
        self.persons = self._truth("persons.csv", TRUTH_PERSON_COLUMNS)
        self.trajectories = self._truth("trajectories.csv", TRUTH_TRAJECTORY_COLUMNS)
        self.households = self._truth("households.csv", ("agency", "household_ref",
                                                         "household_id"))
        self.subject_seq = {a: first for a, (_, first) in SUBJECT_REF.items()}
        self.record_seq = dict.fromkeys(AGENCY_FILES, 1)
        self.extra_seq = {series: dict.fromkeys(AGENCY_FILES, 1) for series in EXTRA_SERIES_BASE}
        self.household_seq = dict.fromkeys(AGENCY_FILES, 1)
        self.rows = dict.fromkeys(AGENCY_FILES, 0)
        # Per family (reset by `begin_family`).
        self._ids: dict[tuple[str, str], Identity] = {}
        self._households: dict[str, str] = {}

    def _truth(self, name: str, header: tuple[str, ...]) -> RowWriter:
        handle = (self.out / "truth" / name).open("w", encoding="utf-8", newline="")
        self._handles.append(handle)
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(header)
        return w

    def close(self) -> None:
        for handle in self._handles:
            handle.close()

    # -- identities ----------------------------------------------------------------------------

    def begin_family(self, fam: Family) -> None:
        self._ids = {}
        self._peek: dict[tuple[str, str], Identity] = {}
        self._households = {}
        self._fam = fam
        self._rng = random.Random(f"clearsight-synth:{self.seed}:writer:{fam.index}")
        self._extra_rng = random.Random(f"clearsight-synth:{self.seed}:writer-extra:{fam.index}")
        # Each later series of extra records has its own stream for its recording delays.
        self._series_rng = {"": self._extra_rng} | {
            series: random.Random(f"clearsight-synth:{self.seed}:writer-{series}:{fam.index}")
            for series in EXTRA_SERIES_BASE if series}
        self._name_of = {a: self._rng.choice(AGENCY_NAMES[a]) for a in AGENCY_FILES}
        self._secondary = self._rng.choice(SECONDARY_SCHOOLS)

    def identity(self, agency: str, person: Person, create: bool = True) -> Identity:
        key = (agency, person.pid)
        found = self._ids.get(key)
        if found is not None:
            return found
        fmt, _ = SUBJECT_REF[agency]
        ref = fmt.format(self.subject_seq[agency]) if create else ""
        if create:
            self.subject_seq[agency] += 1
        fam = self._fam
        siblings = [p for p in fam.children if p.pid != person.pid]
        partner = next((p for p in fam.people if p.role in ("partner", "father")
                        and p.family != person.family), None)
        ident = make_identity(agency, person, ref, self.seed,
                              siblings[0].nhs if siblings else None,
                              partner.family if partner else None)
        if create:
            self._ids[key] = ident
            self.persons.writerow((agency, ref, person.pid, fam.hid, person.role, ident.noise))
        return ident

    def household(self, agency: str) -> str:
        fmt = HOUSEHOLD_REF.get(agency)
        if fmt is None:
            return ""
        if agency not in self._households:
            ref = self._households[agency] = fmt.format(self.household_seq[agency])
            self.household_seq[agency] += 1
            self.households.writerow((agency, ref, self._fam.hid))
        return self._households[agency]

    def _name(self, agency: str, person: Person | None) -> str:
        if person is None:
            return "her partner"
        key = (agency, person.pid)
        ident = self._ids.get(key) or self._peek.get(key)
        if ident is None:
            ident = self._peek[key] = self.identity(agency, person, create=False)
        return ident.given if ident.given and not ident.given.isupper() else person.given

    def _text(self, agency: str, text: str, subject: Person) -> str:
        if "{" not in text:
            return text
        fam = self._fam
        child = subject if subject.role == "child" else (fam.children[0] if fam.children else None)
        partner = next((p for p in fam.people if p.role == "partner"), None)
        father = next((p for p in fam.people if p.role == "father"), None)
        values = {
            "{child}": self._name(agency, child),
            "{mother}": self._name(agency, fam.mother()),
            "{partner}": self._name(agency, partner or father),
            "{father}": self._name(agency, father or partner),
            "{partner_or_father}": self._name(agency, partner or father),
        }
        # the child's pronouns, from the child's recorded sex
        he, him, his = _PRONOUNS.get(child.sex if child else "U", _PRONOUNS["U"])
        values.update({"{he}": he, "{him}": him, "{his}": his, "{himself}": f"{him}self"
                       if him != "them" else "themself"})
        for k, v in values.items():
            text = text.replace(k, v)
        return text

    # -- events --------------------------------------------------------------------------------

    def write_family(self, fam: Family) -> None:
        """Write the family's events (already complete) in date order to the agency files."""
        events = [e for e in fam.events
                  if self.start <= e.day <= self.end and e.day >= e.person.dob]
        order = {a: i for i, a in enumerate(AGENCY_FILES)}
        events.sort(key=lambda e: (order[e.agency], e.day))  # stable: keeps insertion order
        last_address: dict[tuple[str, str], str] = {}
        for ev in events:
            if not ev.extra:
                self._write_event(ev, last_address)
        # Extra records come after, series by series, each from its own stream and sequence,
        # and only about a subject the agency already holds: every other row (and every row
        # of the other series) stays as it was without them.
        for series in EXTRA_SERIES_BASE:
            for ev in events:
                if ev.extra and ev.extra_series == series \
                        and (ev.agency, ev.person.pid) in self._ids:
                    self._write_event(ev, last_address)

    def _write_event(self, ev: Event, last_address: dict[tuple[str, str], str]) -> None:
        agency = ev.agency
        person = ev.person
        first = (agency, person.pid) not in self._ids
        ident = self.identity(agency, person)
        row: dict[str, str] = {
            "agency": agency,
            "agency_name": self._secondary if agency == "education" and person.age(ev.day) >= 11
            else self._name_of[agency],
            "subject_ref": ident.subject_ref,
            "subject_role": _ROLE.get(person.role, "other_adult"),
            "household_ref": self.household(agency),
            "event_date": ev.day.isoformat(),
            "event_type": ev.event_type,
            "description": self._text(agency, ev.description, person),
            "action": ev.action,
            "outcome": ev.outcome,
            "child_seen": ev.child_seen,
            "injury_type": ev.injury_type,
            "body_sites": ev.body_sites,
            "explanation": ev.explanation,
            "concern_level": ev.concern_level,
            "factors": ev.factors,
            "practitioner": ev.practitioner,
            "team": ev.team,
        }
        lo, hi = _RECORDING_LAG[agency]
        rng = self._series_rng[ev.extra_series] if ev.extra else self._rng
        lag = rng.randint(lo, hi)
        recorded = min(self.end, ev.day + timedelta(days=lag))
        row["recorded_at"] = f"{recorded.isoformat()}T{rng.randint(8, 18):02d}:" \
                             f"{rng.randint(0, 59):02d}:00"
        if ev.extra:
            seq = self.extra_seq[ev.extra_series]
            if seq[agency] > EXTRA_SERIES_SIZE:
                raise ValueError(f"more than {EXTRA_SERIES_SIZE:,} {agency} records in the "
                                 f"extra series {ev.extra_series!r}: their ids would run into "
                                 f"the next series")
            ev.record_id = RECORD_ID[agency].format(EXTRA_SERIES_BASE[ev.extra_series]
                                                    + seq[agency])
            seq[agency] += 1
            row["record_id"] = ev.record_id
            self.files[agency].writerow([row.get(c, "") for c in AGENCY_COLUMNS[agency]])
            self.rows[agency] += 1
            return
        if first:
            dob = ident.dob
            # A mistyped date of birth is never allowed to fall after the first event.
            if dob and _parse(dob) > ev.day:
                dob = format_date(person.dob, agency)
            row.update(given_name=ident.given, family_name=ident.family,
                       other_names=ident.other_names, date_of_birth=dob, sex=ident.sex,
                       nhs_number=ident.nhs, upn=ident.upn)
        known = self._fam.address_on(ev.day - timedelta(days=_ADDRESS_LAG[agency]))
        if last_address.get((agency, person.pid)) != known.postcode:
            last_address[(agency, person.pid)] = known.postcode
            row["postcode"] = known.postcode
            row["address"] = known.address
        if self.record_seq[agency] > EXTRA_RECORD_BASE:
            raise ValueError(f"more than {EXTRA_RECORD_BASE:,} {agency} records: their ids "
                             f"would run into the extra records' range")
        ev.record_id = RECORD_ID[agency].format(self.record_seq[agency])
        self.record_seq[agency] += 1
        row["record_id"] = ev.record_id
        self.files[agency].writerow([row.get(c, "") for c in AGENCY_COLUMNS[agency]])
        self.rows[agency] += 1

    def write_trajectory(self, tid: str, kind: str, harm: bool, victim: Person, fam: Family,
                         harm_date: date | None, keys: list[Event]) -> None:
        written = [k for k in keys if k.record_id]
        refs = sorted({f"{a}:{self._ids[(a, p)].subject_ref}" for (a, p) in self._ids
                       if p == victim.pid})
        self.trajectories.writerow((
            tid, kind, "yes" if harm else "no", victim.pid, fam.hid,
            harm_date.isoformat() if harm_date else "",
            ";".join(f"{k.agency}:{k.record_id}" for k in written), ";".join(refs),
        ))


def _parse(text: str) -> date:
    if "/" in text:
        d, m, y = text.split("/")
        return date(int(y), int(m), int(d))
    return date.fromisoformat(text)
