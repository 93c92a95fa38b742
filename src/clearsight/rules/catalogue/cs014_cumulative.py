"""CS-014: Several kinds of concern about one child together."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.references import PANEL, TRIENNIAL, WORKING_TOGETHER
from clearsight.rules.registry import Example, Rule, register

#: Kinds of concern, each counted once however often it recurs.
_KINDS = """
    CASE
        WHEN event_type = 'domestic_abuse_incident' OR text_domestic_abuse
             OR list_contains(factors, '3A')
             OR list_contains(factors, '3B') OR list_contains(factors, '3C')
            THEN 'domestic abuse'
        WHEN event_type = 'parental_substance_misuse' OR text_substance_misuse
             OR list_contains(factors, '1B')
             OR list_contains(factors, '2B') THEN 'parental substance misuse'
        WHEN event_type = 'parental_mental_health_concern' OR text_mental_health
             OR list_contains(factors, '4B')
            THEN 'parental mental ill-health'
        WHEN event_type = 'new_adult_in_household' OR text_new_adult THEN 'a new adult'
        WHEN event_type IN ('appointment_not_attended', 'visit_no_access') OR text_not_brought
            THEN 'not brought or no access'
        WHEN event_type IN ('school_absence', 'missing_education') THEN 'absence from school'
        WHEN event_type = 'school_concern' THEN 'a school concern'
        WHEN len(injury_type) > 0 OR event_type = 'injury_observed' THEN 'an injury'
        WHEN event_type = 'disclosure' THEN 'a disclosure'
    END
"""


CUMULATIVE = register(
    Rule(
        rule_id="CS-014",
        version=2,
        title="Several kinds of concern about one child together",
        severity="medium",
        parameters={"kinds": 4, "window_days": 180, "agencies": 2},
        parameter_help={
            "kinds": "different kinds of concern (domestic abuse, parental substance misuse, "
            "parental mental ill-health, a new adult, not brought or no access, absence from "
            "school, a school concern, an injury, a disclosure)",
            "window_days": "within this many days",
            "agencies": "distinct agencies recording them",
        },
        sql=f"""
            WITH classified AS (
                SELECT e.person_id, e.evidence_key, e.agency, e.event_date,
                       e.known_on, {
            _KINDS.replace("event_type", "e.event_type")
            .replace("factors", "e.factors")
            .replace("injury_type", "e.injury_type")
            .replace("text_", "e.text_")
        } AS kind
                FROM rule_events e
            ),
            -- Children whose households hold the same people have the same concerns: the
            -- windows are worked out once, for the first of them, and given to each.
            circles AS MATERIALIZED (
                SELECT child_id, min(child_id) OVER (PARTITION BY people) AS first_child
                FROM (SELECT child_id, list_sort(list(person_id)) AS people
                      FROM rule_household_children GROUP BY child_id) c
            ),
            concerns AS MATERIALIZED (
                SELECT h.child_id AS person_id, k.* EXCLUDE (person_id)
                FROM classified k JOIN rule_household_children h ON h.person_id = k.person_id
                JOIN circles c ON c.child_id = h.child_id AND c.first_child = h.child_id
                WHERE k.kind IS NOT NULL
            ),
            windows AS (
                SELECT b.person_id, b.evidence_key, b.known_on,
                       list_sort(list(DISTINCT a.evidence_key)) AS evidence,
                       count(DISTINCT a.kind) AS kinds,
                       string_agg(DISTINCT a.kind, ', ' ORDER BY a.kind) AS kind_names,
                       count(DISTINCT a.agency) AS agencies
                FROM concerns b JOIN concerns a
                  ON a.person_id = b.person_id AND a.kind IS NOT NULL
                 AND a.event_date BETWEEN b.event_date - {{window_days}} AND b.event_date
                 AND a.known_on <= b.known_on
                WHERE b.kind IS NOT NULL
                GROUP BY b.person_id, b.evidence_key, b.known_on
                HAVING count(DISTINCT a.kind) >= {{kinds}}
                   AND count(DISTINCT a.kind) FILTER (WHERE a.kind IN (
                       'domestic abuse', 'parental substance misuse',
                       'parental mental ill-health', 'a new adult')) >= 1
                   AND count(DISTINCT a.agency) >= {{agencies}}
            )
            SELECT c.child_id AS person_id, w.known_on AS raised_on, w.evidence,
                   CAST(w.kinds AS VARCHAR) || ' kinds of concern within ' ||
                   CAST({{window_days}} AS VARCHAR) || ' days (' || w.kind_names || '), from ' ||
                   CAST(w.agencies AS VARCHAR) || ' agenc' ||
                   CASE WHEN w.agencies = 1 THEN 'y' ELSE 'ies' END AS summary
            FROM windows w JOIN circles c ON c.first_child = w.person_id
        """,
        merge_within_days=180,
        detects="Four or more different kinds of concern about a child or the adults of the "
        "child's household within six months, recorded by at least two agencies, at least one "
        "of them about the adults (domestic abuse, parental substance misuse or mental "
        "ill-health, a new adult); the others may be missed appointments or no access, "
        "absence from school, school concerns, injuries or disclosures.",
        why="Serious harm rarely follows one event. Reviews find the same accumulation again "
        "and again (the 'toxic trio' of domestic abuse, parental mental ill-health and "
        "substance misuse; an unknown man; children not brought), each part held by a "
        "different agency and none serious enough alone.",
        limits="Kinds of concern are read from event types, CIN factor codes and narratives. "
        "Absence from school counts whatever its reason (an event does not say whether it was "
        "authorised), so most school-age children of families with any adult concern reach "
        "four kinds: at high severity (version 1) this rule raised 589 alerts in a 10,000-child "
        "synthetic authority, 4% of them before a harm. It is medium since version 2; the "
        "specific accumulations (CS-019 to CS-021) are high. Concerns about adults reach the "
        "child only through the household.",
        references=(TRIENNIAL, PANEL, WORKING_TOGETHER),
        reads=("rule_events.event_type", "rule_events.factors", "rule_household_children"),
        examples=(
            Example(
                (
                    child(
                        "health_gp",
                        "Q1",
                        "2021-01-01",
                        "2024-01-05",
                        "parental_mental_health_concern",
                    ),
                    row("health_gp", "R1", "Q1", "2024-02-01", "appointment_not_attended"),
                    child(
                        "education",
                        "Q1",
                        "2021-01-01",
                        "2024-03-01",
                        "school_absence",
                        record_id="S1",
                    ),
                    child(
                        "health_visiting",
                        "Q1",
                        "2021-01-01",
                        "2024-03-20",
                        "new_adult_in_household",
                        record_id="V1",
                    ),
                ),
                True,
                "mother's low mood and a missed appointment at the GP, absence from nursery, then "
                "the health visitor "
                "meets a new partner",
                one_person=True,
            ),
            Example(
                (
                    child(
                        "health_gp", "Q2", "2021-01-01", "2024-01-05", "appointment_not_attended"
                    ),
                    row("health_gp", "R1", "Q2", "2024-02-01", "school_absence"),
                    child(
                        "education",
                        "Q2",
                        "2021-01-01",
                        "2024-03-20",
                        "school_concern",
                        record_id="E1",
                    ),
                ),
                False,
                "a missed appointment, absence and a school concern, but nothing about the adults",
                one_person=True,
            ),
        ),
    )
)
