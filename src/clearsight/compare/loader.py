"""Read the bundled DfE, Ofsted and ONS files into tidy rows (no store access here).

`read_all(folder)` returns a `PublicStats`: the authorities seen, the ONS populations, every
indicator row, the statistical neighbours and the Ofsted judgements. Writing them to the store
is `clearsight.store.public_stats`'s job; `load_into_store` joins the two.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from clearsight.compare import indicators as ind
from clearsight.compare.authorities import (
    ENGLAND_CODE,
    ENGLAND_KEY,
    normalise_name,
    split_joint_key,
)
from clearsight.compare.symbols import Cell, CellError, parse_cell

POPULATION_FILE = "ons_mid-year_population_estimates_2012_to_2024.csv"
LEGACY_CLA_FILE = "la_cla_legacy_sfr_2010_2017.csv"
CLA_FILE = "cla_number_and_rate_per_10k_children.csv"
CLA_STARTS_FILE = "la_cla_started_2018_2022_by_need_legal_taken.csv"
WORKFORCE_FILE = "csww_indicators_2017_to_2025.csv"
NEIGHBOURS_FILE = "sn_model_2025_wide.csv"
ILACS_HISTORY_FILE = "ofsted_ilacs_inspection_history_2018_2025.csv"
INSPECTIONS_2009_FILE = "ofsted_la_inspections_2009_2023.csv"

DATA_FILES = (
    "b1_children_in_need_2013_to_2025.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "d5_cpps_at31march_by_duration_2013_to_2025.csv",
    CLA_FILE,
    LEGACY_CLA_FILE,
    CLA_STARTS_FILE,
    WORKFORCE_FILE,
    POPULATION_FILE,
    NEIGHBOURS_FILE,
    ILACS_HISTORY_FILE,
    INSPECTIONS_2009_FILE,
)
"""The files the loader reads. The others in the folder are shipped for reference."""


def bundled_data_dir() -> Path:
    """The copy of the public statistics shipped inside the package."""
    return Path(__file__).resolve().parent / "data" / "public_stats"


class LoadError(ValueError):
    """A file that cannot be read as expected; the message names file, row and column."""


@dataclass
class Authority:
    key: str
    code: str
    name: str
    first_year: int
    last_year: int


@dataclass(frozen=True)
class Judgement:
    key: str
    framework: str
    inspected_on: date | None
    published_on: date
    judgement: str
    source_file: str
    source_row: int


@dataclass
class PublicStats:
    authorities: dict[str, Authority] = field(default_factory=dict)
    populations: dict[tuple[str, int], float] = field(default_factory=dict)
    rows: list[ind.IndicatorRow] = field(default_factory=list)
    neighbours: list[tuple[str, int, str, str]] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    unmatched_names: list[str] = field(default_factory=list)
    checksum: str = ""

    def note_authority(self, key: str, code: str, name: str, year: int) -> None:
        found = self.authorities.get(key)
        if found is None:
            self.authorities[key] = Authority(key, code, name, year, year)
            return
        if year >= found.last_year:
            found.last_year = year
            if code:
                found.code = code
            found.name = name
        found.first_year = min(found.first_year, year)


# -- reading CSV ------------------------------------------------------------------------------


def _records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts, numbered as a spreadsheet would (header is row 1)."""
    if not path.exists():
        raise LoadError(f"{path}: file not found. The bundled copy should hold it; see "
                        "docs/compare.md on refreshing the public statistics.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        width = len(reader.fieldnames or [])
        for number, record in enumerate(reader, start=2):
            if None in record or any(v is None for v in record.values()):
                cells = width + len(record.get(None) or []) if None in record else "fewer"
                raise LoadError(f"{path.name}, row {number}: {cells} cells where the header "
                                f"has {width} columns; the row is misaligned.")
            yield number, {k.strip(): v for k, v in record.items() if k is not None}


def _need(record: dict[str, str], column: str, file: str, row: int) -> str:
    if column not in record:
        raise LoadError(f"{file}, row {row}: column {column!r} is missing; the file's layout "
                        "has changed from the release Clearsight reads.")
    return record[column]


def _cell(record: dict[str, str], column: str, file: str, row: int) -> Cell:
    return parse_cell(_need(record, column, file, row), file=file, row=row, column=column)


def _sum(cells: list[Cell]) -> Cell:
    for cell in cells:
        if cell.value is None:
            return cell
    return Cell(sum(c.value for c in cells if c.value is not None))


def _level(record: dict[str, str], file: str, row: int) -> str | None:
    """'ENG' for national rows, 'LA' for authority rows, None for regions."""
    raw = (record.get("geographic_level") or "").strip().lower()
    if raw in {"national", "england"}:
        return ENGLAND_KEY
    if raw in {"local authority", "la"}:
        return "LA"
    if raw in {"regional", "region", "gor"}:
        return None
    if raw == "" and (record.get("old_la_code") or "").strip():
        return "LA"  # Isles of Scilly 2017 in the legacy file has no level but an LA code
    raise LoadError(f"{file}, row {row}, column 'geographic_level': unknown level {raw!r}.")


def _identity(
    stats: PublicStats, record: dict[str, str], year: int, file: str, row: int
) -> str | None:
    level = _level(record, file, row)
    if level is None:
        return None
    if level == ENGLAND_KEY:
        stats.note_authority(ENGLAND_KEY, ENGLAND_CODE, "England", year)
        return ENGLAND_KEY
    old = split_joint_key(_need(record, "old_la_code", file, row))
    if not old:
        raise LoadError(f"{file}, row {row}, column 'old_la_code': empty on an LA row.")
    code = (record.get("new_la_code") or "").replace(" ", "")
    stats.note_authority(old, code, record.get("la_name", "").strip() or old, year)
    return old


def _year(record: dict[str, str], column: str, file: str, row: int) -> int:
    raw = _need(record, column, file, row).strip()
    if not raw.isdigit():
        raise LoadError(f"{file}, row {row}, column {column!r}: {raw!r} is not a year.")
    return int(raw[:4])


# -- indicator extraction ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    key: str
    year: int
    indicator: str
    numerator: Cell
    denominator: Cell | None  # None: the ONS population for year - 1
    published: Cell | None
    file: str
    row: int


def _read_simple(
    stats: PublicStats, folder: Path, file: str,
    specs: list[tuple[str, list[str], list[str] | None, str | None]],
) -> Iterator[_Figure]:
    """Files in the DfE 'tidy' layout: one row per geography and year."""
    for row, rec in _records(folder / file):
        year = _year(rec, "time_period", file, row)
        key = _identity(stats, rec, year, file, row)
        if key is None:
            continue
        for name, num_cols, den_cols, pub_col in specs:
            num = _sum([_cell(rec, c, file, row) for c in num_cols])
            den = None if den_cols is None else _sum([_cell(rec, c, file, row) for c in den_cols])
            pub = None if pub_col is None else _cell(rec, pub_col, file, row)
            yield _Figure(key, year, name, num, den, pub, file, row)


def _read_workforce(stats: PublicStats, folder: Path) -> Iterator[_Figure]:
    file = WORKFORCE_FILE
    for row, rec in _records(folder / file):
        year = _year(rec, "time_period", file, row)
        key = _identity(stats, rec, year, file, row)
        if key is None:
            continue
        c = {col: _cell(rec, col, file, row) for col in (
            "inpost_fte", "leavers_fte", "turnover_rate_fte", "agency_fte", "agency_rate_fte",
            "vacancy_fte", "vacancy_rate_fte", "cases", "case_holders_fte", "caseload_fte",
            "working_days_lost_fte", "absence_rate_fte",
        )}
        inpost = c["inpost_fte"]
        days = (
            Cell(inpost.value * ind.working_days(year)) if inpost.value is not None else inpost
        )
        yield _Figure(key, year, "sw_turnover_pct", c["leavers_fte"], inpost,
                      c["turnover_rate_fte"], file, row)
        yield _Figure(key, year, "sw_vacancy_pct", c["vacancy_fte"],
                      _sum([c["vacancy_fte"], inpost]), c["vacancy_rate_fte"], file, row)
        yield _Figure(key, year, "sw_agency_pct", c["agency_fte"],
                      _sum([c["agency_fte"], inpost]), c["agency_rate_fte"], file, row)
        yield _Figure(key, year, "sw_caseload", c["cases"], c["case_holders_fte"],
                      c["caseload_fte"], file, row)
        yield _Figure(key, year, "sw_sickness_pct", c["working_days_lost_fte"], days,
                      c["absence_rate_fte"], file, row)


_CLA_TYPES = {
    "Children looked after on 31 March each year": "cla_rate",
    "Children starting to be looked after each year": "cla_starts_rate",
}


def _read_cla(stats: PublicStats, folder: Path) -> Iterator[_Figure]:
    file = CLA_FILE
    for row, rec in _records(folder / file):
        name = _CLA_TYPES.get(_need(rec, "population_type", file, row).strip())
        if name is None:
            continue
        year = _year(rec, "time_period", file, row)
        key = _identity(stats, rec, year, file, row)
        if key is None:
            continue
        yield _Figure(key, year, name, _cell(rec, "children_count", file, row), None,
                      _cell(rec, "rate_per_10000", file, row), file, row)


def _read_cla_starts(stats: PublicStats, folder: Path) -> Iterator[_Figure]:
    file = CLA_STARTS_FILE
    for row, rec in _records(folder / file):
        if (rec.get("cla_group"), rec.get("characteristic")) != ("Age group", "Total"):
            continue
        year = _year(rec, "time_period", file, row)
        key = _identity(stats, rec, year, file, row)
        if key is None:
            continue
        yield _Figure(key, year, "cla_starts_rate", _cell(rec, "number", file, row), None,
                      None, file, row)


def _read_legacy_cla(stats: PublicStats, folder: Path) -> Iterator[_Figure]:
    """2010-2017. The national row's old_la_code is wrong in the derived file (921 is the
    Isle of Wight's number), so national rows are recognised by their level only."""
    file = LEGACY_CLA_FILE
    for row, rec in _records(folder / file):
        year = _year(rec, "year", file, row)
        key = _identity(stats, rec, year, file, row)
        if key is None:
            continue
        pop = _cell(rec, "mid_prev_year_pop_0_17", file, row)
        if pop.value is not None:
            stats.populations.setdefault((key, year - 1), pop.value)
        yield _Figure(key, year, "cla_rate", _cell(rec, "cla_31_march", file, row), None, None,
                      file, row)
        yield _Figure(key, year, "cla_starts_rate", _cell(rec, "started_in_year", file, row),
                      None, None, file, row)


def _read_population(stats: PublicStats, folder: Path) -> None:
    file = POPULATION_FILE
    for row, rec in _records(folder / file):
        year = _year(rec, "time_period", file, row)
        key = _identity(stats, rec, year + 1, file, row)
        if key is None:
            continue
        cell = _cell(rec, "population_estimate", file, row)
        if cell.value is not None:
            stats.populations[(key, year)] = cell.value


def _figures(stats: PublicStats, folder: Path) -> Iterator[_Figure]:
    """In priority order: for the same authority, year and indicator the first wins."""
    yield from _read_simple(stats, folder, "c1_children_in_need_referrals_and_rereferrals_"
                            "2013_to_2025.csv", [
        ("referrals_rate", ["referral_count"], None, None),
        ("rereferrals_pct", ["rereferral_count"], ["referral_count"], "rereferral_percent"),
    ])
    yield from _read_simple(stats, folder, "b1_children_in_need_2013_to_2025.csv", [
        ("cin_rate", ["At31_episodes"], None, None),
    ])
    yield from _read_simple(stats, folder, "d5_cpps_at31march_by_duration_2013_to_2025.csv", [
        ("cpp_rate", ["CPP_At31"], None, None),
        ("cpp_2years_pct", ["2_years_or_more"], ["CPP_At31"], "2_years_or_more_percent"),
    ])
    yield from _read_simple(stats, folder, "d3_cpps_subsequent_plan_2013_to_2025.csv", [
        ("cpp_second_or_later_pct", ["CPP_subsequent"], ["CPP_start"], "CPP_subsequent_percent"),
    ])
    yield from _read_cla(stats, folder)
    yield from _read_cla_starts(stats, folder)
    yield from _read_legacy_cla(stats, folder)
    yield from _read_workforce(stats, folder)


def _to_row(stats: PublicStats, fig: _Figure) -> ind.IndicatorRow:
    indicator = ind.get(fig.indicator)
    if fig.denominator is None:
        pop = stats.populations.get((fig.key, fig.year - 1))
        den = Cell(pop) if pop is not None else Cell(
            None, f"no ONS population estimate for mid-{fig.year - 1} in the bundled files"
        )
    else:
        den = fig.denominator
    value = ind.compute_value(indicator, fig.numerator.value, den.value)
    reason = fig.numerator.reason or den.reason
    if value is None and reason is None:
        reason = "denominator is zero"
    published = fig.published.value if fig.published is not None else None
    return ind.IndicatorRow(
        fig.key, fig.year, fig.indicator, fig.numerator.value, den.value, value, published,
        None if value is not None else reason, fig.file, fig.row,
    )


LOADER_VERSION = 2
"""Raise when the loader's reading changes, so stores loaded by an older loader reload."""


def files_checksum(folder: Path) -> str:
    """SHA-256 over the loader's version and the names and bytes of the files it reads."""
    digest = hashlib.sha256(f"loader {LOADER_VERSION}\n".encode())
    for name in DATA_FILES:
        path = folder / name
        if not path.exists():
            raise LoadError(f"{path}: file not found (expected one of the public statistics "
                            "files; see docs/compare.md).")
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_all(folder: Path | None = None) -> PublicStats:
    """Read every file the loader needs from `folder` (default: the bundled copy)."""
    folder = folder or bundled_data_dir()
    stats = PublicStats()
    stats.checksum = files_checksum(folder)
    try:
        _read_population(stats, folder)
        figures = list(_figures(stats, folder))
    except CellError as exc:
        raise LoadError(str(exc)) from exc
    seen: set[tuple[str, int, str]] = set()
    for fig in figures:
        ident = (fig.key, fig.year, fig.indicator)
        if ident in seen:
            continue
        seen.add(ident)
        stats.rows.append(_to_row(stats, fig))
    stats.neighbours = read_neighbours(folder / NEIGHBOURS_FILE)
    stats.judgements = read_judgements(stats, folder)
    return stats


# -- statistical neighbours -------------------------------------------------------------------


def read_neighbours(path: Path) -> list[tuple[str, int, str, str]]:
    """(authority key, rank 1-10, neighbour key, closeness band) from the 2025 model."""
    out: list[tuple[str, int, str, str]] = []
    file = path.name
    for row, rec in _records(path):
        key = _need(rec, "old_la_code", file, row).strip()
        for rank in range(1, 11):
            neighbour = _need(rec, f"SN_{rank}", file, row).strip()
            band = _need(rec, f"SN_{rank}P", file, row).strip()
            if not neighbour.isdigit():
                raise LoadError(f"{file}, row {row}, column 'SN_{rank}': {neighbour!r} is not a "
                                "DfE local authority number.")
            out.append((key, rank, neighbour, band))
    return out


# -- Ofsted judgements ------------------------------------------------------------------------

GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
_GRADE_ALIASES = {
    "requires improvement": "Requires improvement to be good",
    "adequate": "Requires improvement to be good",
}


def _grade(text: str) -> str | None:
    raw = text.strip()
    if raw in GRADES:
        return raw
    return _GRADE_ALIASES.get(raw.lower())


def _date(text: str, file: str, row: int, column: str) -> date | None:
    raw = text.strip()
    if not raw:
        return None
    try:
        return datetime.strptime(raw, "%d/%m/%Y").date()
    except ValueError:
        raise LoadError(f"{file}, row {row}, column {column!r}: {raw!r} is not a date "
                        "(DD/MM/YYYY).") from None


_FRAMEWORKS_2009 = (
    # (framework, publication date column, overall effectiveness column)
    ("SLAC safeguarding", "Safeguarding & Looked After Children (SLAC) Inspection publication "
     "date", "SLAC Safeguarding Overall effectiveness (OE)"),
    ("SLAC safeguarding re-inspection", "SLAC re-inspection of Safeguarding publication date",
     "SLAC re-inspection Safeguarding OE"),
    ("SIF", "Single Inspection of LA Children's Services (SIF) First SIF publication date",
     "First SIF Overall Judgement (OE)"),
    ("SIF re-inspection", "Single Inspection of LA Children's Services (SIF) SIF Re-inspection "
     "publication date", "SIF Re-inspection Overall Judgement (OE)"),
)
"""Overall judgements read from the 2009-2023 history (its ILACS columns repeat the ILACS
history file, which is read instead)."""


def read_judgements(stats: PublicStats, folder: Path) -> list[Judgement]:
    """Overall effectiveness judgements: SIF (2013-2018) from the 2009-2023 history, ILACS
    standard and short inspections (2018-2025) from the ILACS history."""
    same_name: dict[str, list[Authority]] = {}
    for a in stats.authorities.values():
        if a.key != ENGLAND_KEY:
            same_name.setdefault(normalise_name(a.name), []).append(a)
    # a name shared by an abolished and a current authority (Dorset) means the current one,
    # unless the row says the authority existed only before a restructure (see below)
    by_name = {n: max(items, key=lambda a: a.last_year).key for n, items in same_name.items()}
    before_restructure = {n: min(items, key=lambda a: a.last_year).key
                          for n, items in same_name.items()}
    by_code = {a.code: a.key for a in stats.authorities.values() if a.code}
    out: list[Judgement] = []
    file = ILACS_HISTORY_FILE
    for row, rec in _records(folder / file):
        code = _need(rec, "Local authority area code", file, row).strip()
        name = _need(rec, "Local authority name", file, row).strip()
        key = by_code.get(code) or by_name.get(normalise_name(name))
        grade = _grade(_need(rec, "Overall effectiveness", file, row))
        published = _date(_need(rec, "Publication date", file, row), file, row,
                          "Publication date")
        if key is None:
            stats.unmatched_names.append(f"{file} row {row}: {name} ({code})")
            continue
        if grade is None or published is None:
            continue
        inspected = _date(_need(rec, "Inspection date", file, row), file, row, "Inspection date")
        out.append(Judgement(key, _need(rec, "Inspection type", file, row).strip(), inspected,
                             published, grade, file, row))
    file = INSPECTIONS_2009_FILE
    for row, rec in _records(folder / file):
        name = _need(rec, "Local authority name", file, row).strip()
        status = rec.get("la_status", "").strip().lower()
        names = by_name if status in ("", "current") else before_restructure
        key = names.get(normalise_name(name))
        if key is None:
            stats.unmatched_names.append(f"{file} row {row}: {name}")
            continue
        for framework, date_col, grade_col in _FRAMEWORKS_2009:
            if date_col not in rec or grade_col not in rec:
                continue
            published = _date(rec[date_col], file, row, date_col)
            grade = _grade(rec[grade_col])
            if published is None or grade is None:
                continue
            out.append(Judgement(key, framework, None, published, grade, file, row))
    out.sort(key=lambda j: (j.key, j.published_on))
    return out
