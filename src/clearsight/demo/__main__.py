"""Run the demonstration: `python -m clearsight.demo --out DIR` (what `make demo` does)."""

from __future__ import annotations

import argparse
import csv
import secrets
import shutil
from importlib import resources
from pathlib import Path

from clearsight.chronology import build_chronology, parse_subject_key, render
from clearsight.ingest import ingest_file
from clearsight.linkage import link
from clearsight.rules import detect
from clearsight.store import Store
from clearsight.store.directory import busiest_allocations
from clearsight.store.linkage import person_of
from clearsight.store.queries import status
from clearsight.synth import END_DATE, generate
from clearsight.web.auth import add_user

#: The synthetic authority of the second part of the demo.
SYNTH_CHILDREN, SYNTH_YEARS, SYNTH_SEED = 2_000, 2, 7

#: The records of the one child in the demo data, as each agency knows her.
AMELIA = [
    "social_care:NV-401557",
    "health_visiting:HV-P-5521",
    "health_gp:GP-33019",
    "health_hospital:NGH-9902117",
]
#: The adults and sibling around her.
HOUSEHOLD = ["police:PN-448120", "police:PN-448121", "health_gp:GP-33020", "education:KAI-H-2018"]


def run(out: Path, *, serve: bool = False, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Build the demo stores and chronologies; with `serve`, then serve the synthetic authority
    in the web application until stopped."""
    code = build(out)
    if code != 0 or not serve:
        return code
    import uvicorn

    from clearsight.web import create_app

    app = create_app(out / "synthetic-authority" / "clearsight.duckdb")
    print(f"\nServing the synthetic authority at http://{host}:{port}/ (Ctrl+C stops it).",
          flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                server_header=False)
    return 0


def build(out: Path) -> int:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    data = resources.files("clearsight.demo") / "data"
    files = sorted(
        Path(str(data / name))
        for name in (p.name for p in data.iterdir())
        if name.endswith((".csv", ".jsonl"))
    )
    db = out / "clearsight.duckdb"
    print(f"Clearsight demo: a store at {db}, from {len(files)} invented agency files.\n")
    with Store.open(db) as store:
        for path in files:
            result = ingest_file(store, path)
            print("  " + result.summary())
            if result.outcome != "loaded":
                for problem in result.problems:
                    print("    " + str(problem))
                return 1
        info = status(store)
        print(
            f"\nStored {info['events']} events about {info['subjects']} people from "
            f"{len(info['agencies'])} agencies."
        )
        chronology = build_chronology(store, AMELIA + HOUSEHOLD)
    html = out / "chronology-amelia-hart.html"
    html.write_text(str(render(chronology, "html")), encoding="utf-8")
    csv_path = out / "chronology-amelia-hart.csv"
    csv_path.write_text(str(render(chronology, "csv")), encoding="utf-8")
    print(
        f"\nThe merged chronology of {chronology.child_name} and her household "
        f"({len(chronology.entries)} events, {len(chronology.agencies)} agencies):\n"
    )
    for entry in chronology.entries:
        event = entry.event
        flag = "  <- injury" if event["injury_type"] else ""
        print(
            f"  {entry.when[:16]:16}  {entry.age:>9}  {event['agency']:16} "
            f"{event['event_type']}{flag}"
        )
    print(f"\nWritten: {html} (printable page) and {csv_path}.")
    code = synthetic_authority(out)
    if code == 0:
        print_demo_users(out / "synthetic-authority")
    return code


def synthetic_authority(out: Path) -> int:
    """Part two: a whole synthetic authority, ingested, and one child's harm trajectory."""
    folder = out / "synthetic-authority"
    print(
        f"\nA synthetic authority of {SYNTH_CHILDREN:,} children over {SYNTH_YEARS} years "
        f"(seed {SYNTH_SEED}), written to {folder}:"
    )
    summary = generate(children=SYNTH_CHILDREN, years=SYNTH_YEARS, seed=SYNTH_SEED, out=folder)
    print(
        f"  {summary.events:,} events about {summary.children:,} children in "
        f"{summary.families:,} families, with statutory returns and ground truth."
    )
    db = folder / "clearsight.duckdb"
    with Store.open(db) as store:
        for path in sorted(folder.glob("*.csv")):
            result = ingest_file(store, path)
            print("  " + result.summary())
            if result.outcome != "loaded":
                for problem in result.problems[:20]:
                    print("    " + str(problem))
                return 1
        result_link = link(store)
        print(
            f"\nLinked {result_link.subjects:,} agency records into {result_link.persons:,} "
            f"people in {result_link.households:,} households ({result_link.review_pairs:,} "
            "pairs left for a person to review)."
        )
        detection = detect(store, as_of=END_DATE)
        by_severity: dict[str, int] = {}
        for alert in detection.alerts:
            by_severity[alert["severity"]] = by_severity.get(alert["severity"], 0) + 1
        counts = ", ".join(
            f"{by_severity[s]} {s}"
            for s in ("critical", "high", "medium", "low")
            if s in by_severity
        )
        print(f"Detection as of {END_DATE}: {len(detection.alerts):,} alerts ({counts}).")
        with (folder / "truth" / "trajectories.csv").open(encoding="utf-8") as handle:
            harmed = [t for t in csv.DictReader(handle) if t["harm"] == "yes"]
        if not harmed:
            print("  (no harm trajectory in this authority)")
            return 0
        story = harmed[0]
        first = parse_subject_key(story["subject_refs"].split(";")[0])
        person = person_of(store, first) or f"{first[0]}:{first[1]}"
        chronology = build_chronology(store, [person])
        alerts = [a for a in detection.alerts if a["person_id"] == person]
    page = out / f"chronology-{story['trajectory_id']}.html"
    page.write_text(str(render(chronology, "html")), encoding="utf-8")
    print(
        f"\nOne child's harm trajectory ({story['type'].replace('_', ' ')}, harm on "
        f"{story['harm_date']}), person {person} as linkage found them: "
        f"{len(chronology.entries)} events from {len(chronology.agencies)} agencies."
    )
    for alert in alerts[:8]:
        print(
            f"  {alert['raised_on']}  {alert['severity']:8}  {alert['rule_id']}  {alert['summary']}"
        )
    print(f"  Written: {page}")
    print(f"  Store: {db}. Try: .venv/bin/clearsight detect --db {db} --as-of {END_DATE}")
    return 0


def print_demo_users(folder: Path) -> None:
    with Store.open(folder / "clearsight.duckdb") as store:
        users = add_demo_users(store)
    print("\nDemo users of the web application, one for each role (passwords made for this run):")
    for name, role, scope, password in users:
        print(f"  {name:10} {password}  {role}{scope}")
    (folder / "demo-users.txt").write_text(
        "".join(f"{n}\t{r}\t{p}\n" for n, r, _, p in users), encoding="utf-8"
    )


def add_demo_users(store: Store) -> list[tuple[str, str, str, str]]:
    """One user per role; the practitioner and team manager hold the caseload and team with
    the most alerts, so that their inbox is not empty."""
    teams, workers = busiest_allocations(store)
    team = teams[0] if teams else "Assessment team"
    # the practitioner is one of the manager's team, so the two inboxes overlap as they would
    worker = workers[team][0] if workers.get(team) else "A. Worker"
    made = []
    for name, role_code in (("prac", "practitioner"), ("manager", "team_manager"),
                            ("head", "head_of_service"), ("director", "dcs"),
                            ("member", "lead_member"), ("inspector", "inspector"),
                            ("analyst", "analyst")):
        password = secrets.token_urlsafe(12)
        user = add_user(store, name, role_code, password,
                        team=team if role_code == "team_manager" else None,
                        worker_name=worker if role_code == "practitioner" else None,
                        display_name=worker if role_code == "practitioner" else None,
                        created_by="demo")
        scope = (f" (caseload of {worker})" if role_code == "practitioner"
                 else f" ({team})" if role_code == "team_manager" else "")
        made.append((name, user.role.label, scope, password))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("demo-output"),
        help="folder for the demo store and chronology (replaced)",
    )
    parser.add_argument("--no-serve", action="store_true",
                        help="build the demo but do not start the web application")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on")
    parser.add_argument("--port", type=int, default=8000, help="port to serve on")
    args = parser.parse_args()
    raise SystemExit(run(args.out, serve=not args.no_serve, host=args.host, port=args.port))


if __name__ == "__main__":
    main()
