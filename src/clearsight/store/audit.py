"""The audit log: who saw or changed what, when, and from where. Append-only and chained: each
entry's hash covers the previous entry's hash, so an edited or deleted entry breaks the chain
and `verify_chain` finds it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from clearsight.store.db import Store

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


def record(
    store: Store,
    *,
    actor: str,
    channel: str,
    action: str,
    target: str,
    detail: str | None = None,
    client: str | None = None,
) -> int:
    """Append one entry and return its id."""
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with store.transaction():
        last = store.one("SELECT entry_hash FROM audit_log ORDER BY audit_id DESC LIMIT 1")
        previous = str(last[0]) if last else _GENESIS
        row = store.one("SELECT nextval('audit_id_seq')")
        assert row is not None
        audit_id = int(row[0])
        fields = _fields(audit_id, at, actor, channel, action, target, detail, client)
        store.execute(
            "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                audit_id,
                at,
                actor,
                channel,
                action,
                target,
                detail,
                client,
                previous,
                _digest(previous, fields),
            ],
        )
    return audit_id


def verify_chain(store: Store) -> list[int]:
    """The ids of entries whose hash does not follow from their content and predecessor."""
    broken: list[int] = []
    previous = _GENESIS
    for row in store.rows(
        "SELECT audit_id, occurred_at, actor, channel, action, target, detail, client, "
        "previous_hash, entry_hash FROM audit_log ORDER BY audit_id"
    ):
        audit_id, at, actor, channel, action, target, detail, client, prev, entry = row
        fields = _fields(audit_id, at, actor, channel, action, target, detail, client)
        if prev != previous or entry != _digest(previous, fields):
            broken.append(int(audit_id))
        previous = str(entry)
    return broken
