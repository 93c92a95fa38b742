"""CS-005: Repeated emergency attendances."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _count_rule
from clearsight.rules.catalogue.references import NICE_CG89
from clearsight.rules.registry import Example, Rule, register

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
