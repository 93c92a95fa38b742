"""Writing staged rows as events: versioned, never deleted, with subjects kept up to date."""

from __future__ import annotations

from dataclasses import dataclass

from clearsight import __version__
from clearsight.store.db import Store, utc_now
from clearsight.store.schema import EVENT_VALUE_COLUMNS

IDENTITY_ATTRIBUTES: tuple[str, ...] = (
    "subject_role",
    "household_ref",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nhs_number",
    "upn",
    "postcode",
    "address",
)


@dataclass(frozen=True)
class Counts:
    """What a file's valid rows would do to the store."""

    new: int
    updated: int
    unchanged: int
    repeated: int  # rows that repeat an earlier row of the same file exactly (stored once)


def prepare_incoming(store: Store) -> Counts:
    """Classify the valid staged rows against the current events, into `stage_incoming`."""
    con = store.connection
    columns = ", ".join(f"p.{c}" for c in EVENT_VALUE_COLUMNS)
    # A record already stored is unchanged when every normalised value is the same.
    same = " AND ".join(f"p.{c} IS NOT DISTINCT FROM e.{c}" for c in EVENT_VALUE_COLUMNS)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_incoming AS
        SELECT p._row, {columns},
               e.version AS old_version, e.subject_ref AS old_subject_ref,
               CASE WHEN e.version IS NULL THEN 'new'
                    WHEN {same} THEN 'unchanged'
                    ELSE 'updated' END AS change
        FROM stage_parsed p
        ANTI JOIN (SELECT DISTINCT _row FROM stage_errors) bad ON bad._row = p._row
        ANTI JOIN stage_duplicates d
            ON d.agency = p.agency AND d.record_id = p.record_id AND d.first_row <> p._row
        LEFT JOIN current_events e ON e.agency = p.agency AND e.record_id = p.record_id
        """
    )
    rows = con.execute(
        """
        SELECT count(*) FILTER (WHERE change = 'new'),
               count(*) FILTER (WHERE change = 'updated'),
               count(*) FILTER (WHERE change = 'unchanged'),
               (SELECT count(*) FROM stage_parsed
                WHERE _row NOT IN (SELECT _row FROM stage_errors)) - count(*)
        FROM stage_incoming
        """
    ).fetchone()
    assert rows is not None
    return Counts(int(rows[0]), int(rows[1]), int(rows[2]), int(rows[3]))


def incoming_agencies(store: Store) -> list[str]:
    return [str(r[0]) for r in store.rows("SELECT DISTINCT agency FROM stage_incoming ORDER BY 1")]


def find_loaded(store: Store, checksum: str) -> dict[str, object] | None:
    """The earlier submission of a file with this checksum that was stored, if any."""
    rows = store.dicts(
        "SELECT submission_id, file_name, received_at, outcome FROM submissions "
        "WHERE checksum = ? AND outcome IN ('loaded', 'partial') ORDER BY submission_id LIMIT 1",
        [checksum],
    )
    return rows[0] if rows else None


@dataclass(frozen=True)
class SubmissionRecord:
    file_name: str
    file_path: str
    checksum: str
    size_bytes: int
    file_format: str
    rows_read: int
    rows_rejected: int
    outcome: str
    message: str | None


def record_submission(
    store: Store, record: SubmissionRecord, counts: Counts | None, agencies: list[str]
) -> int:
    """Insert one row into `submissions` (inside the caller's transaction) and return its id."""
    row = store.one("SELECT nextval('submission_id_seq')")
    assert row is not None
    submission_id = int(row[0])
    store.execute(
        """
        INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            submission_id,
            record.file_name,
            record.file_path,
            record.checksum,
            record.size_bytes,
            record.file_format,
            agencies,
            record.rows_read,
            counts.new if counts else 0,
            counts.updated if counts else 0,
            counts.unchanged if counts else 0,
            record.rows_rejected,
            utc_now(),
            record.outcome,
            record.message,
            __version__,
        ],
    )
    return submission_id


def write_events(store: Store, submission_id: int) -> None:
    """Store the new and changed rows of `stage_incoming` (inside the caller's transaction).

    A changed record keeps its older version as history (`is_current = false`, with the
    submission that replaced it); nothing is deleted.
    """
    con = store.connection
    con.execute(
        """
        UPDATE events SET is_current = false, superseded_by_submission = ?
        FROM stage_incoming i
        WHERE events.is_current AND i.change = 'updated'
          AND events.agency = i.agency AND events.record_id = i.record_id
        """,
        [submission_id],
    )
    columns = ", ".join(EVENT_VALUE_COLUMNS)
    # Event ids continue from the largest so far, in file order (a sequence's nextval per row
    # costs more than the rest of the insert). Writes to one store are serialised by DuckDB.
    con.execute(
        f"""
        INSERT INTO events (event_id, version, is_current, submission_id, source_row,
                            superseded_by_submission, {columns})
        SELECT (SELECT coalesce(max(event_id), 0) FROM events)
                   + row_number() OVER (),
               coalesce(old_version, 0) + 1, true, ?, _row, NULL, {columns}
        FROM stage_incoming WHERE change <> 'unchanged'
        """,
        [submission_id],
    )
    _refresh_subjects(store)


def _refresh_subjects(store: Store) -> None:
    """Recompute `subjects` and `subject_identities` for the subjects this file touched."""
    con = store.connection
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE stage_touched AS
        SELECT DISTINCT agency, subject_ref FROM stage_incoming WHERE change <> 'unchanged'
        UNION
        SELECT DISTINCT agency, old_subject_ref FROM stage_incoming
        WHERE change = 'updated' AND old_subject_ref IS NOT NULL
        """
    )
    for table in ("subjects", "subject_identities"):
        con.execute(
            f"DELETE FROM {table} USING stage_touched t "
            f"WHERE {table}.agency = t.agency AND {table}.subject_ref = t.subject_ref"
        )
    order = (
        "struct_pack(d := event_date, r := coalesce(recorded_at, CAST(event_date AS TIMESTAMP)),"
        " s := submission_id, w := source_row)"
    )
    latest = ",\n".join(
        f"arg_max({a}, {order}) FILTER (WHERE {a} IS NOT NULL) AS {a}"
        for a in (*IDENTITY_ATTRIBUTES, "other_names")
        if a != "subject_role"
    )
    con.execute(
        f"""
        INSERT INTO subjects (agency, subject_ref, subject_role, household_ref, given_name,
            family_name, date_of_birth, sex, nhs_number, upn, postcode, address, other_names,
            first_event_date, last_event_date, event_count)
        SELECT agency, subject_ref,
            coalesce(arg_max(subject_role, {order}) FILTER (WHERE subject_role IS NOT NULL),
                     'child'),
            {latest},
            min(event_date), max(event_date), count(*)
        FROM current_events SEMI JOIN stage_touched USING (agency, subject_ref)
        GROUP BY agency, subject_ref
        """
    )
    values = ", ".join(
        f"{{'attribute': '{a}', 'value': CAST({a} AS VARCHAR)}}" for a in IDENTITY_ATTRIBUTES
    )
    con.execute(
        f"""
        INSERT INTO subject_identities
        SELECT agency, subject_ref, kv.attribute, kv.value,
               min(event_date), max(event_date), count(*)
        FROM (
            SELECT agency, subject_ref, event_date,
                   unnest([{values}] || list_transform(coalesce(other_names, []),
                          lambda n: {{'attribute': 'other_name', 'value': n}})) AS kv
            FROM current_events SEMI JOIN stage_touched USING (agency, subject_ref)
        )
        WHERE kv.value IS NOT NULL
        GROUP BY agency, subject_ref, kv.attribute, kv.value
        """
    )
    con.execute("DROP TABLE IF EXISTS stage_touched")
