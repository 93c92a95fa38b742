"""Clustering accepted links into persons, with constraints no link may break.

Links are taken strongest first: a reviewer's confirmation, then identifier links, then model
links by match weight. Two groups are never joined (except by a reviewer's confirmation) when

- they hold different NHS numbers, or different UPNs (each number is one person's: a keying
  slip that passes the check goes to the review queue, not into a person);
- a reviewer rejected a pair of subjects that would end up in one person.

This is connected components with cannot-link constraints, greedy by strength; order is fixed
(weight, then keys), so the same input always gives the same persons.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Edge:
    left: str
    right: str
    weight: float
    decided_by: str  # identifier | model | reviewer:NAME
    agreed: tuple[str, ...] = ()

    @property
    def rank(self) -> int:
        if self.decided_by.startswith("reviewer:"):
            return 0
        return 1 if self.decided_by == "identifier" else 2


@dataclass
class Attachment:
    """Why a subject is in its person: its strongest accepted link."""

    weight: float | None = None
    decided_by: str = "unlinked"
    linked_to: str | None = None
    agreed: tuple[str, ...] = ()
    rank: int = 9


@dataclass
class Clusters:
    members: dict[str, list[str]]  # root -> sorted member keys
    attachment: dict[str, Attachment]
    refused: list[tuple[Edge, str]] = field(default_factory=list)  # edge, reason


class _Groups:
    def __init__(self, keys: Iterable[str], nhs: dict[str, str], upn: dict[str, str]) -> None:
        self.parent: dict[str, str] = {k: k for k in keys}
        self.nhs: dict[str, set[str]] = {k: {nhs[k]} for k in self.parent if k in nhs}
        self.upn: dict[str, set[str]] = {k: {upn[k]} for k in self.parent if k in upn}
        self.rejects: dict[str, set[str]] = {}
        self.size: dict[str, int] = dict.fromkeys(self.parent, 1)

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def conflict(self, a: str, b: str) -> str | None:
        for name, ids in (("NHS number", self.nhs), ("UPN", self.upn)):
            x, y = ids.get(a), ids.get(b)
            if x and y and x.isdisjoint(y):
                return f"different {name}s"
        for partner in self.rejects.get(a, ()):
            if self.find(partner) == b:
                return "rejected by a reviewer"
        return None

    def union(self, a: str, b: str) -> None:
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]
        for store in (self.nhs, self.upn, self.rejects):
            if b in store:
                store.setdefault(a, set()).update(store.pop(b))


def cluster(
    keys: list[str],
    edges: list[Edge],
    *,
    nhs: dict[str, str],
    upn: dict[str, str],
    rejected: list[tuple[str, str]],
) -> Clusters:
    """Group `keys` into persons by `edges` under the constraints above."""
    groups = _Groups(keys, nhs, upn)
    for a, b in rejected:
        if a in groups.parent and b in groups.parent:
            groups.rejects.setdefault(a, set()).add(b)
            groups.rejects.setdefault(b, set()).add(a)
    attachment: dict[str, Attachment] = {k: Attachment() for k in keys}
    refused: list[tuple[Edge, str]] = []
    ordered = sorted(edges, key=lambda e: (e.rank, -e.weight, e.left, e.right))
    for edge in ordered:
        if edge.left not in groups.parent or edge.right not in groups.parent:
            continue
        a, b = groups.find(edge.left), groups.find(edge.right)
        if a != b:
            # rejections are kept on both sides, so checking one side finds them
            reason = None if edge.rank == 0 else groups.conflict(a, b)
            if reason is not None:
                refused.append((edge, reason))
                continue
            groups.union(a, b)
        for here, there in ((edge.left, edge.right), (edge.right, edge.left)):
            current = attachment[here]
            if (edge.rank, -edge.weight) < (current.rank, -(current.weight or 0.0)):
                attachment[here] = Attachment(edge.weight, edge.decided_by, there, edge.agreed,
                                              edge.rank)
    members: dict[str, list[str]] = {}
    for key in keys:
        members.setdefault(groups.find(key), []).append(key)
    for root in members:
        members[root].sort()
    return Clusters(members, attachment, refused)
