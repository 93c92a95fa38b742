"""CS-001: Injury to a baby who is not independently mobile."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _age_words
from clearsight.rules.catalogue.references import NICE_CG89, PANEL, SENTINEL
from clearsight.rules.registry import Example, Rule, register

_INJURY_WORDS = (
    "array_to_string(injury_type, ', ') || coalesce(' to ' || "
    "nullif(array_to_string(body_sites, ', '), ''), '')"
)


NON_MOBILE = register(
    Rule(
        rule_id="CS-001",
        version=3,
        title="Injury to a baby who is not independently mobile",
        severity="critical",
        parameters={"max_age_days": 183, "mobility_days": 90},
        parameter_help={
            "max_age_days": "age below which a baby is taken as not independently mobile "
            "(183 days: about six months, before most babies crawl or cruise)",
            "mobility_days": "an older child recorded as not independently mobile within this "
            "many days before an injury (or in the injury's own record) counts as not mobile",
        },
        sql=f"""
            WITH injuries AS (
                SELECT *, age_days BETWEEN 0 AND {{max_age_days}} - 1 AS baby
                FROM rule_events
                WHERE is_child AND len(injury_type) > 0
                  AND NOT (injury_from_narrative AND list_sort(injury_type) = ['other'])
            ),
            -- records that say the child is not independently mobile (a baby not yet
            -- rolling, a disabled child), on the day of the injury or in the days before
            immobile AS (
                SELECT i.evidence_key,
                       arg_max(m.evidence_key, m.event_date) AS said_by,
                       max(m.known_on) AS said_known
                FROM injuries i JOIN rule_events m
                  ON m.person_id = i.person_id AND m.text_not_mobile
                 AND m.event_date BETWEEN i.event_date - {{mobility_days}} AND i.event_date
                GROUP BY i.evidence_key
            )
            SELECT i.person_id,
                   CASE WHEN i.baby THEN i.known_on
                        ELSE greatest(i.known_on, m.said_known) END AS raised_on,
                   CASE WHEN i.baby OR m.said_by = i.evidence_key THEN [i.evidence_key]
                        ELSE [i.evidence_key, m.said_by] END AS evidence,
                   'Injury (' || {_INJURY_WORDS} || ') recorded by ' || i.agency ||
                   CASE WHEN i.baby THEN ' for a baby aged ' ELSE ' for a child aged ' END ||
                   {_age_words("i.age_days")} ||
                   CASE WHEN i.baby THEN ', not yet independently mobile'
                        ELSE ', recorded as not independently mobile' END AS summary
            FROM injuries i LEFT JOIN immobile m USING (evidence_key)
            WHERE i.baby OR m.said_by IS NOT NULL
        """,
        detects="Any recorded injury (bruise, burn, fracture, head injury and so on) to a "
        "baby younger than about six months, or to an older child whom a record of the injury "
        "or of the 90 days before it describes as not independently mobile (not yet rolling or "
        "crawling, immobile), whatever the explanation given.",
        why="Babies who cannot move themselves rarely injure themselves. A 'minor' bruise on "
        "a non-mobile baby is the sentinel injury that too often came before serious or fatal "
        "abuse; NICE says to suspect maltreatment and reviews keep finding it was missed.",
        limits="Age is a stand-in for mobility: some babies roll or cruise earlier. A child "
        "with a disability may not be mobile at any age; from version 3 a record that says so "
        "(read from the narrative, negation handled: 'now crawling' does not count) makes an "
        "older child's injury fire too, but only when it was written in the 90 days before the "
        "injury or in the injury's record: a child whose immobility was recorded once, long "
        "ago, is missed. An injury is read from the structured columns or, when they "
        "are empty, from the narrative; a narrative that names only an unspecified injury "
        "(swelling, redness: 'lip swelling' in an allergic reaction) does not fire, since "
        "allergy and infection read the same (version 2). Birth injuries recorded in the first "
        "days of life will fire.",
        references=(NICE_CG89, SENTINEL, PANEL),
        reads=(
            "rule_events.injury_type",
            "rule_events.body_sites",
            "rule_events.age_days",
            "rule_events.text_not_mobile",
        ),
        examples=(
            Example(
                (
                    child(
                        "health_visiting",
                        "HV1",
                        "2024-01-10",
                        "2024-02-01",
                        "health_visitor_contact",
                    ),
                    row(
                        "health_visiting",
                        "R1",
                        "HV1",
                        "2024-05-02",
                        "injury_observed",
                        injury_type="bruise",
                        body_sites="cheek",
                    ),
                ),
                True,
                "a bruise to the cheek of a 16-week-old",
            ),
            Example(
                (
                    child(
                        "health_visiting",
                        "HV3",
                        "2024-01-10",
                        "2024-02-01",
                        "health_visitor_contact",
                    ),
                    row(
                        "health_visiting",
                        "R1",
                        "HV3",
                        "2024-05-02",
                        "health_visitor_contact",
                        description="Home visit. Small bruise noted on left ear; mother unsure "
                        "how it happened. Not yet rolling.",
                    ),
                ),
                True,
                "the same, written only in the health visitor's narrative",
            ),
            Example(
                (
                    child(
                        "health_visiting",
                        "HV4",
                        "2024-01-10",
                        "2024-02-01",
                        "health_visitor_contact",
                    ),
                    row(
                        "health_visiting",
                        "R1",
                        "HV4",
                        "2024-05-02",
                        "health_visitor_contact",
                        description="Home visit. Skin checked: no bruising or marks seen.",
                    ),
                ),
                False,
                "a narrative that says no bruising was seen",
            ),
            Example(
                (
                    child(
                        "health_hospital",
                        "HV5",
                        "2024-01-10",
                        "2024-02-01",
                        "emergency_attendance",
                    ),
                    row(
                        "health_hospital",
                        "R1",
                        "HV5",
                        "2024-05-02",
                        "emergency_attendance",
                        description="Allergic reaction after first taste of egg: lip swelling, "
                        "no airway compromise. Antihistamine.",
                    ),
                ),
                False,
                "lip swelling in an allergic reaction, written only in the narrative",
            ),
            Example(
                (
                    child(
                        "health_visiting",
                        "HV2",
                        "2023-01-10",
                        "2023-02-01",
                        "health_visitor_contact",
                    ),
                    row(
                        "health_visiting",
                        "R1",
                        "HV2",
                        "2024-05-02",
                        "injury_observed",
                        injury_type="bruise",
                        body_sites="leg",
                    ),
                ),
                False,
                "a bruised shin on a 16-month-old",
            ),
            Example(
                (
                    child(
                        "health_community",
                        "D1",
                        "2020-03-01",
                        "2024-03-20",
                        "outpatient_appointment",
                        description="Physiotherapy review. Cerebral palsy; not independently "
                        "mobile, hoisted for transfers.",
                    ),
                    child(
                        "health_hospital",
                        "D1",
                        "2020-03-01",
                        "2024-05-02",
                        "emergency_attendance",
                        record_id="E1",
                        injury_type="fracture",
                        body_sites="arm",
                    ),
                ),
                True,
                "a fractured arm in a four-year-old whom physiotherapy recorded six weeks "
                "earlier as not independently mobile",
                one_person=True,
            ),
            Example(
                (
                    child(
                        "health_community",
                        "D2",
                        "2020-03-01",
                        "2023-06-20",
                        "outpatient_appointment",
                        description="Physiotherapy review. Not yet independently mobile.",
                    ),
                    child(
                        "health_hospital",
                        "D2",
                        "2020-03-01",
                        "2024-05-02",
                        "emergency_attendance",
                        record_id="E1",
                        injury_type="fracture",
                        body_sites="arm",
                    ),
                ),
                False,
                "the same injury when the only record of immobility is ten months old",
                one_person=True,
            ),
        ),
    )
)
