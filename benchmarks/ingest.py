"""Benchmark: ingest N events (generated on the fly) beside DuckDB's own read_csv of the file.

    .venv/bin/python benchmarks/ingest.py                 # 1,000,000 events, print the table
    .venv/bin/python benchmarks/ingest.py --write         # and update docs/performance.md
    .venv/bin/python benchmarks/ingest.py --sizes 250000 500000 1000000

Each measured job runs in its own process so that its peak memory (maximum resident set size)
is its own. The ratio is clearsight's ingest time over DuckDB's plain `read_csv` into a table of
the same file: the cost of validation, versioning and the subject tables on top of reading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- benchmark:ingest:start -->", "<!-- benchmark:ingest:end -->"

_TYPES = [
    "contact",
    "referral",
    "home_visit",
    "police_incident",
    "gp_appointment",
    "emergency_attendance",
    "school_absence",
    "health_visitor_contact",
]
_AGENCIES = [
    "social_care",
    "police",
    "health_gp",
    "health_hospital",
    "education",
    "health_visiting",
]
_WORDS = [
    *"visit seen mother partner home school bruise injury concern referral advice".split(),
    *"appointment attended child safe asleep cot kitchen warm clean reported".split(),
    *"neighbour officers shouting".split(),
]


def generate(path: Path, rows: int, seed: int = 1) -> None:
    """A valid exchange-format CSV of `rows` events, about 200 bytes each."""
    rng = random.Random(seed)
    start = dt.date(2019, 1, 1).toordinal()
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "agency,record_id,subject_ref,subject_role,given_name,family_name,"
            "date_of_birth,sex,postcode,event_date,event_type,description,child_seen,"
            "practitioner,team\n"
        )
        for i in range(rows):
            subject = rng.randrange(rows // 8 + 1)
            birth = dt.date.fromordinal(start - 365 * 5 + subject % 1500)
            day = dt.date.fromordinal(start + rng.randrange(2000))
            words = " ".join(rng.choice(_WORDS) for _ in range(14))
            out.write(
                f"{_AGENCIES[subject % 6]},R{i},S{subject},child,Name{subject % 997},"
                f"Family{subject % 1009},{birth.isoformat()},{'MF'[subject % 2]},"
                f"ZZ{subject % 99} 1AA,{day.isoformat()},{_TYPES[i % 8]},"
                f'"{words.capitalize()}.",yes,Worker {subject % 300},Team {subject % 12}\n'
            )


_RAW = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE raw AS SELECT * FROM read_csv(?, all_varchar = true, header = true)",
            [sys.argv[2]])
print(con.execute("SELECT count(*) FROM raw").fetchone()[0])
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

_INGEST = """
import sys
from pathlib import Path
from clearsight.ingest import ingest_file
from clearsight.store import Store
with Store.open(sys.argv[1]) as store:
    result = ingest_file(store, Path(sys.argv[2]))
    assert result.outcome == "loaded", result.summary()
    print(result.rows_new)
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(code: str, db: Path, csv_path: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of one job in a fresh process (the job reports
    its own maximum resident set size last)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(db), str(csv_path)], check=True,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    return seconds, int(done.stdout.strip().splitlines()[-1]) / 1024


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    import duckdb

    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; Python "
        f"{platform.python_version()}, DuckDB {duckdb.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()}, by `benchmarks/ingest.py "
        f"--sizes {' '.join(str(s) for s in args.sizes)}`. Each job in a fresh process, into a "
        "fresh store file; peak memory is the process's maximum resident set size.",
        "",
        "| events | file size | DuckDB read_csv | clearsight ingest | events per second | "
        "ratio to read_csv | peak memory, read_csv | peak memory, ingest |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted(args.sizes):
            csv_path = Path(tmp) / f"events-{size}.csv"
            generate(csv_path, size)
            mb = csv_path.stat().st_size / 1024**2
            raw_s, raw_mem = measure(_RAW, Path(tmp) / f"raw-{size}.duckdb", csv_path)
            ing_s, ing_mem = measure(_INGEST, Path(tmp) / f"cs-{size}.duckdb", csv_path)
            row = (
                f"| {size:,} | {mb:,.0f} MB | {raw_s:.1f} s | {ing_s:.1f} s | "
                f"{size / ing_s:,.0f} | {ing_s / raw_s:.1f}x | {raw_mem:,.0f} MiB | "
                f"{ing_mem:,.0f} MiB |"
            )
            print(row, flush=True)
            lines.append(row)
    table = "\n".join(lines)
    print("\n" + table)
    if args.write:
        text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
        block = f"{START}\n{table}\n{END}"
        if START in text:
            text = re.sub(
                re.escape(START) + ".*?" + re.escape(END), lambda _m: block, text, flags=re.DOTALL
            )
        else:
            text = text.rstrip("\n") + "\n\n## Ingest\n\n" + block + "\n"
        DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
