"""CS-023: Drift on a protection plan: a long plan with frequent changes of worker."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _OPEN_EPISODE
from clearsight.rules.catalogue.references import DFE_CIN, MUNRO, NEGLECT_DRIFT, TRIENNIAL
from clearsight.rules.registry import Example, Rule, register

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
