"""CS-020: An unexplained injury after a new adult joins the child's household."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child
from clearsight.rules.catalogue.references import NICE_CG89, PANEL, TRIENNIAL
from clearsight.rules.registry import Example, Rule, register

INJURY_AFTER_NEW_ADULT = register(
    Rule(
        rule_id="CS-020",
        version=1,
        title="An unexplained injury after a new adult joins the child's household",
        severity="high",
        parameters={"window_days": 180},
        parameter_help={
            "window_days": "an injury this many days or fewer after a new adult was recorded"
        },
        sql="""
            WITH adults AS (
                SELECT h.child_id AS person_id, e.evidence_key, e.agency, e.event_date,
                       e.known_on
                FROM rule_events e JOIN rule_household_children h ON h.person_id = e.person_id
                WHERE e.event_type = 'new_adult_in_household' OR e.text_new_adult
            )
            SELECT i.person_id, greatest(a.known_on, i.known_on) AS raised_on,
                   list_distinct([a.evidence_key, i.evidence_key]) AS evidence,
                   'Injury (' || array_to_string(i.injury_type, ', ') || ') with ' ||
                   CASE i.explanation WHEN 'none' THEN 'no explanation'
                        WHEN 'inconsistent' THEN 'an inconsistent explanation'
                        ELSE 'a changing explanation' END ||
                   ', recorded by ' || i.agency || ', ' ||
                   CAST(i.event_date - a.event_date AS VARCHAR) ||
                   ' days after a new adult in the household was recorded by ' || a.agency
                   AS summary
            FROM adults a
            JOIN rule_events i
              ON i.person_id = a.person_id AND i.is_child AND len(i.injury_type) > 0
             AND i.event_date BETWEEN a.event_date AND a.event_date + {window_days}
            WHERE i.explanation IN ('none', 'inconsistent', 'changing')
        """,
        merge_within_days=180,
        detects="An injury to a child, with an absent, inconsistent or changing explanation, "
        "recorded within six months after any agency recorded a new adult (a parent's new "
        "partner, a lodger) in the child's household.",
        why="The national panel's review of harm to babies by men found new or unknown male "
        "carers in most cases, often with a history of violence no agency connected to the "
        "household; an unexplained injury soon after such a man arrives is the pattern those "
        "reviews describe. CS-009 alone (any new adult) is common and medium; with an "
        "unexplained injury it is high.",
        limits="A new adult is read from the event type and from narratives; an adult who "
        "arrives without any agency noticing is not seen, and this is the commoner case in the "
        "reviews. The explanation is as recorded, or read from the narrative when the column is "
        "empty.",
        references=(PANEL, TRIENNIAL, NICE_CG89),
        reads=(
            "rule_events.event_type",
            "rule_events.text_new_adult",
            "rule_events.injury_type",
            "rule_events.explanation",
            "rule_household_children",
        ),
        examples=(
            Example(
                (
                    child(
                        "health_visiting",
                        "V3",
                        "2022-01-01",
                        "2024-01-20",
                        "new_adult_in_household",
                    ),
                    child(
                        "health_gp",
                        "V3",
                        "2022-01-01",
                        "2024-03-02",
                        "injury_observed",
                        record_id="G1",
                        injury_type="bruise;abrasion",
                        body_sites="forehead;neck",
                        explanation="inconsistent",
                    ),
                ),
                True,
                "mother's new partner met by the health visitor, then six weeks later a bruise "
                "and a scratch at the GP that the explanation does not fit",
                one_person=True,
            ),
            Example(
                (
                    child(
                        "health_visiting",
                        "V4",
                        "2022-01-01",
                        "2024-01-20",
                        "new_adult_in_household",
                    ),
                    child(
                        "health_hospital",
                        "V4",
                        "2022-01-01",
                        "2024-03-02",
                        "emergency_attendance",
                        record_id="H1",
                        injury_type="laceration",
                        body_sites="forehead",
                        explanation="consistent",
                    ),
                ),
                False,
                "a new partner, then a cut forehead from a fall with a consistent explanation",
                one_person=True,
            ),
        ),
    )
)
