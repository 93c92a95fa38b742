"""Running the rules: every alert computed as it would have been raised on its date."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from clearsight.rules.narratives import read_narratives
from clearsight.rules.registry import REGISTRY, Rule
from clearsight.store import Store
from clearsight.store import rules as db

#: A full run over more events than this goes in batches of people (whole households) of
#: about this many events, so that its memory stays within the store's limit
#: (`CLEARSIGHT_MEMORY`): the household rules' firings grow with the square of a household's
#: events, and one run over 20 million events did not fit in 2 GB.
BATCH_EVENTS = 1_000_000


class RuleError(Exception):
    """A rule is unknown, mis-parameterised, or looked at rows not yet recorded."""


@dataclass(frozen=True)
class Detection:
    run_id: int
    as_of: dt.date
    alerts: list[dict[str, Any]]


def catalogue() -> list[Rule]:
    """Every registered rule, by id."""
    import clearsight.rules.catalogue  # noqa: F401  (registers the rules)

    return [REGISTRY[k] for k in sorted(REGISTRY)]


def detect(
    store: Store,
    *,
    as_of: dt.date | None = None,
    rule_ids: list[str] | None = None,
    parameters: dict[str, dict[str, int]] | None = None,
    person_map: list[tuple[str, str, str]] | None = None,
    household_map: list[tuple[str, str]] | None = None,
    persons: list[str] | None = None,
    batch_events: int = BATCH_EVENTS,
) -> Detection:
    """Run the rules over the rows recorded up to `as_of` (default today) and store the alerts.

    Each firing carries the date it would have been raised; the engine refuses a rule whose
    firing uses a row recorded after that date. Persons are linkage's, or `person_map`'s
    (agency, subject_ref, person_id) when given. With `persons`, only they (and the people of
    their households) are re-evaluated: an incremental run after new files, which reads only
    their rows (their subjects, households, events and those events' narratives, any not yet
    read being read first), so its cost follows theirs, not the store's. A full run reads every
    narrative not yet read, then the rules. A full run over
    more than `batch_events` events evaluates its persons in batches of whole households, each
    batch exactly as an incremental run evaluates its persons, folded into one run.
    """
    as_of = as_of or dt.date.today()
    rules = catalogue()
    if rule_ids:
        unknown = sorted(set(rule_ids) - {r.rule_id for r in rules})
        if unknown:
            raise RuleError(f"no rule {', '.join(unknown)}; see docs/rules.md")
        rules = [r for r in rules if r.rule_id in rule_ids]
    overrides = parameters or {}
    for rule_id, values in overrides.items():
        known = REGISTRY[rule_id].parameters if rule_id in REGISTRY else {}
        extra = sorted(set(values) - set(known))
        if extra:
            raise RuleError(f"{rule_id} has no parameter {', '.join(extra)}")
    if persons is None:
        read_narratives(store)
    metas = [
        db.RuleMeta(
            r.rule_id,
            r.version,
            r.severity,
            r.merge_within_days,
            {**r.parameters, **overrides.get(r.rule_id, {})},
        )
        for r in rules
    ]
    try:
        batches: list[list[str]] | None = None
        if persons is None:
            db.prepare_people(store, as_of, person_map, household_map)
            batches = db.person_batches(store, batch_events)
        db.start_alerts(store)
        firings = 0
        if batches is None or len(batches) <= 1:
            if persons is not None:  # a full run's people are built above
                db.prepare_people(store, as_of, person_map, household_map, persons)
                # only the scope's narratives: looking for unread ones among every event
                # would cost a pass over the whole store
                read_narratives(store, scoped=True)
            db.prepare_events(store, as_of, scoped=persons is not None)
            _fire(store, rules, as_of, overrides)
            firings = db.fold_alerts(store, metas, scoped=persons is not None)
        else:
            for batch in batches:
                db.prepare_people(store, as_of, person_map, household_map, batch)
                db.prepare_events(store, as_of, scoped=True)
                _fire(store, rules, as_of, overrides)
                firings += db.fold_alerts(store, metas, batch=batch)
        run_id, _count = db.write_alerts(store, metas, as_of, firings, scoped=persons is not None)
        return Detection(run_id, as_of, db.alerts(store, run_id))
    finally:
        db.drop_inputs(store)


def _fire(
    store: Store, rules: list[Rule], as_of: dt.date, overrides: dict[str, dict[str, int]]
) -> None:
    """Run every rule over the prepared inputs; refuse a rule that looked ahead."""
    for rule in rules:
        db.add_firings(
            store, rule.rule_id, rule.compiled(as_of.isoformat(), overrides.get(rule.rule_id))
        )
    late = db.firings_out_of_time(store, as_of)
    if late:
        first = late[0]
        raise RuleError(
            f"{first['rule_id']} raised an alert on {first['raised_on']} using "
            f"{first['evidence_key']}, recorded {first['known_on']}: a rule must not look "
            "ahead"
        )


def current_alerts(store: Store) -> list[dict[str, Any]]:
    """Every person's alerts as the latest detection run covering them left them."""
    return db.current_alerts(store)


def changed_persons(store: Store) -> list[str] | None:
    """Persons with events stored since the latest detection run (None: no run yet)."""
    return db.changed_persons(store)


def alerts_csv(alerts: list[dict[str, Any]]) -> str:
    """The alerts as the CLI contract prints them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(db.CONTRACT_COLUMNS)
    for alert in alerts:
        writer.writerow(
            [
                alert["alert_id"],
                alert["rule_id"],
                alert["severity"],
                alert["person_id"],
                ";".join(alert["subject_refs"]),
                alert["raised_on"].isoformat(),
                ";".join(alert["evidence"]),
                alert["summary"],
            ]
        )
    return buffer.getvalue()
