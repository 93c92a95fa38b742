"""Benchmark: generate a synthetic authority, streaming, and report time, events and memory.

    .venv/bin/python benchmarks/synth.py --children 1200000 --years 1 --out /tmp/national

Peak memory is the process's maximum resident set size; because families are written as they
are generated it should not grow with --children. Results go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

from clearsight.synth import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=1_200_000)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="default: a temporary folder")
    parser.add_argument("--keep", action="store_true", help="keep the output folder")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="clearsight-synth-"))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    cpu_started = time.process_time()
    summary = generate(children=args.children, years=args.years, seed=args.seed, out=out)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}")
    print(f"children {summary.children:,}; families {summary.families:,}; years {args.years}")
    print(f"events {summary.events:,} ({summary.events / seconds:,.0f} a second)")
    print(f"time {seconds:,.1f} s elapsed, {cpu:,.1f} s CPU "
          f"({summary.events / cpu:,.0f} events a CPU second); output {size / 1e6:,.1f} MB")
    print(f"peak resident memory {rss_after / 1024:,.0f} MiB (before generating "
          f"{rss_before / 1024:,.0f} MiB)")
    print(f"CIN census children {summary.cin_children:,}; SSDA903 children "
          f"{summary.ssda903_children:,}")
    if not args.keep and args.out is None:
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
