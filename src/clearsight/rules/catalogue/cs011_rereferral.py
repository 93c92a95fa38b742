"""CS-011: Case closed and re-referred within a year ("start again")."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.references import DFE_CIN, MUNRO, TRIENNIAL
from clearsight.rules.registry import Example, Rule, register

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
