"""Has an authority's trend diverged from England's (or its neighbours')? Tested, not eyeballed.

For each year with both figures, take the log of the ratio authority / reference. If the two
move together the log ratio is flat; a slope means the authority is drifting away. Ordinary
least squares of the log ratio on year gives the slope, its 95% confidence interval and a
two-sided p-value from Student's t with n - 2 degrees of freedom. Using the residual scatter
(not a Poisson variance) keeps the test honest about year-to-year noise beyond chance.
The slope is shown as a relative change per year: exp(slope) - 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats as sps

MIN_YEARS = 4


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
    tcrit = float(sps.t.ppf(0.975, df))
    exact_fit = 0.0 if slope != 0 else 1.0
    p_value = exact_fit if se == 0 else float(2 * sps.t.sf(abs(slope / se), df))
    return Divergence(
        tuple(int(p[0]) for p in pairs), slope, slope - tcrit * se, slope + tcrit * se, p_value,
        math.exp(intercept + slope * xs[0]), math.exp(intercept + slope * xs[-1]),
    )
