"""CS-007: Concerns from several agencies with no strategy discussion."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.references import PANEL, TRIENNIAL, WORKING_TOGETHER
from clearsight.rules.registry import Example, Rule, register

_CONCERN = (
    "(event_type IN ('injury_observed', 'safeguarding_referral_made', 'school_concern', "
    "'domestic_abuse_incident', 'disclosure', 'police_protection', 'new_adult_in_household', "
    "'parental_substance_misuse', 'parental_mental_health_concern') "
    "OR concern_level = 'high' OR len(injury_type) > 0) "
    # an injury explained consistently, and not of high concern, is not a concern (CS-007 v2)
    "AND NOT ((event_type = 'injury_observed' OR len(injury_type) > 0) "
    "AND coalesce(explanation, '') = 'consistent' AND coalesce(concern_level, '') <> 'high')"
)


MANY_AGENCIES = register(
    Rule(
        rule_id="CS-007",
        version=2,
        title="Concerns from several agencies with no strategy discussion",
        severity="high",
        parameters={"agencies": 3, "window_days": 30, "grace_days": 7},
        parameter_help={
            "agencies": "distinct agencies raising concerns",
            "window_days": "within this many days",
            "grace_days": "days allowed after the latest concern for a strategy discussion "
            "or section 47 enquiry to be recorded",
        },
        sql=f"""
            WITH concerns AS (
                SELECT h.child_id AS person_id, e.* EXCLUDE (person_id)
                FROM rule_events e JOIN rule_household_children h ON h.person_id = e.person_id
                WHERE {
            _CONCERN.replace("event_type", "e.event_type")
            .replace("concern_level", "e.concern_level")
            .replace("injury_type", "e.injury_type")
            .replace("explanation", "e.explanation")
        }
            ),
            windows AS (
                SELECT b.person_id, b.evidence_key AS anchor, b.event_date AS anchor_date,
                       b.known_on + {{grace_days}} AS due_on,
                       list_sort(list(DISTINCT a.evidence_key)) AS evidence,
                       count(DISTINCT a.agency) AS agencies,
                       string_agg(DISTINCT a.agency, ', ' ORDER BY a.agency) AS agency_names
                FROM concerns b JOIN concerns a
                  ON a.person_id = b.person_id
                 AND a.event_date BETWEEN b.event_date - {{window_days}} AND b.event_date
                 AND a.known_on <= b.known_on
                GROUP BY b.person_id, b.evidence_key, b.event_date, b.known_on
                HAVING count(DISTINCT a.agency) >= {{agencies}}
            )
            SELECT w.person_id, w.due_on AS raised_on, w.evidence,
                   'Concerns from ' || CAST(w.agencies AS VARCHAR) || ' agencies (' ||
                   w.agency_names || ') within ' || CAST({{window_days}} AS VARCHAR) ||
                   ' days, and no strategy discussion or section 47 enquiry recorded within '
                   || CAST({{grace_days}} AS VARCHAR) || ' days' AS summary
            FROM windows w
            WHERE w.due_on <= {{as_of}}
              AND NOT EXISTS (
                SELECT 1 FROM rule_events s
                WHERE s.person_id = w.person_id
                  AND s.event_type IN ('strategy_discussion', 'section47_start')
                  AND s.event_date >= w.anchor_date - {{window_days}}
                  AND s.known_on <= w.due_on)
        """,
        merge_within_days=60,
        detects="Concerns about one child (injuries not explained consistently, referrals, "
        "school concerns, domestic abuse, disclosures, a new adult, parental substance misuse "
        "or mental ill-health) "
        "from three or more agencies within 30 days, with no strategy discussion or section 47 "
        "enquiry recorded within a week of the latest.",
        why="Each agency held a piece and nobody put the pieces together: the finding of "
        "Climbié, Connelly and many reviews since. Working Together expects a strategy "
        "discussion when there is reasonable cause to suspect significant harm.",
        limits="Concerns about adults reach the child only through the household found by "
        "linkage. A strategy discussion recorded under another child of the family is not "
        "seen. Since version 2 an injury explained consistently (and not recorded as of high "
        "concern) is not a concern: in version 1 a cut chin from a scooter, a finger caught in "
        "a door and a grazed knee in the playground made three agencies' 'concerns' with a "
        "police notification, and most of the rule's alerts on children never harmed came so. "
        "An injury whose explanation the agency recorded as consistent without asking closes "
        "that door.",
        references=(WORKING_TOGETHER, TRIENNIAL, PANEL),
        reads=("rule_events.event_type", "rule_events.agency", "rule_household_children"),
        examples=(
            Example(
                (
                    child("education", "M0", "2019-01-01", "2024-01-03", "school_concern"),
                    child(
                        "health_gp",
                        "M0",
                        "2019-01-01",
                        "2024-01-08",
                        "injury_observed",
                        injury_type="bruise",
                        body_sites="arm",
                    ),
                    child("police", "M0", "2019-01-01", "2024-01-12", "domestic_abuse_incident"),
                ),
                True,
                "a school, the GP and the police, within ten days, and no strategy discussion",
                one_person=True,
            ),
            Example(
                (
                    child("social_care", "M1", "2019-01-01", "2024-01-02", "contact"),
                    row("social_care", "R1", "M1", "2024-01-05", "school_concern"),
                    row(
                        "social_care",
                        "R2",
                        "M1",
                        "2024-01-12",
                        "domestic_abuse_incident",
                        agency_name="reported by police",
                    ),
                ),
                False,
                "two concerns, one agency: not enough agencies",
            ),
            Example(
                (
                    child(
                        "social_care",
                        "M2",
                        "2019-01-01",
                        "2024-01-02",
                        "safeguarding_referral_made",
                    ),
                    row("social_care", "R1", "M2", "2024-01-05", "school_concern"),
                    row("social_care", "R2", "M2", "2024-01-12", "strategy_discussion"),
                ),
                False,
                "concerns answered by a strategy discussion",
            ),
            Example(
                (
                    child(
                        "health_hospital",
                        "M3",
                        "2016-01-01",
                        "2024-01-03",
                        "emergency_attendance",
                        injury_type="laceration",
                        body_sites="face",
                        explanation="consistent",
                    ),
                    child(
                        "health_gp",
                        "M3",
                        "2016-01-01",
                        "2024-01-08",
                        "injury_observed",
                        record_id="G1",
                        injury_type="abrasion",
                        body_sites="leg",
                        explanation="consistent",
                    ),
                    child(
                        "police",
                        "M3",
                        "2016-01-01",
                        "2024-01-12",
                        "safeguarding_referral_made",
                        record_id="P1",
                    ),
                ),
                False,
                "a cut chin from a scooter and a grazed knee, each explained consistently, and a "
                "police notification: one concern, not three agencies' concerns",
                one_person=True,
            ),
        ),
    )
)
