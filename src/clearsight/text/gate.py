"""A cheap test that lets the reader skip a pattern that cannot match a narrative.

Each phrase pattern is parsed (with the standard library's own regular-expression parser) into
the few-character prefixes a match can begin with. A narrative's prefixes at word starts are
collected once; a pattern none of whose prefixes is among them is not run. Where a pattern's
prefixes cannot be listed (it starts with `\\w` or a wide class), it is always run, so the gate
never changes what is read, only how fast (a test checks both ways on the labelled set).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

DEPTH = 3  # prefixes of up to this many characters
_LIMIT = 400  # more prefixes than this: do not gate
_START = re.compile(r"(?<!\w)\S")


class _Unknown(Exception):
    pass


def _expand(items: list[tuple[Any, Any]], heads: set[str]) -> tuple[set[str], set[str]]:
    """Prefixes after `items` from `heads`: (finished ones, ones that may still grow)."""
    done = {h for h in heads if len(h) >= DEPTH}
    live = heads - done
    for op, av in items:
        if not live:
            break
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero-width
        if op is _c.LITERAL:
            live = {h + chr(av) for h in live}
        elif op is _c.IN:
            chars = _chars(av)
            if chars is None:  # a class such as \\s: the prefixes end before it
                done |= live
                live = set()
            else:
                live = {h + ch for h in live for ch in chars}
        elif op is _c.BRANCH:
            grown: set[str] = set()
            for branch in av[1]:
                d, g = _expand(list(branch.data), live)
                done |= d
                grown |= g
            live = grown
        elif op is _c.SUBPATTERN:
            d, live = _expand(list(av[3].data), live)
            done |= d
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            d, g = _expand(list(av[2].data), live)
            done |= d
            live = live | g
        else:  # repeats, wildcards, classes: the prefixes end before it
            done |= live
            live = set()
        if len(live) + len(done) > _LIMIT:
            raise _Unknown
        done |= {h[:DEPTH] for h in live if len(h) >= DEPTH}
        live = {h for h in live if len(h) < DEPTH}
    return done, live


def _chars(av: Any) -> list[str] | None:
    chars: list[str] = []
    for op, arg in av:
        if op is _c.LITERAL:
            chars.append(chr(arg))
        elif op is _c.RANGE and arg[1] - arg[0] < 30:
            chars.extend(chr(x) for x in range(arg[0], arg[1] + 1))
        else:
            return None
    return chars


def prefixes(pattern: str) -> frozenset[str] | None:
    """The prefixes (up to DEPTH characters) a match of `pattern` begins with, or None."""
    try:
        parsed = _parser.parse(pattern)
        done, live = _expand(list(parsed.data), {""})
        found = done | live
    except (_Unknown, re.error, AttributeError, TypeError):
        return None
    if not found or "" in found:
        return None
    return frozenset(found)


def word_starts(text: str) -> set[str]:
    """Every prefix (1 to DEPTH characters) of the text at the start of a word or a mark."""
    out: set[str] = set()
    for m in _START.finditer(text):
        i = m.start()
        out.add(text[i : i + 1])
        out.add(text[i : i + 2])
        out.add(text[i : i + 3])
    return out
