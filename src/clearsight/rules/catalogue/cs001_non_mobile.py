"""CS-001: Injury to a baby who is not independently mobile."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.references import NICE_CG89, PANEL, SENTINEL
from clearsight.rules.registry import Example, Rule, register

_INJURY_WORDS = (
    "array_to_string(injury_type, ', ') || coalesce(' to ' || "
    "nullif(array_to_string(body_sites, ', '), ''), '')"
)


NON_MOBILE = register(
    Rule(
        rule_id="CS-001",
        version=2,
        title="Injury to a baby who is not independently mobile",
        severity="critical",
        parameters={"max_age_days": 183},
        parameter_help={
            "max_age_days": "age below which a baby is taken as not independently mobile "
            "(183 days: about six months, before most babies crawl or cruise)",
        },
        sql=f"""
            SELECT person_id, known_on AS raised_on, [evidence_key] AS evidence,
                   'Injury (' || {_INJURY_WORDS} || ') recorded by ' || agency ||
                   ' for a baby aged ' || CAST(age_days AS VARCHAR) ||
                   ' days, not yet independently mobile' AS summary
            FROM rule_events
            WHERE is_child AND age_days BETWEEN 0 AND {{max_age_days}} - 1
              AND len(injury_type) > 0
              AND NOT (injury_from_narrative AND list_sort(injury_type) = ['other'])
        """,
        detects="Any recorded injury (bruise, burn, fracture, head injury and so on) to a "
        "baby younger than about six months, whatever the explanation given.",
        why="Babies who cannot move themselves rarely injure themselves. A 'minor' bruise on "
        "a non-mobile baby is the sentinel injury that too often came before serious or fatal "
        "abuse; NICE says to suspect maltreatment and reviews keep finding it was missed.",
        limits="Age is a stand-in for mobility: some babies roll or cruise earlier, and a "
        "child with a disability may not be mobile at any age (a record of the child as not "
        "mobile is not read yet). An injury is read from the structured columns or, when they "
        "are empty, from the narrative; a narrative that names only an unspecified injury "
        "(swelling, redness: 'lip swelling' in an allergic reaction) does not fire, since "
        "allergy and infection read the same (version 2). Birth injuries recorded in the first "
        "days of life will fire.",
        references=(NICE_CG89, SENTINEL, PANEL),
        reads=("rule_events.injury_type", "rule_events.body_sites", "rule_events.age_days"),
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
        ),
    )
)
