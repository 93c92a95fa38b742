"""CS-008: Domestic abuse incident with no children's social care response."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child
from clearsight.rules.catalogue.references import TRIENNIAL, WORKING_TOGETHER
from clearsight.rules.registry import Example, Rule, register

DA_NO_RESPONSE = register(
    Rule(
        rule_id="CS-008",
        version=1,
        title="Domestic abuse incident with no children's social care response",
        severity="medium",
        parameters={"days": 7},
        parameter_help={"days": "days allowed for a social care record about the child"},
        sql="""
            SELECT h.child_id AS person_id, d.known_on + {days} AS raised_on,
                   [d.evidence_key] AS evidence,
                   'Domestic abuse incident recorded by ' || d.agency || ' on ' ||
                   CAST(d.event_date AS VARCHAR) || '; no children''s social care record '
                   || 'about the child within ' || CAST({days} AS VARCHAR) || ' days' AS summary
            FROM rule_events d JOIN rule_household_children h ON h.person_id = d.person_id
            WHERE d.event_type = 'domestic_abuse_incident' AND d.agency <> 'social_care'
              AND d.known_on + {days} <= {as_of}
              AND NOT EXISTS (
                SELECT 1 FROM rule_events s
                WHERE s.person_id = h.child_id AND s.agency = 'social_care'
                  AND s.event_date >= d.event_date AND s.known_on <= d.known_on + {days})
        """,
        merge_within_days=30,
        detects="A domestic abuse incident recorded by the police or another agency about a "
        "child or an adult of the child's household, with no children's social care record "
        "about the child within seven days.",
        why="Domestic abuse is the commonest factor at assessment and sits beside most serious "
        "case reviews; notifications that reach no one who acts are a recurring finding.",
        limits="Needs linkage's households to connect an incident about adults to their "
        "children. A response recorded under a sibling is not seen.",
        references=(TRIENNIAL, WORKING_TOGETHER),
        reads=("rule_events.event_type", "rule_events.agency", "rule_household_children"),
        examples=(
            Example(
                (
                    child(
                        "police",
                        "P1",
                        "2020-01-01",
                        "2024-01-12",
                        "domestic_abuse_incident",
                        description="Child present during argument.",
                    ),
                ),
                True,
                "a call-out with the child present and no social care record",
            ),
            Example(
                (child("police", "P2", "2020-01-01", "2024-01-12", "police_incident"),),
                False,
                "a police incident that is not domestic abuse",
            ),
        ),
    )
)
