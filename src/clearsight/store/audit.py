"""The audit log: who saw or changed what, when, and from where. Append-only and chained: each
entry's hash covers the previous entry's hash, so an edited or deleted entry breaks the chain
and `verify_chain` finds it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading

from clearsight.store.db import Store, utc_now

_GENESIS = "0" * 64


def _digest(previous: str, fields: dict[str, str | None]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()


def _fields(
    audit_id: int,
    at: dt.datetime,
    actor: str,
    channel: str,
    action: str,
    target: str,
    detail: str | None,
    client: str | None,
) -> dict[str, str | None]:
    """What an entry's hash covers."""
    return {
        "audit_id": str(audit_id),
        "at": at.isoformat(),
        "actor": actor,
        "channel": channel,
        "action": action,
        "target": target,
        "detail": detail,
        "client": client,
    }


class Chain:
    """The head of the chain (the last entry's id and hash), kept in memory by a process that
    holds the store for a long time and writes many entries: the web server, which audits every
    page view. DuckDB lets one process open a store for writing, so while the server runs no one
    else can append, and the head it keeps stays the head: each entry then costs one sequence
    number and one insert, instead of also reading the last entry of a log that grows with
    every view. It also remembers how far the chain has been verified, so that each look at the
    log checks only the entries added since the last look."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._head: str | None = None
        self._verified: tuple[int, str] = (0, _GENESIS)  # (last id checked, its hash)
        self._broken: list[int] = []

    def head(self, store: Store) -> str:
        if self._head is None:
            self._head = _last_hash(store)
        return self._head

    def advance(self, entry_hash: str) -> None:
        self._head = entry_hash

    def verify(self, store: Store) -> list[int]:
        """Like `verify_chain`, checking only the entries after those checked before."""
        with self.lock:
            after, previous = self._verified
            broken, last = _check(store, after, previous)
            self._broken.extend(broken)
            if last is not None:
                self._verified = last
            return list(self._broken)


def _last_hash(store: Store) -> str:
    last = store.one("SELECT entry_hash FROM audit_log ORDER BY audit_id DESC LIMIT 1")
    return str(last[0]) if last else _GENESIS


def record(
    store: Store,
    *,
    actor: str,
    channel: str,
    action: str,
    target: str,
    detail: str | None = None,
    client: str | None = None,
    chain: Chain | None = None,
) -> int:
    """Append one entry and return its id. With `chain` (a long-running writer's), the last
    entry's hash comes from memory."""
    at = utc_now()

    def append(previous: str) -> tuple[int, str]:
        row = store.one("SELECT nextval('audit_id_seq')")
        assert row is not None
        audit_id = int(row[0])
        fields = _fields(audit_id, at, actor, channel, action, target, detail, client)
        entry_hash = _digest(previous, fields)
        store.execute(
            "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [audit_id, at, actor, channel, action, target, detail, client, previous,
             entry_hash],
        )
        return audit_id, entry_hash

    if chain is not None:
        with chain.lock:
            previous = chain.head(store)
            with store.transaction():  # one commit for the sequence and the entry
                audit_id, entry_hash = append(previous)
            chain.advance(entry_hash)  # only once the entry is in
        return audit_id
    with store.transaction():
        audit_id, _ = append(_last_hash(store))
    return audit_id


def verify_chain(store: Store) -> list[int]:
    """The ids of entries whose hash does not follow from their content and predecessor."""
    return _check(store, 0, _GENESIS)[0]


def _check(store: Store, after: int, previous: str) -> tuple[list[int], tuple[int, str] | None]:
    """Check the entries after id `after` (whose hash is `previous`): the broken ones, and the
    last entry checked (id, hash), None when there were none."""
    broken: list[int] = []
    last: tuple[int, str] | None = None
    for row in store.rows(
        "SELECT audit_id, occurred_at, actor, channel, action, target, detail, client, "
        "previous_hash, entry_hash FROM audit_log WHERE audit_id > ? ORDER BY audit_id",
        [after],
    ):
        audit_id, at, actor, channel, action, target, detail, client, prev, entry = row
        fields = _fields(audit_id, at, actor, channel, action, target, detail, client)
        if prev != previous or entry != _digest(previous, fields):
            broken.append(int(audit_id))
        previous = str(entry)
        last = (int(audit_id), previous)
    return broken, last
