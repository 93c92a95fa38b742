"""CS-016: The paper trail: visits and reviews on time while concerns go unanswered."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child
from clearsight.rules.catalogue.references import HARINGEY, TRIENNIAL, WORKING_TOGETHER
from clearsight.rules.registry import Example, Rule, register

PAPER_TRAIL = register(
    Rule(
        rule_id="CS-016",
        version=4,
        title="The paper trail: visits and reviews on time while concerns go unanswered",
        severity="critical",
        parameters={"window_days": 90, "visits": 3, "concerns": 2, "apart_days": 7},
        parameter_help={
            "window_days": "the period looked at",
            "visits": "visits or reviews recorded on a plan in the period",
            "concerns": "new serious concerns (an injury a professional observed and not "
            "explained consistently, an injury whose explanation is absent, inconsistent or "
            "changing, domestic abuse, disclosures, a new adult, safeguarding referrals) from "
            "other agencies in the period",
            "apart_days": "the first and last of those concerns at least this many days apart "
            "(one incident recorded several times is one concern)",
        },
        sql="""
            WITH work AS (
                SELECT person_id, evidence_key, event_date, known_on FROM rule_events
                WHERE is_child AND agency = 'social_care'
                  AND event_type IN ('home_visit', 'cp_plan_review', 'cin_plan_start',
                                     'child_protection_conference')
            ),
            concerns AS MATERIALIZED (
                SELECT h.child_id AS person_id, e.evidence_key, e.event_date, e.known_on
                FROM rule_events e JOIN rule_household_children h ON h.person_id = e.person_id
                WHERE e.agency <> 'social_care'
                  AND (e.event_type IN ('domestic_abuse_incident', 'disclosure',
                                        'new_adult_in_household', 'safeguarding_referral_made')
                       OR (e.event_type = 'injury_observed'
                           AND coalesce(e.explanation, '') <> 'consistent')
                       OR (len(e.injury_type) > 0
                           AND e.explanation IN ('none', 'inconsistent', 'changing')))
            ),
            windows AS (
                SELECT c.person_id, c.evidence_key AS anchor, c.event_date, c.known_on,
                       (SELECT count(*) FROM work w WHERE w.person_id = c.person_id
                          AND w.event_date BETWEEN c.event_date - {window_days} AND c.event_date
                          AND w.known_on <= c.known_on) AS visits,
                       (SELECT list_sort(list(x.evidence_key)) FROM concerns x
                        WHERE x.person_id = c.person_id
                          AND x.event_date BETWEEN c.event_date - {window_days} AND c.event_date
                          AND x.known_on <= c.known_on) AS concern_keys,
                       (SELECT min(x.event_date) FROM concerns x
                        WHERE x.person_id = c.person_id
                          AND x.event_date BETWEEN c.event_date - {window_days} AND c.event_date
                          AND x.known_on <= c.known_on) AS first_concern
                FROM concerns c
            )
            SELECT w.person_id, w.known_on AS raised_on, w.concern_keys AS evidence,
                   CAST(w.visits AS VARCHAR) || ' social care visits or reviews in ' ||
                   CAST({window_days} AS VARCHAR) || ' days while ' ||
                   CAST(len(w.concern_keys) AS VARCHAR) ||
                   ' concerns from other agencies arrived, with no strategy discussion or '
                   || 'section 47 enquiry' AS summary
            FROM windows w
            WHERE w.visits >= {visits} AND len(w.concern_keys) >= {concerns}
              AND w.event_date - w.first_concern >= {apart_days}
              AND NOT EXISTS (
                SELECT 1 FROM rule_events s
                WHERE s.person_id = w.person_id
                  AND s.event_type IN ('strategy_discussion', 'section47_start')
                  AND s.event_date BETWEEN w.event_date - {window_days} AND w.event_date
                  AND s.known_on <= w.known_on)
        """,
        merge_within_days=90,
        detects="A child whose social care visits and reviews keep happening (three or more in "
        "90 days) while serious concerns from other agencies keep arriving (two or more: "
        "an injury a professional observed and not explained consistently, an injury whose "
        "explanation is absent, inconsistent or changing, domestic abuse, disclosures, a new "
        "adult, safeguarding referrals, the first and last at least a week apart) with no strategy "
        "discussion or section 47 enquiry in the period.",
        why="'The perfect paper trail': Peter Connelly was seen about 60 times in eight months, "
        "every visit and review was on time, and the concerns of other agencies were not "
        "acted on. Compliance with procedure is not safety.",
        limits="Counts records, not their quality; a concern answered outside a strategy "
        "discussion (a child protection medical arranged directly, say) is not seen as an "
        "answer. Version 1 also counted missed appointments and injuries explained "
        "consistently (a sprained ankle at the GP); they are not the serious concerns the "
        "pattern is about, and most of its alerts on children never harmed came from them. "
        "Version 2 fired on the day of a serious injury itself, counting the emergency "
        "department's record and its safeguarding referral as two concerns; version 3 wants "
        "concerns at least a week apart, so concerns that arrive together within a week count "
        "once. Version 4 counts an injury recorded at a consultation or attendance only when its "
        "explanation is recorded or read as absent, inconsistent or changing: version 3 "
        "counted any injury not recorded as consistently explained, so a teenager's 'sports "
        "injury to ankle, sprain' at the GP, whose explanation no column records, was a "
        "serious concern, and about half of its alerts rested on such records. An injury "
        "a professional reports observing (`injury_observed`) still counts unless explained "
        "consistently. Since decision 0505 half the synthetic drift-on-plan stories have this "
        "pattern before the harm, so the rule can be measured; but the story was written to "
        "the same published pattern as the rule, by the same team, so that it finds them "
        "says the SQL finds what its authors described, not how real agencies record such "
        "concerns.",
        references=(HARINGEY, WORKING_TOGETHER, TRIENNIAL),
        reads=("rule_events.event_type", "rule_events.agency", "rule_household_children"),
        examples=(
            Example(
                (
                    child("social_care", "U1", "2023-01-01", "2024-01-05", "home_visit"),
                    child(
                        "social_care",
                        "U1",
                        "2023-01-01",
                        "2024-02-01",
                        "cp_plan_review",
                        record_id="R1",
                    ),
                    child(
                        "social_care",
                        "U1",
                        "2023-01-01",
                        "2024-02-20",
                        "home_visit",
                        record_id="R2",
                    ),
                    child(
                        "health_gp",
                        "U1",
                        "2023-01-01",
                        "2024-02-25",
                        "injury_observed",
                        record_id="G1",
                        injury_type="bruise",
                        body_sites="back",
                    ),
                    child(
                        "police",
                        "U1",
                        "2023-01-01",
                        "2024-03-05",
                        "domestic_abuse_incident",
                        record_id="P1",
                    ),
                ),
                True,
                "three visits and reviews while the GP sees a bruise and, nine days later, police "
                "attend",
                one_person=True,
            ),
            Example(
                (
                    child("social_care", "U2", "2023-01-01", "2024-01-05", "home_visit"),
                    child(
                        "social_care",
                        "U2",
                        "2023-01-01",
                        "2024-02-01",
                        "cp_plan_review",
                        record_id="R1",
                    ),
                    child(
                        "social_care",
                        "U2",
                        "2023-01-01",
                        "2024-02-20",
                        "home_visit",
                        record_id="R2",
                    ),
                    child(
                        "health_gp",
                        "U2",
                        "2023-01-01",
                        "2024-02-25",
                        "injury_observed",
                        record_id="G1",
                        injury_type="bruise",
                        body_sites="back",
                    ),
                    child(
                        "social_care",
                        "U2",
                        "2023-01-01",
                        "2024-02-27",
                        "strategy_discussion",
                        record_id="R3",
                    ),
                    child(
                        "police",
                        "U2",
                        "2023-01-01",
                        "2024-03-05",
                        "domestic_abuse_incident",
                        record_id="P1",
                    ),
                ),
                False,
                "the same, but the bruise led to a strategy discussion",
                one_person=True,
            ),
            Example(
                (
                    child("social_care", "U3", "2023-01-01", "2024-01-05", "home_visit"),
                    child(
                        "social_care",
                        "U3",
                        "2023-01-01",
                        "2024-02-01",
                        "cp_plan_review",
                        record_id="R1",
                    ),
                    child(
                        "social_care",
                        "U3",
                        "2023-01-01",
                        "2024-02-20",
                        "home_visit",
                        record_id="R2",
                    ),
                    child(
                        "health_hospital",
                        "U3",
                        "2023-01-01",
                        "2024-02-25",
                        "emergency_attendance",
                        record_id="H1",
                        injury_type="fracture",
                        body_sites="arm",
                        explanation="inconsistent",
                    ),
                    child(
                        "health_hospital",
                        "U3",
                        "2023-01-01",
                        "2024-02-25",
                        "safeguarding_referral_made",
                        record_id="H2",
                    ),
                ),
                False,
                "one injury at the emergency department and the hospital's referral about it, "
                "the same day: one incident, not concerns that keep arriving",
                one_person=True,
            ),
            Example(
                (
                    child("social_care", "U4", "2009-01-01", "2024-01-05", "home_visit"),
                    child(
                        "social_care",
                        "U4",
                        "2009-01-01",
                        "2024-02-01",
                        "cp_plan_review",
                        record_id="R1",
                    ),
                    child(
                        "social_care",
                        "U4",
                        "2009-01-01",
                        "2024-02-20",
                        "home_visit",
                        record_id="R2",
                    ),
                    child(
                        "health_gp",
                        "U4",
                        "2009-01-01",
                        "2024-02-25",
                        "gp_appointment",
                        record_id="G1",
                        description="Sports injury to ankle, sprain. Rest and ice advised.",
                    ),
                    child(
                        "police",
                        "U4",
                        "2009-01-01",
                        "2024-03-05",
                        "domestic_abuse_incident",
                        record_id="P1",
                    ),
                ),
                False,
                "the same visits, a teenager's sprained ankle at the GP with no explanation "
                "recorded, and one police incident: one serious concern, not two",
                one_person=True,
            ),
        ),
    )
)
