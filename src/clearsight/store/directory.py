"""The directory of persons the web pages work from: one row per person (a linked person, or an
agency subject that linkage has not joined to anyone), with the name and date of birth to show,
the subjects that make it up, and its current allocation in children's social care.

Allocation is read from the social care events themselves: the team and worker named on the
person's latest social care event that names one, while the case is open (its latest social care
event is not a closure). A person with no open social care case is unallocated."""

from __future__ import annotations

from collections import Counter
from typing import Any

from clearsight.store.db import Store
from clearsight.store.rules import current_alerts


def directory(store: Store) -> list[dict[str, Any]]:
    return store.dicts(
        """
        WITH subj AS (
            SELECT s.*, coalesce(m.person_id, s.agency || ':' || s.subject_ref) AS person_id
            FROM subjects s
            LEFT JOIN person_members m
              ON m.agency = s.agency AND m.subject_ref = s.subject_ref AND m.to_run IS NULL
        ),
        sc AS (
            SELECT p.person_id,
                   max_by(e.team, struct_pack(d := e.event_date, r := e.record_id))
                       FILTER (WHERE e.team IS NOT NULL) AS team,
                   max_by(e.practitioner, struct_pack(d := e.event_date, r := e.record_id))
                       FILTER (WHERE e.practitioner IS NOT NULL) AS worker,
                   max_by(e.event_type, struct_pack(d := e.event_date, r := e.record_id))
                       AS last_event_type,
                   max(e.event_date) AS last_social_care
            FROM current_events e JOIN subj p USING (agency, subject_ref)
            WHERE e.agency = 'social_care'
            GROUP BY p.person_id
        ),
        people AS (
            SELECT person_id,
                   first(given_name ORDER BY agency <> 'social_care', event_count DESC,
                         agency, subject_ref) FILTER (WHERE given_name IS NOT NULL)
                       AS given_name,
                   first(family_name ORDER BY agency <> 'social_care', event_count DESC,
                         agency, subject_ref) FILTER (WHERE family_name IS NOT NULL)
                       AS family_name,
                   first(date_of_birth ORDER BY agency <> 'social_care', event_count DESC,
                         agency, subject_ref) FILTER (WHERE date_of_birth IS NOT NULL)
                       AS date_of_birth,
                   first(subject_role ORDER BY agency <> 'social_care', event_count DESC,
                         agency, subject_ref) AS role,
                   list(agency || ':' || subject_ref ORDER BY agency, subject_ref) AS subjects,
                   list_sort(list_distinct(list(nhs_number))) AS nhs_numbers,
                   list_sort(list_distinct(list(upn))) AS upns,
                   list_sort(list_distinct(flatten(list(list_concat(
                       [given_name, family_name], coalesce(other_names, [])))))) AS names
            FROM subj
            GROUP BY person_id
        )
        SELECT p.*, sc.team, sc.worker, sc.last_event_type, sc.last_social_care,
               sc.person_id IS NOT NULL AND sc.last_event_type <> 'case_closed' AS open_case
        FROM people p LEFT JOIN sc USING (person_id)
        ORDER BY p.person_id
        """
    )


def household_ids(store: Store) -> dict[str, list[str]]:
    """Each person's households in the latest linkage run (none before linkage has run)."""
    found: dict[str, list[str]] = {}
    for person, household in store.rows(
        "SELECT DISTINCT person_id, household_id FROM household_members "
        "WHERE run_id = (SELECT max(run_id) FROM household_members) ORDER BY 1, 2"
    ):
        found.setdefault(str(person), []).append(str(household))
    return found


def latest_detection_as_of(store: Store) -> Any:
    row = store.one("SELECT as_of FROM detection_runs ORDER BY run_id DESC LIMIT 1")
    return row[0] if row else None



def busiest_allocations(store: Store) -> tuple[list[str], dict[str, list[str]]]:
    """Teams by the number of current alerts on their open cases, most first; and for each team
    its workers the same way (to give demonstration and benchmark users non-empty inboxes)."""
    people = {p["person_id"]: p for p in directory(store) if p["open_case"]}
    teams: Counter[str] = Counter()
    workers: dict[str, Counter[str]] = {}
    for alert in current_alerts(store):
        p = people.get(alert["person_id"])
        if p is None or not p["team"]:
            continue
        teams[p["team"]] += 1
        if p["worker"]:
            workers.setdefault(p["team"], Counter())[p["worker"]] += 1
    return ([t for t, _ in teams.most_common()],
            {t: [w for w, _ in c.most_common()] for t, c in workers.items()})
