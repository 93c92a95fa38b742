"""The store side of detection: the inputs every rule reads, the firings, and the alerts.

Rules (`clearsight.rules`) are SELECT statements over four inputs prepared here for one
`as_of` date, from rows recorded by then and nothing later:

- `rule_persons`: each agency subject with its person (after linkage; else the subject itself),
  whether the person is a child, and the child's date of birth (the most often recorded);
- `rule_events`: each current event known by `as_of` (`known_on` = the day it was recorded,
  else the event date), with its person, the child's age in days at the event, and what its
  narrative asserts (`clearsight.text`): injuries, body sites and the explanation fill the
  structured columns when the agency left them empty (`injury_from_narrative`), and flags say
  when it asserts a new adult, domestic abuse, substance misuse, mental ill-health, or a child
  not brought or no access (`text_*`);
- `rule_injuries`: one row per injury type and body site of an event;
- `rule_household_children`: each person with each child of their household (a child is in
  their own).

A rule returns firings: (person_id, raised_on, evidence, summary), where evidence lists the
`agency:record_id` of the rows that made it. The engine checks that every evidence row was
known by `raised_on` and that `raised_on` is not after `as_of`, then folds firings of one rule
for one person that follow within the rule's window into one alert.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from clearsight.format.spec import AGENCY_WORDS
from clearsight.store.db import Store

CONTRACT_COLUMNS = (
    "alert_id",
    "rule_id",
    "severity",
    "person_id",
    "subject_refs",
    "raised_on",
    "evidence",
    "summary",
)


def _table_exists(store: Store, name: str) -> bool:
    row = store.one("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(row and row[0])


def _temp_table(
    store: Store, name: str, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """A temporary table of text columns from Python rows, loaded in one go through Arrow."""
    data = pa.table({c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(columns)})
    store.register("_rows", data)
    try:
        store.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _rows")
    finally:
        store.unregister("_rows")


def _persons_sql(member_rows: str, subjects: str = "subjects") -> str:
    """The rows of `rule_persons` for the agency subjects of `subjects` (a table or a
    subquery over `subjects`), with the persons of `member_rows` (agency, subject_ref,
    person_id; a subject without one is its own person): whether the person is a child and
    the child's date of birth, over the person's subjects among them: the date their child
    subjects record most often; between dates recorded equally often, the later (the younger
    age, so that the rules for babies are not missed), so that the choice never depends on the
    order rows are read in."""
    return f"""
        WITH s AS (
            SELECT coalesce(m.person_id, s.agency || ':' || s.subject_ref) AS person_id,
                   s.agency, s.subject_ref, s.subject_role, s.date_of_birth
            FROM {subjects} s
            LEFT JOIN ({member_rows}) m ON m.agency = s.agency AND m.subject_ref = s.subject_ref
        ),
        dob AS (
            SELECT person_id, arg_max(date_of_birth, struct_pack(n := n, d := date_of_birth))
                       AS child_dob
            FROM (SELECT person_id, date_of_birth, count(*) AS n FROM s
                  WHERE subject_role IN ('child', 'unborn') AND date_of_birth IS NOT NULL
                  GROUP BY person_id, date_of_birth)
            GROUP BY person_id
        )
        SELECT s.*,
               bool_or(subject_role IN ('child', 'unborn')) OVER (PARTITION BY s.person_id)
                   AS is_child,
               dob.child_dob
        FROM s LEFT JOIN dob USING (person_id)
    """


def _children_sql(source: str, latest: str, children: str) -> str:
    """The rows of `rule_household_children` for the children of `children` (a SELECT of
    person ids from `rule_persons`): every person of each child's households with the child,
    and the child with itself."""
    households = (
        f"""
        SELECT h.person_id, c.person_id AS child_id
        FROM {source} h
        JOIN {source} c USING (run_id, household_id)
        JOIN ({children}) k ON k.person_id = c.person_id
        WHERE {latest}
        """
        if source
        else "SELECT NULL::VARCHAR AS person_id, NULL::VARCHAR AS child_id WHERE false"
    )
    return f"""
        SELECT DISTINCT person_id, child_id FROM (
            {households}
            UNION ALL
            SELECT DISTINCT person_id, person_id FROM ({children}) k
        )
    """


def prepare_people(
    store: Store,
    as_of: dt.date,
    person_map: list[tuple[str, str, str]] | None = None,
    household_map: list[tuple[str, str]] | None = None,
    persons: list[str] | None = None,
) -> None:
    """Build `rule_persons` and `rule_household_children`, for everyone or for a scope.

    Persons come from linkage (`person_members`), or from `person_map` (agency, subject_ref,
    person_id) when given: a known truth, for evaluation and for the rules' own examples.
    Households likewise come from linkage (`household_members`) or `household_map`
    (person_id, household_id). With `persons` (an incremental run, or one batch of a large
    run), the scope is those persons and the people of their households (`rule_scope`), and
    everything is built from their own rows only (`_prepare_scope`): their agency subjects and
    households are looked up first, and `rule_scope_events` holds only their subjects' current
    events known by `as_of`, so the work follows the persons' rows, not the store's. The rows
    are those a table of everyone would give the scope.
    """
    con = store.connection
    if person_map is not None:
        _temp_table(store, "rule_person_map", ("agency", "subject_ref", "person_id"), person_map)
        member_rows = "SELECT agency, subject_ref, person_id FROM rule_person_map"
    elif _table_exists(store, "person_members"):
        member_rows = (
            "SELECT agency, subject_ref, person_id FROM person_members WHERE to_run IS NULL"
        )
    else:
        member_rows = (
            "SELECT NULL::VARCHAR AS agency, NULL::VARCHAR AS subject_ref, "
            "NULL::VARCHAR AS person_id WHERE false"
        )
    if household_map is not None:
        _temp_table(store, "rule_household_map", ("person_id", "household_id"), household_map)
        source = "(SELECT 0 AS run_id, household_id, person_id FROM rule_household_map)"
        latest = "true"
    elif _table_exists(store, "household_members"):
        source = "household_members"
        latest = "h.run_id = (SELECT max(run_id) FROM household_members)"
    else:
        source, latest = "", "false"
    if persons is not None:
        _prepare_scope(store, persons, member_rows, source, latest, as_of)
        return
    con.execute(f"CREATE OR REPLACE TEMP TABLE rule_persons AS {_persons_sql(member_rows)}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rule_household_children AS "
        + _children_sql(
            source, latest, "SELECT DISTINCT person_id FROM rule_persons WHERE is_child"
        )
    )
    _temp_table(store, "rule_scope", ("person_id",), [])


#: The columns of `current_events` that a scoped run keeps (`rule_scope_events`).
_SCOPE_EVENT_COLUMNS = (
    "agency",
    "record_id",
    "version",
    "subject_ref",
    "subject_role",
    "event_date",
    "recorded_at",
    "event_type",
    "child_seen",
    "explanation",
    "concern_level",
    "injury_type",
    "body_sites",
    "factors",
    "description",
    "team",
    "practitioner",
)


def _prepare_scope(
    store: Store,
    persons: list[str],
    member_rows: str,
    source: str,
    latest: str,
    as_of: dt.date,
) -> None:
    """The persons of a scoped run and their households, from their own rows.

    `rule_scope` is `persons` and the people of their households: adults of its children,
    children of its adults, and their siblings, two steps through `rule_household_children`.
    `rule_persons` and `rule_household_children` hold the rows that the tables of everyone
    would hold for the scope, the people of its households, and the children of theirs (each
    child with every person of its households, which CS-014 compares): `_load_people` looks
    them up person by person. `rule_scope_events` is the current events of the scope's
    subjects known by `as_of` (the columns the rule inputs and the narrative reader use), found
    by their row ids in one scan of the key columns.
    """
    con = store.connection
    _temp_table(store, "rule_scope", ("person_id",), [(p,) for p in persons])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rule_persons AS "
        + _persons_sql(member_rows, "(SELECT * FROM subjects WHERE false)")
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rule_household_children (person_id VARCHAR, child_id VARCHAR)"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE rule_loaded (person_id VARCHAR)")
    mates = (
        f"""
        SELECT c.person_id FROM {source} h JOIN {source} c USING (run_id, household_id)
        WHERE {latest} AND h.person_id IN (SELECT person_id FROM rule_scope)
        """
        if source
        else "SELECT NULL::VARCHAR AS person_id WHERE false"
    )
    wanted = f"SELECT person_id FROM rule_scope UNION ALL {mates}"
    _load_people(store, wanted, member_rows, source, latest)
    for _ in range(2):
        # one step out through the households: rule_household_children holds every row whose
        # person or child is in the scope, as the table of everyone would
        con.execute(
            """
            INSERT INTO rule_scope
            SELECT child_id FROM rule_household_children
            WHERE person_id IN (SELECT person_id FROM rule_scope)
            UNION
            SELECT person_id FROM rule_household_children
            WHERE child_id IN (SELECT person_id FROM rule_scope)
            EXCEPT SELECT person_id FROM rule_scope
            """
        )
        _load_people(store, wanted, member_rows, source, latest)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rule_scope_subjects AS SELECT DISTINCT agency, "
        "subject_ref FROM rule_persons WHERE person_id IN (SELECT person_id FROM rule_scope)"
    )
    # `current_events` is `events WHERE is_current`; the scope's rows are found by scanning
    # the key columns only, then read by row id, only the columns `prepare_events` and the
    # narrative reader use
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE rule_scope_events AS
        SELECT {", ".join("e." + c for c in _SCOPE_EVENT_COLUMNS)} FROM events e
        WHERE e.rowid IN (SELECT x.rowid FROM events x
                          SEMI JOIN rule_scope_subjects USING (agency, subject_ref)
                          WHERE x.is_current)
          AND CAST(coalesce(e.recorded_at, e.event_date) AS DATE) <= ?
        """,
        [as_of],
    )


def _load_people(store: Store, wanted: str, member_rows: str, source: str, latest: str) -> None:
    """Add the persons of `wanted` (a SELECT of person ids) not yet added to `rule_persons`,
    each over all of their agency subjects (those `member_rows` gives them, or the one a person
    id of the form `agency:subject_ref` names), and the rows of those who are children to
    `rule_household_children`."""
    con = store.connection
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE rule_wanted AS
        SELECT DISTINCT person_id FROM ({wanted}) w
        ANTI JOIN rule_loaded USING (person_id)
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE rule_candidates AS
        SELECT agency, subject_ref FROM ({member_rows}) m
        WHERE person_id IN (SELECT person_id FROM rule_wanted)
        UNION
        SELECT split_part(person_id, ':', 1), substr(person_id, strpos(person_id, ':') + 1)
        FROM rule_wanted WHERE strpos(person_id, ':') > 0
        """
    )
    subjects = "(SELECT * FROM subjects SEMI JOIN rule_candidates USING (agency, subject_ref))"
    members = (
        f"SELECT * FROM ({member_rows}) m SEMI JOIN rule_candidates USING (agency, subject_ref)"
    )
    con.execute(
        f"""
        INSERT INTO rule_persons
        SELECT * FROM ({_persons_sql(members, subjects)}) p
        WHERE person_id IN (SELECT person_id FROM rule_wanted)
        """
    )
    children = (
        "SELECT DISTINCT person_id FROM rule_persons "
        "WHERE is_child AND person_id IN (SELECT person_id FROM rule_wanted)"
    )
    con.execute(f"INSERT INTO rule_household_children {_children_sql(source, latest, children)}")
    con.execute("INSERT INTO rule_loaded SELECT person_id FROM rule_wanted")


def prepare_events(store: Store, as_of: dt.date, *, scoped: bool = False) -> None:
    """Build `rule_events`, `rule_injuries` and an empty `rule_firings` for `as_of`, after
    `prepare_people`: every current event known by `as_of` with its person and the facts read
    from its narrative; `scoped`, only the scope's (`rule_scope_events`, and the facts of
    those events' narratives alone)."""
    con = store.connection
    if scoped:
        events = "rule_scope_events e JOIN rule_persons p USING (agency, subject_ref)"
        facts = (
            "(SELECT * FROM narrative_facts "
            "SEMI JOIN rule_scope_events USING (agency, record_id, version))"
        )
        scope = "AND p.person_id IN (SELECT person_id FROM rule_scope)"
    else:
        events = "current_events e JOIN rule_persons p USING (agency, subject_ref)"
        facts = "narrative_facts"
        scope = ""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE rule_events AS
        WITH facts AS (
            SELECT agency, record_id, version,
                   list_distinct(list(value) FILTER (
                       WHERE kind = 'injury' AND coalesce(about, 'child') IN ('child', 'unborn')
                   )) AS injuries,
                   list_distinct(flatten(list(body_sites) FILTER (
                       WHERE kind = 'injury' AND coalesce(about, 'child') IN ('child', 'unborn')
                   ))) AS sites,
                   arg_min(value, list_position(['changing', 'inconsistent', 'none',
                                                 'consistent'], value))
                       FILTER (WHERE kind = 'explanation') AS explanation,
                   bool_or(kind = 'new_adult') AS new_adult,
                   bool_or(kind = 'domestic_abuse') AS domestic_abuse,
                   bool_or(kind = 'substance_misuse') AS substance_misuse,
                   bool_or(kind = 'mental_health') AS mental_health,
                   bool_or(kind = 'child_not_seen' AND value IN ('not_brought', 'no_access'))
                       AS not_brought,
                   bool_or(kind = 'not_mobile') AS not_mobile
            FROM {facts}
            WHERE polarity = 'asserted'
              AND reader_version = (SELECT max(reader_version) FROM narratives_read)
            GROUP BY agency, record_id, version
        )
        SELECT p.person_id, p.is_child, e.agency, e.record_id,
               e.agency || ':' || e.record_id AS evidence_key, e.subject_ref,
               coalesce(e.subject_role, p.subject_role) AS subject_role,
               e.event_date, CAST(coalesce(e.recorded_at, e.event_date) AS DATE) AS known_on,
               e.event_type, e.child_seen,
               coalesce(e.explanation, f.explanation) AS explanation, e.concern_level,
               CASE WHEN len(e.injury_type) > 0 THEN e.injury_type
                    ELSE nullif(f.injuries, []) END AS injury_type,
               CASE WHEN len(e.injury_type) > 0 THEN e.body_sites
                    ELSE nullif(f.sites, []) END AS body_sites,
               len(e.injury_type) = 0 AND len(f.injuries) > 0 AS injury_from_narrative,
               coalesce(f.new_adult, false) AS text_new_adult,
               coalesce(f.domestic_abuse, false) AS text_domestic_abuse,
               coalesce(f.substance_misuse, false) AS text_substance_misuse,
               coalesce(f.mental_health, false) AS text_mental_health,
               coalesce(f.not_brought, false) AS text_not_brought,
               coalesce(f.not_mobile, false) AS text_not_mobile,
               e.factors, e.description, e.team, e.practitioner,
               p.child_dob, CASE WHEN p.is_child THEN e.event_date - p.child_dob END AS age_days
        FROM {events}
        LEFT JOIN facts f
          ON f.agency = e.agency AND f.record_id = e.record_id AND f.version = e.version
        WHERE CAST(coalesce(e.recorded_at, e.event_date) AS DATE) <= ? {scope}
        """,
        [as_of],
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE rule_injuries AS
        WITH types AS (
            SELECT re.* EXCLUDE (injury_type), unnest(injury_type) AS injury
            FROM rule_events re WHERE len(injury_type) > 0
        )
        SELECT t.* EXCLUDE (body_sites),
               unnest(CASE WHEN len(t.body_sites) > 0 THEN t.body_sites
                           ELSE [NULL::VARCHAR] END) AS body_site
        FROM types t
        """
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rule_firings (rule_id VARCHAR, person_id VARCHAR, "
        "raised_on DATE, evidence VARCHAR[], summary VARCHAR)"
    )


def person_batches(store: Store, events_per_batch: int) -> list[list[str]]:
    """Every person of `rule_persons`, in batches of about `events_per_batch` events, the
    people of one household together (a run over a batch reads its households anyway)."""
    rows = store.rows(
        """
        WITH people AS (
            SELECT p.person_id, sum(s.event_count) AS events
            FROM rule_persons p JOIN subjects s USING (agency, subject_ref)
            GROUP BY p.person_id
        ),
        grouped AS (
            SELECT e.person_id, e.events, coalesce(min(h.child_id), e.person_id) AS grp
            FROM people e LEFT JOIN rule_household_children h ON h.person_id = e.person_id
            GROUP BY e.person_id, e.events
        ),
        sized AS (SELECT grp, sum(events) AS events FROM grouped GROUP BY grp),
        numbered AS (
            SELECT grp, CAST(floor((sum(events) OVER (ORDER BY grp ROWS UNBOUNDED PRECEDING)
                                   - events) / ?) AS BIGINT) AS batch
            FROM sized
        )
        SELECT n.batch, list(g.person_id ORDER BY g.person_id)
        FROM grouped g JOIN numbered n USING (grp)
        GROUP BY n.batch ORDER BY n.batch
        """,
        [events_per_batch],
    )
    return [[str(p) for p in people] for _batch, people in rows]


def _in_words(expression: str) -> str:
    """SQL that rewrites a rule's summary for a reader: the health agencies' and social care's
    codes as their names ("health_gp" as "GP", "social_care" as "children's social care"), and
    any other code's underscores as spaces ("health_visiting" as "health visiting",
    "head_injury" as "head injury"; "substance_misuse", an agency and a factor, stays plain)."""
    for code, words in sorted(AGENCY_WORDS.items(), key=lambda kv: -len(kv[0])):
        if code.startswith("health_") or code == "social_care":
            quoted = words.replace("'", "''")
            expression = f"regexp_replace({expression}, '\\b{code}\\b', '{quoted}', 'g')"
    expression = f"regexp_replace({expression}, '([a-z0-9])_([a-z0-9])', '\\1 \\2', 'g')"
    # numbers as a person writes them: "on the same day", not "0 days apart"; "1 day", not
    # "1 days" (a rule's SQL writes the number and a plural word whatever the number)
    expression = f"replace({expression}, ' 0 days apart', ' on the same day')"
    expression = f"replace({expression}, ' 0 days after', ' on the day')"
    return (
        f"regexp_replace({expression}, '(^|[^0-9.])1 (day|week|month|year)s\\b', "
        "'\\1' || '1 \\2', 'g')"
    )


#: A rule's summary as it is kept: in words, see `_in_words`.
SUMMARY_IN_WORDS = _in_words("CAST(summary AS VARCHAR)")


def add_firings(store: Store, rule_id: str, sql: str) -> int:
    """Run one rule's SELECT and keep its firings (the summary in words); return how many."""
    con = store.connection
    before = con.execute("SELECT count(*) FROM rule_firings").fetchone()
    con.execute(
        "INSERT INTO rule_firings SELECT ?, person_id, CAST(raised_on AS DATE), "
        f"CAST(evidence AS VARCHAR[]), {SUMMARY_IN_WORDS} FROM ({sql})",
        [rule_id],
    )
    after = con.execute("SELECT count(*) FROM rule_firings").fetchone()
    assert before is not None and after is not None
    return int(after[0]) - int(before[0])


def firings_out_of_time(store: Store, as_of: dt.date) -> list[dict[str, Any]]:
    """Firings that use a row not yet recorded on their raise date, or are raised after
    `as_of`: a rule that looks into the future. Must be empty."""
    return store.dicts(
        """
        SELECT f.rule_id, f.person_id, f.raised_on, f.key AS evidence_key, e.known_on
        FROM (SELECT *, unnest(evidence) AS key FROM rule_firings) f
        LEFT JOIN rule_events e ON e.evidence_key = f.key
        WHERE e.known_on IS NULL OR e.known_on > f.raised_on OR f.raised_on > ?
        ORDER BY f.rule_id, f.person_id, f.raised_on
        LIMIT 20
        """,
        [as_of],
    )


@dataclass(frozen=True)
class RuleMeta:
    rule_id: str
    version: int
    severity: str
    merge_within_days: int
    parameters: dict[str, Any]


def save_alerts(
    store: Store, rules: list[RuleMeta], as_of: dt.date, *, scoped: bool = False
) -> tuple[int, int]:
    """Fold the firings into alerts and store them; return (run id, alerts).

    A scoped run (incremental) records the persons it covered; its alerts replace theirs.
    """
    start_alerts(store)
    firings = fold_alerts(store, rules, scoped=scoped)
    return write_alerts(store, rules, as_of, firings, scoped=scoped)


def start_alerts(store: Store) -> None:
    """Forget the alerts folded so far on this connection (a run starts)."""
    store.connection.execute("DROP TABLE IF EXISTS rule_alerts")


def fold_alerts(
    store: Store,
    rules: list[RuleMeta],
    *,
    scoped: bool = False,
    batch: list[str] | None = None,
) -> int:
    """Fold the firings into alerts, added to those folded since `start_alerts`; return how
    many firings were folded. Scoped: only the firings of the persons covered; with `batch`,
    only those of the batch's persons (the rest are another batch's)."""
    con = store.connection
    if scoped:
        con.execute(
            "DELETE FROM rule_firings WHERE person_id NOT IN (SELECT person_id FROM rule_scope)"
        )
    if batch is not None:
        _temp_table(store, "rule_batch", ("person_id",), [(p,) for p in batch])
        con.execute(
            "DELETE FROM rule_firings WHERE person_id NOT IN (SELECT person_id FROM rule_batch)"
        )
    meta = [
        (r.rule_id, str(r.version), r.severity, str(r.merge_within_days), json.dumps(r.parameters))
        for r in rules
    ]
    _temp_table(
        store,
        "rule_meta_text",
        ("rule_id", "version", "severity", "merge_days", "parameters"),
        meta,
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rule_meta AS SELECT rule_id, CAST(version AS INTEGER) "
        "AS version, severity, CAST(merge_days AS INTEGER) AS merge_days, parameters "
        "FROM rule_meta_text"
    )
    # Episodes: a rule's firings for one person, in date order, start a new alert after a gap
    # longer than the rule's window. Only the dates decide this, so it is worked out over the
    # distinct dates (firings on one date are one episode), not over every firing sorted by
    # its summary and evidence lists.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE rule_episodes AS
        WITH days AS (
            SELECT DISTINCT f.rule_id, f.person_id, f.raised_on, m.merge_days
            FROM rule_firings f JOIN rule_meta m USING (rule_id)
        ),
        gaps AS (
            SELECT *, CASE WHEN raised_on - lag(raised_on) OVER w > merge_days
                           THEN 1 ELSE 0 END AS starts
            FROM days
            WINDOW w AS (PARTITION BY rule_id, person_id ORDER BY raised_on)
        ),
        episodes AS (
            SELECT rule_id, person_id, raised_on,
                   sum(starts) OVER (PARTITION BY rule_id, person_id ORDER BY raised_on
                                     ROWS UNBOUNDED PRECEDING) AS episode
            FROM gaps
        )
        SELECT f.*, e.episode
        FROM rule_firings f JOIN episodes e USING (rule_id, person_id, raised_on)
        """
    )
    # One alert per episode. Its evidence is every row of its firings; its id comes from its
    # first firing (date, then summary; the smallest evidence among firings alike in both).
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE rule_alerts_batch AS
        WITH heads AS (
            SELECT rule_id, person_id, episode, min(raised_on) AS raised_on,
                   max(raised_on) AS updated_on, count(*) AS firings,
                   arg_min(summary, struct_pack(r := raised_on, s := summary)) AS first_summary,
                   arg_max(summary, struct_pack(r := raised_on, s := summary))
                       AS latest_summary
            FROM rule_episodes GROUP BY rule_id, person_id, episode
        ),
        firsts AS (
            SELECT e.rule_id, e.person_id, e.episode,
                   min(array_to_string(list_sort(e.evidence), ';')) AS first_evidence
            FROM rule_episodes e JOIN heads h
              ON h.rule_id = e.rule_id AND h.person_id = e.person_id
             AND h.episode = e.episode AND h.raised_on = e.raised_on
             AND h.first_summary IS NOT DISTINCT FROM e.summary
            GROUP BY e.rule_id, e.person_id, e.episode
        ),
        evidence AS (
            SELECT rule_id, person_id, episode, list_sort(list(key)) AS evidence
            FROM (SELECT DISTINCT rule_id, person_id, episode, key
                  FROM (SELECT rule_id, person_id, episode, unnest(evidence) AS key
                        FROM rule_episodes) u
                  WHERE key IS NOT NULL) k
            GROUP BY rule_id, person_id, episode
        )
        SELECT 'A-' || substr(sha256(h.rule_id || '|' || h.person_id || '|' ||
                                     CAST(h.raised_on AS VARCHAR) || '|' || f.first_evidence),
                              1, 12) AS alert_id,
               h.rule_id, h.person_id, h.raised_on, h.updated_on, h.firings,
               coalesce(v.evidence, []) AS evidence,
               h.first_summary ||
               CASE WHEN h.firings > 1
                    THEN ' (and ' || CAST(h.firings - 1 AS VARCHAR) || ' more to ' ||
                         CAST(h.updated_on AS VARCHAR) || ', the latest: ' ||
                         h.latest_summary || ')'
                    ELSE '' END AS summary,
               m.version, m.severity, m.parameters, r.subject_refs
        FROM heads h
        JOIN rule_meta m USING (rule_id)
        JOIN firsts f USING (rule_id, person_id, episode)
        LEFT JOIN evidence v USING (rule_id, person_id, episode)
        LEFT JOIN (
            SELECT person_id, list_sort(list(DISTINCT agency || ':' || subject_ref))
                       AS subject_refs
            FROM rule_persons GROUP BY person_id
        ) r USING (person_id)
        """
    )
    if _table_exists(store, "rule_alerts"):
        con.execute("INSERT INTO rule_alerts SELECT * FROM rule_alerts_batch")
    else:
        con.execute("CREATE TEMP TABLE rule_alerts AS SELECT * FROM rule_alerts_batch")
    row = store.one("SELECT count(*) FROM rule_firings")
    return int(row[0]) if row else 0


def write_alerts(
    store: Store, rules: list[RuleMeta], as_of: dt.date, firings: int, *, scoped: bool = False
) -> tuple[int, int]:
    """Store the folded alerts as one detection run; return (run id, alerts)."""
    counts = store.one("SELECT count(*), count(DISTINCT alert_id) FROM rule_alerts")
    assert counts is not None
    if counts[0] != counts[1]:
        raise AssertionError("two alerts of one detection run have the same id")
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with store.transaction():
        row = store.one("SELECT coalesce(max(run_id), 0) + 1 FROM detection_runs")
        assert row is not None
        run_id = int(row[0])
        covered = (
            sorted(str(r[0]) for r in store.rows("SELECT DISTINCT person_id FROM rule_scope"))
            if scoped
            else None
        )
        last = store.one("SELECT coalesce(max(submission_id), 0) FROM submissions")
        store.execute(
            "INSERT INTO detection_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                started,
                as_of,
                [r.rule_id for r in rules],
                covered,
                int(last[0]) if last else 0,
                firings,
                int(counts[0]),
            ],
        )
        # An alert raised again keeps its first run and takes everything else from this run.
        # Written as delete and insert: DuckDB's INSERT ... ON CONFLICT DO UPDATE of the
        # evidence lists took 234 s for 72,698 alerts at 50,000 children; this takes 5 s.
        store.execute(
            "CREATE OR REPLACE TEMP TABLE rule_alerts_before AS SELECT alert_id, first_run "
            "FROM alerts WHERE alert_id IN (SELECT alert_id FROM rule_alerts)"
        )
        store.execute(
            "DELETE FROM alerts WHERE alert_id IN (SELECT alert_id FROM rule_alerts_before)"
        )
        store.execute(
            """
            INSERT INTO alerts
            SELECT a.alert_id, a.rule_id, a.version, a.severity, a.person_id,
                   coalesce(a.subject_refs, []), a.raised_on, a.updated_on, a.firings,
                   a.evidence, a.summary, a.parameters, coalesce(b.first_run, ?), ?
            FROM rule_alerts a LEFT JOIN rule_alerts_before b USING (alert_id)
            """,
            [run_id, run_id],
        )
    return run_id, int(counts[0])


def alerts(store: Store, run_id: int | None = None) -> list[dict[str, Any]]:
    """The alerts of a detection run (default: the latest), most recent and severe first."""
    if run_id is None:
        row = store.one("SELECT max(run_id) FROM detection_runs")
        run_id = int(row[0]) if row and row[0] is not None else 0
    return store.dicts(
        f"""
        SELECT {", ".join(CONTRACT_COLUMNS)}, updated_on, firings, rule_version, parameters
        FROM alerts WHERE last_run = ?
        ORDER BY raised_on, list_position(['critical', 'high', 'medium', 'low'], severity),
                 rule_id, person_id
        """,
        [run_id],
    )


def current_alerts(store: Store) -> list[dict[str, Any]]:
    """Every person's alerts from the latest detection run that covered that person (a full
    run covers everyone; an incremental run, the persons it re-evaluated)."""
    return store.dicts(
        f"""
        WITH latest AS (
            SELECT a.alert_id, max(r.run_id) AS run_id
            FROM alerts a JOIN detection_runs r
              ON r.persons IS NULL OR list_contains(r.persons, a.person_id)
            GROUP BY a.alert_id
        )
        SELECT {", ".join("a." + c for c in CONTRACT_COLUMNS)}, a.updated_on, a.firings,
               a.rule_version, a.parameters
        FROM alerts a JOIN latest l USING (alert_id)
        WHERE a.last_run = l.run_id
        ORDER BY a.raised_on, list_position(['critical', 'high', 'medium', 'low'], a.severity),
                 a.rule_id, a.person_id
        """
    )


def changed_persons(store: Store) -> list[str] | None:
    """Persons with events stored since the latest detection run (None when there was no run:
    everyone needs detecting)."""
    last = store.one("SELECT max(last_submission) FROM detection_runs")
    if last is None or last[0] is None:
        return None
    linked = _table_exists(store, "person_members")
    person = (
        "coalesce(m.person_id, e.agency || ':' || e.subject_ref)"
        if linked
        else "e.agency || ':' || e.subject_ref"
    )
    join = (
        "LEFT JOIN person_members m ON m.agency = e.agency AND m.subject_ref = e.subject_ref "
        "AND m.to_run IS NULL"
        if linked
        else ""
    )
    return [
        str(r[0])
        for r in store.rows(
            f"SELECT DISTINCT {person} FROM events e {join} WHERE e.submission_id > ? ORDER BY 1",
            [int(last[0])],
        )
    ]


def drop_inputs(store: Store) -> None:
    for table in (
        "rule_persons",
        "rule_events",
        "rule_injuries",
        "rule_household_children",
        "rule_firings",
        "rule_meta",
        "rule_person_map",
        "rule_episodes",
        "rule_alerts",
        "rule_alerts_before",
        "rule_alerts_batch",
        "rule_batch",
        "rule_scope",
        "rule_loaded",
        "rule_wanted",
        "rule_candidates",
        "rule_scope_subjects",
        "rule_scope_events",
    ):
        store.connection.execute(f"DROP TABLE IF EXISTS {table}")


def unlinked_subject_count(store: Store) -> int:
    """Agency subjects with no current person (all of them before linkage has run)."""
    if not _table_exists(store, "person_members"):
        row = store.one("SELECT count(*) FROM subjects")
    else:
        row = store.one(
            "SELECT count(*) FROM subjects s ANTI JOIN (SELECT agency, subject_ref FROM "
            "person_members WHERE to_run IS NULL) m USING (agency, subject_ref)"
        )
    return int(row[0]) if row else 0


# Social care records that neither open a case nor show work on one: a contact that goes no
# further is screened at the front door, not a case; a note can follow a closure.
NOT_CASE_WORK = ("contact", "note", "case_closed")


def open_case_months(store: Store, as_of: dt.date) -> int:
    """Child-months with an open children's social care case, to `as_of`.

    A child's case opens at a referral or any later social care work on it (an assessment, a
    plan, a visit, an allocation, a meeting) and stays open until the next recorded closure, or
    `as_of` when none is recorded. The child counts once in each calendar month on any day of
    which a case was open. A contact that goes no further opens no case: in the DfE's children
    in need figures an episode starts with a referral.
    """
    row = store.one(
        f"""
        WITH ev AS (
            SELECT e.agency, e.subject_ref, e.event_type, e.event_date
            FROM current_events e JOIN subjects s USING (agency, subject_ref)
            WHERE e.agency = 'social_care' AND s.subject_role IN ('child', 'unborn')
              AND e.event_date <= ?
        ),
        numbered AS (
            -- a running count of closures; work on the day of a closure sorts before it, so
            -- belongs to the case that closure ends
            SELECT agency, subject_ref, event_date, event_type,
                   sum(CASE WHEN event_type = 'case_closed' THEN 1 ELSE 0 END) OVER (
                       PARTITION BY agency, subject_ref
                       ORDER BY event_date, event_type = 'case_closed'
                       ROWS UNBOUNDED PRECEDING) AS closures
            FROM ev
        ),
        cases AS (
            SELECT w.agency, w.subject_ref, min(w.event_date) AS opened,
                   any_value(c.event_date) AS closed
            FROM numbered w LEFT JOIN numbered c
              ON c.agency = w.agency AND c.subject_ref = w.subject_ref
             AND c.event_type = 'case_closed' AND c.closures = w.closures + 1
            WHERE w.event_type NOT IN {NOT_CASE_WORK}
            GROUP BY w.agency, w.subject_ref, w.closures
        ),
        months AS (
            SELECT DISTINCT agency, subject_ref, unnest(generate_series(
                date_trunc('month', opened), date_trunc('month', coalesce(closed, ?)),
                INTERVAL 1 MONTH)) AS month
            FROM cases
        )
        SELECT count(*) FROM months
        """,
        [as_of, as_of],
    )
    return int(row[0]) if row else 0


def active_child_months(store: Store, as_of: dt.date) -> int:
    """The earlier, looser measure (kept so that earlier figures can be compared): a child
    counts in a month when any social care record about them, a contact included, falls in that
    month or the two before."""
    row = store.one(
        """
        WITH months AS (
            SELECT DISTINCT e.agency, e.subject_ref, date_trunc('month', e.event_date) AS m
            FROM current_events e JOIN subjects s USING (agency, subject_ref)
            WHERE e.agency = 'social_care' AND s.subject_role IN ('child', 'unborn')
              AND e.event_date <= ?
        ),
        spread AS (
            SELECT DISTINCT agency, subject_ref, m + INTERVAL (k) MONTH AS month
            FROM months, range(0, 3) r(k)
        )
        SELECT count(*) FROM spread WHERE month <= ?
        """,
        [as_of, as_of],
    )
    return int(row[0]) if row else 0
