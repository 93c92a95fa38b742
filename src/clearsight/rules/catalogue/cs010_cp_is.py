"""CS-010: A child on a protection plan or looked after attends emergency care."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _OPEN_EPISODE
from clearsight.rules.catalogue.references import CPIS, WORKING_TOGETHER
from clearsight.rules.registry import Example, Rule, register

CP_IS = register(
    Rule(
        rule_id="CS-010",
        version=2,
        title="A child on a protection plan or looked after attends emergency care",
        severity="medium",
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
        "authority's system are not seen. The attendance is information the child's team must "
        "have, not on its own a sign of harm: children on plans attend for the same reasons "
        "as other children, and an injury seen there raises its own alerts (CS-001, CS-002, "
        "CS-003, CS-018). So version 2 is medium, as CP-IS is a notification; version 1 was "
        "high, and on the 10,000-child tuning authority 31 of its 55 alerts fell on children "
        "never harmed and 18 came at or after the harm, while no harm trajectory was caught by "
        "it alone (at 50,000 children two drift-on-plan trajectories were, and are missed "
        "now).",
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
