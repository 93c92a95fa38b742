"""Early warning: explainable detection rules, replayed in time. See docs/rules.md."""

from clearsight.rules.engine import (
    Detection,
    RuleError,
    alerts_csv,
    catalogue,
    changed_persons,
    current_alerts,
    detect,
)
from clearsight.rules.registry import REGISTRY, Example, Reference, Rule

__all__ = [
    "REGISTRY",
    "Detection",
    "Example",
    "Reference",
    "Rule",
    "RuleError",
    "alerts_csv",
    "catalogue",
    "changed_persons",
    "current_alerts",
    "detect",
]
