"""The back-test uses only figures published before each inspection, and scores honestly."""

from __future__ import annotations

from datetime import date

import pytest

from clearsight.compare import backtest as bt
from clearsight.compare.analysis import Dataset
from clearsight.compare.indicators import get


def test_release_dates_are_taken_late() -> None:
    cin, workforce = get("cin_rate"), get("sw_turnover_pct")
    assert bt.latest_year(cin, date(2024, 12, 2)) == 2024
    assert bt.latest_year(cin, date(2024, 12, 1)) == 2023  # published on the day: not before
    assert bt.latest_year(workforce, date(2025, 3, 2)) == 2024
    assert bt.latest_year(workforce, date(2025, 2, 28)) == 2023


def test_no_figure_published_after_the_inspection_is_used(dataset: Dataset) -> None:
    some = [j for j in dataset.judgements if j.key in {"309", "302", "211"}]
    found = bt.cases(dataset, some)
    assert found
    for case in found:
        for _, find, _ in bt.RULES.values():
            for ev in find(dataset, case.key, case.cutoff):
                assert bt.published_on(get(ev.indicator), ev.year) < case.cutoff
        assert case.cutoff < case.published


def _case(judgement: str, previous: str, flags: dict[str, bool]) -> bt.Case:
    case = bt.Case("k", "SIF", date(2016, 1, 1), date(2015, 11, 1), judgement, previous,
                   date(2012, 1, 1), 10, flags)
    case.lead_days = {name: 400 for name, on in flags.items() if on}
    return case


def test_scores_by_hand() -> None:
    off = dict.fromkeys(bt.RULES, False)
    on = dict.fromkeys(bt.RULES, True)
    cases = [
        _case("Inadequate", "Good", on),
        _case("Inadequate", "Inadequate", off),
        _case("Good", "Requires improvement to be good", on),
        _case("Good", "Good", off),
        _case("Outstanding", "Good", off),
    ]
    scores = {s.name: s for s in bt.score(cases)}
    funnel = scores["funnel-1"]
    assert (funnel.hits, funnel.inadequate, funnel.flagged_others, funnel.others) == (1, 2, 1, 3)
    assert funnel.hit_rate == 0.5 and funnel.false_flag_rate == pytest.approx(1 / 3)
    assert funnel.precision == 0.5 and funnel.median_lead_days == 400
    previous = scores["baseline: previous Inadequate"]
    assert (previous.hits, previous.flagged_others) == (1, 0)
    ri = scores["baseline: previous RI or worse"]
    assert (ri.hits, ri.flagged_others) == (1, 1)
    assert ri.median_lead_days == (date(2016, 1, 1) - date(2012, 1, 1)).days


def test_wilson_interval_worked_example() -> None:
    low, high = bt.wilson(5, 10)
    # p = 0.5, z² = 3.8415: centre 0.5; half = 1.96 × sqrt(0.025 + 0.009604) / 1.38415
    assert low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)


def test_split_by_framework() -> None:
    on = dict.fromkeys(bt.RULES, True)
    off = dict.fromkeys(bt.RULES, False)
    sif = _case("Inadequate", "Good", on)
    short = _case("Good", "Good", off)
    short.framework = "ILACS Short Inspection"
    text = bt.by_framework([sif, short])
    assert "| SIF (2014-2018) | 1 | 1 | funnel-1 | 1/1 | 0/0 |" in text
    assert "| ILACS short | 1 | 0 | funnel-1 | – | 0/1 |" in text
    assert "ILACS standard | 0 |" in text
