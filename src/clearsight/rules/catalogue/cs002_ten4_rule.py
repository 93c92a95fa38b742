"""CS-002: Bruising in a pattern that warrants evaluation for abuse (TEN-4-FACESp)."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _age_words
from clearsight.rules.catalogue.references import NICE_CG89, TEN4
from clearsight.rules.registry import Example, Rule, register

TEN4_RULE = register(
    Rule(
        rule_id="CS-002",
        version=1,
        title="Bruising in a pattern that warrants evaluation for abuse (TEN-4-FACESp)",
        severity="high",
        parameters={"max_age_days": 1461, "any_bruise_below_days": 152},
        parameter_help={
            "max_age_days": "the rule applies to children younger than this (four years)",
            "any_bruise_below_days": "any bruise at all below this age (4.99 months)",
        },
        sql="""
            SELECT person_id, any_value(known_on) AS raised_on,
                   [any_value(evidence_key)] AS evidence,
                   'Bruising to ' || string_agg(DISTINCT coalesce(body_site, 'an unstated site'),
                                                ', ' ORDER BY coalesce(body_site,
                                                               'an unstated site')) ||
                   ' of a child aged ' || """
        + _age_words("any_value(age_days)")
        + """ || ' (TEN-4-FACESp), recorded by ' || any_value(agency) AS summary
            FROM rule_injuries
            WHERE is_child AND injury = 'bruise' AND age_days BETWEEN 0 AND {max_age_days} - 1
              AND (body_site IN ('torso', 'chest', 'abdomen', 'back', 'buttocks', 'genitals',
                                 'ear', 'neck', 'frenulum', 'jaw', 'cheek', 'eyelid',
                                 'subconjunctiva')
                   OR age_days < {any_bruise_below_days})
            GROUP BY person_id, evidence_key
        """,
        detects="A bruise, in a child under four, to the torso, ears or neck, or the frenulum, "
        "angle of the jaw, cheeks, eyelids or subconjunctivae; or any bruise in a baby under "
        "4.99 months.",
        why="TEN-4-FACESp separates abusive from accidental bruising with high sensitivity: "
        "accidental bruises in young children sit over bony parts at the front (shins, "
        "forehead, knees), not on these protected, fleshy sites.",
        limits="Patterned bruising (the 'p') is only in narratives, which this rule does not "
        "read yet. Body sites are as coded by the agency: 'face' is not 'cheek', so a bruise "
        "coded only as face does not fire. Bleeding disorders are not known to the rule.",
        references=(TEN4, NICE_CG89),
        reads=("rule_injuries.injury", "rule_injuries.body_site", "rule_injuries.age_days"),
        examples=(
            Example(
                (
                    child("education", "E1", "2021-06-01", "2023-09-01", "note"),
                    row(
                        "education",
                        "R1",
                        "E1",
                        "2024-03-04",
                        "injury_observed",
                        injury_type="bruise",
                        body_sites="ear;neck",
                    ),
                ),
                True,
                "bruises to the ear and neck of a two-year-old at nursery",
            ),
            Example(
                (
                    child("education", "E2", "2021-06-01", "2023-09-01", "note"),
                    row(
                        "education",
                        "R1",
                        "E2",
                        "2024-03-04",
                        "injury_observed",
                        injury_type="bruise",
                        body_sites="forehead;leg",
                    ),
                ),
                False,
                "a toddler's bruised forehead and shin",
            ),
        ),
    )
)
