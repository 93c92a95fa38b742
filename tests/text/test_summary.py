"""A narrative's facts folded into the format's structured fields."""

from __future__ import annotations

from clearsight.text import read, summarise


def test_summary_fills_the_format_fields_from_asserted_facts() -> None:
    s = summarise(
        read(
            "?bruise to ear. Bruising to both cheeks and a graze on the shin, no explanation "
            "given. Mother denies drinking. History of domestic abuse."
        )
    )
    assert s.injury_types == ("bruise", "abrasion")
    assert s.body_sites == ("cheek", "leg")
    assert s.explanation == "none"
    assert not s.patterned
    assert ("injury", "bruise") not in s.suspected  # asserted elsewhere in the narrative
    assert s.denied == {("substance_misuse", "alcohol")}
    assert s.past == {("domestic_abuse", "domestic_abuse")}
    assert s.has("injury", "bruise") and not s.has("domestic_abuse")


def test_the_most_concerning_explanation_wins() -> None:
    text = "Bruise to forehead consistent with a fall. Mother later said his brother pushed him."
    assert summarise(read(text)).explanation == "changing"


def test_hedged_injuries_stay_apart() -> None:
    s = summarise(read("Possible fingertip bruising to the upper arm."))
    assert s.injury_types == () and s.body_sites == ()
    assert s.suspected == {("injury", "bruise")}


def test_nothing_read_is_an_empty_summary() -> None:
    s = summarise(read("Letter sent to the family."))
    assert (s.injury_types, s.body_sites, s.explanation, s.present) == ((), (), None, frozenset())


def test_the_examples_in_the_docstrings_run() -> None:
    import doctest

    import clearsight.text
    import clearsight.text.reader
    import clearsight.text.summary

    for module in (clearsight.text, clearsight.text.reader, clearsight.text.summary):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__
