"""SQL pieces that more than one rule is written with."""

from __future__ import annotations


#: One injury recorded twice is not two injuries: records within `same_days` of each other
#: that share an injury type and a body site (or where either names no site) are taken as one
#: injury seen again, as when the emergency department's record is followed the next day by
#: the child protection medical of the same bruises (CS-004 v4, CS-018 v2).
def _same_injury(a: str, b: str) -> str:
    return f"""
              AND NOT (
                {b}.event_date - {a}.event_date <= {{same_days}}
                AND len(list_intersect({a}.injury_type, {b}.injury_type)) > 0
                AND (len(list_intersect({a}.body_sites, {b}.body_sites)) > 0
                     OR len(coalesce({a}.body_sites, [])) = 0
                     OR len(coalesce({b}.body_sites, [])) = 0))
    """


def _age_words(days: str) -> str:
    """SQL for an age in days as a person says it: days under two weeks, weeks under 13
    weeks, months under two years, then years (whole ones: 'aged 9 days', 'aged 16 weeks',
    'aged 14 months', 'aged 3 years'; the summary's "1 days" is made "1 day" by
    `clearsight.store.rules._in_words`)."""
    return f"""(CASE WHEN {days} < 1 THEN 'under a day'
                    WHEN {days} < 14 THEN CAST({days} AS VARCHAR) || ' days'
                    WHEN {days} < 91 THEN CAST({days} // 7 AS VARCHAR) || ' weeks'
                    WHEN {days} < 731 THEN CAST({days} * 100 // 3044 AS VARCHAR) || ' months'
                    ELSE CAST({days} * 100 // 36525 AS VARCHAR) || ' years' END)"""


def _count_rule(
    types: str, what: str, narrative_flag: str = "false", by_agencies: bool = False
) -> str:
    """Firings when `count` events of `types` (or whose narrative sets `narrative_flag`) fall
    within `window_days`, each known by the latest one's recording; with `by_agencies`, only
    when they were recorded by `agencies` agencies or more."""
    agencies = " AND count(DISTINCT a.agency) >= {agencies}" if by_agencies else ""
    recorded_by = (
        "' days, recorded by ' || string_agg(DISTINCT a.agency, ', ' ORDER BY a.agency)"
        if by_agencies
        else "' days, the latest recorded by ' || any_value(b.agency)"
    )
    a_flag = narrative_flag.replace("text_", "a.text_")
    b_flag = narrative_flag.replace("text_", "b.text_")
    return f"""
        SELECT b.person_id, b.known_on AS raised_on,
               list_sort(list(a.evidence_key)) AS evidence,
               CAST(count(*) AS VARCHAR) || ' {what} within ' ||
               CAST({{window_days}} AS VARCHAR) || {recorded_by} AS summary
        FROM rule_events b
        JOIN rule_events a
          ON a.person_id = b.person_id
         AND (a.event_type IN ({types}) OR {a_flag})
         AND a.event_date BETWEEN b.event_date - {{window_days}} AND b.event_date
         AND a.known_on <= b.known_on
        WHERE b.is_child AND (b.event_type IN ({types}) OR {b_flag})
        GROUP BY b.person_id, b.evidence_key, b.known_on
        HAVING count(*) >= {{count}}{agencies}
    """


def _not_seen_sql(seen: str, words: str, record_days: bool = False) -> str:
    """Firings when a child on a plan has no event with `child_seen` in `seen` for `days`
    after the plan began or after the last such event. The plan's end counts only once it
    was recorded (an end recorded late cannot un-raise an alert already due). With
    `record_days`, the firing waits that many days more for a record of a visit within the
    `days` to arrive."""
    due = "a.seen_on + {days} + {record_days}" if record_days else "a.seen_on + {days}"
    return f"""
        WITH plans AS (
            SELECT p.person_id, p.evidence_key, p.event_date AS started,
                   (SELECT arg_min(struct_pack(d := x.event_date, k := x.known_on),
                                   x.event_date)
                    FROM rule_events x
                    WHERE x.person_id = p.person_id AND x.event_type = 'cp_plan_end'
                      AND x.event_date >= p.event_date) AS ending
            FROM rule_events p
            WHERE p.is_child AND p.event_type = 'cp_plan_start'
        ),
        anchors AS (
            SELECT person_id, evidence_key, started AS seen_on, ending FROM plans
            UNION ALL
            SELECT pl.person_id, s.evidence_key, s.event_date, pl.ending
            FROM plans pl JOIN rule_events s
              ON s.person_id = pl.person_id AND s.child_seen IN ({seen})
             AND s.event_date >= pl.started
             AND (pl.ending IS NULL OR s.event_date <= pl.ending.d)
        )
        SELECT a.person_id, {due} AS raised_on, [a.evidence_key] AS evidence,
               'On a child protection plan and not {words} for ' ||
               CAST({{days}} AS VARCHAR) || ' days after ' || CAST(a.seen_on AS VARCHAR)
               AS summary
        FROM anchors a
        WHERE {due} <= {{as_of}}
          AND (a.ending IS NULL OR a.ending.d > a.seen_on + {{days}}
               OR a.ending.k > {due})
          AND NOT EXISTS (
            SELECT 1 FROM rule_events s
            WHERE s.person_id = a.person_id AND s.child_seen IN ({seen})
              AND s.event_date > a.seen_on AND s.event_date <= a.seen_on + {{days}}
              AND s.known_on <= {due})
    """


_OPEN_EPISODE = """
    SELECT p.person_id, p.evidence_key, p.event_date AS started, p.known_on,
           p.event_type AS start_type, ending.d AS ended, ending.k AS end_known
    FROM (
        SELECT p.*,
               (SELECT arg_min(struct_pack(d := x.event_date, k := x.known_on), x.event_date)
                FROM rule_events x
                WHERE x.person_id = p.person_id AND x.event_date >= p.event_date
                  AND x.event_type = CASE p.event_type WHEN 'cp_plan_start' THEN 'cp_plan_end'
                                                       ELSE 'looked_after_end' END) AS ending
        FROM rule_events p
        WHERE p.is_child AND p.event_type IN ('cp_plan_start', 'looked_after_start')
    ) p
"""
