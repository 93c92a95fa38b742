"""What linkage shows: the persons CSV of the command-line contract."""

from __future__ import annotations

import csv
import io

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
