"""One linkage run: score, decide, cluster, keep ids stable, record everything."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from clearsight.linkage import households, model
from clearsight.linkage.cluster import Clusters, Edge, cluster
from clearsight.linkage.names import nickname_pairs
from clearsight.linkage.persons import assign_ids
from clearsight.store import Store
from clearsight.store import linkage as db

#: Pairs at or above this match weight are linked; between the two they go to review.
LINK_WEIGHT = 8.0
REVIEW_WEIGHT = 2.0


class LinkageError(Exception):
    """Linkage cannot run (nothing stored yet, bad thresholds)."""


@dataclass
class LinkResult:
    run_id: int
    settings_version: int
    trained: bool
    subjects: int
    pairs: int
    links: int
    review_pairs: int
    persons: int
    households: int
    changes: dict[str, int] = field(default_factory=dict)
    refused: int = 0

    def summary(self) -> str:
        changed = ", ".join(f"{n} {c}" for c, n in sorted(self.changes.items())) or "none"
        return (
            f"Linkage run {self.run_id} (model version {self.settings_version}"
            f"{', newly trained' if self.trained else ''}): {self.subjects:,} agency subjects "
            f"→ {self.persons:,} persons in {self.households:,} households; "
            f"{self.links:,} links, {self.review_pairs:,} pairs for review "
            f"(`clearsight review`), {self.refused:,} links refused by the constraints. "
            f"Changes: {changed}."
        )


def _model(store: Store, data: pa.Table, retrain: bool) -> tuple[int, dict[str, Any], bool]:
    """The latest model kept in the store; else one trained on the store's data; else, for a
    store too small to estimate from, the bundled model (kept as a version trained on 0)."""
    saved = None if retrain else db.latest_settings(store)
    if saved is not None:
        return saved[0], saved[1], False
    if data.num_rows < model.MIN_TRAINING_SUBJECTS and not retrain:
        bundled = model.bundled()
        return db.save_settings(store, bundled, 0), bundled, False
    trained = model.train(data)
    return db.save_settings(store, trained, data.num_rows), trained, True


def _decide(scored: pa.Table | None, settings: dict[str, Any], link_weight: float,
            review_weight: float) -> tuple[dict[tuple[str, str], dict[str, Any]],
                                           dict[tuple[str, str], Edge]]:
    """Each scored pair's outcome and explanation, and the links to cluster."""
    levels = model.levels(settings)
    edges: dict[tuple[str, str], Edge] = {}
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    if scored is None:
        return pairs, edges
    fields = [c for c in scored.column_names if c.startswith("mw_")]
    cache: dict[tuple[str, float], str] = {}
    for row in scored.to_pylist():
        left, right = sorted((row["unique_id_l"], row["unique_id_r"]))
        per_field = {c[3:]: float(row[c]) for c in fields}
        why = model.explain(per_field, levels, cache)
        weight = float(row["match_weight"])
        identifier = per_field.get("identifier", 0.0) > 0
        plausible = not why.given_differs and not why.dob_differs
        if identifier and plausible:
            outcome, by = "link", "identifier"
        elif weight >= link_weight and plausible:
            outcome, by = "link", "model"
        elif weight >= review_weight:
            outcome, by = "review", "model"
        else:
            outcome, by = "no_link", "model"
        pairs[(left, right)] = {
            "left_key": left, "right_key": right, "match_weight": weight,
            "match_probability": float(row["match_probability"]), "outcome": outcome,
            "decided_by": by, "agreed": why.agreed,
            "levels": json.dumps(why.labels, sort_keys=True),
        }
        if outcome == "link":
            edges[(left, right)] = Edge(left, right, weight, by, tuple(why.agreed))
    return pairs, edges


def _apply_reviews(store: Store, pairs: dict[tuple[str, str], dict[str, Any]],
                   edges: dict[tuple[str, str], Edge]) -> list[tuple[str, str]]:
    """Reviewers' latest decisions replace the model's; returns the rejected pairs."""
    rejected: list[tuple[str, str]] = []
    for decision in db.review_decisions(store):
        left, right = decision["left_key"], decision["right_key"]
        by = f"reviewer:{decision['reviewer']}"
        pair = pairs.get((left, right))
        if pair is not None:
            pair["outcome"] = "link" if decision["decision"] == "confirm" else "no_link"
            pair["decided_by"] = by
        edges.pop((left, right), None)
        if decision["decision"] == "confirm":
            weight = pair["match_weight"] if pair else 0.0
            confirmed: tuple[str, ...] = tuple(pair["agreed"]) if pair else ()
            edges[(left, right)] = Edge(left, right, weight, by, confirmed)
        else:
            rejected.append((left, right))
    return rejected


def _members(data: pa.Table, keys: list[str], mapping: dict[str, str],
             groups: Clusters) -> pa.Table:
    return pa.table(
        {
            "person_id": [mapping[k] for k in keys],
            "agency": data.column("agency"),
            "subject_ref": data.column("subject_ref"),
            "match_weight": pa.array([groups.attachment[k].weight for k in keys],
                                     type=pa.float64()),
            "decided_by": [groups.attachment[k].decided_by for k in keys],
            "linked_to": [groups.attachment[k].linked_to for k in keys],
            "agreed": pa.array([list(groups.attachment[k].agreed) for k in keys],
                               type=pa.list_(pa.string())),
        }
    )


def link(
    store: Store,
    *,
    link_weight: float = LINK_WEIGHT,
    review_weight: float = REVIEW_WEIGHT,
    retrain: bool = False,
) -> LinkResult:
    """Resolve every agency subject in the store into persons and households."""
    if review_weight > link_weight:
        raise LinkageError(
            f"the review threshold ({review_weight}) is above the link threshold "
            f"({link_weight}): give --review-weight at most --link-weight"
        )
    data = db.linkage_input(store, nickname_pairs())
    if data.num_rows == 0:
        raise LinkageError("no subjects in the store: load files first with `clearsight ingest`")
    version, settings, trained = _model(store, data, retrain)
    run_id = db.start_run(store, version, link_weight, review_weight)
    scored = model.predict(data, settings, review_weight) if data.num_rows > 1 else None
    pairs, edges = _decide(scored, settings, link_weight, review_weight)
    rejected = _apply_reviews(store, pairs, edges)

    keys = [str(k) for k in data.column("unique_id").to_pylist()]
    nhs = {k: v for k, v in zip(keys, data.column("nhs").to_pylist(), strict=True) if v}
    upn = {k: v for k, v in zip(keys, data.column("upn").to_pylist(), strict=True) if v}
    groups = cluster(keys, list(edges.values()), nhs=nhs, upn=upn, rejected=rejected)
    for edge, reason in groups.refused:
        pair = pairs[(edge.left, edge.right)]
        pair["outcome"] = "review"
        pair["decided_by"] = f"{edge.decided_by}; refused: {reason}"
    root_of = {k: root for root, members in groups.members.items() for k in members}
    for pair in pairs.values():
        if pair["outcome"] == "review" and root_of[pair["left_key"]] == root_of[
                pair["right_key"]]:
            pair["outcome"] = "link_indirect"

    previous = db.current_memberships(store)
    mapping, changes = assign_ids(
        list(groups.members.values()), previous, lambda n: db.new_person_ids(store, n)
    )
    gone: dict[str, list[str]] = {}
    for key in sorted(set(previous) - set(mapping)):
        gone.setdefault(previous[key], []).append(key)
    for person, subjects in sorted(gone.items()):
        changes.append({"change": "leave", "person_id": person, "subjects": subjects,
                        "detail": f"{len(subjects)} subject(s) no longer in the store"})
    pair_rows = sorted(pairs.values(), key=lambda p: (p["left_key"], p["right_key"]))
    with store.transaction():
        db.save_pairs(store, run_id, db.pairs_to_arrow(pair_rows))
        db.save_memberships(store, run_id, _members(data, keys, mapping, groups), changes)
    household_count = households.build(store, run_id)
    links = sum(1 for p in pair_rows if p["outcome"] == "link")
    review = sum(1 for p in pair_rows if p["outcome"] == "review")
    db.finish_run(store, run_id, subjects=len(keys), pairs=len(pair_rows), links=links,
                  review_pairs=review, persons=len(groups.members))
    counts: dict[str, int] = {}
    for change in changes:
        counts[change["change"]] = counts.get(change["change"], 0) + 1
    return LinkResult(run_id, version, trained, len(keys), len(pair_rows), links, review,
                      len(groups.members), household_count, counts, len(groups.refused))
