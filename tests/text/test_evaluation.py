"""The reader scored on the labelled sentences: floors at what it measured, rounded down.

The floors are what `python -m clearsight.text.evaluate` measured when they were set, less a
small margin; they catch a change that makes the reader worse. The held-out half (odd lines of
the file) was never looked at while the lexicon was tuned, so its figures are the honest ones;
the whole set includes the half the lexicon was tuned on, and flatters. Both were written by the
author of the rules, so both overstate performance on real chronologies (docs/text.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clearsight.text.evaluate import Report, load, score, split, table

LABELLED = Path(__file__).with_name("labelled_sentences.jsonl")
ITEMS = load(LABELLED)

# kind: (precision, recall) floors
HELD_OUT_FLOORS = {
    "injury": (0.94, 0.92),
    "explanation": (0.75, 0.60),
    "new_adult": (0.85, 0.75),
    "domestic_abuse": (0.84, 0.65),
    "substance_misuse": (0.93, 0.80),
    "mental_health": (0.95, 0.90),
    "child_not_seen": (0.85, 0.85),
    "neglect_sign": (0.95, 0.95),
}
ALL_FLOORS = {
    "injury": (0.95, 0.95),
    "explanation": (0.88, 0.75),
    "new_adult": (0.90, 0.90),
    "domestic_abuse": (0.90, 0.80),
    "substance_misuse": (0.93, 0.85),
    "mental_health": (0.95, 0.88),
    "child_not_seen": (0.90, 0.90),
    "neglect_sign": (0.95, 0.92),
}


@pytest.fixture(scope="module")
def held_out() -> Report:
    return score(split(ITEMS, "held-out"))


@pytest.fixture(scope="module")
def everything() -> Report:
    return score(ITEMS)


def test_the_labelled_set_is_large_and_varied() -> None:
    assert len(ITEMS) >= 300
    assert len({item["agency"] for item in ITEMS}) >= 6
    assert len({item["id"] for item in ITEMS}) == len(ITEMS)
    assert sum(not item["facts"] for item in ITEMS) >= 30  # sentences with nothing to find
    polarities = {f["polarity"] for item in ITEMS for f in item["facts"]}
    assert polarities == {"asserted", "negated", "uncertain", "historical"}


@pytest.mark.parametrize("kind", sorted(HELD_OUT_FLOORS))
def test_held_out_precision_and_recall(held_out: Report, kind: str) -> None:
    p, r = HELD_OUT_FLOORS[kind]
    c = held_out.strict[kind]
    assert c.precision >= p and c.recall >= r, table(held_out)


@pytest.mark.parametrize("kind", sorted(ALL_FLOORS))
def test_whole_set_precision_and_recall(everything: Report, kind: str) -> None:
    p, r = ALL_FLOORS[kind]
    c = everything.strict[kind]
    assert c.precision >= p and c.recall >= r, table(everything)


def test_overall_and_body_sites(held_out: Report, everything: Report) -> None:
    t = held_out.total(held_out.strict)
    assert t.precision >= 0.91 and t.recall >= 0.83, table(held_out)
    t = everything.total(everything.strict)
    assert t.precision >= 0.94 and t.recall >= 0.87, table(everything)
    assert held_out.body_sites.precision >= 0.85 and held_out.body_sites.recall >= 0.90
    assert everything.polarity["negated"].precision >= 0.95
    assert everything.polarity["negated"].recall >= 0.90


def test_fresh_sentences_of_the_second_round() -> None:
    """68 sentences written after the first round of tuning and scored once (precision 0.93,
    recall 0.77), then tuned on in the second round (docs/text.md)."""
    fresh = load(LABELLED.with_name("fresh_sentences.jsonl"))
    assert len(fresh) >= 60
    report = score(fresh)
    t = report.total(report.strict)
    assert t.precision >= 0.95 and t.recall >= 0.93, table(report)


def test_fresh_sentences_of_the_third_round() -> None:
    """69 sentences written after the second round and scored once (precision 0.93, recall
    0.74), then tuned on in the third round."""
    fresh = load(LABELLED.with_name("fresh_sentences_2.jsonl"))
    assert len(fresh) >= 60
    report = score(fresh)
    t = report.total(report.strict)
    assert t.precision >= 0.90 and t.recall >= 0.85, table(report)


def test_fresh_sentences_of_the_fourth_round() -> None:
    """68 sentences written after the third round and scored once (precision 0.97, recall
    0.76), then tuned on in the fourth round."""
    fresh = load(LABELLED.with_name("fresh_sentences_3.jsonl"))
    assert len(fresh) >= 60
    report = score(fresh)
    t = report.total(report.strict)
    assert t.precision >= 0.93 and t.recall >= 0.90, table(report)


def test_fresh_sentences_of_the_fifth_round() -> None:
    """64 sentences written after the fourth round and scored once (precision 0.98, recall
    0.76), then tuned on in the fifth round."""
    fresh = load(LABELLED.with_name("fresh_sentences_4.jsonl"))
    assert len(fresh) >= 60
    report = score(fresh)
    t = report.total(report.strict)
    assert t.precision >= 0.95 and t.recall >= 0.92, table(report)


def test_fresh_sentences_of_the_sixth_round_never_tuned_on() -> None:
    """60 sentences written after the fifth round and never tuned on: the honest figures
    (precision 0.88, recall 0.69 when first scored; one possessive bug fixed since)."""
    fresh = load(LABELLED.with_name("fresh_sentences_5.jsonl"))
    assert len(fresh) >= 60
    report = score(fresh)
    t = report.total(report.strict)
    assert t.precision >= 0.86 and t.recall >= 0.66, table(report)
    assert report.strict["injury"].precision >= 0.95 and report.strict["injury"].recall >= 0.95


def test_fresh_sentences_of_the_seventh_round() -> None:
    """40 sentences written for reader version 2 (swellings with a medical cause, a child not
    mobile) and scored once before it: injuries precision 0.64, recall 0.93, a child not
    mobile not read at all; then tuned on."""
    fresh = load(LABELLED.with_name("fresh_sentences_6.jsonl"))
    assert len(fresh) >= 40
    report = score(fresh)
    t = report.total(report.strict)
    assert t.precision >= 0.89 and t.recall >= 0.88, table(report)
    assert report.strict["injury"].precision >= 0.90
    assert report.strict["not_mobile"].precision >= 0.85
    assert report.strict["not_mobile"].recall >= 0.90


def test_fresh_sentences_of_the_eighth_round() -> None:
    """24 sentences about signs of neglect, written after reader version 3's lexicon and
    scored once (precision 0.92, recall 0.50); then the development set of reader version 4,
    which was written against them, so these floors flatter (docs/text.md)."""
    fresh = load(LABELLED.with_name("fresh_sentences_7.jsonl"))
    assert len(fresh) >= 24
    report = score(fresh)
    assert report.strict["neglect_sign"].precision >= 0.90, table(report)
    assert report.strict["neglect_sign"].recall >= 0.90, table(report)


def test_fresh_sentences_of_the_ninth_round_never_tuned_on() -> None:
    """47 sentences about signs of neglect, written after reader version 4 was committed, in
    words chosen to differ from its lexicon, and never tuned on: precision 0.62, recall 0.22
    when first scored (docs/text.md). A floor at what was measured, not an aim."""
    fresh = load(LABELLED.with_name("fresh_sentences_8.jsonl"))
    assert len(fresh) >= 40
    report = score(fresh)
    assert report.strict["neglect_sign"].precision >= 0.60, table(report)
    assert report.strict["neglect_sign"].recall >= 0.20, table(report)
