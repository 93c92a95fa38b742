"""CS-015: A child on a protection plan not seen for too long."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue._shared import _not_seen_sql
from clearsight.rules.catalogue.references import HARINGEY, WORKING_TOGETHER
from clearsight.rules.registry import Example, Rule, register

NOT_SEEN = register(
    Rule(
        rule_id="CS-015",
        version=2,
        title="A child on a protection plan not seen for too long",
        severity="high",
        parameters={"days": 28, "record_days": 7},
        parameter_help={
            "days": "days without the child being seen while on a plan (many "
            "authorities set ten working days for visits; 28 days is a floor)",
            "record_days": "days more allowed for the record of a visit within those days to "
            "arrive before the alert is raised",
        },
        sql=_not_seen_sql("'yes', 'alone'", "seen", record_days=True),
        merge_within_days=60,
        detects="A child on a child protection plan with no record, by any agency, of the "
        "child being seen for 28 days (a week is allowed for the record of a visit to arrive).",
        why="Children who died on plans had often not been seen, or not seen alone, for "
        "weeks; statutory guidance expects the child to be seen, and seen alone, by the "
        "lead professional throughout the plan.",
        limits="Only events that record `child_seen` count; a visit recorded without it looks "
        "like no visit. A plan whose end was recorded late looks open until then. Version 2 "
        "raises the alert a week after the 28th day, and only if no visit within the 28 days "
        "has been recorded by then: visits are written up days after they happen, and in "
        "version 1 most alerts on children never harmed (35 of 56 on the tuning authority) "
        "were raised while the record of a visit on or before the 28th day was still to come. "
        "The price is a week's less notice when the child really was not seen.",
        references=(WORKING_TOGETHER, HARINGEY),
        reads=("rule_events.child_seen", "rule_events.event_type"),
        examples=(
            Example(
                (
                    child("social_care", "T1", "2019-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "T1", "2024-01-12", "home_visit", child_seen="yes"),
                    row("social_care", "R2", "T1", "2024-03-20", "home_visit", child_seen="yes"),
                ),
                True,
                "ten weeks between visits on a plan",
            ),
            Example(
                (
                    child("social_care", "T2", "2019-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "T2", "2024-01-20", "home_visit", child_seen="yes"),
                    row("social_care", "R2", "T2", "2024-02-10", "cp_plan_end"),
                ),
                False,
                "seen within a fortnight, then the plan ended",
            ),
            Example(
                (
                    child("social_care", "T3", "2019-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "T3", "2024-01-20", "home_visit", child_seen="yes"),
                    row(
                        "social_care",
                        "R2",
                        "T3",
                        "2024-02-16",
                        "home_visit",
                        child_seen="yes",
                        recorded_at="2024-02-21T16:00:00",
                    ),
                    row("social_care", "R3", "T3", "2024-02-28", "cp_plan_end"),
                ),
                False,
                "seen on the 27th day, written up five days later: no alert",
            ),
        ),
    )
)
