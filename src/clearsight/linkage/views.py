"""What linkage shows: the persons CSV of the command-line contract."""

from __future__ import annotations

import csv
import io
import json

from clearsight.format.neutralise import neutralise
from clearsight.store import Store
from clearsight.store import linkage as db

PERSONS_COLUMNS = ("person_id", "agency", "subject_ref", "role", "match_weight", "decided_by")


def persons_csv(store: Store) -> str:
    """`person_id,agency,subject_ref,role,match_weight,decided_by`, one row per agency subject
    (match weight of the subject's strongest link, empty when unlinked). A subject reference
    a spreadsheet would run as a formula is prefixed with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PERSONS_COLUMNS)
    for row in db.persons(store):
        weight = row["match_weight"]
        writer.writerow([
            row["person_id"], row["agency"], neutralise(row["subject_ref"]), row["role"] or "",
            "" if weight is None else f"{weight:.2f}", row["decided_by"],
        ])
    return out.getvalue()


def persons_json(store: Store) -> str:
    """Every agency subject with its person and the link that placed it: the contract's
    columns plus `linked_to` (the other subject of that link) and `agreed` (its fields that
    weighed for a match), one JSON object a line."""
    lines = []
    for row in db.persons(store):
        lines.append(json.dumps({
            "person_id": row["person_id"], "agency": row["agency"],
            "subject_ref": row["subject_ref"], "role": row["role"],
            "match_weight": row["match_weight"], "decided_by": row["decided_by"],
            "linked_to": row["linked_to"], "agreed": list(row["agreed"] or []),
        }, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)

