"""CS-004: Repeated injuries within a short time."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _same_injury
from clearsight.rules.catalogue.references import NICE_CG89, PANEL
from clearsight.rules.registry import Example, Rule, register

REPEATED = register(
    Rule(
        rule_id="CS-004",
        version=4,
        title="Repeated injuries within a short time",
        severity="medium",
        parameters={"window_days": 90, "same_days": 7},
        parameter_help={
            "window_days": "two injuries this many days apart or fewer",
            "same_days": "records this many days apart or fewer, with an injury type and a "
            "body site in common, are one injury seen again",
        },
        sql="""
            SELECT b.person_id, greatest(a.known_on, b.known_on) AS raised_on,
                   [a.evidence_key, b.evidence_key] AS evidence,
                   'Injuries ' || CAST(b.event_date - a.event_date AS VARCHAR) ||
                   ' days apart (' || a.agency || ', then ' || b.agency ||
                   CASE WHEN a.agency <> b.agency THEN ': seen by different agencies'
                        ELSE '' END ||
                   CASE WHEN 'changing' IN (a.explanation, b.explanation)
                          OR 'inconsistent' IN (a.explanation, b.explanation)
                        THEN '; explanation inconsistent or changing' ELSE '' END ||
                   ')' AS summary
            FROM rule_events a
            JOIN rule_events b
              ON a.person_id = b.person_id AND a.evidence_key <> b.evidence_key
             AND a.event_date < b.event_date
             AND b.event_date - a.event_date <= {window_days}
            WHERE a.is_child AND len(a.injury_type) > 0 AND len(b.injury_type) > 0
        """
        + _same_injury("a", "b"),
        merge_within_days=90,
        detects="Two injuries to one child, on different days, within 90 days, whichever "
        "agencies recorded them (one injury recorded again within a week counts once); the "
        "summary says when the agencies differ and when an explanation was inconsistent or "
        "changed. Medium since version 2: the pattern with a "
        "warning feature (an explanation absent, inconsistent or changing, a TEN-4-FACESp "
        "site, a baby not yet mobile) is CS-018, at high.",
        why="Repeated injuries, each explained away on its own and seen by different "
        "agencies, are a recurring finding of serious case reviews; NICE lists multiple "
        "injuries and changing explanations among the alerting features.",
        limits="Accidental injuries in active children repeat too: at high severity (version "
        "1) this rule alerted on most active toddlers with bruised shins and foreheads, so it "
        "is now medium. Version 3 also counts a pair whose earlier record's key sorts after "
        "the later one's (version 2 and before missed, for instance, a hospital attendance "
        "followed by a community paediatric visit). Version 4 takes two records within a week "
        "that share an injury type and a body site (or where either names no site) as one "
        "injury seen twice: the emergency department's record and the next day's child "
        "protection medical of the same bruises made a 'repeated injury' of every serious "
        "injury. Two different injuries of one kind to one site within a week are missed.",
        references=(NICE_CG89, PANEL),
        reads=("rule_events.injury_type", "rule_events.explanation", "rule_events.agency"),
        examples=(
            Example(
                (
                    child("health_gp", "G1", "2020-05-01", "2023-01-01", "note"),
                    row(
                        "health_gp",
                        "R1",
                        "G1",
                        "2024-02-01",
                        "gp_appointment",
                        injury_type="burn",
                        body_sites="hand",
                        explanation="inconsistent",
                    ),
                    row(
                        "health_gp",
                        "R2",
                        "G1",
                        "2024-03-15",
                        "gp_appointment",
                        injury_type="bruise",
                        body_sites="arm",
                        explanation="changing",
                    ),
                ),
                True,
                "a burn and then a bruise six weeks apart",
            ),
            Example(
                (
                    child("health_gp", "G2", "2020-05-01", "2023-01-01", "note"),
                    row(
                        "health_gp",
                        "R1",
                        "G2",
                        "2023-02-01",
                        "gp_appointment",
                        injury_type="burn",
                        body_sites="hand",
                    ),
                    row(
                        "health_gp",
                        "R2",
                        "G2",
                        "2024-03-15",
                        "gp_appointment",
                        injury_type="bruise",
                        body_sites="leg",
                    ),
                ),
                False,
                "two injuries more than a year apart",
            ),
            Example(
                (
                    child(
                        "health_hospital",
                        "G6",
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
                        "G6",
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
