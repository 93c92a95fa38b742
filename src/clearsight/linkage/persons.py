"""Stable person ids: a rerun keeps every id it can, and says what changed.

For each earlier person, the new group holding most of its subjects is its heir (ties: the
group whose first subject sorts first). A group that is heir to one earlier person keeps that
id; heir to several, it keeps the oldest and the others are recorded as merged into it; heir to
none, it gets a new id. Subjects of an earlier person that landed elsewhere are recorded as a
split; subjects never seen before are recorded as joining (or as a new person).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any


def assign_ids(
    groups: list[list[str]],
    previous: dict[str, str],
    new_ids: Callable[[int], list[str]],
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """`groups` (each sorted) → (subject key → person id, the changes to record)."""
    ordered = sorted(groups, key=lambda g: g[0])
    heir: dict[str, int] = {}
    best: dict[str, tuple[int, int]] = {}
    for index, group in enumerate(ordered):
        counts = Counter(previous[k] for k in group if k in previous)
        for person, count in counts.items():
            score = (count, -index)
            if person not in best or score > best[person]:
                best[person] = score
                heir[person] = index
    inherited: dict[int, list[str]] = {}
    for person, index in heir.items():
        inherited.setdefault(index, []).append(person)
    without = [i for i in range(len(ordered)) if i not in inherited]
    fresh = iter(new_ids(len(without)))
    ids: dict[int, str] = {}
    changes: list[dict[str, Any]] = []
    for index in range(len(ordered)):
        group = ordered[index]
        if index in inherited:
            keep, *merged = sorted(inherited[index])
            ids[index] = keep
            for other in merged:
                changes.append({"change": "merge", "person_id": keep, "other_person_id": other,
                                "subjects": [k for k in group if previous.get(k) == other],
                                "detail": f"{other} merged into {keep}"})
        else:
            ids[index] = next(fresh)
        person = ids[index]
        joined = [k for k in group if k not in previous]
        moved: dict[str, list[str]] = {}
        for key in group:
            old = previous.get(key)
            if old is not None and old != person and heir.get(old) != index:
                moved.setdefault(old, []).append(key)
        for old, keys in sorted(moved.items()):
            changes.append({"change": "split", "person_id": person, "other_person_id": old,
                            "subjects": keys, "detail": f"split from {old} into {person}"})
        if joined:
            is_new = len(joined) == len(group)
            changes.append({"change": "new" if is_new else "join", "person_id": person,
                            "subjects": joined,
                            "detail": f"{len(joined)} subject(s) "
                                      + ("make a new person" if is_new else "joined")})
    mapping = {k: ids[i] for i, group in enumerate(ordered) for k in group}
    return mapping, changes
