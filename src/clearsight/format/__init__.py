"""The multi-agency chronology exchange format, version 1: columns, codes, checks and readers."""

from clearsight.format.spec import COLUMNS, FORMAT_VERSION, Column, ColumnKind

__all__ = ["COLUMNS", "FORMAT_VERSION", "Column", "ColumnKind"]
