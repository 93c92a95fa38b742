"""Reading the store: subjects, events in time order, what the store holds."""

from __future__ import annotations

from typing import Any

from clearsight.store.db import Store
from clearsight.store.schema import EVENT_VALUE_COLUMNS

SubjectKey = tuple[str, str]

SUBJECT_FIELDS = (
    "agency, subject_ref, subject_role, household_ref, given_name, family_name, other_names, "
    "date_of_birth, sex, nhs_number, upn, postcode, address, first_event_date, "
    "last_event_date, event_count"
)


def _any_of(keys: list[SubjectKey]) -> tuple[str, list[str]]:
    """`(agency = ? AND subject_ref = ?) OR ...` for the keys: equality lets DuckDB skip the
    row groups whose min/max exclude a key (the events of one agency's file sit together),
    where `IN (SELECT unnest(...))` joins against every row."""
    condition = " OR ".join(["(agency = ? AND subject_ref = ?)"] * len(keys))
    return f"({condition})", [value for key in keys for value in key]


def _chunks(keys: list[SubjectKey], size: int = 200) -> list[list[SubjectKey]]:
    unique = list(dict.fromkeys(keys))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


def subjects(store: Store, keys: list[SubjectKey]) -> list[dict[str, Any]]:
    """The stored subjects among `keys`, in the order given (missing ones are left out)."""
    if not keys:
        return []
    found: dict[SubjectKey, dict[str, Any]] = {}
    for chunk in _chunks(keys):
        condition, params = _any_of(chunk)
        for row in store.dicts(
            f"SELECT {SUBJECT_FIELDS} FROM subjects WHERE {condition}", params
        ):
            found[(row["agency"], row["subject_ref"])] = row
    return [found[k] for k in keys if k in found]


def similar_subject_refs(store: Store, agency: str, subject_ref: str, limit: int = 5) -> list[str]:
    """Subject references close to one that was not found, to help a person correct a typo."""
    rows = store.rows(
        "SELECT agency || ':' || subject_ref FROM subjects "
        "WHERE agency = ? OR ? = '' "
        "ORDER BY jaro_winkler_similarity(lower(subject_ref), lower(?)) DESC, subject_ref "
        "LIMIT ?",
        [agency, agency, subject_ref, limit],
    )
    return [str(r[0]) for r in rows]


def events_for_subjects(store: Store, keys: list[SubjectKey]) -> list[dict[str, Any]]:
    """Every current event of the subjects, in time order (a stable order within a day)."""
    if not keys:
        return []
    columns = ", ".join(EVENT_VALUE_COLUMNS)
    found: list[dict[str, Any]] = []
    for chunk in _chunks(keys):
        condition, params = _any_of(chunk)
        found.extend(
            store.dicts(
                f"SELECT event_id, version, submission_id, {columns} FROM current_events "
                f"WHERE {condition}",
                params,
            )
        )
    found.sort(key=event_order)
    return found


def event_order(event: dict[str, Any]) -> tuple[Any, ...]:
    """Time order, stable within a day: dated events first, then by time, agency and record."""
    return (event["event_date"], event["event_time"] is not None, event["event_time"] or "",
            event["agency"], event["record_id"])


def all_current_events(store: Store) -> list[dict[str, Any]]:
    """Every current event, ordered by agency and record id (for export)."""
    columns = ", ".join(EVENT_VALUE_COLUMNS)
    return store.dicts(f"SELECT {columns} FROM current_events ORDER BY agency, record_id")


def event_history(store: Store, agency: str, record_id: str) -> list[dict[str, Any]]:
    """Every version of one event, oldest first."""
    columns = ", ".join(EVENT_VALUE_COLUMNS)
    return store.dicts(
        f"SELECT version, is_current, submission_id, superseded_by_submission, {columns} "
        "FROM events WHERE agency = ? AND record_id = ? ORDER BY version",
        [agency, record_id],
    )


def status(store: Store) -> dict[str, Any]:
    """What the store holds: totals, per agency, and the latest submissions."""
    totals = store.one(
        """
        SELECT (SELECT count(*) FROM current_events),
               (SELECT count(*) FROM events WHERE NOT is_current),
               (SELECT count(*) FROM subjects),
               (SELECT count(*) FROM submissions),
               (SELECT min(event_date) FROM current_events),
               (SELECT max(event_date) FROM current_events)
        """
    )
    assert totals is not None
    per_agency = store.dicts(
        """
        SELECT e.agency, count(*) AS events, count(DISTINCT e.subject_ref) AS subjects,
               min(e.event_date) AS first_event, max(e.event_date) AS last_event,
               max(s.received_at) AS last_received
        FROM current_events e JOIN submissions s USING (submission_id)
        GROUP BY e.agency ORDER BY e.agency
        """
    )
    submissions = store.dicts(
        """
        SELECT submission_id, file_name, received_at, outcome, rows_read, rows_new,
               rows_updated, rows_unchanged, rows_rejected
        FROM submissions ORDER BY submission_id DESC LIMIT 10
        """
    )
    return {
        "store": str(store.path),
        "schema_version": store.schema_version(),
        "events": int(totals[0]),
        "replaced_versions": int(totals[1]),
        "subjects": int(totals[2]),
        "submissions": int(totals[3]),
        "first_event": totals[4],
        "last_event": totals[5],
        "agencies": per_agency,
        "recent_submissions": submissions,
    }


def subjects_of_events(store: Store, events: list[tuple[str, str]]) -> list[SubjectKey]:
    """The subjects that current events (agency, record_id) are about."""
    found: list[SubjectKey] = []
    for chunk in _chunks(events):
        condition = " OR ".join(["(agency = ? AND record_id = ?)"] * len(chunk))
        for agency, ref in store.rows(
            f"SELECT DISTINCT agency, subject_ref FROM current_events WHERE {condition} "
            "ORDER BY 1, 2",
            [v for key in chunk for v in key],
        ):
            found.append((str(agency), str(ref)))
    return found
