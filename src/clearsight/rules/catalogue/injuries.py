"""Rules on injuries: sentinel injuries, TEN-4-FACESp bruising, infant fractures and head
injuries, and repeated injuries."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.registry import Example, Reference, Rule, register

NICE_CG89 = Reference(
    "NICE guideline CG89, Child maltreatment: when to suspect maltreatment in under 18s "
    "(2009, updated 2017): bruising in a child who is not independently mobile; fractures; "
    "injuries with an absent, unsuitable or changing explanation.",
    "https://www.nice.org.uk/guidance/cg89",
)
TEN4 = Reference(
    "Pierce MC et al. Validation of a clinical decision rule to predict abuse in young "
    "children based on bruising characteristics (TEN-4-FACESp). JAMA Network Open 2021;"
    "4(4):e215832. Sensitivity 95.6%, specificity 87.1%.",
    "https://doi.org/10.1001/jamanetworkopen.2021.5832",
)
SENTINEL = Reference(
    "Sheets LK et al. Sentinel injuries in infants evaluated for child physical abuse. "
    "Pediatrics 2013;131(4):701-707: a minor injury before abuse was found in 27.5% of abused "
    "infants.",
    "https://doi.org/10.1542/peds.2012-2780",
)
PANEL = Reference(
    "Child Safeguarding Practice Review Panel, The Myth of Invisible Men (2021) and annual "
    "reports: non-mobile babies with 'minor' injuries recur in reviews of serious harm.",
    "https://www.gov.uk/government/publications/safeguarding-children-under-1-year-old-from-non-accidental-injury-caused-by-male-carers",
)

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
                   ' of a child aged ' || CAST(any_value(age_days) AS VARCHAR) ||
                   ' days (TEN-4-FACESp), recorded by ' || any_value(agency) AS summary
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
                   ' recorded by ' || any_value(agency) || ' for a child aged ' ||
                   CAST(any_value(age_days) AS VARCHAR) || ' days' AS summary
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


#: One injury recorded twice is not two injuries: records within `same_days` of each other
#: that share an injury type and a body site (or where either names no site) are taken as one
#: injury seen again, as when the emergency department's record is followed the next day by
#: the child protection medical of the same bruises (CS-004 v4, CS-018 v2).
def _same_injury(a: str, b: str) -> str:
    return f"""
              AND NOT (
                {b}.event_date - {a}.event_date <= {{same_days}}
                AND len(list_intersect({a}.injury_type, {b}.injury_type)) > 0
                AND (len(list_intersect({a}.body_sites, {b}.body_sites)) > 0
                     OR len(coalesce({a}.body_sites, [])) = 0
                     OR len(coalesce({b}.body_sites, [])) = 0))
    """


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
