"""CS-021: Repeated domestic abuse incidents, none answered by children's social care."""

from __future__ import annotations

from clearsight.rules.catalogue._rows import child, row
from clearsight.rules.catalogue.references import JTAI_DA, MARAC, TRIENNIAL
from clearsight.rules.registry import Example, Rule, register

REPEATED_DA = register(
    Rule(
        rule_id="CS-021",
        version=2,
        title="Repeated domestic abuse incidents, none answered by children's social care",
        severity="high",
        parameters={"incidents": 4, "window_days": 365},
        parameter_help={
            "incidents": "domestic abuse incidents (distinct days) about the child's household "
            "(SafeLives' escalation criterion is three; four is the default, see Known limits)",
            "window_days": "within this many days",
        },
        sql="""
            WITH incidents AS MATERIALIZED (
                SELECT h.child_id AS person_id, e.evidence_key, e.event_date, e.known_on
                FROM rule_events e JOIN rule_household_children h ON h.person_id = e.person_id
                WHERE e.event_type = 'domestic_abuse_incident' AND e.agency <> 'social_care'
            ),
            windows AS (
                SELECT b.person_id, b.evidence_key, b.event_date, b.known_on,
                       min(a.event_date) AS first_date,
                       list_sort(list(DISTINCT a.evidence_key)) AS evidence,
                       count(DISTINCT a.event_date) AS incidents
                FROM incidents b JOIN incidents a
                  ON a.person_id = b.person_id
                 AND a.event_date BETWEEN b.event_date - {window_days} AND b.event_date
                 AND a.known_on <= b.known_on
                GROUP BY b.person_id, b.evidence_key, b.event_date, b.known_on
                HAVING count(DISTINCT a.event_date) >= {incidents}
            )
            SELECT w.person_id, w.known_on AS raised_on, w.evidence,
                   CAST(w.incidents AS VARCHAR) || ' domestic abuse incidents about the '
                   || 'household within ' || CAST({window_days} AS VARCHAR) || ' days (the '
                   || 'first on ' || CAST(w.first_date AS VARCHAR) || '), and no children''s '
                   || 'social care work with the child since beyond contacts' AS summary
            FROM windows w
            WHERE NOT EXISTS (
                SELECT 1 FROM rule_events s
                WHERE s.person_id = w.person_id AND s.agency = 'social_care'
                  AND s.event_type NOT IN ('contact', 'note', 'case_closed', 'referral')
                  AND s.event_date BETWEEN w.first_date AND w.event_date
                  AND s.known_on <= w.known_on)
        """,
        merge_within_days=365,
        detects="Domestic abuse incidents on four or more different days within a year, "
        "recorded by the police or another agency about a child or an adult of the child's "
        "household, with no children's social care work with the child since the first (a "
        "contact recorded as information only, a note, a referral or a closure is not work: "
        "an allocation, an assessment, a visit or a plan is).",
        why="Repeat incidents are how domestic abuse escalates, and SafeLives takes three in a "
        "year as a reason for a multi-agency risk conference; the joint inspections of 2017 "
        "found that domestic abuse is a pattern across a timeline which incident-by-incident "
        "responses miss, and serious case reviews find notifications closed as information "
        "only, each time without the history. CS-008 sees each unanswered incident at medium; "
        "the repetition is high.",
        limits="Needs linkage's households to connect incidents about adults to their "
        "children. Work recorded under a sibling, or by early help outside social care, is not "
        "seen as an answer. An incident is a day: one incident recorded about both adults "
        "counts once. The rule counts incidents, not their severity. SafeLives' criterion is "
        "three; on the tuning authority (10,000 children, seed 2025) three alerted 161 children "
        "with no harm trajectory and four alerted 24, catching the same trajectories, so four "
        "is the default; an authority that wants the published threshold sets incidents=3. "
        "Version 1 took a referral itself as work, so a referral closed at the front door "
        "with no further action hid a year of unanswered incidents; version 2 wants what "
        "follows an accepted referral (an allocation, an assessment).",
        references=(MARAC, JTAI_DA, TRIENNIAL),
        reads=("rule_events.event_type", "rule_events.agency", "rule_household_children"),
        examples=(
            Example(
                (
                    child("police", "D1", "2019-01-01", "2023-05-02", "domestic_abuse_incident"),
                    row("police", "R1", "D1", "2023-07-20", "domestic_abuse_incident"),
                    child(
                        "social_care",
                        "D1",
                        "2019-01-01",
                        "2023-07-22",
                        "contact",
                        record_id="S1",
                        action="No further action",
                    ),
                    row("police", "R2", "D1", "2023-10-01", "domestic_abuse_incident"),
                    row("police", "R3", "D1", "2023-12-12", "domestic_abuse_incident"),
                ),
                True,
                "four call-outs in seven months, one notification closed as information only",
                one_person=True,
            ),
            Example(
                (
                    child("police", "D2", "2019-01-01", "2023-05-02", "domestic_abuse_incident"),
                    row("police", "R1", "D2", "2023-07-20", "domestic_abuse_incident"),
                    child(
                        "social_care",
                        "D2",
                        "2019-01-01",
                        "2023-07-25",
                        "assessment_start",
                        record_id="S1",
                    ),
                    row("police", "R2", "D2", "2023-10-01", "domestic_abuse_incident"),
                    row("police", "R3", "D2", "2023-12-12", "domestic_abuse_incident"),
                ),
                False,
                "the same, but the second led to a social care assessment",
                one_person=True,
            ),
            Example(
                (
                    child("police", "D3", "2019-01-01", "2023-05-02", "domestic_abuse_incident"),
                    row("police", "R1", "D3", "2023-07-20", "domestic_abuse_incident"),
                    row("police", "R2", "D3", "2023-10-01", "domestic_abuse_incident"),
                    row(
                        "police",
                        "R3",
                        "D3A",
                        "2023-10-01",
                        "domestic_abuse_incident",
                        subject_role="father",
                    ),
                ),
                False,
                "three call-outs, the third recorded about both adults: three incidents, not four",
                one_person=True,
            ),
            Example(
                (
                    child("police", "D4", "2019-01-01", "2023-05-02", "domestic_abuse_incident"),
                    row("police", "R1", "D4", "2023-07-20", "domestic_abuse_incident"),
                    child(
                        "social_care",
                        "D4",
                        "2019-01-01",
                        "2023-08-01",
                        "referral",
                        record_id="S1",
                        action="No further action",
                    ),
                    row("social_care", "S2", "D4", "2023-08-01", "case_closed"),
                    row("police", "R2", "D4", "2023-10-01", "domestic_abuse_incident"),
                    row("police", "R3", "D4", "2023-12-12", "domestic_abuse_incident"),
                ),
                True,
                "four call-outs, and a referral closed at the front door with no further action",
                one_person=True,
            ),
        ),
    )
)
