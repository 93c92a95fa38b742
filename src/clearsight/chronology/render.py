"""Exports of a chronology: CSV, XLSX, HTML (printable, accessible) and JSON.

Text is data: HTML is escaped by the template engine, and CSV and XLSX cells that a
spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from clearsight.chronology.build import Chronology, Entry
from clearsight.format.neutralise import neutralise
from clearsight.format.spec import AGENCY_LABELS, FACTORS, event_label

FORMATS = ("csv", "xlsx", "html", "json")

#: The columns of the CSV and XLSX exports, in order. The first five are the CLI contract's.
COLUMNS: tuple[str, ...] = (
    "event_date",
    "agency",
    "record_id",
    "event_type",
    "description",
    "event_time",
    "date_precision",
    "age",
    "age_days",
    "days_since_previous",
    "subject_ref",
    "subject_role",
    "agency_name",
    "action",
    "outcome",
    "child_seen",
    "injury_type",
    "body_sites",
    "explanation",
    "concern_level",
    "factors",
    "practitioner",
    "team",
    "recorded_at",
    "about",
    "possible_duplicate_of",
    "version",
)


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def row_values(entry: Entry) -> dict[str, Any]:
    """One entry as plain values, keyed by export column."""
    event = entry.event
    values: dict[str, Any] = {name: event.get(name) for name in COLUMNS if name in event}
    values.update(
        age=entry.age,
        age_days=entry.age_days,
        days_since_previous=entry.days_since_previous,
        possible_duplicate_of=entry.possible_duplicates,
        about=entry.about,
        version=event.get("version"),
    )
    return values


def to_csv(chronology: Chronology) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in chronology.entries:
        values = row_values(entry)
        writer.writerow([neutralise(_text(values.get(c))) for c in COLUMNS])
    return buffer.getvalue()


def to_xlsx(chronology: Chronology) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in chronology.entries:
        values = row_values(entry)
        row: list[Any] = []
        for column in COLUMNS:
            value = values.get(column)
            if isinstance(value, dt.date | int) and not isinstance(value, bool):
                row.append(value)
            else:
                row.append(neutralise(_text(value)))
        sheet.append(row)
    for cell in sheet["E"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["E"].width = 80
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def to_json(chronology: Chronology) -> str:
    events = []
    for entry in chronology.entries:
        event = {k: _json_value(v) for k, v in entry.event.items() if k != "attributes"}
        event["attributes"] = json.loads(entry.event["attributes"] or "{}")
        event.update(
            age=entry.age,
            age_days=entry.age_days,
            days_since_previous=entry.days_since_previous,
            possible_duplicate_of=entry.possible_duplicates,
            about=entry.about,
        )
        events.append(event)
    document = {
        "title": chronology.title,
        "generated_at": _json_value(chronology.generated_at),
        "date_of_birth": _json_value(chronology.date_of_birth),
        "subjects": [_json_value(s) for s in chronology.subjects],
        "events": events,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_ENVIRONMENT = Environment(
    loader=PackageLoader("clearsight.chronology", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.filters["event_label"] = event_label


def to_html(chronology: Chronology) -> str:
    template = _ENVIRONMENT.get_template("chronology.html")
    return template.render(c=chronology, factors=FACTORS, agency_labels=AGENCY_LABELS)


def render(chronology: Chronology, fmt: str) -> str | bytes:
    """The chronology in one of FORMATS: text for csv, html and json; bytes for xlsx."""
    if fmt == "csv":
        return to_csv(chronology)
    if fmt == "xlsx":
        return to_xlsx(chronology)
    if fmt == "html":
        return to_html(chronology)
    if fmt == "json":
        return to_json(chronology)
    raise ValueError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
