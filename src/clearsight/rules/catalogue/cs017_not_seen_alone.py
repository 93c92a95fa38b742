"""CS-017: A child on a protection plan not seen alone for too long."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _not_seen_sql
from clearsight.rules.catalogue.references import HARINGEY, WORKING_TOGETHER
from clearsight.rules.registry import Example, Rule, register

NOT_SEEN_ALONE = register(
    Rule(
        rule_id="CS-017",
        version=1,
        title="A child on a protection plan not seen alone for too long",
        severity="medium",
        parameters={"days": 42},
        parameter_help={
            "days": "days without the child being seen alone, away from carers, while on a plan"
        },
        sql=_not_seen_sql("'alone'", "seen alone"),
        merge_within_days=60,
        detects="A child on a child protection plan with no record, by any agency, of the "
        "child being seen alone (away from parents and carers) for six weeks.",
        why="A child seen only with the adults who may be harming them cannot say what is "
        "happening; reviews repeatedly find the child was seen but never alone, and statutory "
        "guidance expects the child to be seen alone.",
        limits="Only events that record `child_seen` as `alone` count; an agency that never "
        "records it will always fire. Babies cannot speak, but being seen undressed and away "
        "from carers still matters.",
        references=(WORKING_TOGETHER, HARINGEY),
        reads=("rule_events.child_seen", "rule_events.event_type"),
        examples=(
            Example(
                (
                    child("social_care", "Z1", "2016-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "Z1", "2024-01-12", "home_visit", child_seen="yes"),
                    row("social_care", "R2", "Z1", "2024-02-02", "home_visit", child_seen="yes"),
                    row("social_care", "R3", "Z1", "2024-02-23", "home_visit", child_seen="yes"),
                ),
                True,
                "visits every three weeks, the child never seen alone",
            ),
            Example(
                (
                    child("social_care", "Z2", "2016-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "Z2", "2024-01-12", "home_visit", child_seen="alone"),
                    row("social_care", "R2", "Z2", "2024-02-09", "home_visit", child_seen="alone"),
                    row("social_care", "R3", "Z2", "2024-03-01", "cp_plan_end"),
                ),
                False,
                "seen alone at each visit",
            ),
        ),
    )
)
