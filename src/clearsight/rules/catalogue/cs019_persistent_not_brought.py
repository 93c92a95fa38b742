"""CS-019: A child persistently not brought to appointments or not seen at home."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _count_rule
from clearsight.rules.catalogue.references import TRIENNIAL, WAS_NOT_BROUGHT
from clearsight.rules.registry import Example, Rule, register

PERSISTENT_NOT_BROUGHT = register(
    Rule(
        rule_id="CS-019",
        version=2,
        title="A child persistently not brought to appointments or not seen at home",
        severity="high",
        parameters={"count": 4, "window_days": 365, "agencies": 2},
        parameter_help={
            "count": "missed appointments or visits with no access that make a persistent pattern",
            "window_days": "within this many days",
            "agencies": "recorded by at least this many agencies",
        },
        sql=_count_rule(
            "'appointment_not_attended', 'visit_no_access'",
            "appointments not brought to or visits with no access",
            narrative_flag="text_not_brought",
            by_agencies=True,
        ),
        merge_within_days=365,
        detects="Four or more health appointments the child was not brought to, or home "
        "visits where no one answered or the child was not seen, within a year, recorded by "
        "two or more agencies: the persistent form of CS-006, at high severity, that no one "
        "agency sees whole.",
        why="NICE says to consider neglect when a child repeatedly fails to attend essential "
        "appointments, and serious case reviews of neglect and of disguised compliance find "
        "children not brought again and again, each missed appointment discharged back to the "
        "GP by a different service, while no one counted them together.",
        limits="Appointments cancelled by the service, and families who move away, are "
        "recorded the same way; four in a year is a judgement, not a published threshold. A "
        "child with many appointments (a disabled child) has more to miss. Version 2 asks for "
        "two agencies: in version 1, 23 of its 50 alerts on children never harmed on the "
        "tuning authority were one agency's own record, mostly a social worker's visits with "
        "no access, which that worker already holds and CS-006 (medium) and, on a plan, "
        "CS-022 (high) already raise; none of version 1's alerts before a harm was one "
        "agency's alone. Missed appointments at one agency alone stay with CS-006.",
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
            Example(
                (
                    child("social_care", "N5", "2020-05-01", "2024-01-10", "visit_no_access"),
                    row("social_care", "R1", "N5", "2024-02-07", "visit_no_access"),
                    row("social_care", "R2", "N5", "2024-03-06", "visit_no_access"),
                    row("social_care", "R3", "N5", "2024-04-03", "visit_no_access"),
                ),
                False,
                "four visits with no access in three months, all the social worker's own: "
                "CS-006 (medium), not this",
            ),
        ),
    )
)
