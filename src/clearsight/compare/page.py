"""The report page: self-contained HTML with the charts drawn as inline SVG, each followed by
its plain-English reading, and each chart's Vega-Lite spec embedded as JSON for re-use."""

from __future__ import annotations

import html
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import vl_convert

from clearsight.compare import charts
from clearsight.compare import funnel as fn
from clearsight.compare.analysis import Dataset
from clearsight.compare.report import AuthorityReport, Finding

_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Section:
    finding: Finding
    funnel_svg: str | None
    trend_svg: str | None
    specs: list[tuple[str, str]]
    plain: fn.Limits | None
    """Limits from chance alone (no overdispersion) for this authority's size."""
    multiplicative: fn.Limits | None
    """Limits widened by the multiplicative factor phi instead of the additive tau²."""


def spec_json(spec: dict[str, Any]) -> str:
    """JSON safe to place inside a <script> element: '<', '>' and '&' are escaped."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def svg(spec: dict[str, Any], label: str) -> str:
    """Render a spec to SVG (offline, by the Vega engine bundled in vl-convert), marked as an
    image with an accessible name."""
    drawn = str(vl_convert.vegalite_to_svg(spec))
    drawn = re.sub(r"^<\?xml[^>]*>\s*", "", drawn)
    safe_label = html.escape(label, quote=True)
    return drawn.replace("<svg ", f'<svg role="img" aria-label="{safe_label}" ', 1)


def sections(ds: Dataset, report: AuthorityReport, *, draw: bool = True) -> list[Section]:
    """Each indicator's charts (specs, and SVG when `draw`), in the report's order. Drawing
    runs on a few threads: the Vega engine releases the interpreter while it draws."""
    names = {a.key: a.name for a in ds.authorities.values()}
    planned = []
    for f in report.findings:
        funnel = charts.funnel_spec(f, report.authority, names)
        trend = charts.trend_spec(f, report.authority, names.get(f.unit_key))
        planned.append((f, funnel, trend))
    jobs = [(s, str(s["description"])) for _, funnel, trend in planned
            for s in (funnel, trend) if s is not None and draw]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        drawn = dict(zip((id(s) for s, _ in jobs),
                         pool.map(lambda job: svg(*job), jobs), strict=True))
    out = []
    for f, funnel, trend in planned:
        specs = [(kind, spec_json(s)) for kind, s in (("funnel", funnel), ("trend", trend))
                 if s is not None]
        plain = mult = None
        if f.funnel is not None and f.point is not None:
            plain = fn.limits(f.indicator.kind, f.funnel.target, f.point.denominator)
            mult = fn.limits(f.indicator.kind, f.funnel.target, f.point.denominator,
                             f.funnel.overdispersion, "multiplicative")
        out.append(Section(
            f,
            drawn.get(id(funnel)) if funnel is not None else None,
            drawn.get(id(trend)) if trend is not None else None,
            specs,
            plain,
            mult,
        ))
    return out


def render(ds: Dataset, report: AuthorityReport, *, generated: date | None = None) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )
    page = env.get_template("report.html")
    return page.render(r=report, sections=sections(ds, report),
                       generated=(generated or date.today()).isoformat())
