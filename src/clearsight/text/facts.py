"""What the narrative reader returns: one `Fact` per mention, with the span it came from."""

from __future__ import annotations

from dataclasses import dataclass

#: How a fact is stated in the text.
#: - asserted: stated as present ("bruise to left cheek")
#: - negated: stated as absent ("no bruising seen", "mother denies drinking")
#: - uncertain: hedged, suspected, queried or hypothetical ("?bruise", "possible fracture")
#: - historical: in the past or a previous relationship ("history of domestic abuse")
POLARITIES: tuple[str, ...] = ("asserted", "negated", "uncertain", "historical")


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact read from a narrative.

    `start` and `end` are character offsets into the text given to `read`, so that
    `text[start:end] == span_text` always holds. `cue` is the word or phrase that set the
    polarity ("denies", "?", "history of"), or None for a plain assertion: the reason, shown.
    """

    kind: str
    value: str
    polarity: str
    start: int
    end: int
    span_text: str
    body_sites: tuple[str, ...] = ()
    patterned: bool = False
    about: str | None = None
    cue: str | None = None

    @property
    def is_present(self) -> bool:
        """True when the fact is stated as present now (asserted), not denied, hedged or past."""
        return self.polarity == "asserted"
