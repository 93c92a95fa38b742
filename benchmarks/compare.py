"""Benchmark: load the public statistics, compute every indicator, funnel, control chart and
trend, and draw every chart, for all authorities. Run by hand:

    .venv/bin/python benchmarks/compare.py [--authorities N] [--no-draw]

Prints timings with the machine and date; copy them into docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from clearsight.compare import page, report
from clearsight.compare.analysis import Dataset
from clearsight.compare.dataset import load
from clearsight.compare.indicators import INDICATORS
from clearsight.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--authorities", type=int, default=0,
                        help="only the first N authorities (default: all)")
    parser.add_argument("--no-draw", action="store_true", help="skip drawing SVG charts")
    args = parser.parse_args()
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "bench.duckdb") as store:
            start = time.perf_counter()
            summary = load(store)
            timings["load files into the store"] = time.perf_counter() - start
            start = time.perf_counter()
            ds = Dataset.from_store(store)
            timings["read indicators back"] = time.perf_counter() - start
        start = time.perf_counter()
        funnels = 0
        for ind in INDICATORS:
            for year in ds.years(ind.name):
                funnels += ds.funnel(ind.name, year) is not None
        timings[f"every funnel ({funnels} indicator-years)"] = time.perf_counter() - start
        refs = sorted(ds.refs(), key=lambda r: r.code)
        if args.authorities:
            refs = refs[: args.authorities]
        start = time.perf_counter()
        reports = [report.build_for(ds, ref) for ref in refs]
        for built in reports:
            report.render_text(built)
        timings[f"reports: SPC, neighbours, trends ({len(refs)} authorities)"] = (
            time.perf_counter() - start
        )
        start = time.perf_counter()
        charts = 0
        for built in reports:
            for section in page.sections(ds, built, draw=not args.no_draw):
                charts += len(section.specs)
        label = "draw" if not args.no_draw else "specify"
        timings[f"{label} every chart ({charts} charts)"] = time.perf_counter() - start
    total = sum(timings.values())
    print(f"date: {datetime.now(UTC).isoformat(timespec='seconds')}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}, "
          f"Python {platform.python_version()}")
    print(f"rows loaded: {summary.indicator_rows}")
    for name, seconds in timings.items():
        print(f"| {name} | {seconds:.2f} s |")
    print(f"| total | {total:.2f} s |")


if __name__ == "__main__":
    main()
