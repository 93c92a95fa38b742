"""CS-018: Repeated injuries with a warning feature."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _same_injury
from clearsight.rules.catalogue.references import NICE_CG89, PANEL, SENTINEL, TEN4
from clearsight.rules.registry import Example, Rule, register

#: TEN-4-FACESp's protected sites (CS-002), for the escalation of repeated injuries.
_TEN4_SITES = (
    "'torso', 'chest', 'abdomen', 'back', 'buttocks', 'genitals', 'ear', 'neck', 'frenulum', "
    "'jaw', 'cheek', 'eyelid', 'subconjunctiva'"
)


REPEATED_WARNING = register(
    Rule(
        rule_id="CS-018",
        version=2,
        title="Repeated injuries with a warning feature",
        severity="high",
        parameters={
            "window_days": 90,
            "same_days": 7,
            "ten4_age_days": 1461,
            "not_mobile_days": 183,
        },
        parameter_help={
            "window_days": "two injuries this many days apart or fewer",
            "same_days": "records this many days apart or fewer, with an injury type and a "
            "body site in common, are one injury seen again",
            "ten4_age_days": "a bruise on a TEN-4-FACESp site counts below this age (four years)",
            "not_mobile_days": "an injury counts as to a baby not yet mobile below this age "
            "(about six months)",
        },
        sql=f"""
            WITH ten4 AS (
                SELECT DISTINCT evidence_key FROM rule_injuries
                WHERE is_child AND injury = 'bruise'
                  AND age_days BETWEEN 0 AND {{ten4_age_days}} - 1
                  AND body_site IN ({_TEN4_SITES})
            ),
            injuries AS MATERIALIZED (
                SELECT e.person_id, e.evidence_key, e.agency, e.event_date, e.known_on,
                       e.injury_type, e.body_sites,
                       coalesce(e.explanation IN ('none', 'inconsistent', 'changing'), false)
                           AS unexplained,
                       t.evidence_key IS NOT NULL AS ten4,
                       coalesce(e.age_days BETWEEN 0 AND {{not_mobile_days}} - 1, false)
                           AS not_mobile
                FROM rule_events e LEFT JOIN ten4 t USING (evidence_key)
                WHERE e.is_child AND len(e.injury_type) > 0
                  AND NOT (e.injury_from_narrative AND list_sort(e.injury_type) = ['other'])
            )
            SELECT b.person_id, greatest(a.known_on, b.known_on) AS raised_on,
                   [a.evidence_key, b.evidence_key] AS evidence,
                   'Injuries ' || CAST(b.event_date - a.event_date AS VARCHAR) ||
                   ' days apart (' || a.agency || ', then ' || b.agency || '), with ' ||
                   concat_ws('; ',
                       CASE WHEN a.unexplained OR b.unexplained
                            THEN 'an explanation absent, inconsistent or changing' END,
                       CASE WHEN a.ten4 OR b.ten4 THEN 'bruising on a TEN-4-FACESp site' END,
                       CASE WHEN a.not_mobile OR b.not_mobile
                            THEN 'a baby not yet mobile' END,
                       CASE WHEN a.agency <> b.agency THEN 'seen by different agencies' END
                   ) AS summary
            FROM injuries a
            JOIN injuries b
              ON a.person_id = b.person_id AND a.evidence_key <> b.evidence_key
             AND a.event_date < b.event_date
             AND b.event_date - a.event_date <= {{window_days}}
            WHERE (a.unexplained OR b.unexplained OR a.ten4 OR b.ten4
                   OR a.not_mobile OR b.not_mobile)
        """
        + _same_injury("a", "b"),
        merge_within_days=90,
        detects="Two injuries to one child, on different days, within 90 days (one injury "
        "recorded again within a week counts once), when at least one of them had an absent, "
        "inconsistent or changing explanation, or was bruising on a TEN-4-FACESp site in a "
        "child under four, or was to a baby under about six months; the "
        "summary also says when different agencies saw them.",
        why="NICE moves from 'consider' to 'suspect' maltreatment when an injury's explanation "
        "is absent, unsuitable or changes, and when injuries sit on protected, non-bony sites "
        "or on a baby who cannot move; serious case reviews find repeated injuries, each "
        "explained away on its own and seen by different agencies, before serious harm. Two "
        "accidental bumps on the shins of an active toddler, explained consistently, are not "
        "this pattern and stay at medium (CS-004).",
        limits="The explanation is as recorded by the agency, or read from the narrative when "
        "the column is empty: a practitioner who records 'consistent' without asking closes the "
        "door. Seen by different agencies alone does not raise it: active toddlers go to the "
        "GP, the emergency department and nursery with ordinary bumps. Version 2 takes two "
        "records within a week that share an injury type and a body site (or where either "
        "names no site) as one injury seen twice: in version 1 the emergency department's "
        "record of a serious injury and the next day's child protection medical of it made "
        "most of this rule's alerts, all raised after the harm they described. Two different "
        "injuries of one kind to one site within a week are missed.",
        references=(NICE_CG89, TEN4, SENTINEL, PANEL),
        reads=(
            "rule_events.injury_type",
            "rule_events.explanation",
            "rule_events.age_days",
            "rule_injuries.body_site",
        ),
        examples=(
            Example(
                (
                    child("health_gp", "G3", "2020-05-01", "2023-01-01", "note"),
                    row(
                        "health_gp",
                        "R1",
                        "G3",
                        "2024-02-01",
                        "gp_appointment",
                        injury_type="burn",
                        body_sites="hand",
                        explanation="consistent",
                    ),
                    row(
                        "health_gp",
                        "R2",
                        "G3",
                        "2024-03-15",
                        "gp_appointment",
                        injury_type="bruise",
                        body_sites="arm",
                        explanation="changing",
                    ),
                ),
                True,
                "a burn, then six weeks later a bruise whose explanation changed",
            ),
            Example(
                (
                    child("education", "G4", "2021-05-01", "2023-09-01", "note"),
                    row(
                        "education",
                        "R1",
                        "G4",
                        "2024-02-01",
                        "injury_observed",
                        injury_type="bruise",
                        body_sites="leg",
                        explanation="consistent",
                    ),
                    row(
                        "health_gp",
                        "R2",
                        "G4",
                        "2024-03-15",
                        "injury_observed",
                        injury_type="bruise",
                        body_sites="ear",
                        explanation="consistent",
                    ),
                ),
                True,
                "a bruised shin, then a bruise to the ear of a two-year-old",
                one_person=True,
            ),
            Example(
                (
                    child("education", "G5", "2021-05-01", "2023-09-01", "note"),
                    row(
                        "education",
                        "R1",
                        "G5",
                        "2024-02-01",
                        "injury_observed",
                        injury_type="bruise",
                        body_sites="leg",
                        explanation="consistent",
                    ),
                    child(
                        "health_hospital",
                        "G5",
                        "2021-05-01",
                        "2024-03-15",
                        "emergency_attendance",
                        record_id="R2",
                        injury_type="bruise",
                        body_sites="forehead",
                        explanation="consistent",
                    ),
                ),
                False,
                "an active toddler's bruised shin at nursery and bumped forehead at the "
                "emergency department, each explained consistently",
                one_person=True,
            ),
            Example(
                (
                    child(
                        "health_hospital",
                        "G7",
                        "2022-05-01",
                        "2024-03-15",
                        "emergency_attendance",
                        record_id="R1",
                        injury_type="bruise;burn",
                        body_sites="back;hand",
                        explanation="inconsistent",
                    ),
                    child(
                        "health_community",
                        "G7",
                        "2022-05-01",
                        "2024-03-16",
                        "child_protection_medical",
                        record_id="M1",
                        injury_type="bruise;burn",
                        body_sites="back;hand",
                        explanation="inconsistent",
                    ),
                ),
                False,
                "the emergency department's record of bruises and a burn, and the next day's "
                "child protection medical of the same injuries: one injury, not two",
                one_person=True,
            ),
        ),
    )
)
