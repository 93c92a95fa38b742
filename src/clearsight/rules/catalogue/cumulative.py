"""Rules on accumulation: many kinds of concern together, children on plans not seen, and the
"perfect paper trail" of visits and reviews on time while concerns go unanswered."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.injuries import PANEL
from clearsight.rules.catalogue.patterns import TRIENNIAL, WORKING_TOGETHER
from clearsight.rules.registry import Example, Reference, Rule, register

HARINGEY = Reference(
    "Haringey Local Safeguarding Children Board, Serious Case Review: Child A (2008, 2010): "
    "Peter Connelly was seen about 60 times in eight months by professionals; procedures were "
    "followed and the danger not seen.",
    "https://www.gov.uk/government/publications/haringey-local-safeguarding-children-board-first-serious-case-review-child-a",
)

#: Kinds of concern, each counted once however often it recurs.
_KINDS = """
    CASE
        WHEN event_type = 'domestic_abuse_incident' OR text_domestic_abuse
             OR list_contains(factors, '3A')
             OR list_contains(factors, '3B') OR list_contains(factors, '3C')
            THEN 'domestic abuse'
        WHEN event_type = 'parental_substance_misuse' OR text_substance_misuse
             OR list_contains(factors, '1B')
             OR list_contains(factors, '2B') THEN 'parental substance misuse'
        WHEN event_type = 'parental_mental_health_concern' OR text_mental_health
             OR list_contains(factors, '4B')
            THEN 'parental mental ill-health'
        WHEN event_type = 'new_adult_in_household' OR text_new_adult THEN 'a new adult'
        WHEN event_type IN ('appointment_not_attended', 'visit_no_access') OR text_not_brought
            THEN 'not brought or no access'
        WHEN event_type IN ('school_absence', 'missing_education') THEN 'absence from school'
        WHEN event_type = 'school_concern' THEN 'a school concern'
        WHEN len(injury_type) > 0 OR event_type = 'injury_observed' THEN 'an injury'
        WHEN event_type = 'disclosure' THEN 'a disclosure'
    END
"""

CUMULATIVE = register(
    Rule(
        rule_id="CS-014",
        version=2,
        title="Several kinds of concern about one child together",
        severity="medium",
        parameters={"kinds": 4, "window_days": 180, "agencies": 2},
        parameter_help={
            "kinds": "different kinds of concern (domestic abuse, parental substance misuse, "
            "parental mental ill-health, a new adult, not brought or no access, absence from "
            "school, a school concern, an injury, a disclosure)",
            "window_days": "within this many days",
            "agencies": "distinct agencies recording them",
        },
        sql=f"""
            WITH classified AS (
                SELECT e.person_id, e.evidence_key, e.agency, e.event_date,
                       e.known_on, {
            _KINDS.replace("event_type", "e.event_type")
            .replace("factors", "e.factors")
            .replace("injury_type", "e.injury_type")
            .replace("text_", "e.text_")
        } AS kind
                FROM rule_events e
            ),
            -- Children whose households hold the same people have the same concerns: the
            -- windows are worked out once, for the first of them, and given to each.
            circles AS MATERIALIZED (
                SELECT child_id, min(child_id) OVER (PARTITION BY people) AS first_child
                FROM (SELECT child_id, list_sort(list(person_id)) AS people
                      FROM rule_household_children GROUP BY child_id) c
            ),
            concerns AS MATERIALIZED (
                SELECT h.child_id AS person_id, k.* EXCLUDE (person_id)
                FROM classified k JOIN rule_household_children h ON h.person_id = k.person_id
                JOIN circles c ON c.child_id = h.child_id AND c.first_child = h.child_id
                WHERE k.kind IS NOT NULL
            ),
            windows AS (
                SELECT b.person_id, b.evidence_key, b.known_on,
                       list_sort(list(DISTINCT a.evidence_key)) AS evidence,
                       count(DISTINCT a.kind) AS kinds,
                       string_agg(DISTINCT a.kind, ', ' ORDER BY a.kind) AS kind_names,
                       count(DISTINCT a.agency) AS agencies
                FROM concerns b JOIN concerns a
                  ON a.person_id = b.person_id AND a.kind IS NOT NULL
                 AND a.event_date BETWEEN b.event_date - {{window_days}} AND b.event_date
                 AND a.known_on <= b.known_on
                WHERE b.kind IS NOT NULL
                GROUP BY b.person_id, b.evidence_key, b.known_on
                HAVING count(DISTINCT a.kind) >= {{kinds}}
                   AND count(DISTINCT a.kind) FILTER (WHERE a.kind IN (
                       'domestic abuse', 'parental substance misuse',
                       'parental mental ill-health', 'a new adult')) >= 1
                   AND count(DISTINCT a.agency) >= {{agencies}}
            )
            SELECT c.child_id AS person_id, w.known_on AS raised_on, w.evidence,
                   CAST(w.kinds AS VARCHAR) || ' kinds of concern within ' ||
                   CAST({{window_days}} AS VARCHAR) || ' days (' || w.kind_names || '), from ' ||
                   CAST(w.agencies AS VARCHAR) || ' agenc' ||
                   CASE WHEN w.agencies = 1 THEN 'y' ELSE 'ies' END AS summary
            FROM windows w JOIN circles c ON c.first_child = w.person_id
        """,
        merge_within_days=180,
        detects="Four or more different kinds of concern about a child or the adults of the "
        "child's household within six months, recorded by at least two agencies, at least one "
        "of them about the adults (domestic abuse, parental substance misuse or mental "
        "ill-health, a new adult); the others may be missed appointments or no access, "
        "absence from school, school concerns, injuries or disclosures.",
        why="Serious harm rarely follows one event. Reviews find the same accumulation again "
        "and again (the 'toxic trio' of domestic abuse, parental mental ill-health and "
        "substance misuse; an unknown man; children not brought), each part held by a "
        "different agency and none serious enough alone.",
        limits="Kinds of concern are read from event types, CIN factor codes and narratives. "
        "Absence from school counts whatever its reason (an event does not say whether it was "
        "authorised), so most school-age children of families with any adult concern reach "
        "four kinds: at high severity (version 1) this rule raised 589 alerts in a 10,000-child "
        "synthetic authority, 4% of them before a harm. It is medium since version 2; the "
        "specific accumulations (CS-019 to CS-021) are high. Concerns about adults reach the "
        "child only through the household.",
        references=(TRIENNIAL, PANEL, WORKING_TOGETHER),
        reads=("rule_events.event_type", "rule_events.factors", "rule_household_children"),
        examples=(
            Example(
                (
                    child(
                        "health_gp",
                        "Q1",
                        "2021-01-01",
                        "2024-01-05",
                        "parental_mental_health_concern",
                    ),
                    row("health_gp", "R1", "Q1", "2024-02-01", "appointment_not_attended"),
                    child(
                        "education",
                        "Q1",
                        "2021-01-01",
                        "2024-03-01",
                        "school_absence",
                        record_id="S1",
                    ),
                    child(
                        "health_visiting",
                        "Q1",
                        "2021-01-01",
                        "2024-03-20",
                        "new_adult_in_household",
                        record_id="V1",
                    ),
                ),
                True,
                "mother's low mood and a missed appointment at the GP, absence from nursery, then "
                "the health visitor "
                "meets a new partner",
                one_person=True,
            ),
            Example(
                (
                    child(
                        "health_gp", "Q2", "2021-01-01", "2024-01-05", "appointment_not_attended"
                    ),
                    row("health_gp", "R1", "Q2", "2024-02-01", "school_absence"),
                    child(
                        "education",
                        "Q2",
                        "2021-01-01",
                        "2024-03-20",
                        "school_concern",
                        record_id="E1",
                    ),
                ),
                False,
                "a missed appointment, absence and a school concern, but nothing about the adults",
                one_person=True,
            ),
        ),
    )
)


def _not_seen_sql(seen: str, words: str, record_days: bool = False) -> str:
    """Firings when a child on a plan has no event with `child_seen` in `seen` for `days`
    after the plan began or after the last such event. The plan's end counts only once it
    was recorded (an end recorded late cannot un-raise an alert already due). With
    `record_days`, the firing waits that many days more for a record of a visit within the
    `days` to arrive."""
    due = "a.seen_on + {days} + {record_days}" if record_days else "a.seen_on + {days}"
    return f"""
        WITH plans AS (
            SELECT p.person_id, p.evidence_key, p.event_date AS started,
                   (SELECT arg_min(struct_pack(d := x.event_date, k := x.known_on),
                                   x.event_date)
                    FROM rule_events x
                    WHERE x.person_id = p.person_id AND x.event_type = 'cp_plan_end'
                      AND x.event_date >= p.event_date) AS ending
            FROM rule_events p
            WHERE p.is_child AND p.event_type = 'cp_plan_start'
        ),
        anchors AS (
            SELECT person_id, evidence_key, started AS seen_on, ending FROM plans
            UNION ALL
            SELECT pl.person_id, s.evidence_key, s.event_date, pl.ending
            FROM plans pl JOIN rule_events s
              ON s.person_id = pl.person_id AND s.child_seen IN ({seen})
             AND s.event_date >= pl.started
             AND (pl.ending IS NULL OR s.event_date <= pl.ending.d)
        )
        SELECT a.person_id, {due} AS raised_on, [a.evidence_key] AS evidence,
               'On a child protection plan and not {words} for ' ||
               CAST({{days}} AS VARCHAR) || ' days after ' || CAST(a.seen_on AS VARCHAR)
               AS summary
        FROM anchors a
        WHERE {due} <= {{as_of}}
          AND (a.ending IS NULL OR a.ending.d > a.seen_on + {{days}}
               OR a.ending.k > {due})
          AND NOT EXISTS (
            SELECT 1 FROM rule_events s
            WHERE s.person_id = a.person_id AND s.child_seen IN ({seen})
              AND s.event_date > a.seen_on AND s.event_date <= a.seen_on + {{days}}
              AND s.known_on <= {due})
    """


NOT_SEEN = register(
    Rule(
        rule_id="CS-015",
        version=2,
        title="A child on a protection plan not seen for too long",
        severity="high",
        parameters={"days": 28, "record_days": 7},
        parameter_help={
            "days": "days without the child being seen while on a plan (many "
            "authorities set ten working days for visits; 28 days is a floor)",
            "record_days": "days more allowed for the record of a visit within those days to "
            "arrive before the alert is raised",
        },
        sql=_not_seen_sql("'yes', 'alone'", "seen", record_days=True),
        merge_within_days=60,
        detects="A child on a child protection plan with no record, by any agency, of the "
        "child being seen for 28 days (a week is allowed for the record of a visit to arrive).",
        why="Children who died on plans had often not been seen, or not seen alone, for "
        "weeks; statutory guidance expects the child to be seen, and seen alone, by the "
        "lead professional throughout the plan.",
        limits="Only events that record `child_seen` count; a visit recorded without it looks "
        "like no visit. A plan whose end was recorded late looks open until then. Version 2 "
        "raises the alert a week after the 28th day, and only if no visit within the 28 days "
        "has been recorded by then: visits are written up days after they happen, and in "
        "version 1 most alerts on children never harmed (35 of 56 on the tuning authority) "
        "were raised while the record of a visit on or before the 28th day was still to come. "
        "The price is a week's less notice when the child really was not seen.",
        references=(WORKING_TOGETHER, HARINGEY),
        reads=("rule_events.child_seen", "rule_events.event_type"),
        examples=(
            Example(
                (
                    child("social_care", "T1", "2019-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "T1", "2024-01-12", "home_visit", child_seen="yes"),
                    row("social_care", "R2", "T1", "2024-03-20", "home_visit", child_seen="yes"),
                ),
                True,
                "ten weeks between visits on a plan",
            ),
            Example(
                (
                    child("social_care", "T2", "2019-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "T2", "2024-01-20", "home_visit", child_seen="yes"),
                    row("social_care", "R2", "T2", "2024-02-10", "cp_plan_end"),
                ),
                False,
                "seen within a fortnight, then the plan ended",
            ),
            Example(
                (
                    child("social_care", "T3", "2019-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "T3", "2024-01-20", "home_visit", child_seen="yes"),
                    row(
                        "social_care",
                        "R2",
                        "T3",
                        "2024-02-16",
                        "home_visit",
                        child_seen="yes",
                        recorded_at="2024-02-21T16:00:00",
                    ),
                    row("social_care", "R3", "T3", "2024-02-28", "cp_plan_end"),
                ),
                False,
                "seen on the 27th day, written up five days later: no alert",
            ),
        ),
    )
)

NOT_SEEN_ALONE = register(
    Rule(
        rule_id="CS-017",
        version=1,
        title="A child on a protection plan not seen alone for too long",
        severity="medium",
        parameters={"days": 42},
        parameter_help={
            "days": "days without the child being seen alone, away from carers, while on a plan"
        },
        sql=_not_seen_sql("'alone'", "seen alone"),
        merge_within_days=60,
        detects="A child on a child protection plan with no record, by any agency, of the "
        "child being seen alone (away from parents and carers) for six weeks.",
        why="A child seen only with the adults who may be harming them cannot say what is "
        "happening; reviews repeatedly find the child was seen but never alone, and statutory "
        "guidance expects the child to be seen alone.",
        limits="Only events that record `child_seen` as `alone` count; an agency that never "
        "records it will always fire. Babies cannot speak, but being seen undressed and away "
        "from carers still matters.",
        references=(WORKING_TOGETHER, HARINGEY),
        reads=("rule_events.child_seen", "rule_events.event_type"),
        examples=(
            Example(
                (
                    child("social_care", "Z1", "2016-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "Z1", "2024-01-12", "home_visit", child_seen="yes"),
                    row("social_care", "R2", "Z1", "2024-02-02", "home_visit", child_seen="yes"),
                    row("social_care", "R3", "Z1", "2024-02-23", "home_visit", child_seen="yes"),
                ),
                True,
                "visits every three weeks, the child never seen alone",
            ),
            Example(
                (
                    child("social_care", "Z2", "2016-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "Z2", "2024-01-12", "home_visit", child_seen="alone"),
                    row("social_care", "R2", "Z2", "2024-02-09", "home_visit", child_seen="alone"),
                    row("social_care", "R3", "Z2", "2024-03-01", "cp_plan_end"),
                ),
                False,
                "seen alone at each visit",
            ),
        ),
    )
)

PAPER_TRAIL = register(
    Rule(
        rule_id="CS-016",
        version=3,
        title="The paper trail: visits and reviews on time while concerns go unanswered",
        severity="critical",
        parameters={"window_days": 90, "visits": 3, "concerns": 2, "apart_days": 7},
        parameter_help={
            "window_days": "the period looked at",
            "visits": "visits or reviews recorded on a plan in the period",
            "concerns": "new serious concerns (injuries not explained consistently, domestic "
            "abuse, disclosures, a new adult, safeguarding referrals) from other agencies in "
            "the period",
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
                       OR ((e.event_type = 'injury_observed' OR len(e.injury_type) > 0)
                           AND coalesce(e.explanation, '') <> 'consistent'))
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
        "injuries not explained consistently, domestic abuse, disclosures, a new adult, "
        "safeguarding referrals, the first and last at least a week apart) with no strategy "
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
        "once. No synthetic trajectory has this pattern before its harm (the generator's "
        "children on plans are harmed after social care records alone), so how many harmed "
        "children it would find is not measured; only its alerts on children never harmed are.",
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
        ),
    )
)

DISGUISED_COMPLIANCE = Reference(
    "Reder P, Duncan S, Gray M. Beyond Blame: Child Abuse Tragedies Revisited (Routledge, "
    "1993): 'disguised compliance', parents' apparent co-operation that keeps professionals "
    "at a distance from the child; a recurring theme of later case reviews.",
)

UNSEEN_AT_VISITS = register(
    Rule(
        rule_id="CS-022",
        version=1,
        title="A child on a protection plan not seen at visits to the home",
        severity="high",
        parameters={"window_days": 60, "visits": 2},
        parameter_help={
            "window_days": "the period looked at",
            "visits": "home visits in the period at which the child was recorded as not seen",
        },
        sql="""
            WITH plans AS (
                SELECT p.person_id, p.evidence_key, p.event_date AS started, p.known_on,
                       (SELECT arg_min(struct_pack(d := x.event_date, k := x.known_on),
                                       x.event_date)
                        FROM rule_events x
                        WHERE x.person_id = p.person_id AND x.event_type = 'cp_plan_end'
                          AND x.event_date >= p.event_date) AS ending
                FROM rule_events p
                WHERE p.is_child AND p.event_type = 'cp_plan_start'
            ),
            unseen AS MATERIALIZED (
                SELECT v.person_id, v.evidence_key, v.event_date, v.known_on,
                       pl.evidence_key AS plan_key, pl.started, pl.known_on AS plan_known
                FROM rule_events v JOIN plans pl ON pl.person_id = v.person_id
                WHERE v.is_child AND v.event_type = 'home_visit' AND v.child_seen = 'no'
                  AND v.event_date >= pl.started
                  AND (pl.ending IS NULL OR v.event_date <= pl.ending.d)
            )
            SELECT b.person_id, greatest(b.known_on, b.plan_known) AS raised_on,
                   list_sort(list(a.evidence_key)) || [b.plan_key] AS evidence,
                   CAST(count(*) AS VARCHAR) || ' home visits within ' ||
                   CAST({window_days} AS VARCHAR) || ' days at which the child was not seen, '
                   || 'on a child protection plan since ' || CAST(b.started AS VARCHAR)
                   AS summary
            FROM unseen b JOIN unseen a
              ON a.person_id = b.person_id AND a.started = b.started
             AND a.event_date BETWEEN b.event_date - {window_days} AND b.event_date
             AND a.known_on <= b.known_on
            GROUP BY b.person_id, b.evidence_key, b.known_on, b.plan_known, b.plan_key,
                     b.started
            HAVING count(*) >= {visits}
        """,
        merge_within_days=60,
        detects="A child on a child protection plan recorded as not seen at two or more home "
        "visits within 60 days: visits at which the practitioner was in the home (not visits "
        "with no access, which CS-006 and CS-019 count) but did not see the child.",
        why="A visit at which the parent is welcoming and the child is 'asleep upstairs' or "
        "'at a relative's' satisfies the timetable and tells nothing about the child. Reviews "
        "of children harmed on plans, from Peter Connelly on, describe parents' apparent "
        "co-operation keeping professionals from the child (disguised compliance), and "
        "statutory guidance expects the child to be seen, and seen alone, throughout the plan.",
        limits="Relies on visits recording `child_seen`; a visit recorded without it does not "
        "count. Children are sometimes not seen for good reasons (at school, in hospital). The "
        "synthetic data have no visit at which the child was not seen except in the disguised "
        "compliance trajectories, so the alerts such visits would raise on children never "
        "harmed are not measured there; real records will have more of them.",
        references=(WORKING_TOGETHER, HARINGEY, DISGUISED_COMPLIANCE, TRIENNIAL),
        reads=("rule_events.event_type", "rule_events.child_seen"),
        examples=(
            Example(
                (
                    child("social_care", "V1", "2022-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "V1", "2024-01-19", "home_visit", child_seen="yes"),
                    row("social_care", "R2", "V1", "2024-02-02", "home_visit", child_seen="no"),
                    row("social_care", "R3", "V1", "2024-02-16", "home_visit", child_seen="yes"),
                    row("social_care", "R4", "V1", "2024-03-01", "home_visit", child_seen="no"),
                ),
                True,
                "two visits in a month at which the child was said to be asleep and not seen",
            ),
            Example(
                (
                    child("social_care", "V2", "2022-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "V2", "2024-01-19", "home_visit", child_seen="no"),
                    row("social_care", "R2", "V2", "2024-02-02", "home_visit", child_seen="yes"),
                    row("social_care", "R3", "V2", "2024-05-10", "home_visit", child_seen="no"),
                ),
                False,
                "the child not seen at two visits nearly four months apart",
            ),
            Example(
                (
                    child(
                        "social_care",
                        "V3",
                        "2022-01-01",
                        "2023-06-05",
                        "home_visit",
                        child_seen="no",
                    ),
                    row("social_care", "R1", "V3", "2023-06-20", "home_visit", child_seen="no"),
                    row("social_care", "R2", "V3", "2024-01-05", "cp_plan_start"),
                ),
                False,
                "two visits without seeing the child, before any plan",
            ),
        ),
    )
)
