"""Rules on patterns across agencies: repeated emergency attendances, children not brought,
concerns from several agencies with no strategy discussion, domestic abuse with no response,
and a new adult in the household."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.injuries import NICE_CG89, PANEL
from clearsight.rules.registry import Example, Reference, Rule, register

WORKING_TOGETHER = Reference(
    "HM Government, Working Together to Safeguard Children 2023: strategy discussions when "
    "there is reasonable cause to suspect significant harm; information sharing between "
    "agencies.",
    "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
)
TRIENNIAL = Reference(
    "Brandon M et al. Complexity and challenge: a triennial analysis of serious case reviews "
    "2014-2017 (Department for Education, 2020): domestic abuse, parental mental ill-health "
    "and substance misuse; unknown men in the household; information held by one agency.",
    "https://www.gov.uk/government/publications/analysis-of-serious-case-reviews-2014-to-2017",
)
WAS_NOT_BROUGHT = Reference(
    "NICE CG89: consider neglect when a child repeatedly fails to attend essential follow-up "
    "appointments; Powell C, Appleton JV. Children and young people's missed health care "
    "appointments: reconceptualising 'Did Not Attend' to 'Was Not Brought'. J Res Nurs 2012.",
    "https://www.nice.org.uk/guidance/cg89",
)


def _count_rule(types: str, what: str, narrative_flag: str = "false") -> str:
    """Firings when `count` events of `types` (or whose narrative sets `narrative_flag`) fall
    within `window_days`, each known by the latest one's recording."""
    a_flag = narrative_flag.replace("text_", "a.text_")
    b_flag = narrative_flag.replace("text_", "b.text_")
    return f"""
        SELECT b.person_id, b.known_on AS raised_on,
               list_sort(list(a.evidence_key)) AS evidence,
               CAST(count(*) AS VARCHAR) || ' {what} within ' ||
               CAST({{window_days}} AS VARCHAR) || ' days, the latest recorded by ' ||
               any_value(b.agency) AS summary
        FROM rule_events b
        JOIN rule_events a
          ON a.person_id = b.person_id
         AND (a.event_type IN ({types}) OR {a_flag})
         AND a.event_date BETWEEN b.event_date - {{window_days}} AND b.event_date
         AND a.known_on <= b.known_on
        WHERE b.is_child AND (b.event_type IN ({types}) OR {b_flag})
        GROUP BY b.person_id, b.evidence_key, b.known_on
        HAVING count(*) >= {{count}}
    """


EMERGENCY = register(
    Rule(
        rule_id="CS-005",
        version=1,
        title="Repeated emergency attendances",
        severity="medium",
        parameters={"count": 3, "window_days": 365},
        parameter_help={
            "count": "attendances that make a pattern",
            "window_days": "within this many days",
        },
        sql=_count_rule("'emergency_attendance'", "emergency attendances"),
        detects="A child brought to emergency care three times or more within a year.",
        why="Frequent attendance, each visit unremarkable on its own, is a marker of both "
        "physical abuse and neglect; no single emergency department sees the pattern when the "
        "child goes to different hospitals.",
        limits="Children with chronic illness or disability attend often for good reasons; "
        "the rule does not know diagnoses.",
        references=(NICE_CG89,),
        reads=("rule_events.event_type", "rule_events.event_date"),
        examples=(
            Example(
                (
                    child(
                        "health_hospital", "A1", "2021-01-01", "2023-01-05", "emergency_attendance"
                    ),
                    row("health_hospital", "R1", "A1", "2023-06-01", "emergency_attendance"),
                    row("health_hospital", "R2", "A1", "2023-11-20", "emergency_attendance"),
                ),
                True,
                "three attendances in eleven months",
            ),
            Example(
                (
                    child(
                        "health_hospital", "A2", "2021-01-01", "2022-01-05", "emergency_attendance"
                    ),
                    row("health_hospital", "R1", "A2", "2023-06-01", "emergency_attendance"),
                    row("health_hospital", "R2", "A2", "2024-11-20", "emergency_attendance"),
                ),
                False,
                "three attendances over three years",
            ),
        ),
    )
)

NOT_BROUGHT = register(
    Rule(
        rule_id="CS-006",
        version=1,
        title="A child repeatedly not brought to health appointments or not seen at home",
        severity="medium",
        parameters={"count": 2, "window_days": 180},
        parameter_help={
            "count": "missed appointments or visits that make a pattern",
            "window_days": "within this many days",
        },
        sql=_count_rule(
            "'appointment_not_attended', 'visit_no_access'",
            "appointments not brought to or visits with no access",
            narrative_flag="text_not_brought",
        ),
        detects="Two or more health appointments the child was not brought to, or home "
        "visits where no one answered, within six months.",
        why="A child who 'was not brought' depends on adults who did not bring them; repeated "
        "missed appointments and no access are a recurring feature of neglect and of "
        "disguised compliance in serious case reviews.",
        limits="Appointments cancelled by the service and rearranged visits may be recorded "
        "the same way.",
        references=(WAS_NOT_BROUGHT, TRIENNIAL),
        reads=("rule_events.event_type",),
        examples=(
            Example(
                (
                    child(
                        "health_visiting",
                        "N1",
                        "2023-05-01",
                        "2023-06-01",
                        "health_visitor_contact",
                    ),
                    row("health_visiting", "R1", "N1", "2024-01-10", "appointment_not_attended"),
                    row("health_visiting", "R2", "N1", "2024-02-20", "visit_no_access"),
                ),
                True,
                "a missed clinic and a visit with no reply six weeks later",
            ),
            Example(
                (
                    child(
                        "health_visiting",
                        "N2",
                        "2023-05-01",
                        "2023-06-01",
                        "health_visitor_contact",
                    ),
                    row("health_visiting", "R1", "N2", "2024-01-10", "appointment_not_attended"),
                ),
                False,
                "one missed appointment",
            ),
        ),
    )
)

_CONCERN = (
    "(event_type IN ('injury_observed', 'safeguarding_referral_made', 'school_concern', "
    "'domestic_abuse_incident', 'disclosure', 'police_protection', 'new_adult_in_household', "
    "'parental_substance_misuse', 'parental_mental_health_concern') "
    "OR concern_level = 'high' OR len(injury_type) > 0)"
)

MANY_AGENCIES = register(
    Rule(
        rule_id="CS-007",
        version=1,
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
        }
            ),
            windows AS (
                SELECT b.person_id, b.evidence_key AS anchor, b.event_date AS anchor_date,
                       b.known_on + {{grace_days}} AS due_on,
                       list_sort(list(DISTINCT a.evidence_key)) AS evidence,
                       count(DISTINCT a.agency) AS agencies,
                       string_agg(DISTINCT a.agency, ', ') AS agency_names
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
        detects="Concerns about one child (injuries, referrals, school concerns, domestic "
        "abuse, disclosures, a new adult, parental substance misuse or mental ill-health) "
        "from three or more agencies within 30 days, with no strategy discussion or section 47 "
        "enquiry recorded within a week of the latest.",
        why="Each agency held a piece and nobody put the pieces together: the finding of "
        "Climbié, Connelly and many reviews since. Working Together expects a strategy "
        "discussion when there is reasonable cause to suspect significant harm.",
        limits="Concerns about adults reach the child only through the household found by "
        "linkage. A strategy discussion recorded under another child of the family is not "
        "seen.",
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
        ),
    )
)

DA_NO_RESPONSE = register(
    Rule(
        rule_id="CS-008",
        version=1,
        title="Domestic abuse incident with no children's social care response",
        severity="medium",
        parameters={"days": 7},
        parameter_help={"days": "days allowed for a social care record about the child"},
        sql="""
            SELECT h.child_id AS person_id, d.known_on + {days} AS raised_on,
                   [d.evidence_key] AS evidence,
                   'Domestic abuse incident recorded by ' || d.agency || ' on ' ||
                   CAST(d.event_date AS VARCHAR) || '; no children''s social care record '
                   || 'about the child within ' || CAST({days} AS VARCHAR) || ' days' AS summary
            FROM rule_events d JOIN rule_household_children h ON h.person_id = d.person_id
            WHERE d.event_type = 'domestic_abuse_incident' AND d.agency <> 'social_care'
              AND d.known_on + {days} <= {as_of}
              AND NOT EXISTS (
                SELECT 1 FROM rule_events s
                WHERE s.person_id = h.child_id AND s.agency = 'social_care'
                  AND s.event_date >= d.event_date AND s.known_on <= d.known_on + {days})
        """,
        merge_within_days=30,
        detects="A domestic abuse incident recorded by the police or another agency about a "
        "child or an adult of the child's household, with no children's social care record "
        "about the child within seven days.",
        why="Domestic abuse is the commonest factor at assessment and sits beside most serious "
        "case reviews; notifications that reach no one who acts are a recurring finding.",
        limits="Needs linkage's households to connect an incident about adults to their "
        "children. A response recorded under a sibling is not seen.",
        references=(TRIENNIAL, WORKING_TOGETHER),
        reads=("rule_events.event_type", "rule_events.agency", "rule_household_children"),
        examples=(
            Example(
                (
                    child(
                        "police",
                        "P1",
                        "2020-01-01",
                        "2024-01-12",
                        "domestic_abuse_incident",
                        description="Child present during argument.",
                    ),
                ),
                True,
                "a call-out with the child present and no social care record",
            ),
            Example(
                (child("police", "P2", "2020-01-01", "2024-01-12", "police_incident"),),
                False,
                "a police incident that is not domestic abuse",
            ),
        ),
    )
)

NEW_ADULT = register(
    Rule(
        rule_id="CS-009",
        version=1,
        title="A new adult in the child's household",
        severity="medium",
        sql="""
            SELECT h.child_id AS person_id, e.known_on AS raised_on, [e.evidence_key] AS evidence,
                   'A new adult in the household, recorded by ' || e.agency AS summary
            FROM rule_events e JOIN rule_household_children h ON h.person_id = e.person_id
            WHERE e.event_type = 'new_adult_in_household' OR e.text_new_adult
        """,
        merge_within_days=180,
        detects="Any record of a new adult joining the child's household (a parent's new "
        "partner, a lodger), by any agency.",
        why="An unknown or new man in the household is one of the most consistent findings of "
        "reviews of serious harm to babies (the Panel's 'invisible men'); often no agency "
        "knew who he was.",
        limits="A new adult is read from the event type and from narratives (a mother's new "
        "partner at a visit); a narrative that names a man without saying he is new is not read "
        "as one.",
        references=(PANEL, TRIENNIAL),
        reads=("rule_events.event_type", "rule_household_children"),
        examples=(
            Example(
                (
                    child(
                        "health_visiting",
                        "V1",
                        "2024-01-01",
                        "2024-01-20",
                        "health_visitor_contact",
                    ),
                    row("health_visiting", "R1", "V1", "2024-03-02", "new_adult_in_household"),
                ),
                True,
                "the health visitor meets mother's new partner",
            ),
            Example(
                (
                    child(
                        "health_visiting",
                        "V2",
                        "2024-01-01",
                        "2024-01-20",
                        "health_visitor_contact",
                    ),
                ),
                False,
                "no new adult",
            ),
        ),
    )
)
