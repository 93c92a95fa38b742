"""Benchmark: a full detection replay and one incremental update, beside a full scan of events.

    .venv/bin/python benchmarks/detect.py --store PATH [--label TEXT] [--write]
    .venv/bin/python benchmarks/detect.py --store SRC --replicate N --out DST [--write]
    .venv/bin/python benchmarks/detect.py --store PATH --jobs scan,incremental

The store must hold linked agency files (`clearsight synth`, `clearsight ingest`, `clearsight
link`). Each job runs in a fresh process, one after another, on a copy of the store (the
original is never written):

- scan: one full scan of `current_events` (count, total description length, distinct subjects,
  latest date): the limit any detection must pay to look at every event once;
- narratives: `clearsight.rules.read_narratives` for narratives not yet read by this reader
  version (done once per event version; reported apart, and normally nothing to do);
- replay: `clearsight.rules.detect` of every rule over everyone, as of 2025-03-31, every alert
  computed as of its own date;
- incremental: `detect(..., persons=[child])` for the child with the most events and the
  people of their household, as after a new file about them. The child is chosen first, in
  a process of its own that is not timed (at 20 million events the query takes 2 s).

`--jobs` runs only some of them (e.g. `scan,incremental`, after a change to incremental runs:
the replay of 20 million events takes minutes); their figures are printed, and the results
file and the table are left as they were.

For each: wall-clock time, the process's CPU time, its peak resident memory, and the 1-minute
load average of the machine before and after. The ratios are the replay's and the incremental
run's wall-clock time over the scan's. Results accumulate in `--results` (JSON, one row per
store), and `--write` puts the table of every row there into docs/performance.md.

`--replicate N` first builds DST from SRC as N independent copies of its authority: copy 0
is SRC's people as they are; copy k has every identifier suffixed `-k` (record_id,
subject_ref, household_ref, person_id, household_id, and the event ids moved up), so the
copies share no person, household or record and detection sees N authorities' worth of
people. It copies what detection reads (submissions, events, subjects, linkage's person and
household members, narratives read and their facts), not identity histories or linkage pairs.
Detection is per person and household, so each copy raises the alerts its source raises.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import DOC, machine  # the ingest benchmark's helpers

START, END = "<!-- benchmark:detect:start -->", "<!-- benchmark:detect:end -->"
AS_OF = "2025-03-31"

_SCAN = """
import sys
from clearsight.store import Store
with Store.open(sys.argv[1], read_only=True) as store:
    row = store.one("SELECT count(*), sum(length(coalesce(description, ''))), "
                    "count(DISTINCT subject_ref), max(event_date) FROM current_events")
    print(row[0])
"""

_NARRATIVES = """
import sys
from clearsight.rules.narratives import read_narratives
from clearsight.store import Store
with Store.open(sys.argv[1]) as store:
    print(read_narratives(store))
"""

_REPLAY = """
import sys, datetime as dt
from clearsight.rules import detect
from clearsight.store import Store
with Store.open(sys.argv[1]) as store:
    result = detect(store, as_of=dt.date.fromisoformat(sys.argv[2]))
    rules = store.one("SELECT len(rules) FROM detection_runs WHERE run_id = ?", [result.run_id])
    print(len(result.alerts), rules[0])
"""

_BUSIEST = """
import sys
from clearsight.store import Store
with Store.open(sys.argv[1], read_only=True) as store:
    person, events = store.one(
        "SELECT m.person_id, sum(s.event_count) AS n FROM subjects s "
        "JOIN person_members m USING (agency, subject_ref) "
        "WHERE m.to_run IS NULL AND s.subject_role IN ('child', 'unborn') "
        "GROUP BY m.person_id ORDER BY n DESC, m.person_id LIMIT 1")
    print(person, events)
"""

_INCREMENTAL = """
import sys, datetime as dt
from clearsight.rules import detect
from clearsight.store import Store
with Store.open(sys.argv[1]) as store:
    person, events = sys.argv[3], sys.argv[4]
    result = detect(store, as_of=dt.date.fromisoformat(sys.argv[2]), persons=[person])
    covered = store.one("SELECT len(persons) FROM detection_runs WHERE run_id = ?",
                        [result.run_id])
    print(person, events, covered[0], len(result.alerts))
"""

JOBS = ("scan", "narratives", "replay", "incremental")


def run(code: str, *args: str) -> dict[str, Any]:
    """Run `code` in a fresh Python process; its time, CPU time, peak memory and output."""
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    assert process.stdout is not None and process.stderr is not None
    out, err = process.stdout.read().decode(), process.stderr.read().decode()
    if status != 0:
        raise SystemExit(f"job failed:\n{err}")
    return {
        "seconds": round(seconds, 2),
        "cpu": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mib": round(usage.ru_maxrss / 1024),
        "load": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "out": out.strip().splitlines()[-1] if out.strip() else "",
    }


def replicate(source: Path, target: Path, copies: int) -> dict[str, Any]:
    """Build `target` as `copies` copies of `source`'s authority (see the module's notes)."""
    from clearsight.store import Store

    if target.exists():
        raise SystemExit(f"{target} exists; remove it first")
    started = time.perf_counter()
    with Store.open(target) as store:
        con = store.connection
        con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
        offset = con.execute("SELECT coalesce(max(event_id), 0) + 1 FROM src.events").fetchone()
        assert offset is not None
        con.execute("INSERT INTO submissions SELECT * FROM src.submissions")
        con.execute("INSERT INTO linkage_settings SELECT * FROM src.linkage_settings")
        con.execute("INSERT INTO linkage_runs SELECT * FROM src.linkage_runs")
        for k in range(copies):
            suffix = f"-{k}" if k else ""

            def s(column: str, suffix: str = suffix) -> str:
                return f"{column} || '{suffix}'" if suffix else column

            con.execute("BEGIN TRANSACTION")
            con.execute(
                f"INSERT INTO events SELECT * REPLACE (event_id + {k * int(offset[0])} AS "
                f"event_id, {s('record_id')} AS record_id, {s('subject_ref')} AS subject_ref, "
                f"{s('household_ref')} AS household_ref) FROM src.events"
            )
            con.execute(
                f"INSERT INTO subjects SELECT * REPLACE ({s('subject_ref')} AS subject_ref, "
                f"{s('household_ref')} AS household_ref) FROM src.subjects"
            )
            con.execute(
                f"INSERT INTO person_members SELECT * REPLACE ({s('person_id')} AS person_id, "
                f"{s('subject_ref')} AS subject_ref, {s('linked_to')} AS linked_to) "
                "FROM src.person_members"
            )
            con.execute(
                f"INSERT INTO household_members SELECT * REPLACE ({s('household_id')} AS "
                f"household_id, {s('person_id')} AS person_id) FROM src.household_members"
            )
            for table in ("narratives_read", "narrative_facts"):
                con.execute(
                    f"INSERT INTO {table} SELECT * REPLACE ({s('record_id')} AS record_id) "
                    f"FROM src.{table}"
                )
            con.execute("COMMIT")
            print(f"copy {k + 1} of {copies}", file=sys.stderr, flush=True)
        con.execute("DETACH src")
        con.execute("CHECKPOINT")
        events = con.execute("SELECT count(*) FROM events WHERE is_current").fetchone()
    assert events is not None
    return {
        "source": str(source),
        "copies": copies,
        "events": int(events[0]),
        "seconds": round(time.perf_counter() - started, 1),
        "bytes": target.stat().st_size,
    }


def measure(store: Path, label: str, jobs: tuple[str, ...] = JOBS) -> dict[str, Any]:
    """The jobs (every one by default) on a scratch copy of `store`."""
    scratch = Path(tempfile.mkdtemp(prefix="detect-bench-", dir=store.parent))
    copy = scratch / "store.duckdb"
    try:
        shutil.copyfile(store, copy)
        row: dict[str, Any] = {"label": label, "store": str(store), "date": str(dt.date.today())}
        busiest: tuple[str, ...] = ()
        if "incremental" in jobs:
            busiest = tuple(run(_BUSIEST, str(copy))["out"].split())
        for name, code, args in (
            ("scan", _SCAN, ()),
            ("narratives", _NARRATIVES, ()),
            ("replay", _REPLAY, (AS_OF,)),
            ("incremental", _INCREMENTAL, (AS_OF, *busiest)),
        ):
            if name not in jobs:
                continue
            row[name] = run(code, str(copy), *args)
            print(name, json.dumps(row[name]), file=sys.stderr, flush=True)
        if jobs != JOBS:
            return row
        row["events"] = int(row["scan"]["out"])
        alerts, rules = row["replay"]["out"].split()
        row["alerts"], row["rules"] = int(alerts), int(rules)
        person, events, covered, one_alerts = row["incremental"]["out"].split()
        row["incremental"].update(
            person=person, events=int(events), persons=int(covered), alerts=int(one_alerts)
        )
        return row
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def table(rows: list[dict[str, Any]]) -> str:
    def job(r: dict[str, Any], name: str) -> str:
        j = r[name]
        return f"{j['seconds']:,.1f} s ({j['cpu']:,.1f} s CPU, {j['peak_mib']:,} MiB)"

    def load(r: dict[str, Any]) -> str:
        values = [v for name in ("scan", "replay", "incremental") for v in r[name]["load"]]
        return f"{min(values):.1f}-{max(values):.1f}"

    lines = [
        f"Measured by `benchmarks/detect.py` on {machine()}. Each job in a fresh process, one "
        "after another, on a copy of the store: wall-clock time (the process's CPU time, its "
        "peak resident memory). Times include starting Python and opening the store (about "
        "1 s). The machine was shared: load is the 1-minute load average before and after "
        "the jobs (2 cores), so times are upper bounds.",
        "",
        "| store | events | full scan of events | full replay | ratio | incremental, one "
        "child | ratio | rules | alerts | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in sorted(rows, key=lambda r: int(r["events"])):
        scan = float(r["scan"]["seconds"])
        one = r["incremental"]
        lines.append(
            f"| {r['label']} ({r['date']}) | {r['events']:,} | {job(r, 'scan')} | "
            f"{job(r, 'replay')} | {float(r['replay']['seconds']) / scan:,.1f}x | "
            f"{job(r, 'incremental')}, {one['persons']} "
            f"{'person' if one['persons'] == 1 else 'persons'} | "
            f"{float(one['seconds']) / scan:,.1f}x | {r['rules']} | {r['alerts']:,} | "
            f"{load(r)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--replicate", type=int, help="build --out as N copies of --store")
    parser.add_argument("--out", type=Path, help="the replicated store to build")
    parser.add_argument("--label", help="the store's name in the table")
    parser.add_argument(
        "--results",
        type=Path,
        default=Path(tempfile.gettempdir()) / "clearsight-detect-bench" / "results.json",
        help="where rows accumulate (one per label)",
    )
    parser.add_argument("--only-write", action="store_true", help="just render --results")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument(
        "--jobs",
        default=",".join(JOBS),
        help=f"only these jobs, comma-separated (of {', '.join(JOBS)}): their figures are "
        "printed and nothing is kept",
    )
    args = parser.parse_args()
    jobs = tuple(j for j in JOBS if j in args.jobs.split(","))
    if set(args.jobs.split(",")) - set(JOBS):
        parser.error(f"--jobs: choose from {', '.join(JOBS)}")
    rows: list[dict[str, Any]] = (
        json.loads(args.results.read_text(encoding="utf-8")) if args.results.exists() else []
    )
    if not args.only_write:
        store, label = args.store, args.label or args.store.parent.name
        if args.replicate:
            if not args.out:
                parser.error("--replicate needs --out")
            if args.build_only:
                print(json.dumps(replicate(args.store, args.out, args.replicate)))
                return
            # built in a child process: a child's peak memory counts its parent's at the fork
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--store",
                    str(args.store),
                    "--out",
                    str(args.out),
                    "--replicate",
                    str(args.replicate),
                    "--build-only",
                ],
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            built = json.loads(done.stdout.strip().splitlines()[-1])
            print("replicated", json.dumps(built), file=sys.stderr)
            store = args.out
            label = args.label or f"{args.replicate} copies of {args.store.parent.name}"
        row = measure(store, label, jobs)
        if jobs != JOBS:
            print(json.dumps(row, indent=1))
            return
        if args.replicate:
            row["replicated"] = built
        rows = [r for r in rows if r["label"] != row["label"]] + [row]
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    text_table = table(rows)
    print(text_table)
    if args.write:
        text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
        block = f"{START}\n{text_table}\n{END}"
        if START in text:
            text = re.sub(
                re.escape(START) + ".*?" + re.escape(END),
                lambda _m: block,
                text,
                flags=re.DOTALL,
            )
        else:
            text = text.rstrip("\n") + "\n\n## Detection\n\n" + block + "\n"
        DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
