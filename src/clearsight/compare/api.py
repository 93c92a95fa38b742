"""What `clearsight compare` does, as library calls the CLI (and later the web app) use."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from clearsight.compare import page, report
from clearsight.compare.analysis import Dataset
from clearsight.compare.authorities import UnknownAuthorityError
from clearsight.compare.dataset import LoadSummary, load
from clearsight.compare.loader import LoadError
from clearsight.store import public_stats as db
from clearsight.store.db import Store

INDICATOR_FORMATS = ("csv",)
REPORT_FORMATS = ("text", "json")


class CompareError(Exception):
    """A problem a person can act on (unknown authority, bad option, unreadable file)."""


@dataclass(frozen=True)
class Outcome:
    text: str
    """What to print on standard output."""
    note: str = ""
    """What to print on standard error (progress, where a file went)."""


def prepare(store: Store, *, data_dir: Path | None = None, reload: bool = False) -> LoadSummary:
    """Load the public statistics into the store unless these exact files are there already."""
    try:
        return load(store, data_dir, force=reload)
    except LoadError as exc:
        raise CompareError(str(exc)) from exc


def indicators_csv(store: Store) -> str:
    """The tidy table: authority_code,authority,year,indicator,numerator,denominator,value,
    published_value. Missing figures are empty cells, never zero."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(db.TIDY_COLUMNS)
    for row in db.tidy_table(store):
        writer.writerow(["" if v is None else _number(v) for v in row])
    return buffer.getvalue()


def _number(value: object) -> str:
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def run(
    store: Store,
    authority: str | None,
    *,
    html_path: Path | None = None,
    indicators: bool = False,
    fmt: str | None = None,
    data_dir: Path | None = None,
    reload: bool = False,
    up_to: int | None = None,
) -> Outcome:
    """`clearsight compare`: the tidy table (`indicators`), or one authority's summary and,
    with `html_path`, its report page."""
    summary = prepare(store, data_dir=data_dir, reload=reload)
    note = (f"Loaded {summary.indicator_rows} indicator rows for {summary.authorities} "
            f"areas from {summary.folder}.\n" if summary.loaded else "")
    if indicators:
        if authority:
            raise CompareError("give either AUTHORITY or --indicators, not both")
        if (fmt or "csv") not in INDICATOR_FORMATS:
            raise CompareError(f"unknown --format {fmt!r} for --indicators: use csv")
        return Outcome(indicators_csv(store), note)
    if (fmt or "text") not in REPORT_FORMATS:
        raise CompareError(f"unknown --format {fmt!r} for a report: use text or json")
    if not authority:
        raise CompareError("name an authority (for example `clearsight compare Haringey`), "
                           "or use --indicators --format csv for every indicator")
    ds = Dataset.from_store(store)
    if up_to is not None:
        years = sorted({y for by_year in ds.rows.values() for y in by_year})
        if not years or not years[0] <= up_to <= years[-1]:
            span = f"{years[0]} to {years[-1]}" if years else "none loaded"
            raise CompareError(f"--up-to {up_to}: the figures cover reporting years {span}.")
    try:
        built = report.build(ds, authority, up_to=up_to)
    except UnknownAuthorityError as exc:
        raise CompareError(str(exc)) from exc
    if html_path is not None:
        try:
            html_path.write_text(page.render(ds, built), encoding="utf-8")
        except OSError as exc:
            raise CompareError(f"{html_path}: cannot write the report ({exc.strerror}).") from exc
        note += f"Wrote the report for {built.authority.name} to {html_path}\n"
    if fmt == "json":
        return Outcome(json.dumps(report.to_dict(built), indent=2, allow_nan=False) + "\n",
                       note)
    return Outcome(report.render_text(built), note)
