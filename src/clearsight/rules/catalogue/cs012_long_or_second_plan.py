"""CS-012: A protection plan lasting two years, or a second plan."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _OPEN_EPISODE
from clearsight.rules.catalogue.references import DFE_CIN, MUNRO
from clearsight.rules.registry import Example, Rule, register

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
