"""Read one narrative: find the targets, the cues and their scopes, and return facts.

The method is ConText (Harkema, Dowling, Thornblade and Chapman, 2009), itself built on NegEx
(Chapman et al., 2001), implemented here from its description:

1. Targets (the facts: an injury, "domestic abuse", "denies drinking" → "drinking") and cues
   (negation, uncertainty, the past) are found with regular expressions compiled once.
   Overlaps are settled by keeping the longest match ("not ruled out" over "ruled out"; "carpet
   burn" over "burn"); a cue inside a target is part of the target ("no access").
2. The text is cut into sentences. A cue's scope runs forward, backward or both from the cue,
   within its sentence, for a number of words, and stops at a terminator ("but", "however",
   ";", "said"). It passes a comma, "and" or "or" only to go on along a list of targets ("no
   bruises, marks or grazes"), never into a new clause ("no injuries noted, bruise to shin").
3. A target in the scope of several cues takes the strongest: negated, then uncertain, then
   historical; with none it is asserted.
4. Injuries collect the body sites named beside them and a patterned flag; injuries, substance
   misuse, mental health and new adults get who they are about where the sentence names them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from clearsight.text import lexicon as lx
from clearsight.text.facts import Fact
from clearsight.text.gate import prefixes, word_starts

_UPPER_ESCAPE = re.compile(r"\\[SWDBAZ]")


def _words(
    patterns: tuple[str, ...], *, bounded: bool = True, case_sensitive: bool = False
) -> re.Pattern[str]:
    """One regex for a group of phrases, longest first, on whole words.

    Phrases that are not case-sensitive are compiled in lower case without IGNORECASE and run on
    the lower-cased text: Python's `re` is several times faster so.
    """
    if not case_sensitive:
        assert not any(_UPPER_ESCAPE.search(p) for p in patterns), patterns
        patterns = tuple(p.lower() for p in patterns)
    alternation = "|".join(sorted(patterns, key=len, reverse=True))
    if bounded:
        return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    return re.compile(rf"(?:{alternation})")


def _gate(patterns: tuple[str, ...], *, case_sensitive: bool = False) -> frozenset[str] | None:
    """The union of the patterns' prefixes, or None when one of them cannot be listed."""
    union: set[str] = set()
    for p in patterns:
        found = prefixes(p if case_sensitive else p.lower())
        if found is None:
            return None
        union |= found
    return frozenset(union)


def _named(groups: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    """One lower-case regex with a named group per code (body sites, roles)."""
    alternation = "|".join(
        f"(?P<{name}>{'|'.join(p.lower() for p in words)})" for name, words in groups.items()
    )
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


@dataclass(frozen=True, slots=True)
class _TargetRx:
    kind: str
    value: str
    sites: tuple[str, ...]
    needs_injury: bool
    medical_sign: bool
    case_sensitive: bool
    rx: re.Pattern[str]
    gate: frozenset[str] | None  # the prefixes a match begins with; None: always run


@dataclass(frozen=True, slots=True)
class _CueRx:
    category: str
    direction: str
    window: int
    applies_to: frozenset[str] | None
    rx: re.Pattern[str]
    gate: frozenset[str] | None


_TARGETS: tuple[_TargetRx, ...] = tuple(
    _TargetRx(
        t.kind,
        t.value,
        t.sites,
        t.needs_injury,
        t.medical_sign,
        t.case_sensitive,
        _words(t.patterns, case_sensitive=t.case_sensitive),
        _gate(t.patterns, case_sensitive=t.case_sensitive),
    )
    for t in lx.TERMS
)
_CUES: tuple[_CueRx, ...] = tuple(
    _CueRx(
        c.category,
        c.direction,
        c.window,
        c.applies_to,
        _words(c.patterns, bounded=c.bounded),
        _gate(c.patterns),
    )
    for c in lx.CUES
)
_SITES = _named(lx.SITE_WORDS)
_ROLES = _named(lx.ROLE_WORDS)
_PATTERNED = _words(lx.PATTERNED)
_MECHANISM = _words(lx.MECHANISM)
_MEDICAL_CAUSE = _words(lx.MEDICAL_CAUSES)
_HARD = re.compile(rf"{lx.TERMINATOR_MARKS}|(?<!\w)(?:{'|'.join(lx.TERMINATORS)})(?!\w)")
_SOFT = re.compile(r",|/|&|(?<!\w)(?:and|or|nor|plus)(?!\w)")
_VERBISH = _words(lx.VERBISH)
_WORD = re.compile(r"\w+")
_REPORTING = re.compile(
    r"(?<!\w)(?:said|says|stated?|states|reported|reports|told|explained|alleged|disclosed"
    r"|claims?|claimed|described|denies|denied|thinks|thought|believes|noticed|saw|brought"
    r"|he|him|his|she|they|them|their|it)(?!\w)"
)
_ABOUT_AFTER = re.compile(
    r"\s*(?:\(|by|of|in|on|to|from|involving|with|for|relating\s+to)?\s*(?:the|her|his|their|a|an)?"
    r"\s*$"
)
_SENTENCE_END = re.compile(r"(?<=\S)[.!?]+(?=\s|$)|\n")
_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "e.g", "i.e", "eg", "ie", "approx", "st", "etc", "vs", "nb"}
)

_LONGEST_WORD = 40  # characters, with the space after it: bounds the text a scope may span
_PRECEDENCE = {lx.NEGATED: 3, lx.UNCERTAIN: 2, lx.HISTORICAL: 1}
_PATTERN_KINDS = frozenset({"bruise", "other", "abrasion"})
_ABOUT_KINDS = frozenset({lx.INJURY, lx.SUBSTANCE_MISUSE, lx.MENTAL_HEALTH, lx.NEGLECT_SIGN})
#: Kinds whose person before them must be close and not the teller ("mother said he has a
#: bruise", "mother reports the baby is hungry" are not about the mother).
_CLOSE_ABOUT_KINDS = frozenset({lx.INJURY, lx.NEGLECT_SIGN})


@dataclass(slots=True)
class _Target:
    start: int
    end: int
    kind: str
    value: str
    sites: tuple[str, ...]
    needs_injury: bool = False
    medical_sign: bool = False
    polarity: str = "asserted"
    rank: int = 0
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    category: str
    direction: str
    window: int
    applies_to: frozenset[str] | None


def _longest_first(spans: list[tuple[int, int, int]], *, partial_ok: bool = False) -> list[int]:
    """Indices of the spans (start, end, group) kept when overlaps go to the longest.

    With `partial_ok`, spans of different groups may overlap in part ("partner broke her" is
    domestic abuse, "broke her nose" a fracture); one inside another is still dropped.
    """
    kept: list[int] = []
    # Only spans that overlap can compete: settle each run of overlapping spans on its own, so
    # that a long narrative costs time in proportion to its length.
    by_start = sorted(range(len(spans)), key=lambda i: spans[i][0])
    cluster: list[int] = []
    reach = -1
    for i in [*by_start, -1]:
        if i < 0 or spans[i][0] >= reach:
            kept.extend(_settle(spans, cluster, partial_ok))
            cluster, reach = [], -1
            if i < 0:
                break
        cluster.append(i)
        reach = max(reach, spans[i][1])
    return sorted(kept, key=lambda i: spans[i][0])


def _settle(spans: list[tuple[int, int, int]], cluster: list[int], partial_ok: bool) -> list[int]:
    order = sorted(cluster, key=lambda i: (spans[i][0] - spans[i][1], spans[i][0]))
    taken: list[tuple[int, int, int]] = []
    kept: list[int] = []
    for i in order:
        s, e, g = spans[i]
        if all(
            e <= ts
            or s >= te
            or (partial_ok and g != tg and not (ts <= s and e <= te) and not (s <= ts and te <= e))
            for ts, te, tg in taken
        ):
            taken.append((s, e, g))
            kept.append(i)
    return kept


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text` ("Dr." or "e.g." does not end one)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() != "\n":
            before = text[max(start, m.start() - 6) : m.start()].split()
            if before and before[-1].lower().lstrip("(") in _ABBREVIATIONS:
                continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _find_targets(text: str, low: str, gated: bool) -> list[_Target]:
    found: list[_Target] = []
    low_starts = word_starts(low) if gated else set()
    text_starts: set[str] | None = None
    for t in _TARGETS:
        if gated and t.gate is not None:
            if t.case_sensitive:
                if text_starts is None:
                    text_starts = word_starts(text)
                if t.gate.isdisjoint(text_starts):
                    continue
            elif t.gate.isdisjoint(low_starts):
                continue
        for m in t.rx.finditer(text if t.case_sensitive else low):
            if m.end() > m.start():
                found.append(
                    _Target(
                        m.start(),
                        m.end(),
                        t.kind,
                        t.value,
                        t.sites,
                        t.needs_injury,
                        t.medical_sign,
                    )
                )
    kinds = {k: i for i, k in enumerate(lx.KINDS)}
    kept = _longest_first([(t.start, t.end, kinds[t.kind]) for t in found], partial_ok=True)
    return [found[i] for i in kept]


def _find_cues(
    low: str, targets: list[_Target], ranges: list[tuple[int, int]], gated: bool
) -> list[_Cue]:
    """The cues in the sentences (`ranges`) that hold a target, less those inside a target."""
    found: list[_Cue] = []
    low_starts = word_starts(low) if gated else set()
    for rx in _CUES:
        if gated and rx.gate is not None and rx.gate.isdisjoint(low_starts):
            continue
        for lo, hi in ranges:
            for m in rx.rx.finditer(low, lo, hi):
                if m.end() > m.start():
                    found.append(
                        _Cue(
                            m.start(), m.end(), rx.category, rx.direction, rx.window, rx.applies_to
                        )
                    )
    kept = [found[i] for i in _longest_first([(c.start, c.end, 0) for c in found])]
    starts = [t.start for t in targets]
    out: list[_Cue] = []
    for c in kept:
        # a cue inside (or overlapping) a target is part of the target: "no access", "not brought"
        i = bisect_right(starts, c.end) - 1
        overlaps = False
        while i >= 0 and targets[i].end > c.start:
            if targets[i].start < c.end:
                overlaps = True
                break
            i -= 1
        if not overlaps and c.category != lx.PSEUDO:
            out.append(c)
    return out


def _gap_ok(text: str, start: int, end: int, words: int, window: int, first: bool) -> int:
    """Words so far if a scope may pass the gap text[start:end] to the next target, else -1."""
    if end - start > (window + 1) * _LONGEST_WORD:
        return -1  # more text than the window's words could fill: do not scan it
    if _HARD.search(text, start, end):
        return -1
    words += len(_WORD.findall(text, start, end))
    if words > window:
        return -1
    if _SOFT.search(text, start, end):
        if first or _VERBISH.search(text, start, end):
            return -1
        if len(_WORD.findall(text, start, end)) > 3:
            return -1
    return words


def _apply(cue: _Cue, text: str, low: str, targets: list[_Target], starts: list[int]) -> None:
    """Mark the targets of one sentence (sorted; `starts` their starts) in the cue's scope."""
    rank = _PRECEDENCE[cue.category]
    cue_text = text[cue.start : cue.end]

    def mark(t: _Target) -> None:
        if cue.applies_to is not None and t.kind not in cue.applies_to:
            return
        if rank > t.rank:
            t.rank, t.polarity, t.cue = rank, cue.category, cue_text

    if cue.direction in (lx.FORWARD, lx.BOTH):
        edge, words, first = cue.end, 0, True
        for t in targets[bisect_left(starts, cue.end) :]:
            words = _gap_ok(low, edge, t.start, words, cue.window, first)
            if words < 0:
                break
            mark(t)
            edge, first = t.end, False
    if cue.direction in (lx.BACKWARD, lx.BOTH):
        edge, words, first = cue.start, 0, True
        for t in reversed(targets[: bisect_right(starts, cue.start)]):
            if t.end > cue.start:
                continue
            words = _gap_ok(low, t.end, edge, words, cue.window, first)
            if words < 0:
                break
            mark(t)
            edge, first = t.start, False


def _sites_for(
    text: str, injuries: list[_Target], sites: list[tuple[int, int, str]]
) -> dict[int, list[str]]:
    """Attach each body site in a sentence to one injury of that sentence (by index).

    The injuries are sorted and do not overlap (one kind), so their ends are sorted too.
    """
    attached: dict[int, list[str]] = {i: list(t.sites) for i, t in enumerate(injuries)}
    starts = [t.start for t in injuries]
    ends = [t.end for t in injuries]
    for s_start, s_end, site in sites:
        chosen: int | None = None
        # a site just before an injury modifies it: "forehead bruise", "left arm fracture"
        j = bisect_left(starts, s_end)
        while j < len(starts) and starts[j] <= s_end + 12:
            if not _SOFT.search(text, s_end, starts[j]) and not _HARD.search(
                text, s_end, starts[j]
            ):
                chosen = j
                break
            j += 1
        if chosen is None:
            before = bisect_right(ends, s_start) - 1
            after = bisect_left(starts, s_end)
            inside = bisect_right(starts, s_start) - 1
            if before >= 0:
                chosen = before
            elif after < len(starts):
                chosen = after
            elif inside >= 0 and s_start < ends[inside]:  # "bumped his head"
                chosen = inside
        if chosen is not None and site not in attached[chosen]:
            attached[chosen].append(site)
    return attached


def _patterned(text: str, t: _Target, lo: int, hi: int) -> bool:
    if t.value not in _PATTERN_KINDS:
        return False
    return _PATTERNED.search(text, max(lo, t.start - 25), min(hi, t.end + 30)) is not None


def _about(
    text: str, t: _Target, roles: list[tuple[int, int, str]], starts: list[int], ends: list[int]
) -> str | None:
    """Who a fact is about, from the people named next to it in its sentence, or None.

    `roles` are the people named in the fact's sentence, in order and not overlapping, with
    their `starts` and `ends`.
    """
    if t.kind == lx.NEW_ADULT:
        inside = roles[bisect_left(starts, t.start) : bisect_left(starts, t.end)]
        if inside:
            return inside[-1][2]
        return "partner" if t.value == "new" else "other_adult"
    if t.kind not in _ABOUT_KINDS:
        return None
    before = bisect_right(ends, t.start) - 1
    if before >= 0:
        _, r_end, role = roles[before]
        words = len(_WORD.findall(text, r_end, t.start)) if t.start - r_end < 400 else 99
        gap_ok = words <= 8 and not _HARD.search(text, r_end, t.start)
        if t.kind in _CLOSE_ABOUT_KINDS:
            gap_ok = gap_ok and words <= 4 and not _REPORTING.search(text, r_end, t.start)
        if t.kind == lx.NEGLECT_SIGN:  # "mum struggling, children grubby": not the mother
            gap_ok = gap_ok and "," not in text[r_end : t.start]
        if gap_ok:
            return _neglect_about(role) if t.kind == lx.NEGLECT_SIGN else role
    after = bisect_left(starts, t.end)
    if after < len(roles):
        r_start, _, role = roles[after]
        if r_start - t.end < 60 and _ABOUT_AFTER.fullmatch(text, t.end, r_start):
            return _neglect_about(role) if t.kind == lx.NEGLECT_SIGN else role
    return None


def _neglect_about(role: str) -> str | None:
    """A sign of neglect is about an adult when one is named beside it ("mother unkempt"), else
    the child's: "brother and sister arrived without coats" is usually the children recorded."""
    return None if role == "sibling" else role


def read(text: str, *, gated: bool = True) -> list[Fact]:
    """Read the facts in one narrative, each with its polarity and the span it came from.

    >>> [(f.kind, f.value, f.polarity) for f in read("No bruising seen. Mother denies drinking.")]
    [('injury', 'bruise', 'negated'), ('substance_misuse', 'alcohol', 'negated')]

    `gated=False` runs every pattern instead of skipping those that cannot match: slower, and
    the same answer (a test checks it).
    """
    if not text:
        return []
    low = text.lower()
    if len(low) != len(text):  # a few characters lengthen in lower case ("İ"): keep offsets
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    targets = _find_targets(text, low, gated)
    if not targets:
        return []
    spans = sentences(text)
    starts = [s for s, _ in spans]

    def sentence_of(pos: int) -> int:
        return bisect_right(starts, pos) - 1

    # "lip swelling" in a sentence naming an allergic reaction or an infection is no injury
    targets = [
        t
        for t in targets
        if not (t.medical_sign and _MEDICAL_CAUSE.search(low, *spans[sentence_of(t.start)]))
    ]
    if not targets:
        return []
    by_sentence: dict[int, list[_Target]] = {}
    for t in targets:
        by_sentence.setdefault(sentence_of(t.start), []).append(t)
    ranges = [spans[i] for i in sorted(by_sentence)]
    group_starts = {i: [t.start for t in g] for i, g in by_sentence.items()}
    for c in _find_cues(low, targets, ranges, gated):
        index = sentence_of(c.start)
        group = by_sentence.get(index)
        if group:
            _apply(c, text, low, group, group_starts[index])

    for index, group in by_sentence.items():
        lo, hi = spans[index]
        if text[lo:hi].rstrip().endswith("?"):  # a question asks, it does not state
            for t in group:
                if t.rank < _PRECEDENCE[lx.UNCERTAIN]:
                    t.rank, t.polarity, t.cue = _PRECEDENCE[lx.UNCERTAIN], lx.UNCERTAIN, "?"

    has_injury = any(t.kind == lx.INJURY and t.polarity != lx.NEGATED for t in targets) or bool(
        _MECHANISM.search(low)
    )

    facts: list[Fact] = []
    for index, group in sorted(by_sentence.items()):
        lo, hi = spans[index]
        injuries = [t for t in group if t.kind == lx.INJURY]
        sites: dict[int, list[str]] = {}
        if injuries:
            in_sentence = [
                (m.start(), m.end(), m.lastgroup or "") for m in _SITES.finditer(low, lo, hi)
            ]
            sites = _sites_for(low, injuries, in_sentence)
        roles: list[tuple[int, int, str]] = []
        if any(t.kind in _ABOUT_KINDS or t.kind == lx.NEW_ADULT for t in group):
            roles = [(m.start(), m.end(), m.lastgroup or "") for m in _ROLES.finditer(low, lo, hi)]
        role_starts, role_ends = [r[0] for r in roles], [r[1] for r in roles]
        injury_index = {id(t): i for i, t in enumerate(injuries)}
        for t in group:
            value, polarity = t.value, t.polarity
            if t.needs_injury and not has_injury:
                continue  # "no explanation for the absence" is not about an injury
            if (
                t.kind == lx.EXPLANATION
                and polarity == lx.NEGATED
                and value in ("consistent", "inconsistent")
            ):
                # "not felt to be consistent with" → inconsistent, stated
                value = "inconsistent" if value == "consistent" else "consistent"
                polarity = "asserted"
            body_sites: tuple[str, ...] = ()
            patterned = False
            if t.kind == lx.INJURY:
                body_sites = tuple(sites.get(injury_index[id(t)], ()))
                patterned = _patterned(low, t, lo, hi)
            facts.append(
                Fact(
                    kind=t.kind,
                    value=value,
                    polarity=polarity,
                    start=t.start,
                    end=t.end,
                    span_text=text[t.start : t.end],
                    body_sites=body_sites,
                    patterned=patterned,
                    about=_about(low, t, roles, role_starts, role_ends),
                    cue=t.cue,
                )
            )
    return facts
