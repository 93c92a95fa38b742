"""Narrative reading: facts from a chronology's free-text `description`, with their spans.

    >>> from clearsight.text import read
    >>> [(f.kind, f.value, f.polarity, f.body_sites) for f in read("?bruise to left cheek")]
    [('injury', 'bruise', 'uncertain', ('cheek',))]

A pure function of the text: no store, no model, nothing loaded at call time. Only
`clearsight.format.spec` is imported from the rest of Clearsight (its codes).
See docs/text.md for what is read, how well, and the known limits.
"""

from __future__ import annotations

from clearsight.text.facts import POLARITIES, Fact
from clearsight.text.lexicon import KINDS
from clearsight.text.reader import read, sentences
from clearsight.text.summary import Summary, summarise

__all__ = ["KINDS", "POLARITIES", "Fact", "Summary", "read", "sentences", "summarise"]
