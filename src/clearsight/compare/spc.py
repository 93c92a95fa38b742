"""Statistical process control over years: the XmR chart as in NHS "Making Data Count".

Limits are mean ± 2.66 × the average moving range (the mean absolute difference between
consecutive years; a gap of missing years is not counted as a moving range). Special causes:

- `outside`: a point above the upper or below the lower limit;
- `shift`: a run of 7 or more consecutive points on the same side of the mean (a point on
  the mean breaks the run);
- `trend`: 7 or more consecutive points each higher (or each lower) than the one before;
- `near limit`: two of three consecutive points beyond two-thirds of the way from the mean to
  a limit (the "2 sigma" zone), on the same side.

Annual series are short (at most 13 points here); Making Data Count advises limits from at
least 15 to 20 points, so the readings say how many points the limits rest on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

Rule = Literal["outside", "shift", "trend", "near limit"]
Direction = Literal["high", "low"]

XMR_CONSTANT = 2.66
RUN_LENGTH = 7
TREND_LENGTH = 7


@dataclass(frozen=True)
class Signal:
    rule: Rule
    direction: Direction
    indices: tuple[int, ...]
    """Positions in the series of the points that make the signal."""


@dataclass(frozen=True)
class XmR:
    mean: float
    average_moving_range: float
    upper: float
    lower: float
    upper_near: float
    lower_near: float
    signals: tuple[Signal, ...]
    points: int


def xmr(values: Sequence[float], years: Sequence[int] | None = None) -> XmR:
    """The XmR chart and its special-cause signals for values in time order (two or more).
    With `years`, a moving range is taken only between consecutive years (a gap in the
    series is not one year's change), unless no two years are consecutive."""
    if len(values) < 2:
        raise ValueError("an XmR chart needs at least two points")
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in pairwise(values)]
    if years is not None:
        if len(years) != len(values):
            raise ValueError("years and values must be the same length")
        adjacent = [abs(b - a) for (a, b), (ya, yb) in zip(pairwise(values), pairwise(years),
                                                             strict=True) if yb - ya == 1]
        ranges = adjacent or ranges
    amr = sum(ranges) / len(ranges)
    width = XMR_CONSTANT * amr
    upper, lower = mean + width, mean - width
    upper_near, lower_near = mean + width * 2 / 3, mean - width * 2 / 3
    signals: list[Signal] = []
    for i, v in enumerate(values):
        if v > upper:
            signals.append(Signal("outside", "high", (i,)))
        elif v < lower:
            signals.append(Signal("outside", "low", (i,)))
    signals += _runs([1 if v > mean else -1 if v < mean else 0 for v in values], "shift",
                     RUN_LENGTH)
    steps = [0, *(1 if b > a else -1 if b < a else 0 for a, b in pairwise(values))]
    signals += _trends(steps)
    signals += _near(values, upper_near, lower_near)
    return XmR(mean, amr, upper, lower, upper_near, lower_near, tuple(signals), len(values))


def _runs(sides: list[int], rule: Rule, length: int) -> list[Signal]:
    out: list[Signal] = []
    start = 0
    for i in range(1, len(sides) + 1):
        if i == len(sides) or sides[i] != sides[start]:
            if sides[start] != 0 and i - start >= length:
                out.append(Signal(rule, "high" if sides[start] > 0 else "low",
                                  tuple(range(start, i))))
            start = i
    return out


def _trends(steps: list[int]) -> list[Signal]:
    """steps[i] compares point i with point i-1; a trend of 7 points is 6 equal steps."""
    out: list[Signal] = []
    start = 1
    for i in range(2, len(steps) + 1):
        if i == len(steps) or steps[i] != steps[start]:
            if steps[start] != 0 and (i - start) + 1 >= TREND_LENGTH:
                out.append(Signal("trend", "high" if steps[start] > 0 else "low",
                                  tuple(range(start - 1, i))))
            start = i
    return out


def _near(values: Sequence[float], upper_near: float, lower_near: float) -> list[Signal]:
    out: list[Signal] = []
    for i in range(len(values) - 2):
        window = values[i:i + 3]
        for direction in ("high", "low"):
            hits = tuple(i + j for j, v in enumerate(window)
                         if (v > upper_near if direction == "high" else v < lower_near))
            if len(hits) < 2:
                continue
            last = out[-1] if out else None
            if last is not None and last.direction == direction and set(hits) & set(last.indices):
                merged = tuple(sorted(set(hits) | set(last.indices)))
                out[-1] = Signal("near limit", last.direction, merged)
            else:
                out.append(Signal("near limit", direction, hits))
    return out


def describe(signal: Signal, years: Sequence[int]) -> str:
    """A plain-English sentence for one signal."""
    span = [years[i] for i in signal.indices]
    when = str(span[0]) if len(span) == 1 else f"{span[0]} to {span[-1]}"
    word = "higher" if signal.direction == "high" else "lower"
    if signal.rule == "outside":
        return (f"{when}: outside the process limits ({word}); a special cause, not the "
                "year-to-year noise of the other years")
    if signal.rule == "shift":
        return (f"{when}: {len(span)} successive yearly figures {word} than the average; "
                "a sustained shift")
    if signal.rule == "trend":
        return (f"{when}: {len(span)} successive yearly figures each {word} than the one "
                "before; a sustained trend")
    side = "upper" if word == "higher" else "lower"
    return (f"{when}: two of three successive figures close to the {side} limit; an early "
            "warning of a change")
