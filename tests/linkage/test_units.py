"""The pure parts: constrained clustering, stable ids, nickname groups, explanations."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from clearsight.linkage.cluster import Edge, cluster
from clearsight.linkage.model import Level, explain
from clearsight.linkage.names import GROUPS, nickname_pairs
from clearsight.linkage.persons import assign_ids


def _ids() -> Callable[[int], list[str]]:
    numbers = count(100)
    return lambda n: [f"P{next(numbers):07d}" for _ in range(n)]


def test_different_nhs_numbers_are_never_joined_even_through_a_third() -> None:
    keys = ["a", "b", "c"]
    edges = [Edge("a", "c", 20, "model"), Edge("b", "c", 15, "model")]
    result = cluster(keys, edges, nhs={"a": "1", "b": "2"}, upn={}, rejected=[])
    assert sorted(result.members.values()) == [["a", "c"], ["b"]]
    assert [(e.left, e.right, why) for e, why in result.refused] == [
        ("b", "c", "different NHS numbers")]
    assert result.attachment["c"].linked_to == "a"
    assert result.attachment["b"].decided_by == "unlinked"


def test_a_reviewer_confirmation_overrides_and_a_rejection_holds() -> None:
    keys = ["a", "b", "c"]
    edges = [Edge("a", "b", 1, "reviewer:ann"), Edge("b", "c", 30, "model"),
             Edge("a", "c", 25, "model")]
    result = cluster(keys, edges, nhs={"a": "1", "b": "2"}, upn={}, rejected=[("a", "c")])
    assert sorted(result.members.values()) == [["a", "b"], ["c"]]
    assert result.attachment["a"].decided_by == "reviewer:ann"
    assert {why for _, why in result.refused} == {"rejected by a reviewer"}


def test_identifier_links_come_before_stronger_model_links() -> None:
    edges = [Edge("a", "b", 40, "model"), Edge("a", "c", 12, "identifier")]
    result = cluster(["a", "b", "c"], edges, nhs={"b": "1", "c": "2"}, upn={}, rejected=[])
    assert sorted(result.members.values()) == [["a", "c"], ["b"]]


def test_ids_kept_merged_split_and_new() -> None:
    previous = {"a": "P0000001", "b": "P0000001", "c": "P0000002", "d": "P0000003",
                "e": "P0000003", "f": "P0000003"}
    groups = [["a", "b", "c"], ["d", "e"], ["f"], ["g"]]
    mapping, changes = assign_ids(groups, previous, _ids())
    assert mapping == {"a": "P0000001", "b": "P0000001", "c": "P0000001", "d": "P0000003",
                       "e": "P0000003", "f": "P0000100", "g": "P0000101"}
    kinds = {(c["change"], c["person_id"], c.get("other_person_id")) for c in changes}
    assert kinds == {("merge", "P0000001", "P0000002"), ("split", "P0000100", "P0000003"),
                     ("new", "P0000101", None)}


def test_same_groups_same_ids() -> None:
    previous = {"a": "P0000007", "b": "P0000007", "c": "P0000009"}
    mapping, changes = assign_ids([["c"], ["a", "b"]], previous, _ids())
    assert mapping == previous and changes == []


def test_nickname_groups_are_normalised_and_keyed() -> None:
    pairs = dict(nickname_pairs())
    assert pairs["kasia"] == "catherine" and pairs["mohammed"] == "muhammad"
    for group in GROUPS:
        for form in group:
            assert form == form.lower() and form.isascii() and form.isalpha(), form


def test_explain_names_the_level_and_what_agreed() -> None:
    levels = {"given_name": [Level("missing", 1.0, True), Level("same given name", 64.0, False),
                             Level("given names differ", 0.25, False)],
              "sex": [Level("missing", 1.0, True), Level("same sex", 2.0, False)]}
    why = explain({"given_name": 6.0, "sex": 0.0}, levels)
    assert why.agreed == ["given_name"]
    assert why.labels == {"given_name": "same given name (+6.0)", "sex": "missing (+0.0)"}
    assert not why.given_differs
    assert explain({"given_name": -2.0}, levels).given_differs


def test_the_model_compiles_for_spark_as_well_as_duckdb() -> None:
    from clearsight.linkage.model import settings

    for dialect, jaro in (("duckdb", "jaro_winkler_similarity("), ("spark", "jaro_winkler(")):
        compiled = settings().get_settings(dialect)
        conditions = [level.sql_condition for comparison in compiled.comparisons
                      for level in comparison.comparison_levels]
        swapped = [c for c in conditions if "given_l = family_r" in c]
        assert len(swapped) == 2 and all(jaro in c for c in swapped), dialect
