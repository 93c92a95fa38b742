"""The store's current events written back in the exchange format (JSON Lines or CSV).

What goes in comes out: a file ingested and exported gives the same rows, normalised (dates in
ISO 8601, codes in their canonical case, NHS numbers without spaces, unknown columns kept).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any

from clearsight.format.neutralise import neutralise
from clearsight.format.spec import COLUMN_NAMES
from clearsight.store import Store
from clearsight.store.queries import all_current_events


def exchange_row(event: dict[str, Any]) -> dict[str, str]:
    """One stored event as an exchange-format row: column name to text, empty ones left out."""
    row: dict[str, str] = {}
    for name in COLUMN_NAMES:
        value = event.get(name)
        if name == "event_date":
            date: dt.date = event["event_date"]
            text = date.isoformat()
            if event.get("event_time"):
                text += "T" + event["event_time"] + (event.get("event_utc_offset") or "")
            row[name] = text
            continue
        if name == "recorded_at" and value is not None:
            row[name] = value.isoformat(timespec="seconds") + (
                event.get("recorded_at_utc_offset") or ""
            )
            continue
        if value is None:
            continue
        if isinstance(value, list):
            row[name] = ";".join(value)
        elif isinstance(value, dt.date):
            row[name] = value.isoformat()
        else:
            row[name] = str(value)
    if event.get("attributes"):
        for key, value in json.loads(event["attributes"]).items():
            row[key] = value
    return row


def exchange_rows(store: Store) -> list[dict[str, str]]:
    return [exchange_row(e) for e in all_current_events(store)]


def to_jsonl(rows: Iterable[dict[str, str]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def to_csv(rows: list[dict[str, str]]) -> str:
    columns = list(COLUMN_NAMES)
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(c, "")) for c in columns])
    return buffer.getvalue()
