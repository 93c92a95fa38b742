"""Rules on children's social care: emergency care while on a plan or looked after (CP-IS),
closure then re-referral, long and repeated plans, and changes of worker."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.patterns import TRIENNIAL, WORKING_TOGETHER
from clearsight.rules.registry import Example, Reference, Rule, register

CPIS = Reference(
    "NHS England, Child Protection - Information Sharing (CP-IS): when a child on a child "
    "protection plan or looked after attends unscheduled care, the child's social care team "
    "is told.",
    "https://digital.nhs.uk/services/child-protection-information-sharing-project",
)
DFE_CIN = Reference(
    "Department for Education, Children in need statistics, year ending 31 March 2025: "
    "re-referrals within 12 months (22.6% of referrals), second or later plans (24.5% of plan "
    "starts), plans open two years or more (2.3%).",
    "https://explore-education-statistics.service.gov.uk/find-statistics/characteristics-of-children-in-need",
)
MUNRO = Reference(
    "Munro E. The Munro Review of Child Protection: Final Report (Department for Education, "
    "2011): relationships with a consistent worker; 'start again syndrome' and drift.",
    "https://www.gov.uk/government/publications/munro-review-of-child-protection-final-report-a-child-centred-system",
)

_OPEN_EPISODE = """
    SELECT p.person_id, p.evidence_key, p.event_date AS started, p.known_on,
           p.event_type AS start_type, ending.d AS ended, ending.k AS end_known
    FROM (
        SELECT p.*,
               (SELECT arg_min(struct_pack(d := x.event_date, k := x.known_on), x.event_date)
                FROM rule_events x
                WHERE x.person_id = p.person_id AND x.event_date >= p.event_date
                  AND x.event_type = CASE p.event_type WHEN 'cp_plan_start' THEN 'cp_plan_end'
                                                       ELSE 'looked_after_end' END) AS ending
        FROM rule_events p
        WHERE p.is_child AND p.event_type IN ('cp_plan_start', 'looked_after_start')
    ) p
"""

CP_IS = register(
    Rule(
        rule_id="CS-010",
        version=1,
        title="A child on a protection plan or looked after attends emergency care",
        severity="high",
        sql=f"""
            WITH episodes AS ({_OPEN_EPISODE})
            SELECT a.person_id, a.known_on AS raised_on,
                   [ep.evidence_key, a.evidence_key] AS evidence,
                   replace(a.event_type, '_', ' ') || ' (' || a.agency || ') while ' ||
                   CASE ep.start_type WHEN 'cp_plan_start' THEN 'on a child protection plan'
                        ELSE 'looked after' END ||
                   ' since ' || CAST(ep.started AS VARCHAR) AS summary
            FROM rule_events a JOIN episodes ep ON ep.person_id = a.person_id
            WHERE a.event_type IN ('emergency_attendance', 'hospital_admission')
              AND a.event_date >= ep.started AND ep.known_on <= a.known_on
              AND (ep.ended IS NULL OR ep.ended > a.event_date OR ep.end_known > a.known_on)
        """,
        merge_within_days=14,
        detects="An emergency attendance or hospital admission of a child who, on that date, "
        "is on a child protection plan or looked after.",
        why="CP-IS exists because the emergency department did not know the child was on a "
        "plan; Clearsight does the same across every agency's records, so the child's team "
        "knows.",
        limits="A plan with no recorded end is taken as open; plans ended in another "
        "authority's system are not seen.",
        references=(CPIS, WORKING_TOGETHER),
        reads=("rule_events.event_type",),
        examples=(
            Example(
                (
                    child("social_care", "S1", "2020-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "S1", "2024-02-10", "emergency_attendance"),
                ),
                True,
                "an attendance a month into a plan",
            ),
            Example(
                (
                    child("social_care", "S2", "2020-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "S2", "2024-01-20", "cp_plan_end"),
                    row("social_care", "R2", "S2", "2024-02-10", "emergency_attendance"),
                ),
                False,
                "an attendance after the plan ended",
            ),
        ),
    )
)

REREFERRAL = register(
    Rule(
        rule_id="CS-011",
        version=1,
        title='Case closed and re-referred within a year ("start again")',
        severity="medium",
        parameters={"window_days": 365},
        parameter_help={"window_days": "a referral this many days or fewer after a closure"},
        sql="""
            SELECT r.person_id, greatest(c.known_on, r.known_on) AS raised_on,
                   [c.evidence_key, r.evidence_key] AS evidence,
                   'Re-referred ' || CAST(r.event_date - c.event_date AS VARCHAR) ||
                   ' days after the case was closed on ' || CAST(c.event_date AS VARCHAR)
                   AS summary
            FROM rule_events c JOIN rule_events r
              ON r.person_id = c.person_id AND r.event_type = 'referral'
             AND r.event_date > c.event_date
             AND r.event_date - c.event_date <= {window_days}
            WHERE c.is_child AND c.event_type = 'case_closed'
        """,
        merge_within_days=365,
        detects="A referral for a child within twelve months of the child's case being closed.",
        why="Closure and re-referral, each time starting again from nothing, is the 'start "
        "again syndrome' of reviews; the re-referral rate is a national indicator.",
        limits="Closures after a child moves away and returns are counted the same way.",
        references=(DFE_CIN, MUNRO, TRIENNIAL),
        reads=("rule_events.event_type",),
        examples=(
            Example(
                (
                    child("social_care", "C1", "2018-01-01", "2023-05-01", "referral"),
                    row("social_care", "R1", "C1", "2023-07-01", "case_closed"),
                    row("social_care", "R2", "C1", "2024-02-01", "referral"),
                ),
                True,
                "re-referred seven months after closure",
            ),
            Example(
                (
                    child("social_care", "C2", "2018-01-01", "2021-05-01", "referral"),
                    row("social_care", "R1", "C2", "2021-07-01", "case_closed"),
                    row("social_care", "R2", "C2", "2024-02-01", "referral"),
                ),
                False,
                "re-referred after more than two years",
            ),
        ),
    )
)

LONG_OR_SECOND_PLAN = register(
    Rule(
        rule_id="CS-012",
        version=1,
        title="A protection plan lasting two years, or a second plan",
        severity="medium",
        parameters={"long_days": 730},
        parameter_help={"long_days": "a plan open this many days"},
        sql=f"""
            WITH episodes AS ({_OPEN_EPISODE})
            SELECT person_id, started + {{long_days}} AS raised_on, [evidence_key] AS evidence,
                   'Child protection plan open for two years (since ' ||
                   CAST(started AS VARCHAR) || ')' AS summary
            FROM episodes
            WHERE start_type = 'cp_plan_start' AND started + {{long_days}} <= {{as_of}}
              AND (ended IS NULL OR ended > started + {{long_days}}
                   OR end_known > started + {{long_days}})
            UNION ALL
            SELECT b.person_id, b.known_on AS raised_on, [a.evidence_key, b.evidence_key],
                   'A second child protection plan (the first began ' ||
                   CAST(a.started AS VARCHAR) || ')' AS summary
            FROM episodes a JOIN episodes b
              ON a.person_id = b.person_id AND a.started < b.started
             AND a.start_type = 'cp_plan_start' AND b.start_type = 'cp_plan_start'
             AND a.known_on <= b.known_on
        """,
        merge_within_days=365,
        detects="A child protection plan still open two years after it began, or a child's "
        "second (or later) plan.",
        why="Plans that drift for years, and children who return to plans, are signs that help "
        "is not changing the child's life; both are published national indicators.",
        limits="A plan continued across a transfer between authorities looks like a second plan.",
        references=(DFE_CIN, MUNRO),
        reads=("rule_events.event_type",),
        examples=(
            Example(
                (
                    child("social_care", "L1", "2015-01-01", "2021-03-01", "cp_plan_start"),
                    row("social_care", "R1", "L1", "2022-03-01", "cp_plan_review"),
                ),
                True,
                "a plan open since 2021",
            ),
            Example(
                (
                    child("social_care", "L2", "2015-01-01", "2023-03-01", "cp_plan_start"),
                    row("social_care", "R1", "L2", "2023-09-01", "cp_plan_end"),
                ),
                False,
                "a six-month plan",
            ),
        ),
    )
)

WORKER_CHANGES = register(
    Rule(
        rule_id="CS-013",
        version=1,
        title="Frequent changes of social worker",
        severity="low",
        parameters={"count": 3, "window_days": 365},
        parameter_help={"count": "changes that make a pattern", "window_days": "within days"},
        sql="""
            SELECT b.person_id, b.known_on AS raised_on,
                   list_sort(list(a.evidence_key)) AS evidence,
                   CAST(count(*) AS VARCHAR) || ' changes of worker or team within ' ||
                   CAST({window_days} AS VARCHAR) || ' days' AS summary
            FROM rule_events b JOIN rule_events a
              ON a.person_id = b.person_id
             AND a.event_type IN ('worker_allocated', 'case_transferred')
             AND a.event_date BETWEEN b.event_date - {window_days} AND b.event_date
             AND a.known_on <= b.known_on
            WHERE b.is_child AND b.event_type IN ('worker_allocated', 'case_transferred')
            GROUP BY b.person_id, b.evidence_key, b.known_on
            HAVING count(*) >= {count}
        """,
        merge_within_days=365,
        detects="Three or more allocations of a new worker or transfers between teams within "
        "a year.",
        why="Children describe changes of worker as one of the most damaging features of the "
        "system, and reviews find each new worker starting again without the history.",
        limits="A first allocation counts as a change, and a worker returning after leave "
        "looks like a new allocation; the reason for each change is not recorded.",
        references=(MUNRO, TRIENNIAL),
        reads=("rule_events.event_type",),
        examples=(
            Example(
                (
                    child("social_care", "W1", "2016-01-01", "2023-02-01", "worker_allocated"),
                    row("social_care", "R1", "W1", "2023-06-01", "case_transferred"),
                    row("social_care", "R2", "W1", "2023-10-01", "worker_allocated"),
                ),
                True,
                "three workers in eight months",
            ),
            Example(
                (child("social_care", "W2", "2016-01-01", "2023-02-01", "worker_allocated"),),
                False,
                "one worker",
            ),
        ),
    )
)

NEGLECT_DRIFT = Reference(
    "Ofsted, In the child's time: professional responses to neglect (March 2014, reference "
    "140059): a third of the long-term cases inspected were characterised by drift and delay, "
    "with interventions repeatedly stopped and started.",
    "http://www.ofsted.gov.uk/resources/140059",
)

DRIFT = register(
    Rule(
        rule_id="CS-023",
        version=1,
        title="Drift on a protection plan: a long plan with frequent changes of worker",
        severity="high",
        parameters={"plan_days": 274, "changes": 3, "window_days": 365},
        parameter_help={
            "plan_days": "the plan open this many days (about nine months: past its second "
            "review conference)",
            "changes": "changes of worker or team after the plan began",
            "window_days": "within this many days",
        },
        sql=f"""
            WITH plans AS ({_OPEN_EPISODE}),
            changes AS MATERIALIZED (
                SELECT c.person_id, c.evidence_key, c.event_date, c.known_on,
                       pl.evidence_key AS plan_key, pl.started, pl.ended, pl.end_known,
                       pl.known_on AS plan_known,
                       greatest(c.event_date, pl.started + {{plan_days}}) AS due
                FROM rule_events c JOIN plans pl ON pl.person_id = c.person_id
                WHERE pl.start_type = 'cp_plan_start'
                  AND c.event_type IN ('worker_allocated', 'case_transferred')
                  AND c.event_date > pl.started
                  AND (pl.ended IS NULL OR c.event_date < pl.ended)
            )
            SELECT c.person_id, greatest(c.known_on, c.due, c.plan_known) AS raised_on,
                   list_sort(list(x.evidence_key)) || [c.plan_key] AS evidence,
                   CAST(count(*) AS VARCHAR) || ' changes of worker or team within ' ||
                   CAST({{window_days}} AS VARCHAR) || ' days, on a child protection plan '
                   || 'since ' || CAST(c.started AS VARCHAR) AS summary
            FROM changes c JOIN changes x
              ON x.person_id = c.person_id AND x.started = c.started
             AND x.event_date BETWEEN c.due - {{window_days}} AND c.due
             AND x.known_on <= greatest(c.known_on, c.due)
            WHERE c.due <= {{as_of}}
              AND (c.ended IS NULL OR c.ended > c.due OR c.end_known > c.due)
            GROUP BY c.person_id, c.evidence_key, c.known_on, c.due, c.plan_known,
                     c.plan_key, c.started
            HAVING count(*) >= {{changes}}
        """,
        merge_within_days=365,
        detects="A child on a child protection plan for nine months or more who has had three "
        "or more changes of social worker or team since the plan began, within a year.",
        why="A plan still needed after its second review conference has not yet changed the "
        "child's life; with a new worker every few months nobody holds the history, and each "
        "starts again. Serious case reviews and Ofsted's inspection of neglect describe this "
        "drift, and the national indicators watch plans that last two years (CS-012) and "
        "changes of worker (CS-013) separately, each common on its own.",
        limits="Counts the records of allocation and transfer, not their reasons: a worker "
        "returning from leave, or a planned move between teams, counts as a change. A plan "
        "carried on in another authority's system is not seen. Nine months and three changes "
        "were chosen on the tuning authority (seed 2025, 10,000 children), where three changes "
        "at any point of a plan, counting the transfer that begins it, alerted 16 children "
        "never harmed against 4, for no more drift trajectories (6 of 6 either way).",
        references=(MUNRO, NEGLECT_DRIFT, DFE_CIN, TRIENNIAL),
        reads=("rule_events.event_type",),
        examples=(
            Example(
                (
                    child("social_care", "D1", "2019-01-01", "2023-06-01", "cp_plan_start"),
                    row("social_care", "R1", "D1", "2023-08-10", "worker_allocated"),
                    row("social_care", "R2", "D1", "2023-11-02", "worker_allocated"),
                    row("social_care", "R3", "D1", "2024-02-20", "worker_allocated"),
                    row("social_care", "R4", "D1", "2024-03-15", "cp_plan_review"),
                ),
                True,
                "three new workers in the first nine months of a plan still open",
            ),
            Example(
                (
                    child("social_care", "D2", "2019-01-01", "2023-06-01", "cp_plan_start"),
                    row("social_care", "R1", "D2", "2023-08-10", "worker_allocated"),
                    row("social_care", "R2", "D2", "2023-11-02", "worker_allocated"),
                    row("social_care", "R3", "D2", "2024-01-20", "worker_allocated"),
                    row("social_care", "R4", "D2", "2024-01-30", "cp_plan_end"),
                ),
                False,
                "the same changes, but the plan ended after eight months",
            ),
            Example(
                (
                    child("social_care", "D3", "2019-01-01", "2023-06-01", "cp_plan_start"),
                    row("social_care", "R1", "D3", "2023-06-01", "case_transferred"),
                    row("social_care", "R2", "D3", "2024-01-10", "worker_allocated"),
                    row("social_care", "R3", "D3", "2024-06-01", "cp_plan_review"),
                ),
                False,
                "a year on a plan with one change of worker after the transfer that began it",
            ),
        ),
    )
)
