"""Ingest: agency files into the store, all or nothing per file, idempotent and versioned.

    read (format) → stage (temporary tables) → validate (SQL) → report → write (one transaction)

A file with any invalid row is rejected whole unless `accept_valid_rows` is set, in which case
its valid rows are stored and its rejected rows are written to a quarantine CSV beside a report
of every problem. The same file sent twice changes nothing; a re-sent record with new content
makes a new version of the event and keeps the old one.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from clearsight.format.neutralise import neutralise
from clearsight.format.problems import FileRejected, Problem
from clearsight.format.readers import (
    FileInfo,
    check_header,
    inspect_file,
    iter_jsonl,
    iter_xlsx,
    read_csv_header,
)
from clearsight.format.spec import REQUIRED_COLUMNS, normalise_column_name
from clearsight.store import Store
from clearsight.store.events import (
    SubmissionRecord,
    find_loaded,
    incoming_agencies,
    prepare_incoming,
    record_submission,
    write_events,
)
from clearsight.store.staging import (
    RAW_TABLE,
    Staged,
    drop_staging,
    stage_csv,
    stage_records,
    stage_rows,
)
from clearsight.store.validation import error_rows, rejected_row_count, validate_staged

#: Stages reported to a progress callback, in order.
STAGES = ("reading", "validating", "writing")

Progress = Callable[[str], None]


@dataclass
class IngestResult:
    """What happened to one file."""

    path: Path
    outcome: str  # loaded | partial | unchanged | rejected
    rows_read: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_repeated: int = 0
    rows_rejected: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)  # the first `max_problems`
    submission_id: int | None = None
    previous_submission: int | None = None
    quarantine_file: Path | None = None
    report_file: Path | None = None

    @property
    def stored_everything(self) -> bool:
        return self.outcome in ("loaded", "unchanged")

    def summary(self) -> str:
        name = self.path.name
        if self.outcome == "unchanged":
            return (
                f"{name}: unchanged: this exact file was already loaded as submission "
                f"{self.previous_submission}; nothing was stored again."
            )
        if self.outcome == "rejected":
            return (
                f"{name}: rejected: {self.problem_count:,} problem(s) in "
                f"{self.rows_rejected:,} of {self.rows_read:,} row(s); nothing was stored."
            )
        text = (
            f"{name}: {self.rows_read:,} row(s): {self.rows_new:,} new, "
            f"{self.rows_updated:,} updated (older versions kept), "
            f"{self.rows_unchanged:,} already stored"
        )
        if self.rows_repeated:
            text += f", {self.rows_repeated:,} exact repeat(s) within the file stored once"
        if self.outcome == "partial":
            text += (
                f"; {self.rows_rejected:,} row(s) rejected ({self.problem_count:,} problem(s)) "
                f"and written to {self.quarantine_file}"
            )
        return text + f". Submission {self.submission_id}."


def ingest_file(
    store: Store,
    path: Path,
    *,
    accept_valid_rows: bool = False,
    quarantine_dir: Path | None = None,
    today: dt.date | None = None,
    max_problems: int = 1000,
    progress: Progress | None = None,
) -> IngestResult:
    """Load one agency file. Never raises for bad input: the result says what was wrong."""
    today = today or dt.date.today()
    notify = progress or (lambda _stage: None)
    try:
        info = inspect_file(path)
    except FileRejected as exc:
        return _rejected(path, exc.problems)
    earlier = find_loaded(store, info.checksum)
    if earlier is not None:
        return IngestResult(
            path, "unchanged", previous_submission=int(str(earlier["submission_id"]))
        )
    try:
        notify("reading")
        staged = _stage(store, info)
        header_problems = _header_problems(info, staged)
        if header_problems:
            return _rejected(path, header_problems, rows_read=staged.rows)
        if staged.rows == 0:
            return _rejected(
                path,
                [Problem(str(path), None, None, "the file has a header but no events")],
            )
        notify("validating")
        problem_count = validate_staged(store, staged, today)
        problems = [
            Problem(str(path), row, column, message, value)
            for row, column, message, value in error_rows(store, max_problems)
        ]
        rejected_rows = rejected_row_count(store)
        if problem_count and (not accept_valid_rows or rejected_rows == staged.rows):
            result = _rejected(path, problems, rows_read=staged.rows)
            result.problem_count = problem_count
            result.rows_rejected = rejected_rows
            _log_rejection(store, info, staged.rows, rejected_rows, problem_count)
            return result
        notify("writing")
        counts = prepare_incoming(store)
        agencies = incoming_agencies(store)
        outcome = "partial" if problem_count else "loaded"
        record = SubmissionRecord(
            info.name,
            str(path.resolve()),
            info.checksum,
            info.size_bytes,
            info.file_format,
            staged.rows,
            rejected_rows,
            outcome,
            f"{problem_count} problem(s)" if problem_count else None,
        )
        with store.transaction():
            submission_id = record_submission(store, record, counts, agencies)
            write_events(store, submission_id)
        result = IngestResult(
            path,
            outcome,
            rows_read=staged.rows,
            rows_new=counts.new,
            rows_updated=counts.updated,
            rows_unchanged=counts.unchanged,
            rows_repeated=counts.repeated,
            rows_rejected=rejected_rows,
            problem_count=problem_count,
            problems=problems,
            submission_id=submission_id,
        )
        if problem_count:
            target = quarantine_dir or store.path.parent / "quarantine"
            result.quarantine_file, result.report_file = _write_quarantine(
                store, staged, path, target, submission_id
            )
        return result
    except FileRejected as exc:
        return _rejected(path, exc.problems)
    finally:
        drop_staging(store)


def _stage(store: Store, info: FileInfo) -> Staged:
    if info.file_format == "csv":
        header = read_csv_header(info.path)
        return stage_csv(store, info.path, header)
    if info.file_format == "xlsx":
        header, rows = iter_xlsx(info.path)
        return stage_rows(store, header, rows)
    return stage_records(store, info.path, iter_jsonl(info.path))


def _header_problems(info: FileInfo, staged: Staged) -> list[Problem]:
    problems = check_header(info.path, staged.header)
    names = {normalise_column_name(h) for h in staged.header}
    row = None if info.file_format == "jsonl" else 1
    for required in REQUIRED_COLUMNS:
        if required not in names:
            problems.append(
                Problem(
                    str(info.path),
                    row,
                    required,
                    "a required column is missing (names are case-insensitive)",
                )
            )
    return problems


def _rejected(path: Path, problems: list[Problem], rows_read: int = 0) -> IngestResult:
    return IngestResult(
        path,
        "rejected",
        rows_read=rows_read,
        problem_count=len(problems),
        problems=problems,
    )


def _log_rejection(
    store: Store, info: FileInfo, rows: int, rejected_rows: int, problems: int
) -> None:
    """Keep a record that the file arrived and was refused (no event of it is stored)."""
    record = SubmissionRecord(
        info.name,
        str(info.path.resolve()),
        info.checksum,
        info.size_bytes,
        info.file_format,
        rows,
        rejected_rows,
        "rejected",
        f"{problems} problem(s)",
    )
    with store.transaction():
        record_submission(store, record, None, [])


def _write_quarantine(
    store: Store, staged: Staged, path: Path, target: Path, submission_id: int
) -> tuple[Path, Path]:
    """The rejected rows, as sent, and a report of every problem, side by side."""
    target.mkdir(parents=True, exist_ok=True)
    stem = f"{path.stem}.submission-{submission_id}"
    quarantine = target / f"{stem}.rejected.csv"
    report = target / f"{stem}.problems.csv"
    columns = ", ".join(f"r.c{i}" for i in range(len(staged.header)))
    rows = store.rows(
        f"SELECT r._row, {columns} FROM {RAW_TABLE} r "
        "WHERE r._row IN (SELECT _row FROM stage_errors) ORDER BY r._row"
    )
    with quarantine.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source_row", *staged.header])
        for row in rows:
            writer.writerow([row[0], *(neutralise(v) for v in row[1:])])
    with report.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "row", "column", "message", "value"])
        for row_number, column, message, value in error_rows(store):
            writer.writerow([path.name, row_number, column, message, neutralise(value)])
    return quarantine, report
