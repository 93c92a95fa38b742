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

PERSISTENT_NOT_BROUGHT = register(
    Rule(
        rule_id="CS-019",
        version=1,
        title="A child persistently not brought to appointments or not seen at home",
        severity="high",
        parameters={"count": 4, "window_days": 365},
        parameter_help={
            "count": "missed appointments or visits with no access that make a persistent pattern",
            "window_days": "within this many days",
        },
        sql=_count_rule(
            "'appointment_not_attended', 'visit_no_access'",
            "appointments not brought to or visits with no access",
            narrative_flag="text_not_brought",
        ),
        merge_within_days=365,
        detects="Four or more health appointments the child was not brought to, or home "
        "visits where no one answered or the child was not seen, within a year, by any "
        "agencies: the persistent form of CS-006, at high severity.",
        why="NICE says to consider neglect when a child repeatedly fails to attend essential "
        "appointments, and serious case reviews of neglect and of disguised compliance find "
        "children not brought again and again, each missed appointment discharged back to the "
        "GP by a different service, while no one counted them together.",
        limits="Appointments cancelled by the service, and families who move away, are "
        "recorded the same way; four in a year is a judgement, not a published threshold. A "
        "child with many appointments (a disabled child) has more to miss.",
        references=(WAS_NOT_BROUGHT, TRIENNIAL),
        reads=("rule_events.event_type", "rule_events.text_not_brought"),
        examples=(
            Example(
                (
                    child(
                        "health_gp",
                        "N3",
                        "2020-05-01",
                        "2023-06-01",
                        "appointment_not_attended",
                    ),
                    row("health_gp", "R1", "N3", "2023-08-10", "appointment_not_attended"),
                    child(
                        "health_hospital",
                        "N3",
                        "2020-05-01",
                        "2023-10-20",
                        "outpatient_appointment",
                        record_id="H1",
                        description="Was not brought to audiology; discharged back to GP.",
                    ),
                    child(
                        "health_community",
                        "N3",
                        "2020-05-01",
                        "2024-01-15",
                        "appointment_not_attended",
                        record_id="C1",
                    ),
                ),
                True,
                "four appointments missed in seven months, at the GP, audiology and community "
                "health",
                one_person=True,
            ),
            Example(
                (
                    child(
                        "health_gp",
                        "N4",
                        "2020-05-01",
                        "2023-06-01",
                        "appointment_not_attended",
                    ),
                    row("health_gp", "R1", "N4", "2023-08-10", "appointment_not_attended"),
                    row("health_gp", "R2", "N4", "2024-01-15", "appointment_not_attended"),
                ),
                False,
                "three missed appointments in a year: CS-006 (medium), not this",
            ),
        ),
    )
)

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

MARAC = Reference(
    "SafeLives, Marac referral criteria: 'potential escalation' (SafeLives recommends three "
    "domestic abuse incidents in twelve months) is one of the four criteria for referral to a "
    "multi-agency risk assessment conference.",
    "https://safelives.org.uk/resources-library/marac-referral-criteria-and-form/",
)
JTAI_DA = Reference(
    "Ofsted, Care Quality Commission, HM Inspectorate of Constabulary and HM Inspectorate of "
    "Probation. The multi-agency response to children living with domestic abuse: prevent, "
    "protect and repair (2017): domestic abuse is often a pattern across a timeline, not an "
    "isolated incident, and needs a view of more than one incident.",
    "https://hmicfrs.justiceinspectorates.gov.uk/publications/multi-agency-response-to-children-living-with-domestic-abuse/",
)

REPEATED_DA = register(
    Rule(
        rule_id="CS-021",
        version=2,
        title="Repeated domestic abuse incidents, none answered by children's social care",
        severity="high",
        parameters={"incidents": 4, "window_days": 365},
        parameter_help={
            "incidents": "domestic abuse incidents (distinct days) about the child's household "
            "(SafeLives' escalation criterion is three; four is the default, see Known limits)",
            "window_days": "within this many days",
        },
        sql="""
            WITH incidents AS MATERIALIZED (
                SELECT h.child_id AS person_id, e.evidence_key, e.event_date, e.known_on
                FROM rule_events e JOIN rule_household_children h ON h.person_id = e.person_id
                WHERE e.event_type = 'domestic_abuse_incident' AND e.agency <> 'social_care'
            ),
            windows AS (
                SELECT b.person_id, b.evidence_key, b.event_date, b.known_on,
                       min(a.event_date) AS first_date,
                       list_sort(list(DISTINCT a.evidence_key)) AS evidence,
                       count(DISTINCT a.event_date) AS incidents
                FROM incidents b JOIN incidents a
                  ON a.person_id = b.person_id
                 AND a.event_date BETWEEN b.event_date - {window_days} AND b.event_date
                 AND a.known_on <= b.known_on
                GROUP BY b.person_id, b.evidence_key, b.event_date, b.known_on
                HAVING count(DISTINCT a.event_date) >= {incidents}
            )
            SELECT w.person_id, w.known_on AS raised_on, w.evidence,
                   CAST(w.incidents AS VARCHAR) || ' domestic abuse incidents about the '
                   || 'household within ' || CAST({window_days} AS VARCHAR) || ' days (the '
                   || 'first on ' || CAST(w.first_date AS VARCHAR) || '), and no children''s '
                   || 'social care work with the child since beyond contacts' AS summary
            FROM windows w
            WHERE NOT EXISTS (
                SELECT 1 FROM rule_events s
                WHERE s.person_id = w.person_id AND s.agency = 'social_care'
                  AND s.event_type NOT IN ('contact', 'note', 'case_closed', 'referral')
                  AND s.event_date BETWEEN w.first_date AND w.event_date
                  AND s.known_on <= w.known_on)
        """,
        merge_within_days=365,
        detects="Domestic abuse incidents on four or more different days within a year, "
        "recorded by the police or another agency about a child or an adult of the child's "
        "household, with no children's social care work with the child since the first (a "
        "contact recorded as information only, a note, a referral or a closure is not work: "
        "an allocation, an assessment, a visit or a plan is).",
        why="Repeat incidents are how domestic abuse escalates, and SafeLives takes three in a "
        "year as a reason for a multi-agency risk conference; the joint inspections of 2017 "
        "found that domestic abuse is a pattern across a timeline which incident-by-incident "
        "responses miss, and serious case reviews find notifications closed as information "
        "only, each time without the history. CS-008 sees each unanswered incident at medium; "
        "the repetition is high.",
        limits="Needs linkage's households to connect incidents about adults to their "
        "children. Work recorded under a sibling, or by early help outside social care, is not "
        "seen as an answer. An incident is a day: one incident recorded about both adults "
        "counts once. The rule counts incidents, not their severity. SafeLives' criterion is "
        "three; on the tuning authority (10,000 children, seed 2025) three alerted 161 children "
        "with no harm trajectory and four alerted 24, catching the same trajectories, so four "
        "is the default; an authority that wants the published threshold sets incidents=3. "
        "Version 1 took a referral itself as work, so a referral closed at the front door "
        "with no further action hid a year of unanswered incidents; version 2 wants what "
        "follows an accepted referral (an allocation, an assessment).",
        references=(MARAC, JTAI_DA, TRIENNIAL),
        reads=("rule_events.event_type", "rule_events.agency", "rule_household_children"),
        examples=(
            Example(
                (
                    child("police", "D1", "2019-01-01", "2023-05-02", "domestic_abuse_incident"),
                    row("police", "R1", "D1", "2023-07-20", "domestic_abuse_incident"),
                    child(
                        "social_care",
                        "D1",
                        "2019-01-01",
                        "2023-07-22",
                        "contact",
                        record_id="S1",
                        action="No further action",
                    ),
                    row("police", "R2", "D1", "2023-10-01", "domestic_abuse_incident"),
                    row("police", "R3", "D1", "2023-12-12", "domestic_abuse_incident"),
                ),
                True,
                "four call-outs in seven months, one notification closed as information only",
                one_person=True,
            ),
            Example(
                (
                    child("police", "D2", "2019-01-01", "2023-05-02", "domestic_abuse_incident"),
                    row("police", "R1", "D2", "2023-07-20", "domestic_abuse_incident"),
                    child(
                        "social_care",
                        "D2",
                        "2019-01-01",
                        "2023-07-25",
                        "assessment_start",
                        record_id="S1",
                    ),
                    row("police", "R2", "D2", "2023-10-01", "domestic_abuse_incident"),
                    row("police", "R3", "D2", "2023-12-12", "domestic_abuse_incident"),
                ),
                False,
                "the same, but the second led to a social care assessment",
                one_person=True,
            ),
            Example(
                (
                    child("police", "D3", "2019-01-01", "2023-05-02", "domestic_abuse_incident"),
                    row("police", "R1", "D3", "2023-07-20", "domestic_abuse_incident"),
                    row("police", "R2", "D3", "2023-10-01", "domestic_abuse_incident"),
                    row(
                        "police",
                        "R3",
                        "D3A",
                        "2023-10-01",
                        "domestic_abuse_incident",
                        subject_role="father",
                    ),
                ),
                False,
                "three call-outs, the third recorded about both adults: three incidents, not four",
                one_person=True,
            ),
            Example(
                (
                    child("police", "D4", "2019-01-01", "2023-05-02", "domestic_abuse_incident"),
                    row("police", "R1", "D4", "2023-07-20", "domestic_abuse_incident"),
                    child(
                        "social_care",
                        "D4",
                        "2019-01-01",
                        "2023-08-01",
                        "referral",
                        record_id="S1",
                        action="No further action",
                    ),
                    row("social_care", "S2", "D4", "2023-08-01", "case_closed"),
                    row("police", "R2", "D4", "2023-10-01", "domestic_abuse_incident"),
                    row("police", "R3", "D4", "2023-12-12", "domestic_abuse_incident"),
                ),
                True,
                "four call-outs, and a referral closed at the front door with no further action",
                one_person=True,
            ),
        ),
    )
)
