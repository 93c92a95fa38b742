"""One narrative's facts folded into the exchange format's structured fields, for rules.

A rule that reads `injury_type`, `body_sites` and `explanation` from an agency's row can read the
same fields from the narrative when the agency left them empty (most do):

    >>> from clearsight.text import read, summarise
    >>> s = summarise(read("?fracture of wrist. Bruising to both cheeks, no explanation given."))
    >>> s.injury_types, s.body_sites, s.explanation, s.suspected
    (('bruise',), ('cheek',), 'none', frozenset({('injury', 'fracture')}))

Only asserted facts fill the fields; hedged ones are kept apart in `suspected`, so a rule decides
for itself what a "?bruise" is worth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from clearsight.format.spec import BODY_SITES, INJURY_TYPES
from clearsight.text.facts import Fact

#: When a narrative gives several explanations, the most concerning one is the summary's.
EXPLANATION_ORDER = ("changing", "inconsistent", "none", "consistent")


@dataclass(frozen=True, slots=True)
class Summary:
    """The structured fields one narrative supplies, each as the format codes them."""

    injury_types: tuple[str, ...]  # asserted injuries, in the format's order of codes
    body_sites: tuple[str, ...]  # sites of asserted injuries, in the format's order
    patterned: bool  # an asserted injury described as patterned
    explanation: str | None  # the most concerning asserted explanation, or None
    present: frozenset[tuple[str, str]]  # (kind, value) of every asserted fact
    suspected: frozenset[tuple[str, str]]  # uncertain, and not also asserted
    denied: frozenset[tuple[str, str]]  # negated, and not also asserted
    past: frozenset[tuple[str, str]]  # historical, and not also asserted

    def has(self, kind: str, value: str | None = None) -> bool:
        """True when the narrative asserts a fact of this kind (and value)."""
        return any(k == kind and (value is None or v == value) for k, v in self.present)


def summarise(facts: Iterable[Fact]) -> Summary:
    """Fold the facts read from one narrative into its structured fields."""
    facts = list(facts)
    by: dict[str, set[tuple[str, str]]] = {
        "asserted": set(),
        "uncertain": set(),
        "negated": set(),
        "historical": set(),
    }
    injuries: set[str] = set()
    sites: set[str] = set()
    patterned = False
    explanations: set[str] = set()
    for f in facts:
        by[f.polarity].add((f.kind, f.value))
        if f.polarity != "asserted":
            continue
        if f.kind == "injury":
            injuries.add(f.value)
            sites.update(f.body_sites)
            patterned = patterned or f.patterned
        elif f.kind == "explanation":
            explanations.add(f.value)
    present = frozenset(by["asserted"])
    return Summary(
        injury_types=tuple(c for c in INJURY_TYPES if c in injuries),
        body_sites=tuple(c for c in BODY_SITES if c in sites),
        patterned=patterned,
        explanation=next((e for e in EXPLANATION_ORDER if e in explanations), None),
        present=present,
        suspected=frozenset(by["uncertain"] - present),
        denied=frozenset(by["negated"] - present),
        past=frozenset(by["historical"] - present),
    )
