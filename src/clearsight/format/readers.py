"""Reading agency files: CSV, XLSX and JSON Lines.

This module knows files, not the store. It tells what a file is (format, checksum, size), refuses
what cannot be a readable file of the format (binary junk, another encoding, a compressed bomb,
an empty file), reads the header, and yields the rows of XLSX and JSON Lines files as text.
CSV rows are read by the store's own bulk reader; the header is read here so that both agree.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from clearsight.format.problems import FileRejected, Problem
from clearsight.format.spec import normalise_column_name

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}

#: An XLSX file is a zip archive. These bound what opening one may cost, so that a "zip bomb"
#: (a small file that expands to gigabytes) is refused before it is expanded.
MAX_XLSX_UNCOMPRESSED_BYTES = 2 * 1024**3
MAX_XLSX_COMPRESSION_RATIO = 200

_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileInfo:
    """What a file is, before its rows are read."""

    path: Path
    name: str
    file_format: str
    size_bytes: int
    checksum: str  # sha256, hex


def _reject(path: Path, message: str, row: int | None = None, value: str | None = None) -> NoReturn:
    raise FileRejected([Problem(str(path), row, None, message, value)])


def inspect_file(path: Path) -> FileInfo:
    """Check that `path` can be read as its format and compute its checksum, in one pass.

    Raises FileRejected with a problem a person can act on.
    """
    if path.is_dir():
        _reject(path, "a folder, not a file: name the files in it (for example folder/*.csv)")
    if not path.is_file():
        _reject(path, "no such file")
    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        _reject(
            path,
            f"unknown kind of file '{path.suffix or '(no extension)'}': "
            "send CSV (.csv), Excel (.xlsx) or JSON Lines (.jsonl)",
        )
    size = path.stat().st_size
    if size == 0:
        _reject(path, "the file is empty: it has no header row and no events")
    digest = hashlib.sha256()
    text = file_format in ("csv", "jsonl")
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            if text:
                nul = chunk.find(b"\x00")
                if nul >= 0:
                    _reject(
                        path,
                        f"not a text file: it holds a NUL byte at byte {offset + nul:,}. "
                        "Is it a spreadsheet or another binary file saved with a text extension?",
                    )
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    _reject(
                        path,
                        f"not UTF-8 text: byte {offset + exc.start:,} cannot be read. Save "
                        "the file as UTF-8 (in Excel: 'CSV UTF-8 (comma delimited)')",
                    )
            offset += len(chunk)
    if text:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            _reject(path, "not UTF-8 text: the file ends in the middle of a character")
    if file_format == "xlsx":
        _check_xlsx_archive(path)
    return FileInfo(path, path.name, file_format, size, digest.hexdigest())


def _check_xlsx_archive(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        _reject(path, "not an Excel workbook (.xlsx files are zip archives; this one is not)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        _reject(path, f"not a readable Excel workbook ({exc})")
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        _reject(path, "a zip archive but not an Excel workbook (no workbook inside)")
    total = sum(m.file_size for m in members)
    compressed = sum(m.compress_size for m in members) or 1
    if total > MAX_XLSX_UNCOMPRESSED_BYTES or total / compressed > MAX_XLSX_COMPRESSION_RATIO:
        _reject(
            path,
            f"refused: the workbook would expand from {compressed:,} to {total:,} bytes "
            f"(limits: {MAX_XLSX_UNCOMPRESSED_BYTES:,} bytes, ratio "
            f"{MAX_XLSX_COMPRESSION_RATIO}:1). Is it a zip bomb? Export the sheet as CSV.",
        )


def read_csv_header(path: Path) -> list[str]:
    """The header row of a CSV file (BOM removed), exactly as written."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            _reject(path, f"the header row cannot be read as CSV ({exc})", row=1)
    if not header or all(not h.strip() for h in header):
        _reject(path, "the first row is empty: it must name the columns", row=1)
    assert header is not None
    return header


def check_header(path: Path, header: list[str]) -> list[Problem]:
    """Problems with the column names themselves: blank or repeated names."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        key = normalise_column_name(name)
        if not key:
            problems.append(
                Problem(str(path), 1, f"column {position}", "the column has no name", name)
            )
        elif key in seen:
            problems.append(
                Problem(
                    str(path),
                    1,
                    name.strip(),
                    f"the column is named twice (columns {seen[key]} and {position}; "
                    "names are case-insensitive)",
                )
            )
        else:
            seen[key] = position
    return problems


def cell_text(value: Any) -> str | None:
    """An XLSX cell as text: dates as ISO 8601, whole numbers without '.0', blanks as None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    return text if text != "" else None


def iter_xlsx(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str | None]]]]:
    """The header and the rows (row number, cells as text) of the first sheet of a workbook."""
    import openpyxl  # imported here: only XLSX files need it

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken workbooks
        raise FileRejected(
            [Problem(str(path), None, None, f"the workbook cannot be opened ({exc})")]
        ) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None or all(c is None for c in first):
        workbook.close()
        _reject(path, f"the first row of sheet '{sheet.title}' is empty: it must name the columns")
    assert first is not None
    header = [cell_text(c) or "" for c in first]
    while header and header[-1] == "":
        header.pop()

    def generate() -> Iterator[tuple[int, list[str | None]]]:
        try:
            for number, values in enumerate(rows, start=2):
                cells = [cell_text(v) for v in values]
                if all(c is None for c in cells):
                    continue  # blank spreadsheet rows are not events
                extra = [c for c in cells[len(header) :] if c is not None]
                if extra:
                    raise FileRejected(
                        [
                            Problem(
                                str(path),
                                number,
                                None,
                                "the row has values beyond the last named column",
                                extra[0],
                            )
                        ]
                    )
                cells = cells[: len(header)] + [None] * (len(header) - len(cells))
                yield number, cells
        finally:
            workbook.close()

    return header, generate()


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, str | None]]]:
    """The rows of a JSON Lines file: (line number, {column name as written: text})."""
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                _reject(path, f"not valid JSON ({exc.msg} at character {exc.colno})", row=number)
            if not isinstance(item, dict):
                _reject(
                    path,
                    f"each line must be one JSON object; this one is a {type(item).__name__}",
                    row=number,
                )
            yield number, {str(k): _json_text(v) for k, v in item.items()}


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return cell_text(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ";".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
