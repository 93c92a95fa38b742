"""Benchmark: a full detection replay over a store, beside one full scan of the events table.

    .venv/bin/python benchmarks/detect.py --store PATH [--truth DIR] [--write]

Make the store first, e.g. with `clearsight synth --children 40000 --years 3 --out DIR` and
`clearsight ingest --db DIR/store.duckdb DIR/*.csv`. With `--truth`, persons and households
come from the ground truth (as `clearsight evaluate` uses them); otherwise from linkage, or
each agency subject alone. Each job runs in a fresh process; peak memory is its maximum
resident set size. The ratio is the replay's time over the scan's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import DOC, machine  # the ingest benchmark's helpers

START, END = "<!-- benchmark:detect:start -->", "<!-- benchmark:detect:end -->"

_SCAN = """
import sys
from clearsight.store import Store
with Store.open(sys.argv[1], read_only=True) as store:
    print(store.one("SELECT count(*), sum(length(coalesce(description, ''))), "
                    "count(DISTINCT subject_ref), max(event_date) FROM current_events"))
"""

_ONE = """
import sys, datetime as dt
from pathlib import Path
from clearsight.rules import detect
from clearsight.rules.evaluate import read_household_map, read_person_map
from clearsight.store import Store
truth = Path(sys.argv[2]) if sys.argv[2] != "-" else None
with Store.open(sys.argv[1]) as store:
    child = store.one("SELECT agency || ':' || subject_ref FROM subjects "
                      "WHERE subject_role = 'child' ORDER BY event_count DESC LIMIT 1")[0]
    people = read_person_map(truth) if truth else None
    person = next((p for a, s, p in people if f"{a}:{s}" == child), child) if people else child
    result = detect(store, as_of=dt.date(2025, 3, 31), person_map=people,
                    household_map=read_household_map(truth) if truth else None,
                    persons=[person])
    print(len(result.alerts))
"""

_DETECT = """
import sys, datetime as dt
from pathlib import Path
from clearsight.rules import detect
from clearsight.rules.evaluate import read_household_map, read_person_map
from clearsight.store import Store
truth = Path(sys.argv[2]) if sys.argv[2] != "-" else None
with Store.open(sys.argv[1]) as store:
    result = detect(store, as_of=dt.date(2025, 3, 31),
                    person_map=read_person_map(truth) if truth else None,
                    household_map=read_household_map(truth) if truth else None)
    print(len(result.alerts))
"""


def run(code: str, *args: str) -> tuple[float, float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--truth", type=Path)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    scan_s, scan_mem, scan_out = run(_SCAN, str(args.store))
    events = int(scan_out.strip("()").split(",")[0])
    det_s, det_mem, alerts = run(_DETECT, str(args.store), str(args.truth or "-"))
    one_s, one_mem, _one = run(_ONE, str(args.store), str(args.truth or "-"))
    table = "\n".join([
        f"Measured {dt.date.today().isoformat()} on {machine()}, by `benchmarks/detect.py`. "
        "Each job in a fresh process. Peak memory is the largest of the jobs run so far.",
        "",
        "| events | full scan of events | full replay (17 rules) | ratio | incremental, one "
        "child | ratio | alerts | peak memory |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {events:,} | {scan_s:.1f} s | {det_s:.1f} s | {det_s / scan_s:.1f}x | "
        f"{one_s:.1f} s | {one_s / scan_s:.1f}x | {int(alerts):,} | "
        f"{max(scan_mem, det_mem, one_mem):,.0f} MiB |",
        "",
        "Times include starting Python and opening the store (about 1 s). The incremental "
        "run re-evaluates the child with the most events and their household.",
    ])
    print(table)
    if args.write:
        text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
        block = f"{START}\n{table}\n{END}"
        if START in text:
            text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, text,
                          flags=re.DOTALL)
        else:
            text = text.rstrip("\n") + "\n\n## Detection\n\n" + block + "\n"
        DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
