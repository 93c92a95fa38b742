"""CS-022: A child on a protection plan not seen at visits to the home."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.references import (
    DISGUISED_COMPLIANCE,
    HARINGEY,
    TRIENNIAL,
    WORKING_TOGETHER,
)
from clearsight.rules.registry import Example, Rule, register

UNSEEN_AT_VISITS = register(
    Rule(
        rule_id="CS-022",
        version=1,
        title="A child on a protection plan not seen at visits to the home",
        severity="high",
        parameters={"window_days": 60, "visits": 2},
        parameter_help={
            "window_days": "the period looked at",
            "visits": "home visits in the period at which the child was recorded as not seen",
        },
        sql="""
            WITH plans AS (
                SELECT p.person_id, p.evidence_key, p.event_date AS started, p.known_on,
                       (SELECT arg_min(struct_pack(d := x.event_date, k := x.known_on),
                                       x.event_date)
                        FROM rule_events x
                        WHERE x.person_id = p.person_id AND x.event_type = 'cp_plan_end'
                          AND x.event_date >= p.event_date) AS ending
                FROM rule_events p
                WHERE p.is_child AND p.event_type = 'cp_plan_start'
            ),
            unseen AS MATERIALIZED (
                SELECT v.person_id, v.evidence_key, v.event_date, v.known_on,
                       pl.evidence_key AS plan_key, pl.started, pl.known_on AS plan_known
                FROM rule_events v JOIN plans pl ON pl.person_id = v.person_id
                WHERE v.is_child AND v.event_type = 'home_visit' AND v.child_seen = 'no'
                  AND v.event_date >= pl.started
                  AND (pl.ending IS NULL OR v.event_date <= pl.ending.d)
            )
            SELECT b.person_id, greatest(b.known_on, b.plan_known) AS raised_on,
                   list_sort(list(a.evidence_key)) || [b.plan_key] AS evidence,
                   CAST(count(*) AS VARCHAR) || ' home visits within ' ||
                   CAST({window_days} AS VARCHAR) || ' days at which the child was not seen, '
                   || 'on a child protection plan since ' || CAST(b.started AS VARCHAR)
                   AS summary
            FROM unseen b JOIN unseen a
              ON a.person_id = b.person_id AND a.started = b.started
             AND a.event_date BETWEEN b.event_date - {window_days} AND b.event_date
             AND a.known_on <= b.known_on
            GROUP BY b.person_id, b.evidence_key, b.known_on, b.plan_known, b.plan_key,
                     b.started
            HAVING count(*) >= {visits}
        """,
        merge_within_days=60,
        detects="A child on a child protection plan recorded as not seen at two or more home "
        "visits within 60 days: visits at which the practitioner was in the home (not visits "
        "with no access, which CS-006 and CS-019 count) but did not see the child.",
        why="A visit at which the parent is welcoming and the child is 'asleep upstairs' or "
        "'at a relative's' satisfies the timetable and tells nothing about the child. Reviews "
        "of children harmed on plans, from Peter Connelly on, describe parents' apparent "
        "co-operation keeping professionals from the child (disguised compliance), and "
        "statutory guidance expects the child to be seen, and seen alone, throughout the plan.",
        limits="Relies on visits recording `child_seen`; a visit recorded without it does not "
        "count. Children are sometimes not seen for good reasons (at school, in hospital). The "
        "synthetic data have no visit at which the child was not seen except in the disguised "
        "compliance trajectories, so the alerts such visits would raise on children never "
        "harmed are not measured there; real records will have more of them.",
        references=(WORKING_TOGETHER, HARINGEY, DISGUISED_COMPLIANCE, TRIENNIAL),
        reads=("rule_events.event_type", "rule_events.child_seen"),
        examples=(
            Example(
                (
                    child("social_care", "V1", "2022-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "V1", "2024-01-19", "home_visit", child_seen="yes"),
                    row("social_care", "R2", "V1", "2024-02-02", "home_visit", child_seen="no"),
                    row("social_care", "R3", "V1", "2024-02-16", "home_visit", child_seen="yes"),
                    row("social_care", "R4", "V1", "2024-03-01", "home_visit", child_seen="no"),
                ),
                True,
                "two visits in a month at which the child was said to be asleep and not seen",
            ),
            Example(
                (
                    child("social_care", "V2", "2022-01-01", "2024-01-05", "cp_plan_start"),
                    row("social_care", "R1", "V2", "2024-01-19", "home_visit", child_seen="no"),
                    row("social_care", "R2", "V2", "2024-02-02", "home_visit", child_seen="yes"),
                    row("social_care", "R3", "V2", "2024-05-10", "home_visit", child_seen="no"),
                ),
                False,
                "the child not seen at two visits nearly four months apart",
            ),
            Example(
                (
                    child(
                        "social_care",
                        "V3",
                        "2022-01-01",
                        "2023-06-05",
                        "home_visit",
                        child_seen="no",
                    ),
                    row("social_care", "R1", "V3", "2023-06-20", "home_visit", child_seen="no"),
                    row("social_care", "R2", "V3", "2024-01-05", "cp_plan_start"),
                ),
                False,
                "two visits without seeing the child, before any plan",
            ),
        ),
    )
)
