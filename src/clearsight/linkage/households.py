"""Households: persons joined by an agency's household reference, or by one address in the
same quarter of a year. Each household is named after its first person (`H-` + person id), so
its id is as stable as that person's."""

from __future__ import annotations

from clearsight.store import Store
from clearsight.store import linkage as db


def build(store: Store, run_id: int) -> int:
    """Group the current persons into households, keep them for the run; return how many."""
    evidence = db.household_evidence(store)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_value: dict[str, str] = {}
    basis: dict[str, set[str]] = {}
    for person, kind, value in evidence:
        find(person)
        first = by_value.setdefault(f"{kind}|{value}", person)
        if first != person:
            a, b = find(first), find(person)
            if a != b:
                parent[max(a, b)] = min(a, b)
            basis.setdefault(person, set()).add(kind)
            basis.setdefault(first, set()).add(kind)
    for person in db.current_memberships(store).values():
        find(person)
    groups: dict[str, list[str]] = {}
    for person in parent:
        groups.setdefault(find(person), []).append(person)
    rows: list[tuple[str, str, list[str]]] = []
    for members in groups.values():
        members.sort()
        household = f"H-{members[0]}"
        for person in members:
            rows.append((household, person, sorted(basis.get(person, set()))))
    rows.sort()
    with store.transaction():
        db.save_households(store, run_id, rows)
    return len(groups)
