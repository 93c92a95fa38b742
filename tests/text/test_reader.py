"""The narrative reader: one behaviour a test, in the voices of the agencies."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearsight.format.spec import BODY_SITES, EXPLANATIONS, INJURY_TYPES
from clearsight.text import KINDS, POLARITIES, Fact, read, sentences

LABELLED = Path(__file__).with_name("labelled_sentences.jsonl")
TEXT_PACKAGE = Path(__file__).resolve().parents[2] / "src" / "clearsight" / "text"


def facts(text: str) -> set[tuple[str, str, str]]:
    return {(f.kind, f.value, f.polarity) for f in read(text)}


def one(text: str, kind: str) -> Fact:
    found = [f for f in read(text) if f.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_empty_and_plain_text_read_nothing() -> None:
    assert read("") == []
    assert read("Home visit completed, children seen and well.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No bruising seen.", ("injury", "bruise", "negated")),
        ("Mother denies drinking.", ("substance_misuse", "alcohol", "negated")),
        ("No injuries.", ("injury", "other", "negated")),
        ("?bruise to left cheek", ("injury", "bruise", "uncertain")),
        ("Possible bruise behind the ear.", ("injury", "bruise", "uncertain")),
        ("Query fracture of the left wrist.", ("injury", "fracture", "uncertain")),
        ("He may have fractured his arm.", ("injury", "fracture", "uncertain")),
        ("Fracture not ruled out.", ("injury", "fracture", "uncertain")),
        ("Fracture ruled out on X-ray.", ("injury", "fracture", "negated")),
        (
            "History of domestic abuse in previous relationship.",
            ("domestic_abuse", "domestic_abuse", "historical"),
        ),
        ("Father did not deny hitting mother.", ("domestic_abuse", "domestic_abuse", "asserted")),
        ("Bruise to left cheek.", ("injury", "bruise", "asserted")),
    ],
)
def test_polarity(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in facts(text)


def test_negation_runs_along_a_list_but_not_into_a_new_clause() -> None:
    assert facts("No bruises, burns or marks on a full skin check.") == {
        ("injury", "bruise", "negated"),
        ("injury", "burn", "negated"),
        ("injury", "other", "negated"),
    }
    assert facts("No injuries noted, bruise to shin from nursery.") == {
        ("injury", "other", "negated"),
        ("injury", "bruise", "asserted"),
    }
    assert facts("Mother denies drinking but reports low mood.") == {
        ("substance_misuse", "alcohol", "negated"),
        ("mental_health", "mental_health", "asserted"),
    }


def test_no_new_concerns_is_not_a_fact() -> None:
    assert read("No new concerns, baby thriving.") == []


def test_injury_body_sites_and_shin_is_leg() -> None:
    bruise = one("Toddler has two small bruises on his shins.", "injury")
    assert (bruise.value, bruise.body_sites) == ("bruise", ("leg",))
    found = read("Bruise to forehead and graze to knee.")
    assert [(f.value, f.body_sites) for f in found] == [
        ("bruise", ("forehead",)),
        ("abrasion", ("leg",)),
    ]
    assert one("Black eye noted.", "injury").body_sites == ("eye",)


def test_patterned_bruising_is_flagged() -> None:
    assert one("Fingertip bruising to both upper arms.", "injury").patterned
    assert not one("Small bruise to the shin.", "injury").patterned


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Bruise to the cheek, no explanation given.", "none"),
        ("Explanation not consistent with the injury.", "inconsistent"),
        ("Bruise to the shin consistent with a fall in the garden.", "consistent"),
        ("Mother said he fell off the sofa. Later she said his brother hit him.", "changing"),
        ("Parents have given different accounts of how the burn happened.", "changing"),
    ],
)
def test_explanations(text: str, value: str) -> None:
    assert one(text, "explanation").value == value


def test_explanation_words_about_something_else_are_not_read() -> None:
    assert read("No explanation given for the absence from school.") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mother has a new partner.", "new"),
        ("Mother's boyfriend moved in last month.", "new"),
        ("Unknown male present at the home.", "unknown"),
    ],
)
def test_new_or_unknown_adult(text: str, value: str) -> None:
    assert one(text, "new_adult").value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Child not brought to appointment.", "not_brought"),
        ("DNA for the 2 year review.", "not_brought"),
        ("No reply at the door.", "no_access"),
        ("SW did not see the child as he was asleep.", "not_seen"),
        ("Child not seen alone, mother stayed in the room.", "not_seen_alone"),
    ],
)
def test_child_not_seen(text: str, value: str) -> None:
    assert one(text, "child_not_seen").value == value


@pytest.mark.parametrize(
    "text",
    [
        "Baby is not mobile.",
        "Four month old, not yet mobile, brought with a scratch to the forehead.",
        "Infant not independently mobile with a bruise behind the ear.",
        "Non-mobile six week old.",
        "Not yet rolling.",
        "The baby cannot yet roll over.",
    ],
)
def test_a_child_not_mobile(text: str) -> None:
    assert one(text, "not_mobile").polarity == "asserted"


def test_not_mobile_does_not_deny_the_injury_beside_it() -> None:
    found = facts("Infant not independently mobile with a bruise behind the ear.")
    assert ("injury", "bruise", "asserted") in found


def test_a_mobile_child_is_not_a_fact() -> None:
    assert read("Toddler now walking well and very mobile around the furniture.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Allergic reaction to nuts at a party: lip swelling, no airway compromise. Antihistamine.",
        "Angioedema of the lips and tongue, referred to the allergy clinic.",
        "Periorbital swelling from cellulitis, IV antibiotics started.",
        "Swollen upper lip after a reaction to a wasp sting on the face.",
    ],
)
def test_a_swelling_with_a_medical_cause_is_not_an_injury(text: str) -> None:
    assert [f for f in read(text) if f.kind == "injury"] == []


def test_a_swelling_after_a_blow_is_an_injury() -> None:
    assert facts("Pupil came in with a swollen lip; said his brother punched him.") >= {
        ("injury", "other", "asserted")
    }
    # the cause is looked for in the swelling's own sentence only
    assert ("injury", "other", "asserted") in facts("Swollen lip after a fall. Known nut allergy.")


def test_who_it_is_about() -> None:
    assert one("Father's drinking has increased.", "substance_misuse").about == "father"
    assert one("Mother has low mood.", "mental_health").about == "mother"
    assert one("Mother's new partner is not known to us.", "new_adult").about == "partner"


def test_baby_drinking_milk_is_not_substance_misuse() -> None:
    assert read("Baby drinking well from the bottle, 6oz every four hours.") == []


def test_facts_keep_their_span_and_cue() -> None:
    text = "Visit made. Mother denies any drug use; ?bruise to the left ear."
    for f in read(text):
        assert text[f.start : f.end] == f.span_text
    drugs = one(text, "substance_misuse")
    assert (drugs.span_text, drugs.cue) == ("drug use", "denies any")
    assert one(text, "injury").cue == "?"


def test_fact_is_frozen() -> None:
    fact = read("Bruise to the arm.")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.polarity = "negated"  # type: ignore[misc]


def test_sentences_do_not_end_at_a_title_or_a_hedging_question_mark() -> None:
    text = "Seen by Dr. Patel today. ?bruise noted. Was he seen? No."
    assert [text[s:e].strip() for s, e in sentences(text)] == [
        "Seen by Dr. Patel today.",
        "?bruise noted.",
        "Was he seen?",
        "No.",
    ]


def test_every_code_is_the_format_s() -> None:
    assert KINDS["injury"] == INJURY_TYPES
    assert KINDS["explanation"] == EXPLANATIONS
    for item in map(json.loads, LABELLED.read_text(encoding="utf-8").splitlines()):
        for f in item["facts"]:
            assert f["value"] in KINDS[f["kind"]], item["id"]
            assert f["polarity"] in POLARITIES, item["id"]
            assert set(f.get("body_sites", ())) <= set(BODY_SITES), item["id"]


def test_the_text_package_imports_only_the_format_spec() -> None:
    for path in TEXT_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.startswith("clearsight."):
                    assert name.startswith("clearsight.text") or name == "clearsight.format.spec", (
                        f"{path.name} imports {name}"
                    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_reads_without_error_and_spans_hold(text: str) -> None:
    for f in read(text):
        assert text[f.start : f.end] == f.span_text
        assert f.value in KINDS[f.kind]
        assert f.polarity in POLARITIES
        assert set(f.body_sites) <= set(BODY_SITES)


def test_a_long_narrative_reads() -> None:
    text = "Bruise to the left arm, no explanation given. Mother denies drinking. " * 2000
    assert len(read(text)) == 6000


def test_the_gate_changes_speed_not_answers() -> None:
    for item in map(json.loads, LABELLED.read_text(encoding="utf-8").splitlines()):
        assert read(item["text"]) == read(item["text"], gated=False), item["id"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"bruis(?:e|es)", {"bru"}),
        (r"no\s+(?:reply|answer)", {"no"}),
        (r"#\s?(?:of\s+)?femur", {"#", "#of", "#fe"}),
        (r"(?:was|were)?\s*not", None),  # may begin with a space: not gated
        (r"\w+n't", None),
    ],
)
def test_gate_prefixes(pattern: str, expected: set[str] | None) -> None:
    from clearsight.text.gate import prefixes

    found = prefixes(pattern)
    assert (None if found is None else set(found)) == expected


def test_one_very_long_sentence_reads() -> None:
    # a whole case file pasted into one cell, with no full stop: read in time linear in length
    text = "bruise to the arm and mother denies drinking and " * 2000
    found = read(text)
    assert len(found) == 4000
    assert {f.polarity for f in found if f.kind == "substance_misuse"} == {"negated"}


def test_a_one_word_answer_is_its_own_sentence() -> None:
    # "No." ends its sentence (it is not the abbreviation of "number"), so it negates nothing after
    assert ("injury", "bruise", "asserted") in facts("Any concerns? No. Bruise seen on the arm.")


def test_a_question_asks_and_does_not_state() -> None:
    assert facts("Any bruising?") == {("injury", "bruise", "uncertain")}
    assert facts("Was he seen? No bruising.") == {("injury", "bruise", "negated")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Keeps asking staff for food at break.", ("hunger", "asserted")),
        ("Eats ravenously at lunch.", ("hunger", "asserted")),
        ("Underweight, food insecurity reported.", ("hunger", "asserted")),
        ("He smelt strongly when he came in.", ("hygiene", "asserted")),
        ("Matted hair and ingrained dirt on his neck.", ("hygiene", "asserted")),
        ("Wore the same clothes all week.", ("hygiene", "asserted")),
        ("No socks and summer clothes in winter.", ("clothing", "asserted")),
        ("Toothache for two weeks.", ("dental_decay", "asserted")),
        ("Four teeth extracted under GA.", ("dental_decay", "asserted")),
        ("No head lice found.", ("head_lice", "negated")),
        ("Dentist: no cavities.", ("dental_decay", "negated")),
        ("?underweight", ("hunger", "uncertain")),
        ("History of matted hair and ingrained dirt.", ("hygiene", "historical")),
    ],
)
def test_signs_of_neglect_in_more_words(text: str, expected: tuple[str, str]) -> None:
    """Reader version 4: more ways of writing the signs, with negation, hedging and the past."""
    found = {(f.value, f.polarity) for f in read(text) if f.kind == "neglect_sign"}
    assert found == {expected}


def test_neglect_words_in_ordinary_contexts_are_not_signs() -> None:
    for text in (
        "Dad smelt strongly of alcohol.",
        "The room stank of cannabis.",
        "No food allergies known.",
        "Packed lunch forgotten once.",
    ):
        assert not [f for f in read(text) if f.kind == "neglect_sign"], text


def test_who_a_sign_of_neglect_is_about() -> None:
    assert one("Mother unkempt, child clean.", "neglect_sign").about == "mother"
    assert one("Mum has not eaten since yesterday.", "neglect_sign").about == "mother"
    # the teller is not the one the sign is about; a brother or sister in the child's own
    # record is usually the children recorded, so the sign stays the child's
    assert one("Mum said Kai was hungry.", "neglect_sign").about is None
    assert one("Mum struggling, children grubby.", "neglect_sign").about is None
    assert one("Brother and sister arrived without coats.", "neglect_sign").about is None
    assert one("The baby is unkempt.", "neglect_sign").about == "child"
