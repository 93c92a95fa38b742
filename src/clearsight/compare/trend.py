"""Has an authority's trend diverged from England's (or its neighbours')? Tested, not eyeballed.

For each year with both figures, take the log of the ratio authority / reference. If the two
move together the log ratio is flat; a slope means the authority is drifting away. Ordinary
least squares of the log ratio on year gives the slope, its 95% confidence interval and a
two-sided p-value from Student's t with n - 2 degrees of freedom (computed here from the exact
finite series for whole degrees of freedom, so no statistics library is needed). Using the
residual scatter (not a Poisson variance) keeps the test honest about year-to-year noise beyond
chance.
The slope is shown as a relative change per year: exp(slope) - 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MIN_YEARS = 4


def t_within(t: float, df: int) -> float:
    """P(|T| < t) for Student's t with a whole number of degrees of freedom, from the exact
    finite series (Abramowitz and Stegun 26.7.3 and 26.7.4), with theta = atan(t / sqrt(df))."""
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    t = abs(t)
    theta = math.atan(t / math.sqrt(df))
    c2 = math.cos(theta) ** 2
    if df % 2 == 1:
        term, total = 1.0, 1.0 if df > 1 else 0.0
        for k in range(1, (df - 3) // 2 + 1):  # (2·4···2k) / (1·3···(2k+1)) cos^2k
            term *= c2 * (2 * k) / (2 * k + 1)
            total += term
        series = math.sin(theta) * math.cos(theta) * total if df > 1 else 0.0
        return 2 / math.pi * (theta + series)
    term, total = 1.0, 1.0
    for k in range(1, (df - 2) // 2 + 1):  # (1·3···(2k-1)) / (2·4···2k) cos^2k
        term *= c2 * (2 * k - 1) / (2 * k)
        total += term
    return math.sin(theta) * total


def t_two_sided_p(t: float, df: int) -> float:
    return max(0.0, 1.0 - t_within(t, df))


def t_quantile(probability: float, df: int) -> float:
    """The t with P(T < t) = probability (0.5 < probability < 1), by bisection."""
    target = 2 * probability - 1  # P(|T| < t)
    low, high = 0.0, 1.0
    while t_within(high, df) < target:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if t_within(mid, df) < target:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2


@dataclass(frozen=True)
class Divergence:
    years: tuple[int, ...]
    slope: float
    """Change in log(authority / reference) per year."""
    ci_low: float
    ci_high: float
    p_value: float
    start_ratio: float
    """Fitted ratio authority / reference in the first year."""
    end_ratio: float

    @property
    def change_per_year(self) -> float:
        return math.exp(self.slope) - 1

    @property
    def ci_change(self) -> tuple[float, float]:
        return math.exp(self.ci_low) - 1, math.exp(self.ci_high) - 1

    def reading(self, reference: str) -> str:
        pct = self.change_per_year * 100
        low, high = (v * 100 for v in self.ci_change)
        span = f"{self.years[0]}-{self.years[-1]}"
        p_text = "p < 0.001" if self.p_value < 0.001 else f"p = {self.p_value:.3f}"
        direction = "rising" if pct > 0 else "falling"
        if self.p_value < 0.05:
            verdict = (f"relative to {reference} it has been {direction} by about "
                       f"{abs(pct):.1f}% a year ({span}; 95% CI {low:+.1f}% to {high:+.1f}%, "
                       f"{p_text}): a real divergence, unlikely to be chance")
        else:
            verdict = (f"no clear divergence from {reference}'s trend ({span}; "
                       f"{pct:+.1f}% a year relative, 95% CI {low:+.1f}% to {high:+.1f}%, "
                       f"p = {self.p_value:.2f})")
        return verdict


def divergence(
    years: Sequence[int], values: Sequence[float], reference: Sequence[float]
) -> Divergence | None:
    """None when fewer than MIN_YEARS years have positive figures for both."""
    pairs = [(y, math.log(v / r)) for y, v, r in zip(years, values, reference, strict=True)
             if v > 0 and r > 0]
    if len(pairs) < MIN_YEARS:
        return None
    xs = [float(p[0]) for p in pairs]
    ys = [p[1] for p in pairs]
    n = len(pairs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = my - slope * mx
    rss = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    df = n - 2
    se = math.sqrt(rss / df / sxx)
    tcrit = t_quantile(0.975, df)
    exact_fit = 0.0 if slope != 0 else 1.0
    p_value = exact_fit if se == 0 else t_two_sided_p(slope / se, df)
    return Divergence(
        tuple(int(p[0]) for p in pairs), slope, slope - tcrit * se, slope + tcrit * se, p_value,
        math.exp(intercept + slope * xs[0]), math.exp(intercept + slope * xs[-1]),
    )
