"""The command line: one Typer app; each command a few lines calling the library."""

from __future__ import annotations

import getpass
import inspect
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from clearsight.chronology import FORMATS, ChronologyError, build_chronology, exchange, render
from clearsight.ingest import IngestResult, ingest_file
from clearsight.store import Store, StoreError, audit, resolve_db_path
from clearsight.store.queries import status as store_status

app = typer.Typer(
    name="clearsight",
    help=(
        "Clearsight: one multi-agency chronology per child, read for risk.\n\n"
        "Load agency files with `ingest`, see what is stored with `status`, and read one "
        "child's merged chronology with `chronology`. The store is one DuckDB file: "
        "--db PATH, else the CLEARSIGHT_DB environment variable, else ./clearsight.duckdb."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

_err = Console(stderr=True, highlight=False, markup=False)
_out = Console(highlight=False, markup=False)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="CLEARSIGHT_DB",
        help="The store file (default ./clearsight.duckdb; or set CLEARSIGHT_DB).",
        show_default=False,
    ),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    _err.print(f"clearsight: {message}", soft_wrap=True)
    return typer.Exit(code)


def _open(db: Path | None, *, read_only: bool = False) -> Store:
    try:
        return Store.open(db, read_only=read_only)
    except StoreError as exc:
        raise _fail(str(exc)) from exc


@app.command()
def ingest(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Agency files: CSV (.csv), Excel (.xlsx) or JSON Lines (.jsonl).",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    accept_valid_rows: Annotated[
        bool,
        typer.Option(
            "--accept-valid-rows",
            help="Store the valid rows of a file that has invalid ones; the rejected rows go "
            "to a quarantine CSV beside a report of every problem (exit status 2).",
        ),
    ] = False,
    quarantine_dir: Annotated[
        Path | None,
        typer.Option(
            "--quarantine-dir",
            help="Where --accept-valid-rows writes rejected rows (default: quarantine/ "
            "beside the store).",
            show_default=False,
        ),
    ] = None,
    max_problems: Annotated[
        int,
        typer.Option(
            "--max-problems",
            min=1,
            help="How many problems to print for each file (the count is always "
            "given; --accept-valid-rows reports write them all).",
        ),
    ] = 1000,
) -> None:
    """Load agency files into the store, each all or nothing.

    A file with any invalid row is rejected whole and nothing from it is stored; every problem
    is printed as file:row:column: message (value). Loading the same file again changes
    nothing. A record sent again with new content becomes a new version; the old one is kept.
    Exit status: 0 when every file was stored in full, 2 when any file or row was rejected.
    """
    store = _open(db)
    results: list[IngestResult] = []
    with (
        store,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} files"),
            TimeElapsedColumn(),
            console=_err,
            transient=True,
            disable=not _err.is_terminal,
        ) as progress,
    ):
        task = progress.add_task("ingest", total=len(files))
        for path in files:

            def stage(name: str, path: Path = path) -> None:
                progress.update(task, description=f"{path.name}: {name}")

            result = ingest_file(
                store,
                path,
                accept_valid_rows=accept_valid_rows,
                quarantine_dir=quarantine_dir,
                max_problems=max_problems,
                progress=stage,
            )
            progress.advance(task)
            results.append(result)
            for problem in result.problems:
                _err.print(str(problem), soft_wrap=True)
            if result.problem_count > len(result.problems):
                _err.print(
                    f"{path}: … and {result.problem_count - len(result.problems):,} more "
                    "problem(s) (raise --max-problems to see them, or use "
                    "--accept-valid-rows for a full report)"
                )
            _out.print(result.summary(), soft_wrap=True)
            if result.report_file:
                _out.print(f"{path.name}: every problem is listed in {result.report_file}")
    if any(not r.stored_everything for r in results):
        raise typer.Exit(2)


@app.command()
def chronology(
    person: Annotated[
        list[str],
        typer.Argument(
            help="A person_id from `clearsight persons`, or agency:subject_ref of the child "
            "(for example social_care:C-88123): that subject and everyone linked to it. Name "
            "several to merge records you know are the same child.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", help=f"One of: {', '.join(FORMATS)}."),
    ] = "csv",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of standard output.",
            show_default=False,
        ),
    ] = None,
    household: Annotated[
        bool,
        typer.Option("--household", help="Merge in the events of everyone in the child's "
                     "household (after `clearsight link`), each marked with whom it is about."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Print one child's merged multi-agency chronology.

    Every event from every agency in time order, with the child's age at the event, the days
    since the previous event, and same-day events from two agencies that may be one happening
    marked (never merged). Each use is written to the audit log.
    """
    if fmt not in FORMATS:
        raise _fail(f"unknown --format '{fmt}': use one of {', '.join(FORMATS)}", 2)
    store = _open(db)
    with store:
        try:
            result = build_chronology(store, person, household=household)
        except ChronologyError as exc:
            raise _fail(str(exc), 2) from exc
        audit.record(
            store,
            actor=getpass.getuser(),
            channel="cli",
            action="view_chronology",
            target=";".join(person),
            detail=f"format={fmt}; events={len(result.entries)}"
            + ("; household" if household else ""),
        )
    content = render(result, fmt)
    if output is not None:
        if isinstance(content, bytes):
            output.write_bytes(content)
        else:
            output.write_text(content, encoding="utf-8")
        _err.print(f"Wrote {len(result.entries)} event(s) to {output}")
    elif isinstance(content, bytes):
        if sys.stdout.isatty():
            raise _fail("an XLSX workbook cannot be shown in a terminal: give --output FILE", 2)
        sys.stdout.buffer.write(content)
    else:
        sys.stdout.write(content)


@app.command()
def status(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON, for scripts.")] = False,
) -> None:
    """Show what the store holds: events, subjects and submissions, per agency."""
    store = _open(db, read_only=True)
    with store:
        info = store_status(store)
    if as_json:
        sys.stdout.write(json.dumps(info, default=str, indent=2) + "\n")
        return
    _out.print(f"Store {info['store']} (schema version {info['schema_version']})")
    _out.print(
        f"{info['events']:,} current events ({info['replaced_versions']:,} older versions kept), "
        f"{info['subjects']:,} subjects, {info['submissions']:,} submissions"
    )
    if info["first_event"]:
        _out.print(f"Events from {info['first_event']} to {info['last_event']}")
    table = Table(title="By agency")
    for heading in ("agency", "events", "subjects", "first event", "last event", "last received"):
        table.add_column(heading)
    for row in info["agencies"]:
        table.add_row(
            row["agency"],
            f"{row['events']:,}",
            f"{row['subjects']:,}",
            str(row["first_event"]),
            str(row["last_event"]),
            str(row["last_received"])[:19],
        )
    _out.print(table)
    recent = Table(title="Latest submissions")
    for heading in (
        "id",
        "file",
        "received",
        "outcome",
        "rows",
        "new",
        "updated",
        "unchanged",
        "rejected",
    ):
        recent.add_column(heading)
    for row in info["recent_submissions"]:
        recent.add_row(
            str(row["submission_id"]),
            row["file_name"],
            str(row["received_at"])[:19],
            row["outcome"],
            f"{row['rows_read']:,}",
            f"{row['rows_new']:,}",
            f"{row['rows_updated']:,}",
            f"{row['rows_unchanged']:,}",
            f"{row['rows_rejected']:,}",
        )
    _out.print(recent)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of standard output.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write every current event back out in the exchange format.

    JSON Lines reproduces the values exactly; CSV is for reading in a spreadsheet (text that a
    spreadsheet would run as a formula is prefixed with an apostrophe).
    """
    if fmt not in ("jsonl", "csv"):
        raise _fail(f"unknown --format '{fmt}': use jsonl or csv", 2)
    store = _open(db)
    with store:
        rows = exchange.exchange_rows(store)
        audit.record(
            store,
            actor=getpass.getuser(),
            channel="cli",
            action="export_events",
            target="all",
            detail=f"format={fmt}; events={len(rows)}",
        )
    text = exchange.to_jsonl(rows) if fmt == "jsonl" else exchange.to_csv(rows)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        _err.print(f"Wrote {len(rows)} event(s) to {output}")
    else:
        sys.stdout.write(text)


@app.command()
def compare(
    authority: Annotated[
        str | None,
        typer.Argument(
            help="The local authority: a name (Haringey), ONS code (E09000014) or DfE number "
            "(309).",
            show_default=False,
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write the report page, with its charts, to FILE.",
                     show_default=False),
    ] = None,
    indicators: Annotated[
        bool, typer.Option("--indicators", help="Print every indicator for every authority.")
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="text (default) or json for a report; csv for "
                     "--indicators.", show_default=False),
    ] = None,
    reload: Annotated[
        bool, typer.Option("--reload", help="Reload the bundled public statistics.")
    ] = False,
    up_to: Annotated[
        int | None,
        typer.Option("--up-to", help="Use reporting years up to YEAR only: the view from then.",
                     show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """Compare one authority with England and its statistical neighbours (funnel plots,
    control charts, trend divergence), or print every indicator with --indicators."""
    from clearsight.compare import api as compare_api

    store = _open(db)
    with store:
        try:
            outcome = compare_api.run(store, authority, html_path=html, indicators=indicators,
                                      fmt=fmt, reload=reload, up_to=up_to)
        except compare_api.CompareError as exc:
            raise _fail(str(exc), 2) from exc
    if outcome.note:
        _err.print(outcome.note.rstrip())
    sys.stdout.write(outcome.text)


@app.command()
def synth(
    children: Annotated[int, typer.Option("--children", help="Children aged 0-17.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write.", show_default=False)],
    years: Annotated[int, typer.Option("--years", help="Years of history.")] = 3,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 0,
    authority: Annotated[
        str | None,
        typer.Option("--authority", help="Calibrate to this authority's published figures "
                     "(name, E-code or DfE number) instead of England.", show_default=False),
    ] = None,
    stats_dir: Annotated[
        Path | None,
        typer.Option("--stats-dir", help="Public statistics folder (default: the bundled one).",
                     show_default=False),
    ] = None,
    harm_rate: Annotated[
        float | None,
        typer.Option("--harm-rate", min=0.0, max=1.0, help="Share of families given a harm "
                     "trajectory (default: the generator's, far above real prevalence).",
                     show_default=False),
    ] = None,
    benign_rate: Annotated[
        float | None,
        typer.Option("--benign-rate", min=0.0, max=1.0, help="Share of families given a busy "
                     "but benign pattern (default: the generator's).", show_default=False),
    ] = None,
) -> None:
    """Write a synthetic authority: one exchange-format file per agency, statutory returns
    (CIN census XML, SSDA903) and a truth/ folder, for the years to 31 March 2025."""
    from clearsight.synth import ENGLAND_2025, StatsError, authority_rates, default_stats_dir
    from clearsight.synth import generate as generate_authority

    rates = ENGLAND_2025
    if authority:
        try:
            rates = authority_rates(authority, stats_dir or default_stats_dir())
        except StatsError as exc:
            raise _fail(str(exc), 2) from exc
    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} children"), TimeElapsedColumn(),
                  console=_err, transient=True, disable=not _err.is_terminal) as progress:
        task = progress.add_task("Generating", total=children)
        defaults = inspect.signature(generate_authority).parameters
        summary = generate_authority(
            children=children, years=years, seed=seed, out=out, rates=rates,
            harm_rate=defaults["harm_rate"].default if harm_rate is None else harm_rate,
            benign_rate=defaults["benign_rate"].default if benign_rate is None else benign_rate,
            progress=lambda n: progress.advance(task, n),
        )
    _out.print(f"Wrote {summary.events} events about {summary.children} children in "
               f"{summary.families} families ({rates.name} rates) to {out}",
               soft_wrap=True)
    for agency, rows in summary.rows.items():
        _out.print(f"  {agency}.csv: {rows} rows", soft_wrap=True)
    _out.print(f"  returns: CIN census {summary.cin_children} children, SSDA903 "
               f"{summary.ssda903_children} children; truth/: persons, trajectories, "
               f"calibration", soft_wrap=True)


@app.command()
def link(
    db: DbOption = None,
    link_weight: Annotated[
        float, typer.Option("--link-weight", help="Link pairs at or above this match weight.")
    ] = 8.0,
    review_weight: Annotated[
        float,
        typer.Option("--review-weight", help="Send pairs at or above this match weight (and "
                     "below --link-weight) to the review queue."),
    ] = 2.0,
    retrain: Annotated[
        bool, typer.Option("--retrain", help="Estimate the model again from the data and keep "
                           "it as a new settings version (default: reuse the latest).")
    ] = False,
) -> None:
    """Resolve agency subjects into persons and households (identifiers, then a Splink model
    trained on the store's own data), keeping person ids stable and recording every change."""
    from clearsight.linkage import LinkageError
    from clearsight.linkage import link as run_link

    store = _open(db)
    with store:
        try:
            result = run_link(store, link_weight=link_weight, review_weight=review_weight,
                              retrain=retrain)
        except LinkageError as exc:
            raise _fail(str(exc), 2) from exc
        audit.record(store, actor=getpass.getuser(), channel="cli", action="link",
                     target=f"linkage run {result.run_id}", detail=result.summary())
    _out.print(result.summary(), soft_wrap=True)


@app.command()
def persons(
    fmt: Annotated[str, typer.Option("--format", help="csv, or jsonl with each link's "
                                     "explanation.")] = "csv",
    db: DbOption = None,
) -> None:
    """Print the linkage: person_id,agency,subject_ref,role,match_weight,decided_by, one row per
    agency subject."""
    from clearsight.linkage import persons_csv, persons_json

    if fmt not in ("csv", "jsonl"):
        raise _fail(f"unknown --format '{fmt}': use csv or jsonl", 2)
    store = _open(db)
    with store:
        sys.stdout.write(persons_csv(store) if fmt == "csv" else persons_json(store))


@app.command()
def review(
    pair: Annotated[
        list[str] | None,
        typer.Argument(help="Two subjects (agency:subject_ref) to decide on; none to list the "
                       "queue.", show_default=False),
    ] = None,
    confirm: Annotated[
        bool, typer.Option("--confirm", help="The two subjects are the same person.")
    ] = False,
    reject: Annotated[
        bool, typer.Option("--reject", help="The two subjects are not the same person.")
    ] = False,
    reviewer: Annotated[
        str | None,
        typer.Option("--reviewer", help="Who decides (default: the login name).",
                     show_default=False),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Why, in words.", show_default=False)
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Pairs to list.")] = 50,
    db: DbOption = None,
) -> None:
    """List pairs waiting for a person's decision, or record one (--confirm or --reject with two
    subjects). Decisions are kept with who and when, and every later `link` respects them."""
    from clearsight.linkage import ReviewError, decide, queue

    store = _open(db)
    with store:
        if not pair:
            if confirm or reject:
                raise _fail("give the two subjects to decide on", 2)
            waiting = queue(store, limit)
            for item in waiting:
                _out.print(
                    f"{item['left_key']}  {item['right_key']}  weight {item['match_weight']:.2f}"
                    f"  {item['left_given']} {item['left_family']} {item['left_dob']}"
                    f" | {item['right_given']} {item['right_family']} {item['right_dob']}"
                    f"  agreed: {', '.join(item['agreed'] or []) or 'nothing'}"
                    + (f"  ({item['decided_by'].split('; ', 1)[1]})"
                       if "; " in item["decided_by"] else ""),
                    soft_wrap=True,
                )
            _err.print(f"{len(waiting)} pair(s) shown.")
            return
        if len(pair) != 2 or confirm == reject:
            raise _fail("give two subjects and exactly one of --confirm or --reject", 2)
        try:
            decide(store, pair[0], pair[1], "confirm" if confirm else "reject",
                   reviewer or getpass.getuser(), note)
        except ReviewError as exc:
            raise _fail(str(exc), 2) from exc
    _out.print(f"Recorded: {'confirm' if confirm else 'reject'} {pair[0]} {pair[1]}. "
               "Run `clearsight link` to apply it.", soft_wrap=True)


@app.command()
def detect(
    fmt: Annotated[str, typer.Option("--format", help="csv (the contract's columns) or json.")]
    = "csv",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Detect as on this date (YYYY-MM-DD), from the rows "
                     "recorded by then (default: today).", show_default=False),
    ] = None,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", help="Run only this rule (repeat for several); default all.",
                     show_default=False),
    ] = None,
    no_link: Annotated[
        bool, typer.Option("--no-link", help="Do not link people first, even if some agency "
                           "subjects are not yet linked.")
    ] = False,
    changed: Annotated[
        bool, typer.Option("--changed", help="Re-evaluate only the people with events stored "
                           "since the last detection run (and their households).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Run the detection rules and print every person's current alerts, each computed as it
    would have been raised on its date from the rows recorded up to then (docs/rules.md)."""
    import datetime as dt

    from clearsight.rules import RuleError, alerts_csv, changed_persons, current_alerts
    from clearsight.rules import detect as run_detect

    if fmt not in ("csv", "json"):
        raise _fail(f"unknown --format '{fmt}': use csv or json", 2)
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        raise _fail(f"--as-of '{as_of}' is not a date: write YYYY-MM-DD", 2) from exc
    store = _open(db)
    with store:
        if not no_link:
            _link_if_needed(store)
        scope = changed_persons(store) if changed else None
        try:
            result = run_detect(store, as_of=day, rule_ids=rule, persons=scope)
        except RuleError as exc:
            raise _fail(str(exc), 2) from exc
        alerts = current_alerts(store) if scope is not None else result.alerts
    done = f"{len(scope)} changed person(s) re-evaluated" if scope is not None else "everyone"
    _err.print(f"{len(alerts)} alert(s) as of {result.as_of} (detection run {result.run_id}: "
               f"{done}).", soft_wrap=True)
    if fmt == "json":
        sys.stdout.write(json.dumps(alerts, default=str, indent=2) + "\n")
    else:
        sys.stdout.write(alerts_csv(alerts))


@app.command()
def evaluate(
    truth: Annotated[
        Path, typer.Option("--truth", help="The truth/ folder of a synthetic authority "
                           "(from `clearsight synth`) whose files are in the store.",
                           show_default=False)
    ],
    as_of: Annotated[
        str, typer.Option("--as-of", help="Run the rules as on this date (YYYY-MM-DD).")
    ] = "2025-03-31",
    persons: Annotated[
        str, typer.Option("--persons", help="truth: the true persons (the rules alone); "
                          "linkage: linkage's persons (linkage and rules together).")
    ] = "truth",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write the report (Markdown) to FILE.",
                     show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """Score the detection rules against a synthetic authority's ground truth: harm
    trajectories caught, lead time before harm, alerts per 100 open cases a month, precision
    per rule, and false alarms on benign busy families."""
    import datetime as dt

    from clearsight.rules.evaluate import evaluate as run_evaluate
    from clearsight.rules.evaluate import report

    if persons not in ("truth", "linkage"):
        raise _fail(f"unknown --persons '{persons}': use truth or linkage", 2)
    if not (truth / "trajectories.csv").exists() or not (truth / "persons.csv").exists():
        raise _fail(f"{truth}: not a truth folder (no trajectories.csv and persons.csv)", 2)
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError as exc:
        raise _fail(f"--as-of '{as_of}' is not a date: write YYYY-MM-DD", 2) from exc
    store = _open(db)
    with store:
        if persons == "linkage":
            _link_if_needed(store)
        result = run_evaluate(store, truth, as_of=day, use_truth_persons=persons == "truth")
    text = report(result, str(truth.parent))
    if output is not None:
        output.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


users_app = typer.Typer(
    name="users",
    help="The people who may use the web application, and their roles: add, list, disable.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user name they sign in with (one word).")],
    role: Annotated[
        str,
        typer.Option(
            "--role",
            help="practitioner, team_manager, head_of_service, dcs, lead_member, inspector or "
            "analyst (see docs/web.md).",
        ),
    ],
    team: Annotated[
        str | None,
        typer.Option("--team", help="A team manager's team, as the case records name it.",
                     show_default=False),
    ] = None,
    worker_name: Annotated[
        str | None,
        typer.Option("--worker-name",
                     help="A practitioner's name as the case records write it (default: "
                     "--display-name).", show_default=False),
    ] = None,
    display_name: Annotated[
        str | None,
        typer.Option("--display-name", help="Their name in full (default: the user name).",
                     show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """Add a user with a role. The password is read from standard input (the first line), never
    from the command line; it must be at least 12 characters."""
    from clearsight.web.auth import PasswordError, add_user

    if sys.stdin.isatty():  # typed by a person: do not echo it, and ask twice
        password = getpass.getpass("Password: ")
        if getpass.getpass("The same password again: ") != password:
            raise _fail("the two passwords differ", 2)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    store = _open(db)
    with store:
        try:
            user = add_user(store, name, role, password, display_name=display_name, team=team,
                            worker_name=worker_name, created_by=getpass.getuser())
        except (PasswordError, ValueError, StoreError) as exc:
            raise _fail(str(exc), 2) from exc
    _out.print(f"Added {user.username} ({user.role.label}"
               + (f", {user.team}" if user.team else "")
               + (f", caseload of {user.worker_name}" if user.worker_name else "") + ").",
               soft_wrap=True)


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """List the users: name, role, team, whether disabled or locked, and last sign-in."""
    from clearsight.store.users import list_users

    store = _open(db)
    with store:
        found = list_users(store)
    _out.print("username,display_name,role,team,worker_name,status,last_signin")
    for u in found:
        status = "disabled" if u["disabled_at"] else (
            "locked" if u["locked_until"] else "active")
        fields = [u["username"], u["display_name"], u["role"], u["team"] or "",
                  u["worker_name"] or "", status,
                  u["last_signin"].isoformat(timespec="seconds") if u["last_signin"] else ""]
        _out.print(",".join(_csv_field(str(f)) for f in fields), soft_wrap=True)


def _csv_field(text: str) -> str:
    from clearsight.format.neutralise import neutralise

    text = neutralise(text)
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text


@users_app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="The user name.")],
    db: DbOption = None,
) -> None:
    """Disable a user: they can no longer sign in and their sessions end at once. The account is
    kept, because the audit log names it."""
    from clearsight.web.auth import disable_user

    store = _open(db)
    with store:
        try:
            disable_user(store, name, by=getpass.getuser())
        except StoreError as exc:
            raise _fail(str(exc), 2) from exc
    _out.print(f"Disabled {name}.")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    tls_cert: Annotated[
        Path | None,
        typer.Option("--tls-cert", help="TLS certificate file (PEM), to serve HTTPS.",
                     show_default=False),
    ] = None,
    tls_key: Annotated[
        Path | None,
        typer.Option("--tls-key", help="TLS private key file (PEM), with --tls-cert.",
                     show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """Run the web application on the store. The server holds the store while it runs: stop it
    to ingest, link or detect. Off this machine, serve HTTPS (--tls-cert and --tls-key, or a TLS
    proxy in front): session cookies are marked Secure and browsers drop them over plain HTTP."""
    import uvicorn

    from clearsight.web import create_app
    from clearsight.web.app import loopback

    if (tls_cert is None) != (tls_key is None):
        raise _fail("give both --tls-cert and --tls-key, or neither", 2)
    try:
        web = create_app(db or resolve_db_path(None))
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    scheme = "https" if tls_cert else "http"
    if not tls_cert and not loopback(host):
        _err.print("clearsight: warning: serving plain HTTP on a network address; browsers "
                   "will not keep the Secure session cookie. Use --tls-cert/--tls-key or a TLS "
                   "proxy.", soft_wrap=True)
    _err.print(f"Clearsight is serving {scheme}://{host}:{port}/ (Ctrl+C stops it).",
               soft_wrap=True)
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False,
                ssl_certfile=str(tls_cert) if tls_cert else None,
                ssl_keyfile=str(tls_key) if tls_key else None, server_header=False)


def _link_if_needed(store: Store) -> None:
    """Detection links first when some agency subjects have no person yet."""
    from clearsight.linkage import link as run_link
    from clearsight.store.rules import unlinked_subject_count

    if unlinked_subject_count(store) == 0:
        return
    try:
        run_link(store)
    except Exception as exc:  # linkage is best effort here; say so and go on
        _err.print(f"clearsight: linkage did not run ({exc}); each agency subject not yet "
                   "linked is treated as its own person.", soft_wrap=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
