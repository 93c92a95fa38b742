"""Reading one published cell: a number, or a suppression symbol kept with its reason.

DfE and Ofsted files mark cells they cannot publish with short symbols. A suppressed cell is
never a zero: it becomes `None` with the reason kept, so that no rate, limit or chart treats a
hidden count as nothing happened.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPRESSION_SYMBOLS: dict[str, str] = {
    "c": "c: suppressed to protect confidentiality",
    "x": "x: not available, or suppressed",
    "z": "z: not applicable",
    "u": "u: low reliability, withheld",
    "low": "low: rounds to zero but is not zero",
    "k": "k: rounds to zero but is not zero",
    ":": ":: not available",
    "..": "..: not available",
}
"""Every symbol the bundled files use, with the reason stored beside the missing value."""

MISSING_IN_FILE = "blank in the published file"


class CellError(ValueError):
    """A cell that is neither a number nor a known suppression symbol."""

    def __init__(self, file: str, row: int, column: str, value: str) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        known = ", ".join(sorted(SUPPRESSION_SYMBOLS))
        super().__init__(
            f"{file}, row {row}, column {column!r}: {value!r} is neither a number nor a known "
            f"suppression symbol ({known}). Check the file is the official release; if the "
            "publisher has a new symbol, add it to clearsight.compare.symbols."
        )


@dataclass(frozen=True)
class Cell:
    """A published figure: `value` is None exactly when `reason` says why."""

    value: float | None
    reason: str | None = None


def parse_cell(text: str | None, *, file: str, row: int, column: str) -> Cell:
    """Parse one cell. Thousands separators are accepted; anything unknown is an error."""
    raw = (text or "").strip()
    if raw == "":
        return Cell(None, MISSING_IN_FILE)
    symbol = raw.lower()
    if symbol in SUPPRESSION_SYMBOLS:
        return Cell(None, SUPPRESSION_SYMBOLS[symbol])
    try:
        return Cell(float(raw.replace(",", "")))
    except ValueError:
        raise CellError(file, row, column, raw) from None
