"""Funnel plots (Spiegelhalter, Statistics in Medicine 2005; 24:1185-1202).

Each authority's figure is judged against the national target with control limits that narrow
as the authority's denominator grows. Limits use the normal approximation to the binomial
(proportions) or Poisson (rates and ratios) distribution at the target:

    proportion:   s_i = sqrt(t (1 - t) / n_i)
    rate, ratio:  s_i = sqrt(t / n_i)

and the limits at z (1.96 for 95%, 3.09 for 99.8%) are t ± z s_i. Real authorities vary more
than chance alone allows (overdispersion), so two widened versions are given:

- multiplicative: z-scores z_i = (y_i - t) / s_i are winsorised at their 10th and 90th
  percentiles; phi = mean of the squared winsorised z-scores; limits t ± z sqrt(phi) s_i
  (applied when phi > 1);
- additive random effects (DerSimonian-Laird style): with weights w_i = 1 / s_i²,
  tau² = (I phi - (I - 1)) / (Σw - Σw² / Σw), floored at 0; limits t ± z sqrt(s_i² + tau²).

The additive version is the default for judging an authority, as Spiegelhalter recommends when
denominators are large (multiplicative limits then shrink towards the target).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

Method = Literal["none", "multiplicative", "additive"]
Band = Literal["below 99.8%", "below 95%", "within 95%", "above 95%", "above 99.8%"]

Z95 = NormalDist().inv_cdf(0.975)
Z998 = NormalDist().inv_cdf(0.999)
WINSOR = 0.10


@dataclass(frozen=True)
class Unit:
    """One authority in a funnel: its numerator and denominator (value = num / den)."""

    key: str
    numerator: float
    denominator: float

    @property
    def value(self) -> float:
        return self.numerator / self.denominator


def standard_error(kind: str, target: float, denominator: float) -> float:
    """The sampling standard error at the target for a unit of this size."""
    if denominator <= 0:
        raise ValueError(f"denominator must be positive, got {denominator}")
    if kind == "proportion":
        return math.sqrt(target * (1 - target) / denominator)
    return math.sqrt(target / denominator)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (the common 'type 7' definition)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def winsorise(values: Sequence[float], fraction: float = WINSOR) -> list[float]:
    """Pull values below the `fraction` percentile up to it, and above 1 - fraction down."""
    low, high = percentile(values, fraction), percentile(values, 1 - fraction)
    return [min(max(v, low), high) for v in values]


@dataclass(frozen=True)
class Overdispersion:
    phi: float
    """Multiplicative overdispersion factor from the winsorised z-scores."""
    tau2: float
    """Additive between-authority variance (0 when there is no overdispersion)."""
    units: int


def overdispersion(kind: str, target: float, units: Sequence[Unit]) -> Overdispersion:
    if len(units) < 2:
        return Overdispersion(1.0, 0.0, len(units))
    ses = [standard_error(kind, target, u.denominator) for u in units]
    z = [(u.value - target) / s for u, s in zip(units, ses, strict=True)]
    zw = winsorise(z)
    count = len(units)
    phi = sum(v * v for v in zw) / count
    weights = [1 / (s * s) for s in ses]
    total = sum(weights)
    spread = total - sum(w * w for w in weights) / total
    tau2 = max(0.0, (count * phi - (count - 1)) / spread) if spread > 0 else 0.0
    return Overdispersion(phi, tau2, count)


@dataclass(frozen=True)
class Limits:
    lower95: float
    upper95: float
    lower998: float
    upper998: float


def limits(
    kind: str, target: float, denominator: float, od: Overdispersion | None = None,
    method: Method = "additive",
) -> Limits:
    """Control limits around `target` for a unit with this denominator."""
    se = standard_error(kind, target, denominator)
    if od is not None and method == "multiplicative" and od.phi > 1:
        se *= math.sqrt(od.phi)
    elif od is not None and method == "additive":
        se = math.sqrt(se * se + od.tau2)
    low_floor = 0.0
    high_cap = 1.0 if kind == "proportion" else math.inf
    return Limits(
        max(low_floor, target - Z95 * se), min(high_cap, target + Z95 * se),
        max(low_floor, target - Z998 * se), min(high_cap, target + Z998 * se),
    )


def band(value: float, lim: Limits) -> Band:
    if value > lim.upper998:
        return "above 99.8%"
    if value > lim.upper95:
        return "above 95%"
    if value < lim.lower998:
        return "below 99.8%"
    if value < lim.lower95:
        return "below 95%"
    return "within 95%"


READINGS: dict[Band, str] = {
    "above 99.8%": "above the upper 99.8% limit: very unlikely to be chance",
    "above 95%": "above the upper 95% limit but within 99.8%: possibly more than chance; watch",
    "within 95%": "within the 95% limits: consistent with chance variation around England",
    "below 95%": "below the lower 95% limit but within 99.8%: possibly more than chance; watch",
    "below 99.8%": "below the lower 99.8% limit: very unlikely to be chance",
}


@dataclass(frozen=True)
class FunnelPoint:
    key: str
    value: float
    denominator: float
    limits: Limits
    band: Band


@dataclass(frozen=True)
class Funnel:
    kind: str
    target: float
    overdispersion: Overdispersion
    method: Method
    points: tuple[FunnelPoint, ...]

    def point(self, key: str) -> FunnelPoint | None:
        for p in self.points:
            if p.key == key:
                return p
        return None

    def curve(self, steps: int = 60) -> list[tuple[float, Limits]]:
        """Limits along the range of denominators, evenly spaced on a log scale (for charts)."""
        sizes = [p.denominator for p in self.points]
        if not sizes:
            return []
        low, high = math.log(min(sizes) * 0.8), math.log(max(sizes) * 1.2)
        out = []
        for i in range(steps + 1):
            n = math.exp(low + (high - low) * i / steps)
            out.append((n, limits(self.kind, self.target, n, self.overdispersion, self.method)))
        return out


def funnel(
    kind: str, target: float, units: Sequence[Unit], method: Method = "additive"
) -> Funnel:
    """Judge every unit against `target`, with limits widened for overdispersion by `method`."""
    usable = [u for u in units if u.denominator > 0]
    od = overdispersion(kind, target, usable)
    points = tuple(
        FunnelPoint(u.key, u.value, u.denominator,
                    lim := limits(kind, target, u.denominator, od, method), band(u.value, lim))
        for u in usable
    )
    return Funnel(kind, target, od, method, points)
