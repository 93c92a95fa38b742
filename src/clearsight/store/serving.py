"""A serving copy for the web application: each person's agency subjects and current events,
held in memory in person order, so that reading one person's records reads one small stretch of
one table.

The store keeps events in the order their files arrived, so a person's handful of events are
spread through every part of the table, and a person's subjects sit in as many places as they
have agencies. In the copy every subject and event carries its person's key (the linked person
id, or `agency:subject_ref` for a subject linkage has not joined to anyone) and is sorted by it,
so DuckDB's per-block minimum and maximum let a page read one block for the person and the
people beside them. The copy is made when the server starts and is read-only: the server never
changes events, and nothing else can while the server holds the store. It costs memory (the
whole server peaked at 1.3 GB serving 1.2 million events), so it is skipped, with a message,
when it does not fit in the store's memory limit (`CLEARSIGHT_MEMORY`); pages then read the
store itself, more slowly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb

from clearsight.store.db import Store
from clearsight.store.queries import (
    SUBJECT_FIELDS,
    SubjectKey,
    event_order,
    events_for_subjects,
)

#: Not a name a store file gives its own database (DuckDB names it after the file).
SCHEMA = "clearsight_serving_copy"

#: The event columns a page shows or a chronology needs (not the identity columns each event
#: repeats: the subjects hold those).
EVENT_FIELDS = (
    "agency, record_id, subject_ref, event_date, event_time, event_utc_offset, event_type, "
    "date_precision, description, action, outcome, child_seen, injury_type, body_sites, "
    "explanation, concern_level, practitioner, team"
)

#: How linkage joined each subject to its person.
MEMBERSHIP_FIELDS = "match_weight, decided_by, linked_to"

_PERSON_KEY = "coalesce(m.person_id, s.agency || ':' || s.subject_ref)"
_SUBJECT_KEY = "s.agency || ':' || s.subject_ref"
_MEMBERSHIP = "m.match_weight, m.decided_by, m.linked_to"
_SUBJECT_COLUMNS = ", ".join(f"s.{c.strip()}" for c in SUBJECT_FIELDS.split(","))
_MEMBERS = (
    "main.subjects s LEFT JOIN main.person_members m "
    "ON m.agency = s.agency AND m.subject_ref = s.subject_ref AND m.to_run IS NULL"
)


def make_serving_copy(store: Store) -> str | None:
    """Build the copy; return None when made, else why not (the server then reads the store)."""
    con = store.connection
    try:
        con.execute(f"ATTACH ':memory:' AS {SCHEMA}")
    except duckdb.Error as exc:
        return str(exc).splitlines()[0]
    event_columns = ", ".join(f"e.{c.strip()}" for c in EVENT_FIELDS.split(","))
    try:
        con.execute(
            f"CREATE TABLE {SCHEMA}.person_subjects AS "
            f"SELECT {_PERSON_KEY} AS person_key, {_SUBJECT_KEY} AS subject_key, "
            f"{_SUBJECT_COLUMNS}, {_MEMBERSHIP} FROM {_MEMBERS} "
            "ORDER BY person_key, s.agency, s.subject_ref"
        )
        con.execute(
            f"CREATE TABLE {SCHEMA}.person_events AS "
            "SELECT coalesce(p.person_key, e.agency || ':' || e.subject_ref) AS person_key, "
            f"e.agency || ':' || e.record_id AS event_key, {event_columns} "
            f"FROM main.current_events e "
            f"LEFT JOIN {SCHEMA}.person_subjects p USING (agency, subject_ref) "
            "ORDER BY person_key, e.event_date, e.agency, e.record_id"
        )
        # a person's rows are found by their sorted position; an event cited as evidence, or
        # a subject, by its key (DuckDB looks a list of keys up in these indexes)
        con.execute(f"CREATE INDEX event_key ON {SCHEMA}.person_events (event_key)")
        con.execute(f"CREATE INDEX subject_key ON {SCHEMA}.person_subjects (subject_key)")
    except duckdb.Error as exc:
        con.execute(f"DETACH DATABASE IF EXISTS {SCHEMA}")
        return str(exc).splitlines()[0]
    return None


@dataclass
class Records:
    """A person's agency subjects and current events, with any cited events about other people
    and those people's subjects: subjects the person's first, events in time order."""

    subjects: list[dict[str, Any]]
    events: list[dict[str, Any]]


def _in(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join('?' * len(values))})"


def records_of(store: Store, person: str, *, cited: Iterable[str] = (),
               copy: bool) -> Records:
    """The subjects and events of `person` (a person key), and of the events `cited` (keys
    `agency:record_id`) those that are about other people, with those people's subjects; from
    the serving copy when `copy`, else from the store's own tables (the same rows, read more
    slowly)."""
    subjects = _subjects_of(store, person, copy)
    keys: list[SubjectKey] = [(s["agency"], s["subject_ref"]) for s in subjects]
    if copy:
        events = store.dicts(
            f"SELECT {EVENT_FIELDS} FROM {SCHEMA}.person_events WHERE person_key = ?", [person])
    else:
        events = events_for_subjects(store, keys)
    own = {f"{e['agency']}:{e['record_id']}" for e in events}
    about_others = sorted(set(cited) - own)
    if about_others:
        extra = _events_by_key(store, about_others, copy)
        events += extra
        theirs = sorted({f"{e['agency']}:{e['subject_ref']}" for e in extra}
                        - {f"{a}:{r}" for a, r in keys})
        subjects += _subjects_by_key(store, theirs, copy)
    events.sort(key=event_order)
    return Records(subjects, events)


def _subjects_of(store: Store, person: str, copy: bool) -> list[dict[str, Any]]:
    if copy:
        found = store.dicts(
            f"SELECT person_key, {SUBJECT_FIELDS}, {MEMBERSHIP_FIELDS} "
            f"FROM {SCHEMA}.person_subjects WHERE person_key = ?", [person])
    else:
        found = store.dicts(
            f"SELECT * FROM (SELECT {_PERSON_KEY} AS person_key, {_SUBJECT_COLUMNS}, "
            f"{_MEMBERSHIP} FROM {_MEMBERS}) WHERE person_key = ?", [person])
    found.sort(key=lambda s: (s["agency"], s["subject_ref"]))
    return found


def _subjects_by_key(store: Store, keys: list[str], copy: bool) -> list[dict[str, Any]]:
    if not keys:
        return []
    if copy:
        found = store.dicts(
            f"SELECT person_key, {SUBJECT_FIELDS}, {MEMBERSHIP_FIELDS} "
            f"FROM {SCHEMA}.person_subjects WHERE {_in('subject_key', keys)}", keys)
    else:
        found = store.dicts(
            f"SELECT {_PERSON_KEY} AS person_key, {_SUBJECT_COLUMNS}, {_MEMBERSHIP} "
            f"FROM {_MEMBERS} WHERE {_in(_SUBJECT_KEY, keys)}", keys)
    found.sort(key=lambda s: (s["person_key"], s["agency"], s["subject_ref"]))
    return found


def _events_by_key(store: Store, keys: list[str], copy: bool) -> list[dict[str, Any]]:
    if copy:
        return store.dicts(
            f"SELECT {EVENT_FIELDS} FROM {SCHEMA}.person_events WHERE {_in('event_key', keys)}",
            keys)
    found: list[dict[str, Any]] = []
    for start in range(0, len(keys), 200):
        chunk = [k.split(":", 1) for k in keys[start:start + 200]]
        condition = " OR ".join(["(agency = ? AND record_id = ?)"] * len(chunk))
        found += store.dicts(f"SELECT {EVENT_FIELDS} FROM current_events WHERE {condition}",
                             [v for pair in chunk for v in pair])
    return found
