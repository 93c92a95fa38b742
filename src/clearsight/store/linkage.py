"""Every table and query of linkage: the model's input, its settings (versioned), runs, scored
pairs, persons and their history, review decisions and households.

The probabilistic model runs in Splink on a scratch in-memory DuckDB database opened here (the
store layer owns every connection); what it decides comes back here to be kept.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from clearsight import __version__

if TYPE_CHECKING:
    from splink.backends.duckdb import DuckDBAPI
from clearsight.store.db import Store, utc_now

SubjectKey = tuple[str, str]

CHILD_ROLES = ("child", "unborn")

#: A person id as linkage writes it (`P` and seven digits); never contains ':'.
PERSON_ID = re.compile(r"P\d{7,}")




def _norm(expr: str) -> str:
    """A name as compared: lower case, accents dropped, hyphens as spaces, letters and spaces."""
    return (
        "nullif(trim(regexp_replace(regexp_replace(lower(strip_accents("
        f"{expr})), '[-_/]', ' ', 'g'), '[^a-z ]', '', 'g')), '')"
    )


_LAST_WORD = _norm(r"regexp_extract(trim(value), '\S+\s+(\S+)$', 1)")


#: Memory the scratch database may use before it spills to disk (`CLEARSIGHT_LINK_MEMORY`).
LINK_MEMORY_DEFAULT = "4GB"


def splink_database_api() -> DuckDBAPI:
    """A scratch in-memory DuckDB database for Splink's own tables, closed with the process.
    Its memory is capped (default 4GB, or `CLEARSIGHT_LINK_MEMORY`); beyond that it spills to
    a temporary folder, so a large run slows down rather than starving the machine."""
    from splink.backends.duckdb import DuckDBAPI

    con = duckdb.connect(":memory:")
    limit = os.environ.get("CLEARSIGHT_LINK_MEMORY", LINK_MEMORY_DEFAULT)
    con.execute(f"SET memory_limit = '{limit.replace(chr(39), '')}'")
    con.execute(f"SET temp_directory = '{tempfile.gettempdir().replace(chr(39), '')}'")
    return DuckDBAPI(con)


# -- the model's input ------------------------------------------------------------------------


def linkage_input(store: Store, nicknames: Sequence[tuple[str, str]]) -> pa.Table:
    """One row per agency subject, standardised for comparison.

    `unique_id` is `agency:subject_ref`. Names are normalised; `given_keys` holds every given
    name the subject was recorded under (and the first word of each alias) with the key of its
    nickname group; `family_names` every family name recorded, each part of a double-barrelled
    name and the last word of each alias; `postcodes` every postcode recorded.
    """
    nick = pa.table({"form": [p[0] for p in nicknames], "nick_key": [p[1] for p in nicknames]})
    store.register( "_link_nicknames", nick)
    try:
        table = store.connection.sql(
            f"""
            WITH ident AS (
                SELECT agency || ':' || subject_ref AS unique_id, attribute, value
                FROM subject_identities
            ),
            given_forms AS (
                SELECT unique_id, {_norm("value")} AS form FROM ident
                WHERE attribute = 'given_name'
                UNION
                SELECT unique_id, {_norm("split_part(trim(value), ' ', 1)")} FROM ident
                WHERE attribute = 'other_name'
            ),
            given_words AS (
                SELECT unique_id, unnest(string_split(form, ' ')) AS form
                FROM given_forms WHERE form IS NOT NULL
            ),
            given_keys AS (
                SELECT unique_id, list(DISTINCT k ORDER BY k) AS given_keys FROM (
                    SELECT unique_id, form AS k FROM given_words WHERE form <> ''
                    UNION
                    SELECT g.unique_id, n.nick_key FROM given_words g
                    JOIN _link_nicknames n ON n.form = g.form
                ) GROUP BY unique_id
            ),
            family_forms AS (
                SELECT unique_id, {_norm("value")} AS form FROM ident
                WHERE attribute = 'family_name'
                UNION
                SELECT unique_id, {_LAST_WORD}
                FROM ident WHERE attribute = 'other_name'
            ),
            family_names AS (
                SELECT unique_id, list(DISTINCT w ORDER BY w) AS family_names FROM (
                    SELECT unique_id, form AS w FROM family_forms WHERE form IS NOT NULL
                    UNION
                    SELECT unique_id, unnest(string_split(form, ' ')) FROM family_forms
                    WHERE form LIKE '% %'
                ) WHERE w <> '' GROUP BY unique_id
            ),
            postcodes AS (
                SELECT unique_id,
                       list(DISTINCT upper(replace(value, ' ', '')) ORDER BY 1) AS postcodes
                FROM ident WHERE attribute = 'postcode' GROUP BY unique_id
            ),
            base AS (
                SELECT agency || ':' || subject_ref AS unique_id, agency, subject_ref,
                       subject_role AS role,
                       subject_role IN {CHILD_ROLES} AS is_child,
                       {_norm("given_name")} AS given,
                       {_norm("family_name")} AS family,
                       date_of_birth AS dob,
                       strftime(date_of_birth, '%Y-%m-%d') AS dob_text,
                       CASE WHEN day(date_of_birth) <= 12 AND day(date_of_birth)
                                 <> month(date_of_birth)
                            THEN printf('%04d-%02d-%02d', year(date_of_birth),
                                        day(date_of_birth), month(date_of_birth))
                       END AS dob_swapped,
                       year(date_of_birth) AS birth_year,
                       CASE WHEN sex IN ('M', 'F') THEN sex END AS sex,
                       nhs_number AS nhs, upn,
                       upper(replace(postcode, ' ', '')) AS postcode,
                       nullif(split_part(upper(trim(postcode)), ' ', 1), '') AS postcode_district,
                       CASE WHEN household_ref IS NOT NULL
                            THEN agency || ':' || household_ref END AS household_ref,
                       lower(trim(address)) AS address,
                       first_event_date, last_event_date
                FROM subjects
            )
            SELECT b.*,
                   coalesce(n.nick_key, b.given) AS given_key,
                   coalesce(nf.nick_key, b.family) AS family_key,
                   substr(b.given, 1, 1) AS given_initial,
                   coalesce(g.given_keys, []) AS given_keys,
                   coalesce(f.family_names, []) AS family_names,
                   coalesce(p.postcodes, []) AS postcodes
            FROM base b
            LEFT JOIN (SELECT form, min(nick_key) AS nick_key FROM _link_nicknames GROUP BY form)
                 n ON n.form = b.given
            LEFT JOIN (SELECT form, min(nick_key) AS nick_key FROM _link_nicknames GROUP BY form)
                 nf ON nf.form = b.family
            LEFT JOIN given_keys g USING (unique_id)
            LEFT JOIN family_names f USING (unique_id)
            LEFT JOIN postcodes p USING (unique_id)
            ORDER BY b.unique_id
            """
        ).to_arrow_table()
    finally:
        store.unregister("_link_nicknames")
    return table


# -- settings ----------------------------------------------------------------------------------


def latest_settings(store: Store) -> tuple[int, dict[str, Any]] | None:
    row = store.one("SELECT version, settings FROM linkage_settings ORDER BY version DESC LIMIT 1")
    if row is None:
        return None
    return int(row[0]), json.loads(row[1])


def save_settings(store: Store, settings: dict[str, Any], trained_on_subjects: int) -> int:
    """Keep a trained model as the next version; earlier versions stay."""
    with store.transaction():
        row = store.one("SELECT coalesce(max(version), 0) + 1 FROM linkage_settings")
        assert row is not None
        version = int(row[0])
        store.execute(
            "INSERT INTO linkage_settings VALUES (?, ?, ?, ?, ?)",
            [
                version,
                utc_now(),
                trained_on_subjects,
                json.dumps(settings, sort_keys=True),
                __version__,
            ],
        )
    return version


# -- runs and pairs -----------------------------------------------------------------------------


def start_run(store: Store, settings_version: int, link_weight: float, review_weight: float) -> int:
    with store.transaction():
        row = store.one("SELECT coalesce(max(run_id), 0) + 1 FROM linkage_runs")
        assert row is not None
        run_id = int(row[0])
        store.execute(
            "INSERT INTO linkage_runs (run_id, started_at, settings_version, link_weight, "
            "review_weight, clearsight_version) VALUES (?, ?, ?, ?, ?, ?)",
            [run_id, utc_now(), settings_version, link_weight, review_weight, __version__],
        )
    return run_id


def finish_run(
    store: Store,
    run_id: int,
    *,
    subjects: int,
    pairs: int,
    links: int,
    review_pairs: int,
    persons: int,
) -> None:
    store.execute(
        "UPDATE linkage_runs SET finished_at = ?, subjects = ?, pairs = ?, links = ?, "
        "review_pairs = ?, persons = ? WHERE run_id = ?",
        [utc_now(), subjects, pairs, links, review_pairs, persons, run_id],
    )


def latest_run(store: Store) -> dict[str, Any] | None:
    rows = store.dicts(
        "SELECT * FROM linkage_runs WHERE finished_at IS NOT NULL ORDER BY run_id DESC LIMIT 1"
    )
    return rows[0] if rows else None


def save_pairs(store: Store, run_id: int, pairs: pa.Table) -> None:
    """Keep the scored pairs of a run (columns as `linkage_pairs`, without run_id)."""
    store.register( "_link_pairs", pairs)
    try:
        store.execute(
            "INSERT INTO linkage_pairs SELECT ?, left_key, right_key, match_weight, "
            "match_probability, outcome, decided_by, agreed, levels FROM _link_pairs",
            [run_id],
        )
    finally:
        store.unregister("_link_pairs")


def pair_explanation(store: Store, left_key: str, right_key: str) -> dict[str, Any] | None:
    """The latest run's scoring of one pair (either order)."""
    a, b = sorted((left_key, right_key))
    rows = store.dicts(
        "SELECT * FROM linkage_pairs WHERE left_key = ? AND right_key = ? "
        "ORDER BY run_id DESC LIMIT 1",
        [a, b],
    )
    return rows[0] if rows else None


# -- persons ------------------------------------------------------------------------------------


def current_memberships(store: Store) -> dict[str, str]:
    """`agency:subject_ref` → person_id, as the latest run left them."""
    return {
        str(k): str(p)
        for k, p in store.rows(
            "SELECT agency || ':' || subject_ref, person_id FROM person_members "
            "WHERE to_run IS NULL"
        )
    }


def new_person_ids(store: Store, count: int) -> list[str]:
    if count == 0:
        return []
    rows = store.rows("SELECT nextval('person_id_seq') FROM range(?)", [count])
    return sorted(f"P{int(r[0]):07d}" for r in rows)


def save_memberships(
    store: Store, run_id: int, members: pa.Table, changes: list[dict[str, Any]]
) -> None:
    """Close every membership that changed (person, weight, decider) and open the new ones.

    `members` has `person_id, agency, subject_ref, match_weight, decided_by, linked_to,
    agreed`. Rows that did not change stay open as they were; nothing is deleted.
    """
    store.register( "_link_members", members)
    try:
        store.execute(
            """
            UPDATE person_members AS p SET to_run = ?
            WHERE p.to_run IS NULL AND NOT EXISTS (
                SELECT 1 FROM _link_members m
                WHERE m.agency = p.agency AND m.subject_ref = p.subject_ref
                  AND m.person_id = p.person_id AND m.decided_by = p.decided_by
                  AND m.match_weight IS NOT DISTINCT FROM p.match_weight
                  AND m.linked_to IS NOT DISTINCT FROM p.linked_to)
            """,
            [run_id],
        )
        store.execute(
            """
            INSERT INTO person_members
            SELECT m.person_id, m.agency, m.subject_ref, m.match_weight, m.decided_by,
                   m.linked_to, m.agreed, ?, NULL
            FROM _link_members m
            WHERE NOT EXISTS (
                SELECT 1 FROM person_members p
                WHERE p.to_run IS NULL AND p.agency = m.agency
                  AND p.subject_ref = m.subject_ref)
            """,
            [run_id],
        )
        # One statement for every change (a first run has one per person: row by row, a
        # million-subject store spent minutes planning inserts).
        store.register(
            "_link_changes",
            pa.table(
                {
                    "change": pa.array([c["change"] for c in changes], type=pa.string()),
                    "person_id": pa.array([c["person_id"] for c in changes], type=pa.string()),
                    "other_person_id": pa.array(
                        [c.get("other_person_id") for c in changes], type=pa.string()
                    ),
                    "subjects": pa.array(
                        [list(c.get("subjects", [])) for c in changes], type=pa.list_(pa.string())
                    ),
                    "detail": pa.array([c.get("detail") for c in changes], type=pa.string()),
                }
            ),
        )
        store.execute(
            "INSERT INTO person_changes SELECT ?, change, person_id, other_person_id, subjects, "
            "detail FROM _link_changes",
            [run_id],
        )
    finally:
        store.unregister("_link_members")
        store.unregister("_link_changes")


def persons(store: Store) -> list[dict[str, Any]]:
    """The current linkage, one row per agency subject, ordered by person."""
    return store.dicts(
        """
        SELECT m.person_id, m.agency, m.subject_ref, s.subject_role AS role, m.match_weight,
               m.decided_by, m.linked_to, m.agreed
        FROM person_members m
        LEFT JOIN subjects s USING (agency, subject_ref)
        WHERE m.to_run IS NULL
        ORDER BY m.person_id, m.agency, m.subject_ref
        """
    )


def person_members(store: Store, person_id: str) -> list[dict[str, Any]]:
    """One person's agency subjects as the latest linkage joined them, with how."""
    return store.dicts(
        """
        SELECT m.person_id, m.agency, m.subject_ref, s.subject_role AS role, m.match_weight,
               m.decided_by, m.linked_to, m.agreed
        FROM person_members m
        LEFT JOIN subjects s USING (agency, subject_ref)
        WHERE m.to_run IS NULL AND m.person_id = ?
        ORDER BY m.agency, m.subject_ref
        """,
        [person_id],
    )


def person_changes(store: Store, run_id: int | None = None) -> list[dict[str, Any]]:
    where = "WHERE run_id = ?" if run_id is not None else ""
    return store.dicts(
        f"SELECT * FROM person_changes {where} ORDER BY run_id, change, person_id",
        [run_id] if run_id is not None else [],
    )


def successor(store: Store, person_id: str) -> str | None:
    """Where a person id that no longer has members went (followed through later merges)."""
    seen = {person_id}
    current = person_id
    while True:
        if store.one(
            "SELECT 1 FROM person_members WHERE person_id = ? AND to_run IS NULL LIMIT 1", [current]
        ):
            return current
        row = store.one(
            "SELECT person_id FROM person_changes WHERE change = 'merge' AND other_person_id = ? "
            "ORDER BY run_id DESC LIMIT 1",
            [current],
        )
        if row is None or row[0] in seen:
            return None
        current = str(row[0])
        seen.add(current)


def person_subject_keys(store: Store, person_id: str) -> list[SubjectKey]:
    """The agency subjects that are one person now (an id merged away is followed)."""
    target = successor(store, person_id)
    if target is None:
        return []
    return [
        (str(a), str(s))
        for a, s in store.rows(
            "SELECT agency, subject_ref FROM person_members WHERE person_id = ? "
            "AND to_run IS NULL ORDER BY agency, subject_ref",
            [target],
        )
    ]


def person_of(store: Store, key: SubjectKey) -> str | None:
    row = store.one(
        "SELECT person_id FROM person_members WHERE agency = ? AND subject_ref = ? "
        "AND to_run IS NULL",
        list(key),
    )
    return str(row[0]) if row else None


# -- review -------------------------------------------------------------------------------------


def record_review(
    store: Store, left_key: str, right_key: str, decision: str, reviewer: str, note: str | None
) -> int:
    a, b = sorted((left_key, right_key))
    with store.transaction():
        row = store.one("SELECT nextval('review_decision_seq')")
        assert row is not None
        decision_id = int(row[0])
        store.execute(
            "INSERT INTO review_decisions VALUES (?, ?, ?, ?, ?, ?, ?)",
            [decision_id, a, b, decision, reviewer, utc_now(), note],
        )
    return decision_id


def review_decisions(store: Store) -> list[dict[str, Any]]:
    """The latest decision on each pair (a later decision replaces an earlier one)."""
    return store.dicts(
        """
        SELECT left_key, right_key, decision, reviewer, decided_at, note FROM review_decisions
        QUALIFY row_number() OVER (PARTITION BY left_key, right_key
                                   ORDER BY decision_id DESC) = 1
        ORDER BY left_key, right_key
        """
    )


def review_queue(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Pairs of the latest run between the two thresholds with no reviewer decision yet,
    strongest first, with what each agency recorded."""
    run = latest_run(store)
    if run is None:
        return []
    return store.dicts(
        f"""
        SELECT p.left_key, p.right_key, p.match_weight, p.match_probability, p.agreed, p.levels,
               p.decided_by,
               l.given_name AS left_given, l.family_name AS left_family,
               l.date_of_birth AS left_dob, l.subject_role AS left_role,
               l.postcode AS left_postcode, l.nhs_number AS left_nhs,
               r.given_name AS right_given, r.family_name AS right_family,
               r.date_of_birth AS right_dob, r.subject_role AS right_role,
               r.postcode AS right_postcode, r.nhs_number AS right_nhs
        FROM linkage_pairs p
        LEFT JOIN subjects l ON l.agency || ':' || l.subject_ref = p.left_key
        LEFT JOIN subjects r ON r.agency || ':' || r.subject_ref = p.right_key
        WHERE p.run_id = ? AND p.outcome = 'review'
          AND NOT EXISTS (SELECT 1 FROM review_decisions d
                          WHERE d.left_key = p.left_key AND d.right_key = p.right_key)
        ORDER BY p.match_weight DESC, p.left_key, p.right_key
        {"LIMIT " + str(int(limit)) if limit else ""}
        """,
        [run["run_id"]],
    )


def subject_exists(store: Store, key: SubjectKey) -> bool:
    return (
        store.one("SELECT 1 FROM subjects WHERE agency = ? AND subject_ref = ?", list(key))
        is not None
    )


# -- households ---------------------------------------------------------------------------------


def household_evidence(store: Store) -> list[tuple[str, str, str]]:
    """(person_id, kind, value): each person's agency household references, and the places
    they were recorded at, each with every year-quarter from the first to the last record of
    them there.

    A place is the address with its postcode (lower-cased, spaces in the postcode dropped), as
    each event recorded them: the first line of an address alone is not a place, since one
    town has many "Flat 3, Weaver Court"s in different postcodes. A record with an address but
    no postcode is matched only with others that have none."""
    rows = store.rows(
        """
        WITH seen AS (
            SELECT m.person_id,
                   lower(trim(e.address)) || ' | '
                   || upper(replace(coalesce(e.postcode, ''), ' ', '')) AS place,
                   min(e.event_date) AS first_seen, max(e.event_date) AS last_seen
            FROM person_members m JOIN current_events e USING (agency, subject_ref)
            WHERE m.to_run IS NULL AND trim(coalesce(e.address, '')) <> ''
            GROUP BY m.person_id, place
        )
        SELECT m.person_id, 'household_ref', i.agency || ':' || i.value
        FROM person_members m JOIN subject_identities i USING (agency, subject_ref)
        WHERE m.to_run IS NULL AND i.attribute = 'household_ref'
        UNION
        SELECT s.person_id, 'address',
               s.place || '@' || CAST(year(q.d) AS VARCHAR) || 'Q' || CAST(quarter(q.d) AS VARCHAR)
        FROM seen s CROSS JOIN LATERAL (
            SELECT unnest(generate_series(date_trunc('quarter', s.first_seen),
                                          date_trunc('quarter', s.last_seen),
                                          INTERVAL 3 MONTH)) AS d
        ) q
        ORDER BY 1, 2, 3
        """
    )
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def save_households(store: Store, run_id: int, members: list[tuple[str, str, list[str]]]) -> None:
    store.register(
        "_link_households",
        pa.table(
            {
                "household_id": [m[0] for m in members],
                "person_id": [m[1] for m in members],
                "basis": pa.array([m[2] for m in members], type=pa.list_(pa.string())),
            }
        ),
    )
    try:
        store.execute(
            "INSERT INTO household_members SELECT ?, household_id, person_id, basis "
            "FROM _link_households",
            [run_id],
        )
    finally:
        store.unregister("_link_households")


def household_of(store: Store, person_id: str) -> list[dict[str, Any]]:
    """The members of the person's household in the latest run, with their subjects' roles."""
    return store.dicts(
        """
        WITH run AS (SELECT max(run_id) AS run_id FROM household_members),
        mine AS (SELECT h.household_id FROM household_members h, run
                 WHERE h.run_id = run.run_id AND h.person_id = ?)
        SELECT h.household_id, h.person_id, h.basis,
               list(DISTINCT s.subject_role ORDER BY s.subject_role) AS roles
        FROM household_members h, run, mine
        LEFT JOIN person_members m ON m.person_id = h.person_id AND m.to_run IS NULL
        LEFT JOIN subjects s ON s.agency = m.agency AND s.subject_ref = m.subject_ref
        WHERE h.run_id = run.run_id AND h.household_id = mine.household_id
        GROUP BY ALL ORDER BY h.person_id
        """,
        [person_id],
    )


def pairs_to_arrow(rows: list[dict[str, Any]]) -> pa.Table:
    """Arrow table with the columns `save_pairs` expects."""
    return pa.table(
        {
            "left_key": pa.array([r["left_key"] for r in rows], type=pa.string()),
            "right_key": pa.array([r["right_key"] for r in rows], type=pa.string()),
            "match_weight": pa.array([r["match_weight"] for r in rows], type=pa.float64()),
            "match_probability": pa.array(
                [r["match_probability"] for r in rows], type=pa.float64()
            ),
            "outcome": pa.array([r["outcome"] for r in rows], type=pa.string()),
            "decided_by": pa.array([r["decided_by"] for r in rows], type=pa.string()),
            "agreed": pa.array([r["agreed"] for r in rows], type=pa.list_(pa.string())),
            "levels": pa.array([r["levels"] for r in rows], type=pa.string()),
        }
    )


# -- evaluation and benchmarks --------------------------------------------------------------


def subject_nhs_numbers(store: Store) -> dict[str, str]:
    """`agency:subject_ref` → NHS number, for subjects that have one."""
    return {
        str(k): str(v)
        for k, v in store.rows(
            "SELECT agency || ':' || subject_ref, nhs_number FROM subjects "
            "WHERE nhs_number IS NOT NULL"
        )
    }


def replicate_subjects(store: Store, copies: int) -> int:
    """For scale benchmarks only: add `copies` copies of every subject (and its identity
    history) as other people: subject_ref suffixed `~k`, date of birth moved 37·k days,
    postcode district suffixed with a letter, NHS number changed and its check digit recomputed
    (dropped when none exists), UPN suffixed. Returns the number of subjects after."""
    digits = (
        "(CAST((CAST(substr({v}, 1, 1) AS INTEGER) + k.k) % 10 AS VARCHAR) || substr({v}, 2, 8))"
    )
    check = (
        "((11 - list_sum(list_transform(range(9), lambda i: "
        "CAST(substr(" + digits + ", i + 1, 1) AS INTEGER) * (10 - i))) % 11) % 11)"
    )
    nhs = (
        "CASE WHEN "
        + check
        + " = 10 THEN NULL ELSE "
        + digits
        + " || CAST("
        + check
        + " AS VARCHAR) END"
    )
    postcode = (
        "CASE WHEN {v} IS NULL THEN NULL ELSE regexp_replace({v}, '^(\\S+)', "
        "'\\1' || chr(64 + CAST(k.k AS INTEGER))) END"
    )
    with store.transaction():
        store.execute(
            f"""
            INSERT INTO subjects
            SELECT s.agency, s.subject_ref || '~' || CAST(k.k AS VARCHAR), s.subject_role,
                   s.household_ref || '~' || CAST(k.k AS VARCHAR), s.given_name, s.family_name,
                   s.other_names, s.date_of_birth + CAST(37 * k.k AS INTEGER),
                   s.sex, {nhs.format(v="s.nhs_number")},
                   s.upn || '~' || CAST(k.k AS VARCHAR), {postcode.format(v="s.postcode")},
                   s.address || ' ~' || CAST(k.k AS VARCHAR),
                   s.first_event_date, s.last_event_date, s.event_count
            FROM subjects s, (SELECT unnest(range(1, ? + 1)) AS k) k
            WHERE s.subject_ref NOT LIKE '%~%'
            """,
            [copies],
        )
        store.execute(
            f"""
            INSERT INTO subject_identities
            SELECT * FROM (
            SELECT i.agency, i.subject_ref || '~' || CAST(k.k AS VARCHAR), i.attribute,
                   CASE i.attribute
                       WHEN 'date_of_birth' THEN CAST(CAST(i.value AS DATE)
                                                     + CAST(37 * k.k AS INTEGER) AS VARCHAR)
                       WHEN 'nhs_number' THEN {nhs.format(v="i.value")}
                       WHEN 'postcode' THEN {postcode.format(v="i.value")}
                       WHEN 'address' THEN i.value || ' ~' || CAST(k.k AS VARCHAR)
                       WHEN 'upn' THEN i.value || '~' || CAST(k.k AS VARCHAR)
                       WHEN 'household_ref' THEN i.value || '~' || CAST(k.k AS VARCHAR)
                       ELSE i.value END AS value,
                   i.first_seen, i.last_seen, i.times_recorded
            FROM subject_identities i, (SELECT unnest(range(1, ? + 1)) AS k) k
            WHERE i.subject_ref NOT LIKE '%~%'
            ) AS copied WHERE copied.value IS NOT NULL
            """,
            [copies],
        )
    row = store.one("SELECT count(*) FROM subjects")
    return int(row[0]) if row else 0
