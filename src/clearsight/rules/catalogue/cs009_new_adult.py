"""CS-009: A new adult in the child's household."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.references import PANEL, TRIENNIAL
from clearsight.rules.registry import Example, Rule, register

NEW_ADULT = register(
    Rule(
        rule_id="CS-009",
        version=1,
        title="A new adult in the child's household",
        severity="medium",
        sql="""
            SELECT h.child_id AS person_id, e.known_on AS raised_on, [e.evidence_key] AS evidence,
                   'A new adult in the household, recorded by ' || e.agency AS summary
            FROM rule_events e JOIN rule_household_children h ON h.person_id = e.person_id
            WHERE e.event_type = 'new_adult_in_household' OR e.text_new_adult
        """,
        merge_within_days=180,
        detects="Any record of a new adult joining the child's household (a parent's new "
        "partner, a lodger), by any agency.",
        why="An unknown or new man in the household is one of the most consistent findings of "
        "reviews of serious harm to babies (the Panel's 'invisible men'); often no agency "
        "knew who he was.",
        limits="A new adult is read from the event type and from narratives (a mother's new "
        "partner at a visit); a narrative that names a man without saying he is new is not read "
        "as one.",
        references=(PANEL, TRIENNIAL),
        reads=("rule_events.event_type", "rule_household_children"),
        examples=(
            Example(
                (
                    child(
                        "health_visiting",
                        "V1",
                        "2024-01-01",
                        "2024-01-20",
                        "health_visitor_contact",
                    ),
                    row("health_visiting", "R1", "V1", "2024-03-02", "new_adult_in_household"),
                ),
                True,
                "the health visitor meets mother's new partner",
            ),
            Example(
                (
                    child(
                        "health_visiting",
                        "V2",
                        "2024-01-01",
                        "2024-01-20",
                        "health_visitor_contact",
                    ),
                ),
                False,
                "no new adult",
            ),
        ),
    )
)
