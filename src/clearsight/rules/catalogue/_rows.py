"""Writing rule examples briefly: exchange-format rows about invented children."""

from __future__ import annotations


def row(
    agency: str, record_id: str, subject_ref: str, event_date: str, event_type: str, **columns: str
) -> dict[str, str]:
    return {
        "agency": agency,
        "record_id": record_id,
        "subject_ref": subject_ref,
        "event_date": event_date,
        "event_type": event_type,
        **columns,
    }


def child(
    agency: str,
    subject_ref: str,
    born: str,
    first_date: str,
    first_type: str,
    record_id: str = "R0",
    **columns: str,
) -> dict[str, str]:
    """The first row of a child, carrying the date of birth."""
    return row(
        agency,
        record_id,
        subject_ref,
        first_date,
        first_type,
        subject_role="child",
        date_of_birth=born,
        **columns,
    )
