"""Text from files is data, never a formula: the guard used by every CSV and XLSX export."""

from __future__ import annotations

from typing import overload

#: A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage
#: return, as the start of one after trimming).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@overload
def neutralise(value: str) -> str: ...
@overload
def neutralise(value: None) -> None: ...
@overload
def neutralise(value: object) -> object: ...


def neutralise(value: object) -> object:
    """Prefix a text value that a spreadsheet would run as a formula with an apostrophe.

    Numbers and dates pass through unchanged; only text is guarded.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
