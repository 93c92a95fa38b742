"""Problems found in input: collected as data, reported together as `file:row:column: message`."""

from __future__ import annotations

from dataclasses import dataclass

_SHOWN_VALUE_CHARS = 80


def show_value(value: str) -> str:
    """A value as it can be printed safely on one line: control characters escaped, long values
    cut with their full length given."""
    escaped = value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value
    if len(escaped) > _SHOWN_VALUE_CHARS:
        return f"{escaped[:_SHOWN_VALUE_CHARS]}… ({len(value):,} characters)"
    return escaped


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, row or value.

    `row` counts as a spreadsheet does for CSV and XLSX (the header is row 1, the first event
    row 2) and is the line number for JSON Lines. `row` and `column` are None for problems with
    the whole file.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column is not None:
            where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" ({show_value(self.value)})"
        return text


class FileRejected(Exception):
    """The whole file cannot be read; nothing from it is stored."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
