"""CS-013: Frequent changes of social worker."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.references import MUNRO, TRIENNIAL
from clearsight.rules.registry import Example, Rule, register

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
