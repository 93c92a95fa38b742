"""The review queue: pairs between the two thresholds, and a person's decision on each."""

from __future__ import annotations

from typing import Any

from clearsight.store import Store, audit
from clearsight.store import linkage as db

DECISIONS = ("confirm", "reject")


class ReviewError(Exception):
    """A decision that cannot be recorded (unknown subject, bad decision)."""


def _key(text: str) -> tuple[str, str]:
    agency, sep, ref = text.partition(":")
    if not sep or not agency or not ref:
        raise ReviewError(f"'{text}' is not a subject: give agency:subject_ref")
    return agency.strip().lower(), ref.strip()


def queue(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Pairs waiting for a person's decision, strongest first."""
    return db.review_queue(store, limit)


def decide(store: Store, left: str, right: str, decision: str, reviewer: str,
           note: str | None = None, *, channel: str = "cli") -> int:
    """Record that `reviewer` confirms (same person) or rejects (not the same person) a pair.
    The next `link` respects it; a later decision on the same pair replaces it."""
    if decision not in DECISIONS:
        raise ReviewError(f"unknown decision '{decision}': use confirm or reject")
    if not reviewer.strip():
        raise ReviewError("a decision needs the reviewer's name")
    keys = [_key(left), _key(right)]
    if keys[0] == keys[1]:
        raise ReviewError("a pair needs two different subjects")
    for key in keys:
        if not db.subject_exists(store, key):
            raise ReviewError(f"no subject {key[0]}:{key[1]} in the store")
    texts = sorted(f"{a}:{r}" for a, r in keys)
    decision_id = db.record_review(store, texts[0], texts[1], decision, reviewer.strip(), note)
    audit.record(store, actor=reviewer.strip(), channel=channel, action=f"linkage_{decision}",
                 target=f"{texts[0]}|{texts[1]}", detail=note)
    return decision_id
