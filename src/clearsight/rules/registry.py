"""The rule registry: every detection rule declared once, with its documentation as data.

A rule is a SQL SELECT over the rule inputs (`clearsight.store.rules`) written in the portable
subset that `sqlglot` can translate to PostgreSQL and Spark SQL; it returns one row per firing
with the columns `person_id, raised_on, evidence, summary`. Its parameters are written into the
SQL as `{name}` and `{as_of}` (a DATE literal).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class Reference:
    """A published source a rule rests on."""

    citation: str
    url: str = ""


@dataclass(frozen=True)
class Example:
    """A small chronology (exchange-format rows) on which the rule fires, or does not."""

    rows: tuple[dict[str, str], ...]
    fires: bool
    note: str
    one_person: bool = False  # every subject in the rows is one child (as linkage would find)


@dataclass(frozen=True)
class Rule:
    """One detection rule. Ids are never reused; a changed rule gets a new `version`."""

    rule_id: str
    version: int
    title: str
    severity: str
    sql: str
    detects: str
    why: str
    limits: str
    references: tuple[Reference, ...]
    examples: tuple[Example, ...]
    reads: tuple[str, ...]
    parameters: dict[str, int] = field(default_factory=dict)
    merge_within_days: int = 90
    parameter_help: dict[str, str] = field(default_factory=dict)

    def compiled(self, as_of: str, overrides: dict[str, int] | None = None) -> str:
        """The rule's SQL with its parameters and the `as_of` date written in."""
        values: dict[str, object] = {**self.parameters, **(overrides or {})}
        for name, value in values.items():
            if not isinstance(value, int):
                raise ValueError(f"{self.rule_id}: parameter {name} must be a whole number")
        return self.sql.format(as_of=f"DATE '{as_of}'", **values)


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.rule_id in REGISTRY:
        raise ValueError(f"rule id {rule.rule_id} is used twice")
    if rule.severity not in SEVERITIES:
        raise ValueError(f"{rule.rule_id}: severity must be one of {SEVERITIES}")
    REGISTRY[rule.rule_id] = rule
    return rule
