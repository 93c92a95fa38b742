"""The exchange format's validation, compiled to SQL over the staged rows.

Every rule of the format (`clearsight.format.spec`) becomes a condition over `stage_parsed`; the
rows that break one become rows of `stage_errors` (row, column, message, value). Validation is
set-based, so a million-row file is checked in a few vectorised passes, and every problem in
the file is found, not just the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clearsight.format.checks import UPN_LETTERS
from clearsight.format.spec import (
    COLUMNS,
    EARLIEST_DATE,
    MAX_ID_CHARS,
    MAX_TEXT_CHARS,
    Column,
    ColumnKind,
    normalise_column_name,
)
from clearsight.store.db import Store
from clearsight.store.schema import EVENT_VALUE_COLUMNS
from clearsight.store.staging import RAW_TABLE, Staged

_ISO = (
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)

_MACROS = (
    # UK order dd/mm/yyyy is rewritten to ISO order first; then one pattern reads every form.
    rf"""CREATE OR REPLACE TEMP MACRO cs_parts(x) AS regexp_extract(
        regexp_replace(x, '^(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})', '\3-\2-\1'),
        '{_ISO}', ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z'])""",
    """CREATE OR REPLACE TEMP MACRO cs_date(p) AS
        try_cast(p.y || '-' || lpad(p.mo, 2, '0') || '-' || lpad(p.d, 2, '0') AS DATE)""",
    """CREATE OR REPLACE TEMP MACRO cs_time(p) AS CASE WHEN p.h = '' THEN NULL
        ELSE lpad(p.h, 2, '0') || ':' || p.mi || ':' || coalesce(nullif(p.s, ''), '00') || p.f
        END""",
    """CREATE OR REPLACE TEMP MACRO cs_time_ok(t) AS
        t IS NULL OR try_cast('2000-01-01 ' || t AS TIMESTAMP) IS NOT NULL""",
    """CREATE OR REPLACE TEMP MACRO cs_offset(p) AS CASE WHEN p.z = '' THEN NULL
        WHEN p.z = 'Z' THEN 'Z' ELSE substr(p.z, 1, 3) || ':' || right(p.z, 2) END""",
    # An event date may be given as a month (2024-06) or a year (2024) when that is all that is
    # known; it is stored as the first day with the precision recorded.
    r"""CREATE OR REPLACE TEMP MACRO cs_reduced(x) AS CASE
        WHEN regexp_full_match(x, '\d{4}-\d{1,2}') THEN x || '-01'
        WHEN regexp_full_match(x, '\d{4}') THEN x || '-01-01' ELSE x END""",
    r"""CREATE OR REPLACE TEMP MACRO cs_implied_precision(x) AS CASE
        WHEN regexp_full_match(x, '\d{4}-\d{1,2}') THEN 'month'
        WHEN regexp_full_match(x, '\d{4}') THEN 'year' ELSE NULL END""",
    "CREATE OR REPLACE TEMP MACRO cs_digit(n, i) AS ascii(substr(n, i, 1)) - 48",
    "CREATE OR REPLACE TEMP MACRO cs_nhs_ok(n) AS regexp_full_match(n, '[0-9]{10}') AND "
    "(11 - ("
    + " + ".join(f"cs_digit(n, {i}) * {11 - i}" for i in range(1, 10))
    + ") % 11) % 11 = cs_digit(n, 10)",
    f"""CREATE OR REPLACE TEMP MACRO cs_upn_value(u, i) AS CASE
        WHEN substr(u, i, 1) BETWEEN '0' AND '9' THEN cs_digit(u, i)
        ELSE strpos('{UPN_LETTERS}', substr(u, i, 1)) - 1 END""",
    "CREATE OR REPLACE TEMP MACRO cs_upn_ok(u) AS "
    "regexp_full_match(u, '[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]') AND "
    f"substr('{UPN_LETTERS}', (("
    + " + ".join(f"cs_upn_value(u, {i}) * {i}" for i in range(2, 14))
    + ") % 23) + 1, 1) = substr(u, 1, 1)",
)


def _literal_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class _Check:
    column: str  # the column named in the problem
    condition: str  # SQL over stage_parsed: true when the row is wrong
    message: str  # SQL expression giving the message
    value: str  # SQL expression giving the offending value (raw text)


#: What the checks read: each parsed row beside its raw text (`raw_<column>`), what is known of
#: its subject (date of birth; ever recorded as unborn, in this file or an earlier one), and
#: whether its record id is given again in the file with other content.
_CHECKED = """
    SELECT p.*, r.* EXCLUDE (_row),
        coalesce(p.date_of_birth, ss.file_dob, ss.store_dob) AS eff_dob,
        CASE WHEN ss.file_dob IS NOT NULL THEN 'on another row of this file'
             ELSE 'in an earlier file' END AS eff_dob_source,
        coalesce(p.subject_role = 'unborn', ss.ever_unborn, false) AS eff_unborn,
        coalesce(d.versions, 1) AS dup_versions, d.n AS dup_rows, d.row_list AS dup_row_list
    FROM stage_parsed p
    JOIN ({raw}) r USING (_row)
    LEFT JOIN stage_subjects ss
        ON ss.agency IS NOT DISTINCT FROM p.agency
        AND ss.subject_ref IS NOT DISTINCT FROM p.subject_ref
    LEFT JOIN stage_duplicates d ON d.agency = p.agency AND d.record_id = p.record_id
"""


def _raw(name: str, positions: dict[str, int]) -> str:
    return f"c{positions[name]}" if name in positions else "CAST(NULL AS VARCHAR)"


def _parsed_select(positions: dict[str, int], extras: list[tuple[str, int]]) -> str:
    """SELECT list turning raw text into typed, normalised values (NULL where unparseable)."""
    out = ["r._row AS _row"]
    for column in COLUMNS:
        raw = _raw(column.name, positions)
        trimmed = f"nullif(trim({raw}), '')"
        kind = column.kind
        if kind is ColumnKind.TEXT:
            value = f"CASE WHEN trim({raw}) = '' THEN NULL ELSE {raw} END"
        elif kind is ColumnKind.ID:
            value = trimmed
        elif kind is ColumnKind.CODE:
            value = f"lower({trimmed})"
        elif kind is ColumnKind.SEX:
            value = f"upper({trimmed})"
        elif kind is ColumnKind.CODES:
            norm = "upper" if column.name == "factors" else "lower"
            value = (
                f"list_filter(list_transform(string_split({trimmed}, ';'), "
                f"lambda x: {norm}(trim(x))), lambda x: x <> '')"
            )
        elif kind is ColumnKind.LIST:
            value = (
                f"list_filter(list_transform(string_split({trimmed}, ';'), lambda x: trim(x)), "
                "lambda x: x <> '')"
            )
        elif kind is ColumnKind.NHS_NUMBER:
            value = f"replace({trimmed}, ' ', '')"
        elif kind is ColumnKind.UPN:
            value = f"upper({trimmed})"
        elif kind is ColumnKind.EVENT_DATE:
            out.append(f"cs_parts(cs_reduced({trimmed})) AS p_{column.name}")
            out.append(f"cs_implied_precision({trimmed}) AS implied_precision")
            continue
        elif kind in (ColumnKind.DATE, ColumnKind.DATETIME):
            out.append(f"cs_parts({trimmed}) AS p_{column.name}")
            continue
        else:  # pragma: no cover - every kind is handled above
            raise AssertionError(kind)
        out.append(f"{value} AS {column.name}")
    if extras:
        entries = ", ".join(f"{{'k': {_quote(name)}, 'v': c{i}}}" for name, i in extras)
        out.append(
            "CASE WHEN len(list_filter([" + entries + "], lambda e: e.v IS NOT NULL AND "
            "e.v <> '')) = 0 THEN NULL ELSE to_json(map_from_entries(list_filter(["
            + entries
            + "], lambda e: e.v IS NOT NULL AND e.v <> ''))) END AS attributes"
        )
        out.append(
            "greatest("
            + ", ".join(f"coalesce(length(c{i}), 0)" for _, i in extras)
            + ") AS extras_longest"
        )
    else:
        out.append("CAST(NULL AS JSON) AS attributes")
        out.append("0 AS extras_longest")
    return ",\n    ".join(out)


def _checks(present: set[str], today: dt.date) -> list[_Check]:
    checks: list[_Check] = []
    today_sql = f"DATE '{today.isoformat()}'"
    earliest = f"DATE '{EARLIEST_DATE}'"
    for column in COLUMNS:
        if column.name not in present:
            continue
        name = column.name
        raw = f"raw_{name}"
        if column.required:
            checks.append(
                _Check(name, f"nullif(trim({raw}), '') IS NULL", "'a value is required'", raw)
            )
        checks.extend(_value_checks(column, raw, today_sql, earliest))
    if "date_of_birth" in present:
        checks.append(
            _Check(
                "date_of_birth",
                "date_of_birth IS NOT NULL AND event_date IS NOT NULL AND "
                "NOT eff_unborn AND date_of_birth > event_date",
                "'the date of birth is after the event date (' || strftime(event_date, "
                "'%Y-%m-%d') || ') and the subject is not unborn'",
                "raw_date_of_birth",
            )
        )
    checks.append(
        _Check(
            "event_date",
            "date_of_birth IS NULL AND eff_dob IS NOT NULL AND event_date IS NOT NULL AND "
            "NOT eff_unborn AND eff_dob > event_date",
            "'the event is before the subject''s date of birth (' || strftime(eff_dob, "
            "'%Y-%m-%d') || ', given ' || eff_dob_source || ') and the subject is not unborn'",
            "raw_event_date",
        )
    )
    checks.append(
        _Check(
            "(unknown column)",
            f"extras_longest > {MAX_TEXT_CHARS}",
            f"'a value is ' || format('{{:,}}', extras_longest) || ' characters long; the "
            f"limit is {MAX_TEXT_CHARS:,}'",
            "NULL",
        )
    )
    checks.append(
        _Check(
            "record_id",
            "dup_versions > 1",
            "'record_id ''' || record_id || ''' of agency ''' || agency || ''' is given ' || "
            "dup_rows || ' times in this file with different content (rows ' || dup_row_list "
            "|| ')'",
            "raw_record_id",
        )
    )
    return checks


def _value_checks(column: Column, raw: str, today_sql: str, earliest: str) -> list[_Check]:
    name = column.name
    kind = column.kind
    given = f"nullif(trim({raw}), '') IS NOT NULL"
    checks: list[_Check] = []
    if kind is ColumnKind.TEXT:
        checks.append(
            _Check(
                name,
                f"length({raw}) > {MAX_TEXT_CHARS}",
                f"'the text is ' || format('{{:,}}', length({raw})) || ' characters long; the "
                f"limit is {MAX_TEXT_CHARS:,}'",
                raw,
            )
        )
    elif kind is ColumnKind.ID:
        checks.append(
            _Check(
                name,
                f"length({name}) > {MAX_ID_CHARS}",
                f"'an identifier may be at most {MAX_ID_CHARS} characters'",
                raw,
            )
        )
    elif kind in (ColumnKind.CODE, ColumnKind.SEX):
        checks.append(
            _Check(
                name,
                f"{given} AND NOT list_contains({_literal_list(column.codes)}, {name})",
                _quote(f"not a valid {name} code"),
                raw,
            )
        )
    elif kind is ColumnKind.CODES:
        codes = _literal_list(column.codes)
        bad = f"list_filter({name}, lambda x: NOT list_contains({codes}, x))"
        checks.append(
            _Check(
                name,
                f"len({bad}) > 0",
                f"'not {name} code(s): ' || array_to_string({bad}, ', ')",
                raw,
            )
        )
    elif kind is ColumnKind.NHS_NUMBER:
        checks.append(
            _Check(
                name,
                f"{given} AND NOT regexp_full_match({name}, '[0-9]{{10}}')",
                "'an NHS number is 10 digits (spaces allowed)'",
                raw,
            )
        )
        checks.append(
            _Check(
                name,
                f"regexp_full_match({name}, '[0-9]{{10}}') AND NOT cs_nhs_ok({name})",
                "'the NHS number fails its modulus-11 check (a digit is wrong or two are swapped)'",
                raw,
            )
        )
    elif kind is ColumnKind.UPN:
        checks.append(
            _Check(
                name,
                f"{given} AND NOT cs_upn_ok({name})",
                "CASE WHEN regexp_full_match(" + name + ", '[A-HJ-NP-RT-Z][0-9]{11}"
                "[0-9A-HJ-NP-RT-Z]') THEN 'the UPN fails its check letter' ELSE 'a UPN is 13 "
                "characters: a check letter, 11 digits, then a digit or a letter' END",
                raw,
            )
        )
    elif kind in (ColumnKind.EVENT_DATE, ColumnKind.DATE, ColumnKind.DATETIME):
        parts = f"p_{name}"
        date = f"cs_date({parts})"
        time = f"cs_time({parts})"
        what = "a date" if kind is ColumnKind.DATE else "a date or date-time"
        checks.append(
            _Check(
                name,
                f"{given} AND ({date} IS NULL OR NOT cs_time_ok({time}))",
                _quote(f"not {what}: write YYYY-MM-DD (or dd/mm/yyyy, day first)"),
                raw,
            )
        )
        checks.append(
            _Check(
                name,
                f"{date} < {earliest}",
                "'the date is before 1900'",
                raw,
            )
        )
        if kind is ColumnKind.DATE:
            checks.append(
                _Check(
                    name,
                    f"{date} IS NOT NULL AND {time} IS NOT NULL AND "
                    f"{time} NOT IN ('00:00:00', '00:00:00.0', '00:00:00.000')",
                    "'a date of birth has no time of day'",
                    raw,
                )
            )
            checks.append(
                _Check(
                    name,
                    f"{date} > {today_sql} AND NOT eff_unborn",
                    "'the date of birth is in the future and the subject is not unborn'",
                    raw,
                )
            )
        else:
            checks.append(
                _Check(
                    name,
                    f"{date} > {today_sql}",
                    f"'the date is in the future (today is ' || strftime({today_sql}, "
                    "'%Y-%m-%d') || ')'",
                    raw,
                )
            )
        if kind is ColumnKind.EVENT_DATE:
            checks.append(
                _Check(
                    "date_precision",
                    "implied_precision IS NOT NULL AND date_precision_given IS NOT NULL AND "
                    "list_position(['day', 'month', 'year'], date_precision_given) < "
                    "list_position(['day', 'month', 'year'], implied_precision)",
                    "'event_date gives only a ' || implied_precision || ' but date_precision "
                    "says ''' || date_precision_given || ''''",
                    "raw_date_precision",
                )
            )
    return checks


def validate_staged(store: Store, staged: Staged, today: dt.date) -> int:
    """Parse the staged rows into `stage_parsed` and find every problem into `stage_errors`.

    Returns the number of problems. Column-level problems (a missing required column) are the
    caller's: this checks values.
    """
    con = store.connection
    for macro in _MACROS:
        con.execute(macro)
    positions: dict[str, int] = {}
    extras: list[tuple[str, int]] = []
    known = {c.name for c in COLUMNS}
    for i, name in enumerate(staged.header):
        key = normalise_column_name(name)
        if key in known:
            positions[key] = i
        elif key:
            extras.append((name.strip(), i))
    select = _parsed_select(positions, extras)
    con.execute("DROP TABLE IF EXISTS stage_parsed")
    con.execute(
        f"""
        CREATE TEMP TABLE stage_parsed AS
        WITH r1 AS (SELECT {select} FROM {RAW_TABLE} r),
        r2 AS (
            SELECT r1.* EXCLUDE (date_precision),
                coalesce(r1.date_precision, r1.implied_precision, 'day') AS date_precision,
                r1.date_precision AS date_precision_given,
                cs_date(p_event_date) AS event_date,
                cs_time(p_event_date) AS event_time,
                cs_offset(p_event_date) AS event_utc_offset,
                cs_date(p_date_of_birth) AS date_of_birth,
                cs_time(p_date_of_birth) AS date_of_birth_time,
                cs_date(p_recorded_at) AS recorded_at_date,
                cs_time(p_recorded_at) AS recorded_at_time,
                cs_offset(p_recorded_at) AS recorded_at_utc_offset
            FROM r1
        ),
        r3 AS (
            SELECT r2.*,
                CASE WHEN recorded_at_date IS NULL THEN NULL
                     ELSE try_cast(strftime(recorded_at_date, '%Y-%m-%d') || ' ' ||
                                   coalesce(recorded_at_time, '00:00:00') AS TIMESTAMP)
                END AS recorded_at
            FROM r2
        )
        SELECT * FROM r3
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE stage_subjects AS
        SELECT f.agency, f.subject_ref, f.file_dob, s.date_of_birth AS store_dob,
               f.file_unborn OR coalesce(u.unborn, false) AS ever_unborn
        FROM (
            SELECT agency, subject_ref,
                   arg_max(date_of_birth, _row) FILTER (WHERE date_of_birth IS NOT NULL)
                       AS file_dob,
                   coalesce(bool_or(subject_role = 'unborn'), false) AS file_unborn
            FROM stage_parsed GROUP BY agency, subject_ref
        ) f
        LEFT JOIN subjects s USING (agency, subject_ref)
        LEFT JOIN (
            SELECT DISTINCT agency, subject_ref, true AS unborn FROM subject_identities
            WHERE attribute = 'subject_role' AND value = 'unborn'
        ) u USING (agency, subject_ref)
        """
    )
    values = ", ".join(f"p.{c}" for c in EVENT_VALUE_COLUMNS)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_duplicates AS
        WITH repeated AS (
            SELECT agency, record_id, count(*) AS n, min(_row) AS first_row
            FROM stage_parsed WHERE agency IS NOT NULL AND record_id IS NOT NULL
            GROUP BY agency, record_id HAVING count(*) > 1
        )
        SELECT agency, record_id, any_value(r.n) AS n, any_value(r.first_row) AS first_row,
               count(DISTINCT struct_pack({values})) AS versions,
               string_agg(CAST(p._row AS VARCHAR), ', ' ORDER BY p._row) AS row_list
        FROM repeated r JOIN stage_parsed p USING (agency, record_id)
        GROUP BY agency, record_id
        """
    )
    present = set(positions)
    checks = _checks(present, today)
    raw = ", ".join(
        ["_row"]
        + [f"c{i} AS raw_{name}" for name, i in positions.items()]
        + [f"CAST(NULL AS VARCHAR) AS raw_{c.name}" for c in COLUMNS if c.name not in positions]
    )
    found = ",\n".join(
        f"CASE WHEN ({c.condition}) THEN struct_pack(column_name := {_quote(c.column)}, "
        f"message := {c.message}, value := CAST({c.value} AS VARCHAR)) END"
        for c in checks
    )
    con.execute("DROP TABLE IF EXISTS stage_errors")
    con.execute(
        f"""
        CREATE TEMP TABLE stage_errors AS
        SELECT _row, e.column_name, e.message, e.value
        FROM (
            SELECT _row, unnest(list_filter([{found}], lambda x: x IS NOT NULL)) AS e
            FROM ({_CHECKED.format(raw=f"SELECT {raw} FROM {RAW_TABLE}")})
        )
        """
    )
    count = con.execute("SELECT count(*) FROM stage_errors").fetchone()
    return int(count[0]) if count else 0


def error_rows(store: Store, limit: int | None = None) -> list[tuple[int, str, str, str | None]]:
    """The problems found, in file order: (row, column, message, value)."""
    sql = "SELECT _row, column_name, message, value FROM stage_errors ORDER BY _row, column_name"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [(int(r), str(c), str(m), v) for r, c, m, v in store.rows(sql)]


def rejected_row_count(store: Store) -> int:
    row = store.one("SELECT count(DISTINCT _row) FROM stage_errors")
    return int(row[0]) if row else 0
