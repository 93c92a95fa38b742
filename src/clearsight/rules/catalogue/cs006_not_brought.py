"""CS-006: A child repeatedly not brought to health appointments or not seen at home."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _count_rule
from clearsight.rules.catalogue.references import TRIENNIAL, WAS_NOT_BROUGHT
from clearsight.rules.registry import Example, Rule, register

NOT_BROUGHT = register(
    Rule(
        rule_id="CS-006",
        version=1,
        title="A child repeatedly not brought to health appointments or not seen at home",
        severity="medium",
        parameters={"count": 2, "window_days": 180},
        parameter_help={
            "count": "missed appointments or visits that make a pattern",
            "window_days": "within this many days",
        },
        sql=_count_rule(
            "'appointment_not_attended', 'visit_no_access'",
            "appointments not brought to or visits with no access",
            narrative_flag="text_not_brought",
        ),
        detects="Two or more health appointments the child was not brought to, or home "
        "visits where no one answered, within six months.",
        why="A child who 'was not brought' depends on adults who did not bring them; repeated "
        "missed appointments and no access are a recurring feature of neglect and of "
        "disguised compliance in serious case reviews.",
        limits="Appointments cancelled by the service and rearranged visits may be recorded "
        "the same way.",
        references=(WAS_NOT_BROUGHT, TRIENNIAL),
        reads=("rule_events.event_type",),
        examples=(
            Example(
                (
                    child(
                        "health_visiting",
                        "N1",
                        "2023-05-01",
                        "2023-06-01",
                        "health_visitor_contact",
                    ),
                    row("health_visiting", "R1", "N1", "2024-01-10", "appointment_not_attended"),
                    row("health_visiting", "R2", "N1", "2024-02-20", "visit_no_access"),
                ),
                True,
                "a missed clinic and a visit with no reply six weeks later",
            ),
            Example(
                (
                    child(
                        "health_visiting",
                        "N2",
                        "2023-05-01",
                        "2023-06-01",
                        "health_visitor_contact",
                    ),
                    row("health_visiting", "R1", "N2", "2024-01-10", "appointment_not_attended"),
                ),
                False,
                "one missed appointment",
            ),
        ),
    )
)
