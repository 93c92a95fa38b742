from __future__ import annotations

import pytest

from clearsight.compare.symbols import SUPPRESSION_SYMBOLS, CellError, parse_cell


@pytest.mark.parametrize("symbol", ["c", "x", "z", "u", "low", "C", " x "])
def test_suppression_symbols_become_missing_with_their_reason(symbol: str) -> None:
    cell = parse_cell(symbol, file="f.csv", row=7, column="count")
    assert cell.value is None
    assert cell.reason == SUPPRESSION_SYMBOLS[symbol.strip().lower()]
    assert cell.reason is not None and cell.reason.startswith(symbol.strip().lower())


def test_numbers_are_read_with_thousands_separators() -> None:
    assert parse_cell("1,234.5", file="f", row=2, column="c").value == 1234.5
    assert parse_cell("0", file="f", row=2, column="c").value == 0.0


def test_blank_is_missing_not_zero() -> None:
    cell = parse_cell("", file="f", row=2, column="c")
    assert cell.value is None and cell.reason


def test_unknown_text_names_file_row_column_and_value() -> None:
    with pytest.raises(CellError) as err:
        parse_cell("n/a", file="b1.csv", row=12, column="At31_episodes")
    message = str(err.value)
    for part in ("b1.csv", "row 12", "At31_episodes", "'n/a'"):
        assert part in message
