"""People who use the web application: their accounts, roles, sign-in sessions and lock-out.

Passwords arrive here already hashed (argon2, by `clearsight.web.auth`); session tokens arrive
as their SHA-256 digests, so the store never holds anything that would let a reader of the file
sign in as someone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from clearsight.store.db import Store, StoreError, utc_now

_USER_COLUMNS = (
    "username, display_name, role, team, worker_name, password_hash, created_at, created_by, "
    "disabled_at, failed_signins, locked_until, last_signin"
)




_ended = 0


def sessions_ended() -> int:
    """How many times, in this process, sessions have been ended or accounts disabled: a
    process that keeps signed-in sessions in memory (the web server) drops them when it
    changes."""
    return _ended


def _end() -> None:
    global _ended
    _ended += 1


def add_user(
    store: Store,
    *,
    username: str,
    display_name: str,
    role: str,
    team: str | None,
    worker_name: str | None,
    password_hash: str,
    created_by: str,
) -> None:
    if get_user(store, username) is not None:
        raise StoreError(f"there is already a user called '{username}'")
    store.execute(
        f"INSERT INTO users ({_USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, NULL, NULL)",
        [username, display_name, role, team, worker_name, password_hash, utc_now(), created_by],
    )


def get_user(store: Store, username: str) -> dict[str, Any] | None:
    found = store.dicts(f"SELECT {_USER_COLUMNS} FROM users WHERE username = ?", [username])
    return found[0] if found else None


def list_users(store: Store) -> list[dict[str, Any]]:
    return store.dicts(f"SELECT {_USER_COLUMNS} FROM users ORDER BY username")


def disable_user(store: Store, username: str) -> None:
    """Disable the account and end every session it has; the account itself is kept (it is
    named in the audit log)."""
    if get_user(store, username) is None:
        raise StoreError(f"there is no user called '{username}'")
    at = utc_now()
    with store.transaction():
        store.execute(
            "UPDATE users SET disabled_at = coalesce(disabled_at, ?) WHERE username = ?",
            [at, username],
        )
        store.execute(
            "UPDATE web_sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL",
            [at, username],
        )
    _end()


def set_password_hash(store: Store, username: str, password_hash: str) -> None:
    """Store a re-hashed password (argon2 parameters raised since the user signed up)."""
    store.execute(
        "UPDATE users SET password_hash = ? WHERE username = ?", [password_hash, username]
    )


def record_failed_signin(
    store: Store, username: str, *, lock_after: int, lock_for: dt.timedelta
) -> dt.datetime | None:
    """Count a failed sign-in; after `lock_after` in a row the account locks for `lock_for`.
    Returns when the lock ends (None when not locked)."""
    with store.transaction():
        row = store.one("SELECT failed_signins FROM users WHERE username = ?", [username])
        if row is None:
            return None
        failures = int(row[0]) + 1
        until = utc_now() + lock_for if failures >= lock_after else None
        store.execute(
            "UPDATE users SET failed_signins = ?, locked_until = coalesce(?, locked_until) "
            "WHERE username = ?",
            [0 if until else failures, until, username],
        )
    return until


def record_signin(store: Store, username: str) -> None:
    store.execute(
        "UPDATE users SET failed_signins = 0, locked_until = NULL, last_signin = ? "
        "WHERE username = ?",
        [utc_now(), username],
    )


def create_session(
    store: Store,
    *,
    token_hash: str,
    username: str,
    csrf_token: str,
    lifetime: dt.timedelta,
    client: str | None,
) -> None:
    at = utc_now()
    store.execute(
        "INSERT INTO web_sessions VALUES (?, ?, ?, ?, ?, NULL, ?)",
        [token_hash, username, csrf_token, at, at + lifetime, client],
    )


def session_user(store: Store, token_hash: str) -> dict[str, Any] | None:
    """The signed-in user of a live session (not ended, not expired, account not disabled),
    with the session's CSRF token."""
    found = store.dicts(
        f"""
        SELECT {", ".join("u." + c.strip() for c in _USER_COLUMNS.split(","))},
               s.csrf_token, s.expires_at
        FROM web_sessions s JOIN users u USING (username)
        WHERE s.token_hash = ? AND s.ended_at IS NULL AND s.expires_at > ?
          AND u.disabled_at IS NULL
        """,
        [token_hash, utc_now()],
    )
    return found[0] if found else None


def end_session(store: Store, token_hash: str) -> None:
    store.execute(
        "UPDATE web_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
        [utc_now(), token_hash],
    )
    _end()


def secret(store: Store, name: str, make: Any) -> str:
    """A named secret kept in the store (made once by `make()`), e.g. the key that turns
    person ids into stable pseudonyms for inspectors."""
    row = store.one("SELECT value FROM web_secrets WHERE name = ?", [name])
    if row is not None:
        return str(row[0])
    value = str(make())
    store.execute(
        "INSERT INTO web_secrets VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
        [name, value, utc_now()],
    )
    row = store.one("SELECT value FROM web_secrets WHERE name = ?", [name])
    assert row is not None
    return str(row[0])
