"""One authority against England and its statistical neighbours, in plain English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearsight.compare import funnel as fn
from clearsight.compare import spc
from clearsight.compare.analysis import Dataset
from clearsight.compare.authorities import (
    ENGLAND_KEY,
    AuthorityRef,
    predecessors_of,
    resolve,
    successors_of,
)
from clearsight.compare.indicators import INDICATORS, Indicator
from clearsight.compare.trend import Divergence

RECENT_YEARS = 3
"""A control-chart signal counts as 'what changed' when it touches one of the last 3 years."""


@dataclass(frozen=True)
class Finding:
    indicator: Indicator
    unit_key: str
    """The key whose figures these are (the authority, or a joint return holding it)."""
    year: int | None
    value: float | None
    published_value: float | None
    missing_reason: str | None
    england: float | None
    neighbour_median: float | None
    neighbours_with_value: int
    funnel: fn.Funnel | None
    point: fn.FunnelPoint | None
    chart_years: list[int]
    xmr: spc.XmR | None
    vs_england: Divergence | None
    vs_neighbours: Divergence | None
    series: list[tuple[int, float | None, str | None]]
    england_series: list[tuple[int, float]]
    neighbour_series: list[tuple[int, float]]

    def shown(self, value: float | None) -> str:
        """A value in the indicator's display unit, to its published decimals."""
        if value is None:
            return "not available"
        return f"{value:,.{self.indicator.decimals}f}"

    @property
    def funnel_reading(self) -> str:
        if self.point is None:
            return "not on the funnel plot (no figure for the latest year)"
        return fn.READINGS[self.point.band]

    def spc_readings(self) -> list[str]:
        if self.xmr is None:
            return []
        return [spc.describe(s, self.chart_years) for s in self.xmr.signals]

    @property
    def is_outlier(self) -> bool:
        return self.point is not None and self.point.band in ("above 99.8%", "below 99.8%")

    @property
    def concerning(self) -> bool:
        """Outside 99.8% in the direction the indicator's concern points (either for rates
        whose meaning depends on context)."""
        if not self.is_outlier or self.point is None:
            return False
        high = self.point.band == "above 99.8%"
        return self.indicator.concern == "either" or (self.indicator.concern == "high") == high

    def recent_signals(self) -> list[spc.Signal]:
        if self.xmr is None or not self.chart_years:
            return []
        last = self.chart_years[-1]
        return [s for s in self.xmr.signals
                if any(self.chart_years[i] > last - RECENT_YEARS for i in s.indices)]


@dataclass(frozen=True)
class AuthorityReport:
    authority: AuthorityRef
    neighbours: list[tuple[int, str, str]]
    """(rank, name, closeness) of the ten statistical neighbours."""
    history_notes: list[str]
    findings: list[Finding]
    judgements: list[tuple[str, str, str]]
    """(publication date, framework, judgement), oldest first."""
    up_to: int | None = None
    """The last reporting year used, when the report is the view from a past year."""

    def where_it_stands(self) -> list[str]:
        lines = []
        for f in self.findings:
            if f.point is not None and f.point.band != "within 95%":
                lines.append(f"{f.indicator.title} {f.year}: {f.shown(f.value)} "
                             f"{f.indicator.unit} (England {f.shown(f.england)}) — "
                             f"{f.funnel_reading}.")
        if not lines:
            lines.append("Every indicator's latest figure is within the 95% limits around "
                         "England: no difference larger than chance would explain.")
        above: list[str] = []
        below: list[str] = []
        for f in self.findings:
            if f.point is None or f.point.band != "within 95%" or f.england is None:
                continue
            if f.value is None or f.shown(f.value) == f.shown(f.england):
                continue
            title = f.indicator.title[0].lower() + f.indicator.title[1:]
            text = f"{title} ({f.shown(f.value)} against {f.shown(f.england)})"
            (above if f.value > f.england else below).append(text)
        for words, items in (("higher", above), ("lower", below)):
            if items:
                lines.append(f"Within the limits but {words} than England: "
                             + "; ".join(items) + ".")
        return lines

    def what_changed(self) -> list[str]:
        lines = []
        for f in self.findings:
            signals = f.recent_signals()
            for direction in ("high", "low"):
                outside = [s for s in signals if s.rule == "outside" and s.direction == direction]
                if len(outside) > 1:
                    years = " and ".join(str(f.chart_years[s.indices[0]]) for s in outside)
                    word = "higher" if direction == "high" else "lower"
                    lines.append(f"{f.indicator.title}: {years}: outside the process limits "
                                 f"({word}); special causes, not year-to-year noise.")
                    signals = [s for s in signals if s not in outside]
            for s in signals:
                lines.append(f"{f.indicator.title}: {spc.describe(s, f.chart_years)}.")
            for ref, div in (("England", f.vs_england), ("its neighbours", f.vs_neighbours)):
                if div is not None and div.p_value < 0.05:
                    lines.append(f"{f.indicator.title}: {div.reading(ref)}.")
        if not lines:
            lines.append("No special-cause change in the last three years and no trend that "
                         "has diverged from England's or the neighbours'.")
        return lines


def build(ds: Dataset, query: str, *, up_to: int | None = None) -> AuthorityReport:
    """The report for the authority named by `query` (name, ONS code or DfE number), using
    reporting years up to `up_to` only when it is given (the view from that year)."""
    ref = resolve(query, ds.refs())
    return build_for(ds, ref, up_to=up_to)


def build_for(ds: Dataset, ref: AuthorityRef, *, up_to: int | None = None) -> AuthorityReport:
    findings = [_finding(ds, ind, ref.key, up_to) for ind in INDICATORS]
    names = {a.key: a.name for a in ds.authorities.values()}
    neighbours = [(rank, names.get(k, k), band) for rank, k, band in ds.neighbours.get(ref.key, [])]
    notes = [r.note for r in predecessors_of(ref.key) + successors_of(ref.key)]
    for f in findings:
        if f.unit_key != ref.key:
            notes.append(f"{f.indicator.title}: figures are from the joint return "
                         f"'{names.get(f.unit_key, f.unit_key)}'.")
    judgements = [(j.published_on.isoformat(), j.framework, j.judgement)
                  for j in ds.judgements if j.key == ref.key
                  and (up_to is None or j.published_on.year <= up_to)]
    return AuthorityReport(ref, neighbours, sorted(set(notes)), findings, judgements, up_to)


def _finding(ds: Dataset, ind: Indicator, key: str, up_to: int | None = None) -> Finding:
    units = ds.units_for(ind.name, key)
    unit = units[0] if units else key
    by_year = ds.rows.get((ind.name, unit), {})
    series = [(y, r.value, r.missing_reason) for y, r in sorted(by_year.items())
              if up_to is None or y <= up_to]
    valued = [(y, v) for y, v, _ in series if v is not None]
    latest = valued[-1][0] if valued else (series[-1][0] if series else None)
    rec = ds.record(ind.name, unit, latest) if latest is not None else None
    eng = ds.record(ind.name, ENGLAND_KEY, latest) if latest is not None else None
    funnel = ds.funnel(ind.name, latest) if latest is not None else None
    med, count = ds.neighbour_median(ind.name, key, latest) if latest else (None, 0)
    chart = ds.control_chart(ind.name, unit, up_to)
    return Finding(
        indicator=ind,
        unit_key=unit,
        year=latest,
        value=rec.value if rec else None,
        published_value=rec.published_value if rec else None,
        missing_reason=rec.missing_reason if rec else "no figures for this authority",
        england=eng.value if eng else None,
        neighbour_median=med,
        neighbours_with_value=count,
        funnel=funnel,
        point=funnel.point(unit) if funnel else None,
        chart_years=chart[0] if chart else [],
        xmr=chart[1] if chart else None,
        vs_england=ds.divergence_from_england(ind.name, unit, up_to),
        vs_neighbours=(ds.divergence_from_neighbours(ind.name, key, up_to) if unit == key
                       else None),
        series=series,
        england_series=ds.series(ind.name, ENGLAND_KEY, up_to),
        neighbour_series=[(y, m) for y, _, _ in series
                          for m, n in [ds.neighbour_median(ind.name, key, y)]
                          if m is not None and n >= 5],
    )


def _divergence_dict(div: Divergence | None, reference: str) -> dict[str, Any] | None:
    if div is None:
        return None
    low, high = div.ci_change
    return {"reference": reference, "years": [div.years[0], div.years[-1]],
            "change_per_year": div.change_per_year, "ci_low": low, "ci_high": high,
            "p_value": div.p_value, "reading": div.reading(reference)}


def to_dict(report: AuthorityReport) -> dict[str, Any]:
    """The report as plain data (for `--format json` and the web app)."""
    a = report.authority
    findings = []
    for f in report.findings:
        scale = f.indicator.scale
        funnel = None
        if f.funnel is not None and f.point is not None:
            lim = f.point.limits
            mult = fn.limits(f.indicator.kind, f.funnel.target, f.point.denominator,
                             f.funnel.overdispersion, "multiplicative")
            funnel = {"band": f.point.band, "reading": f.funnel_reading,
                      "lower95": lim.lower95 * scale, "upper95": lim.upper95 * scale,
                      "lower998": lim.lower998 * scale, "upper998": lim.upper998 * scale,
                      "multiplicative_lower998": mult.lower998 * scale,
                      "multiplicative_upper998": mult.upper998 * scale,
                      "england": f.funnel.target * scale, "phi": f.funnel.overdispersion.phi,
                      "tau": f.funnel.overdispersion.tau2 ** 0.5 * scale}
        chart = None
        if f.xmr is not None:
            chart = {"mean": f.xmr.mean, "lower": f.xmr.lower, "upper": f.xmr.upper,
                     "points": f.xmr.points,
                     "signals": [{"rule": s.rule, "direction": s.direction,
                                  "years": [f.chart_years[i] for i in s.indices],
                                  "reading": spc.describe(s, f.chart_years)}
                                 for s in f.xmr.signals]}
        findings.append({
            "indicator": f.indicator.name, "title": f.indicator.title,
            "unit": f.indicator.unit, "figures_of": f.unit_key, "year": f.year,
            "value": f.value, "published_value": f.published_value,
            "missing_reason": None if f.value is not None else f.missing_reason,
            "england": f.england, "neighbour_median": f.neighbour_median,
            "neighbours_with_value": f.neighbours_with_value, "funnel": funnel,
            "control_chart": chart,
            "trend_against_england": _divergence_dict(f.vs_england, "England"),
            "trend_against_neighbours": _divergence_dict(f.vs_neighbours, "its neighbours"),
            "series": [{"year": y, "value": v, "missing_reason": why} for y, v, why in f.series],
        })
    return {
        "authority": {"name": a.name, "code": a.code, "dfe_number": a.key},
        "up_to": report.up_to,
        "where_it_stands": report.where_it_stands(),
        "what_changed": report.what_changed(),
        "neighbours": [{"rank": r, "name": n, "closeness": b.strip()}
                       for r, n, b in report.neighbours],
        "judgements": [{"published": d, "inspection": fw, "judgement": j}
                       for d, fw, j in report.judgements],
        "notes": report.history_notes,
        "findings": findings,
    }


def render_text(report: AuthorityReport) -> str:
    """The plain-English summary `clearsight compare AUTHORITY` prints."""
    a = report.authority
    out = [f"{a.name} ({a.code}, DfE number {a.key}) compared with England and its ten "
           "statistical neighbours", ""]
    if report.up_to is not None:
        out[1:1] = [f"As it looked with figures up to reporting year {report.up_to} only."]
    out.append("Where it stands (latest year; funnel limits around England, widened for "
               "overdispersion):")
    out += [f"  - {line}" for line in report.where_it_stands()]
    out += ["", "What changed (control charts over the years; trend against England and the "
            "neighbours' median):"]
    out += [f"  - {line}" for line in report.what_changed()]
    out += ["", "Latest figures:"]
    width = max(len(f.indicator.title) for f in report.findings)
    for f in report.findings:
        if f.value is None:
            out.append(f"  {f.indicator.title:<{width}}  {f.year or '-'}  not available "
                       f"({f.missing_reason})")
            continue
        med = f.shown(f.neighbour_median)
        out.append(f"  {f.indicator.title:<{width}}  {f.year}  {f.shown(f.value):>7} "
                   f"{f.indicator.unit}; England {f.shown(f.england)}; neighbours' median "
                   f"{med} ({f.neighbours_with_value} of 10)")
    if report.neighbours:
        out += ["", "Statistical neighbours (DfE 2025 model): "
                + ", ".join(name for _, name, _ in report.neighbours)]
    if report.judgements:
        latest = report.judgements[-1]
        out += ["", f"Latest Ofsted judgement: {latest[2]} ({latest[1]}, published {latest[0]})"]
    if report.history_notes:
        out += ["", "Notes:"] + [f"  - {n}" for n in report.history_notes]
    return "\n".join(out) + "\n"
