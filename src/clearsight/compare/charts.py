"""Vega-Lite chart specifications (plain dicts): one spec for the page, the web app and a PDF.

Specs are written by hand as data rather than with Altair, so the package needs no pandas and
the specs are easy to read and test (see docs/decisions/0101-charts-vega-lite-as-data.md).
Colours follow the GOV.UK palette; meaning never rests on colour alone (dash patterns, shapes
and the written reading under each chart carry it too).
"""

from __future__ import annotations

from typing import Any

from clearsight.compare.authorities import AuthorityRef
from clearsight.compare.report import Finding

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
BLUE, BLACK, GREY, ORANGE, RED = "#1d70b8", "#0b0c0c", "#b1b4b6", "#f47738", "#d4351c"
WIDTH, HEIGHT = 560, 300

Spec = dict[str, Any]


def _r(value: float, decimals: int = 4) -> float:
    return round(value, decimals)


def funnel_spec(finding: Finding, authority: AuthorityRef, names: dict[str, str]) -> Spec | None:
    """All authorities' latest figures against their size, with the 95% and 99.8% limits."""
    f = finding.funnel
    if f is None or finding.year is None:
        return None
    scale = finding.indicator.scale
    limits = []
    for n, lim in f.curve():
        for level, low, high in (("95%", lim.lower95, lim.upper95),
                                 ("99.8%", lim.lower998, lim.upper998)):
            limits.append({"size": _r(n, 1), "limit": f"{level} lower", "level": level,
                           "value": _r(low * scale)})
            limits.append({"size": _r(n, 1), "limit": f"{level} upper", "level": level,
                           "value": _r(high * scale)})
    points = [{"authority": names.get(p.key, p.key), "size": _r(p.denominator, 1),
               "value": _r(p.value * scale), "band": p.band,
               "this": p.key == finding.unit_key} for p in f.points]
    unit = finding.indicator.unit
    x_title = f"Size: {finding.indicator.denominator}"
    sizes = [p.denominator for p in f.points]
    x_scale = {"type": "log", "domain": [_r(min(sizes) * 0.8, 1), _r(max(sizes) * 1.2, 1)],
               "nice": False}
    return {
        "$schema": SCHEMA,
        "title": f"{finding.indicator.title}, {finding.year}: {authority.name} among all "
                 "authorities",
        "description": f"Funnel plot of {finding.indicator.title} ({unit}) against size for "
                       f"every authority in {finding.year}, with 95% and 99.8% limits around "
                       f"England's {_r(f.target * scale, 2)}. {authority.name}: "
                       f"{finding.funnel_reading}.",
        "width": WIDTH, "height": HEIGHT,
        "layer": [
            {"data": {"values": limits}, "mark": {"type": "line", "strokeWidth": 1.5},
             "encoding": {
                 "x": {"field": "size", "type": "quantitative", "scale": x_scale,
                       "title": x_title},
                 "y": {"field": "value", "type": "quantitative", "title": unit},
                 "detail": {"field": "limit"},
                 "strokeDash": {"field": "level", "type": "nominal", "title": "Limit",
                                "scale": {"domain": ["95%", "99.8%"],
                                          "range": [[6, 3], [1, 0]]}},
                 "color": {"value": BLACK}}},
            {"data": {"values": [{"value": _r(f.target * scale)}]},
             "mark": {"type": "rule", "color": BLACK, "strokeWidth": 1},
             "encoding": {"y": {"field": "value", "type": "quantitative"}}},
            {"data": {"values": points}, "mark": {"type": "point", "filled": True},
             "encoding": {
                 "x": {"field": "size", "type": "quantitative", "scale": x_scale},
                 "y": {"field": "value", "type": "quantitative"},
                 "color": {"condition": {"test": "datum.this", "value": BLUE}, "value": GREY},
                 "size": {"condition": {"test": "datum.this", "value": 160}, "value": 30},
                 "shape": {"condition": {"test": "datum.this", "value": "diamond"},
                           "value": "circle"},
                 "tooltip": [{"field": "authority"}, {"field": "value", "title": unit},
                             {"field": "size", "title": "size"}, {"field": "band"}]}},
            {"data": {"values": [p for p in points if p["this"]]},
             "mark": {"type": "text", "align": "left", "dx": 9, "fontWeight": "bold",
                      "color": BLUE},
             "encoding": {"x": {"field": "size", "type": "quantitative", "scale": x_scale},
                          "y": {"field": "value", "type": "quantitative"},
                          "text": {"field": "authority"}}},
        ],
    }


def trend_spec(finding: Finding, authority: AuthorityRef, label: str | None = None
               ) -> Spec | None:
    """The authority's yearly figures with its control limits, England's and the neighbours'
    median. Series values
    are already in the display unit (the store keeps value = numerator / denominator × scale).
    """
    if finding.xmr is None:
        return None
    label = label or authority.name
    signal_years = {finding.chart_years[i] for s in finding.xmr.signals for i in s.indices}
    series = [{"year": y, "value": _r(v), "series": label,
               "signal": y in signal_years}
              for y, v, _ in finding.series if v is not None]
    series += [{"year": y, "value": _r(v), "series": "England", "signal": False}
               for y, v in finding.england_series]
    series += [{"year": y, "value": _r(v), "series": "Neighbours' median", "signal": False}
               for y, v in finding.neighbour_series]
    x = finding.xmr
    rules = [{"value": _r(x.mean), "line": "mean"},
             {"value": _r(x.upper), "line": "process limit"},
             {"value": _r(max(x.lower, 0)), "line": "process limit"}]
    unit = finding.indicator.unit
    return {
        "$schema": SCHEMA,
        "title": f"{finding.indicator.title}: {authority.name} over the years",
        "description": f"Control chart of {authority.name}'s {finding.indicator.title} "
                       f"({unit}) by year with England and the neighbours' median; mean "
                       f"{_r(x.mean, 2)}, process limits {_r(x.lower, 2)} to "
                       f"{_r(x.upper, 2)}.",
        "width": WIDTH, "height": HEIGHT,
        "layer": [
            {"data": {"values": rules}, "mark": {"type": "rule", "color": GREY},
             "encoding": {"y": {"field": "value", "type": "quantitative"},
                          "strokeDash": {"field": "line", "type": "nominal", "title": "Chart",
                                         "scale": {"domain": ["mean", "process limit"],
                                                   "range": [[1, 0], [4, 4]]}}}},
            {"data": {"values": series},
             "mark": {"type": "line", "point": True},
             "encoding": {
                 "x": {"field": "year", "type": "ordinal", "title": "Year"},
                 "y": {"field": "value", "type": "quantitative", "title": unit},
                 "color": {"field": "series", "type": "nominal", "title": None,
                           "scale": {"domain": [label, "England",
                                                "Neighbours' median"],
                                     "range": [BLUE, BLACK, ORANGE]}},
                 "tooltip": [{"field": "series"}, {"field": "year"},
                             {"field": "value", "title": unit}]}},
            {"data": {"values": [s for s in series if s["signal"]]},
             "mark": {"type": "point", "shape": "square", "size": 140, "color": ORANGE,
                      "strokeWidth": 2},
             "encoding": {"x": {"field": "year", "type": "ordinal"},
                          "y": {"field": "value", "type": "quantitative"}}},
        ],
    }
