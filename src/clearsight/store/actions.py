"""What people did about alerts: acknowledgements with a note, who and when. Append-only; the
audit log records each one too."""

from __future__ import annotations

from typing import Any

from clearsight.store.db import Store, StoreError, utc_now

ACTIONS = ("acknowledged",)


def record_action(store: Store, alert_id: str, action: str, note: str, actor: str) -> int:
    if action not in ACTIONS:
        raise StoreError(f"'{action}' is not an action on an alert ({', '.join(ACTIONS)})")
    if store.one("SELECT 1 FROM alerts WHERE alert_id = ?", [alert_id]) is None:
        raise StoreError(f"there is no alert {alert_id}")
    with store.transaction():
        row = store.one("SELECT nextval('alert_action_id_seq')")
        assert row is not None
        action_id = int(row[0])
        store.execute(
            "INSERT INTO alert_actions VALUES (?, ?, ?, ?, ?, ?)",
            [action_id, alert_id, action, note, actor, utc_now()],
        )
    return action_id


def actions_for(store: Store, alert_id: str) -> list[dict[str, Any]]:
    return store.dicts(
        "SELECT action_id, action, note, actor, acted_at FROM alert_actions "
        "WHERE alert_id = ? ORDER BY action_id",
        [alert_id],
    )


def acknowledged(store: Store) -> dict[str, dict[str, Any]]:
    """Each acknowledged alert's first acknowledgement (who, when)."""
    return {
        str(r["alert_id"]): r
        for r in store.dicts(
            "SELECT alert_id, arg_min(actor, action_id) AS actor, min(acted_at) AS acted_at "
            "FROM alert_actions WHERE action = 'acknowledged' GROUP BY alert_id"
        )
    }
