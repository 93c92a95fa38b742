"""CS-003: Fracture or head injury in a child under two."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _age_words
from clearsight.rules.catalogue.references import NICE_CG89
from clearsight.rules.registry import Example, Rule, register

INFANT_FRACTURE = register(
    Rule(
        rule_id="CS-003",
        version=1,
        title="Fracture or head injury in a child under two",
        severity="critical",
        parameters={"max_age_days": 731},
        parameter_help={"max_age_days": "the rule applies below this age (two years)"},
        sql="""
            SELECT person_id, any_value(known_on) AS raised_on,
                   [any_value(evidence_key)] AS evidence,
                   string_agg(DISTINCT replace(injury, '_', ' '), ' and '
                              ORDER BY replace(injury, '_', ' ')) ||
                   ' recorded by ' || any_value(agency) || ' for a child aged ' || """
        + _age_words("any_value(age_days)")
        + """ AS summary
            FROM rule_injuries
            WHERE is_child AND injury IN ('fracture', 'head_injury')
              AND age_days BETWEEN 0 AND {max_age_days} - 1
            GROUP BY person_id, evidence_key
        """,
        detects="A fracture or a head injury recorded for a child younger than two.",
        why="Fractures and head injuries in infants and toddlers are among the injuries most "
        "often inflicted; NICE says to suspect maltreatment for fractures without a medical "
        "cause or suitable explanation, and abusive head trauma is the commonest cause of "
        "death from physical abuse in infancy.",
        limits="Accidental fractures (a fall from a height, a road accident) and birth "
        "injuries fire too; the rule asks for a look, not a conclusion.",
        references=(NICE_CG89,),
        reads=("rule_injuries.injury", "rule_injuries.age_days"),
        examples=(
            Example(
                (
                    child("health_hospital", "H1", "2023-10-01", "2024-01-01", "note"),
                    row(
                        "health_hospital",
                        "R1",
                        "H1",
                        "2024-04-12",
                        "emergency_attendance",
                        injury_type="fracture",
                        body_sites="arm",
                    ),
                ),
                True,
                "a 6-month-old's arm fracture",
            ),
            Example(
                (
                    child("health_hospital", "H2", "2015-10-01", "2020-01-01", "note"),
                    row(
                        "health_hospital",
                        "R1",
                        "H2",
                        "2024-04-12",
                        "emergency_attendance",
                        injury_type="fracture",
                        body_sites="wrist",
                    ),
                ),
                False,
                "an eight-year-old's wrist fracture",
            ),
        ),
    )
)
