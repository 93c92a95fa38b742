"""The geometry of a person's visual timeline: one lane per agency, one mark per event (injuries
red, missed appointments and visits hollow, an alert's evidence outlined), years along the
bottom. Drawn as SVG by the page; the chronology table beside it carries the same events as text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

WIDTH = 960
LABEL = 190
LANE = 30
TOP = 10
AXIS = 30


def timeline(chronology: dict[str, Any]) -> dict[str, Any] | None:
    events = chronology["events"]
    if not events:
        return None
    agencies = [a["code"] for a in chronology["agencies"]]
    first: dt.date = chronology["first"]
    last: dt.date = chronology["last"]
    start = dt.date(first.year, 1, 1)
    end = dt.date(last.year + 1, 1, 1)
    span = max(1, (end - start).days)
    plot = WIDTH - LABEL - 20

    def x(day: dt.date) -> float:
        return round(LABEL + plot * (day - start).days / span, 1)

    lanes = [
        {"label": a["label"], "y": TOP + i * LANE + LANE / 2}
        for i, a in enumerate(chronology["agencies"])
    ]
    marks = []
    for e in events:
        lane = agencies.index(e["agency"]) if e["agency"] in agencies else 0
        kind = "injury" if e["injury"] else ("missed" if e["missed"] else "event")
        marks.append({
            "x": x(e["date"]),
            "y": TOP + lane * LANE + LANE / 2,
            "kind": kind,
            "evidence": e["evidence"],
            "title": f"{e['when']}: {e['agency_label']}, {e['event_label']}",
        })
    height = TOP + len(lanes) * LANE + AXIS
    ticks = [
        {"x": x(dt.date(year, 1, 1)), "label": str(year)}
        for year in range(start.year, end.year + 1)
    ]
    return {
        "width": WIDTH,
        "height": height,
        "label_width": LABEL,
        "lanes": lanes,
        "marks": marks,
        "ticks": ticks,
        "axis_y": TOP + len(lanes) * LANE,
        "description": (
            f"Timeline of {len(events)} events from {first.isoformat()} to {last.isoformat()} "
            f"across {len(lanes)} agencies; the table below lists every event."
        ),
    }
