"""Dates for the generator: the fixed end of history, working days, school terms.

Everything is relative to a fixed end date in the past (`END_DATE`, 31 March 2025, the end of
the year the calibration figures describe), so the output never depends on today's date.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

#: The last day of generated history: the census reference date of the year to March 2025.
END_DATE = date(2025, 3, 31)


def year_start(end: date) -> date:
    """The first day of the statutory year ending on `end` (1 April of the year before)."""
    return date(end.year - 1, 4, 1)


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    return years_before(day, -years)


def age_on(dob: date, day: date) -> int:
    """Age in whole years on `day`."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian), by the anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    day = nxt - timedelta(days=1)
    return day - timedelta(days=day.weekday())


def _substitute(day: date, taken: set[date]) -> date:
    while day.weekday() >= 5 or day in taken:
        day += timedelta(days=1)
    return day


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """Bank holidays in England and Wales, including the one-off days of 2020-2023."""
    taken: set[date] = set()
    taken.add(_substitute(date(year, 1, 1), taken))
    easter = _easter(year)
    taken.add(easter - timedelta(days=2))
    taken.add(easter + timedelta(days=1))
    early_may = _first_monday(year, 5)
    if year == 2020:
        early_may = date(2020, 5, 8)  # moved for the 75th anniversary of VE day
    taken.add(early_may)
    spring = _last_monday(year, 5)
    if year == 2022:
        spring = date(2022, 6, 2)  # moved for the Platinum Jubilee
        taken.add(date(2022, 6, 3))
        taken.add(date(2022, 9, 19))  # state funeral of Queen Elizabeth II
    if year == 2023:
        taken.add(date(2023, 5, 8))  # coronation of King Charles III
    taken.add(spring)
    taken.add(_last_monday(year, 8))
    christmas = _substitute(date(year, 12, 25), taken)
    taken.add(christmas)
    taken.add(_substitute(date(year, 12, 26), taken))
    return frozenset(taken)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


_TABLE_FROM = date(1990, 1, 1)
_TABLE_TO = date(2040, 12, 31)
_TABLE_FROM_ORDINAL = _TABLE_FROM.toordinal()
_TABLE_DAYS = (_TABLE_TO - _TABLE_FROM).days + 1


@lru_cache(maxsize=1)
def _working_table() -> tuple[list[int], list[int]]:
    """For each day from 1990 to 2040: working days up to and including it; and the ordinals of
    the working days. Built once (about 18,600 days) so the process timescales are fast."""
    cumulative: list[int] = []
    ordinals: list[int] = []
    count = 0
    day = _TABLE_FROM
    while day <= _TABLE_TO:
        if is_working_day(day):
            count += 1
            ordinals.append(day.toordinal())
        cumulative.append(count)
        day += timedelta(days=1)
    return cumulative, ordinals


def add_working_days(day: date, n: int) -> date:
    """The working day `n` working days after `day` (n >= 0; 0 moves to a working day)."""
    offset = day.toordinal() - _TABLE_FROM_ORDINAL
    if offset > 0 and offset + 2 * n + 14 < _TABLE_DAYS:
        cumulative, ordinals = _working_table()
        index = cumulative[offset]  # working days up to and including day
        # The first working day on or after `day` is ordinals[index - 1] if day is one.
        first = index - 1 if index != cumulative[offset - 1] else index
        return date.fromordinal(ordinals[first + n])
    while not is_working_day(day):
        day += timedelta(days=1)
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`).

    This is how the 45-working-day timescale for an assessment is counted: the day the
    assessment starts is day 0.
    """
    if end <= start:
        return 0
    if start >= _TABLE_FROM and end <= _TABLE_TO:
        cumulative, _ = _working_table()
        return cumulative[(end - _TABLE_FROM).days] - cumulative[(start - _TABLE_FROM).days]
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def next_working_day(day: date) -> date:
    return add_working_days(day, 0)


# School terms in England, approximately (each school sets its own dates; these are typical
# of a council's published pattern): (start month, start day, end month, end day).
_TERM_BLOCKS: tuple[tuple[int, int, int, int], ...] = (
    (1, 6, 2, 13),  # spring first half
    (2, 24, 4, 3),  # spring second half
    (4, 22, 5, 23),  # summer first half
    (6, 2, 7, 22),  # summer second half
    (9, 4, 10, 24),  # autumn first half
    (11, 3, 12, 19),  # autumn second half
)


def is_school_day(day: date) -> bool:
    """A weekday within the typical term dates and not a bank holiday."""
    if not is_working_day(day):
        return False
    key = (day.month, day.day)
    return any((sm, sd) <= key <= (em, ed) for sm, sd, em, ed in _TERM_BLOCKS)


def next_school_day(day: date) -> date:
    for _ in range(120):
        if is_school_day(day):
            return day
        day += timedelta(days=1)
    return day


def previous_school_day(day: date) -> date:
    for _ in range(120):
        if is_school_day(day):
            return day
        day -= timedelta(days=1)
    return day


def school_start(dob: date) -> date:
    """The September a child starts reception: the one after their fourth birthday."""
    year = dob.year + 4 if (dob.month, dob.day) < (9, 1) else dob.year + 5
    return date(year, 9, 4)


def school_leave(dob: date) -> date:
    """The end of year 11 (the summer of the academic year in which the child turns 16)."""
    return date(school_start(dob).year + 12, 7, 22)
