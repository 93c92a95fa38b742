"""Passwords, sessions and CSRF tokens.

Passwords are hashed with argon2id (argon2-cffi's defaults, the RFC 9106 low-memory profile);
a session is a random 256-bit token in a cookie, stored only as its SHA-256 digest; each session
has its own CSRF token that every form must send back."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from clearsight.store import Store, StoreError, audit
from clearsight.store import users as store_users
from clearsight.store.db import utc_now
from clearsight.web.roles import Role, role

#: Shortest password accepted (NCSC guidance favours length over composition rules).
MIN_PASSWORD_LENGTH = 12
#: Failed sign-ins in a row that lock an account, and for how long.
LOCK_AFTER = 5
LOCK_FOR = dt.timedelta(minutes=15)
#: How long a session lasts from sign-in.
SESSION_LIFETIME = dt.timedelta(hours=8)
#: How long the server trusts a session it has looked up before reading it from the store again
#: (ending a session or disabling an account in the server drops them all at once).
SESSION_RECHECK_SECONDS = 60.0

_hasher = PasswordHasher()
#: Verified against when the user does not exist, so that an unknown name takes as long as a
#: wrong password (no user enumeration by timing).
_DUMMY_HASH = _hasher.hash("clearsight-no-such-user")


class PasswordError(ValueError):
    """A password that may not be used."""


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters long"
        )
    if password != password.strip():
        raise PasswordError("the password must not start or end with a space")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return _hasher.hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: Role
    team: str | None
    worker_name: str | None
    csrf_token: str = ""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> User:
        return cls(
            username=str(row["username"]),
            display_name=str(row["display_name"]),
            role=role(str(row["role"])),
            team=row["team"],
            worker_name=row["worker_name"],
            csrf_token=str(row.get("csrf_token") or ""),
        )


def add_user(
    store: Store,
    username: str,
    role_code: str,
    password: str,
    *,
    display_name: str | None = None,
    team: str | None = None,
    worker_name: str | None = None,
    created_by: str,
) -> User:
    """Create an account. A practitioner's caseload is the open cases whose latest social care
    worker is `worker_name` (default: the display name); a team manager's, the open cases of
    `team`."""
    the_role = role(role_code)
    username = username.strip()
    if not username or any(c.isspace() for c in username):
        raise StoreError("a user name must be one word, without spaces")
    if the_role.scope == "team" and not team:
        raise StoreError("a team manager needs --team (the team as the case records name it)")
    shown = (display_name or username).strip()
    if the_role.scope == "caseload" and not worker_name:
        worker_name = shown
    with store.transaction():
        store_users.add_user(
            store,
            username=username,
            display_name=shown,
            role=the_role.code,
            team=team,
            worker_name=worker_name if the_role.scope == "caseload" else None,
            password_hash=hash_password(password),
            created_by=created_by,
        )
    audit.record(
        store, actor=created_by, channel="cli", action="user_added", target=username,
        detail=f"role={the_role.code}" + (f"; team={team}" if team else ""),
    )
    found = store_users.get_user(store, username)
    assert found is not None
    return User.from_row(found)


def disable_user(store: Store, username: str, *, by: str) -> None:
    store_users.disable_user(store, username)
    audit.record(store, actor=by, channel="cli", action="user_disabled", target=username)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: a session token, or why not (said the same way for an
    unknown name and a wrong password)."""

    token: str | None
    user: User | None
    locked_until: dt.datetime | None = None


def sign_in(store: Store, username: str, password: str, client: str | None,
            chain: audit.Chain | None = None) -> SignIn:
    row = store_users.get_user(store, username)
    if row is None or row["disabled_at"] is not None:
        _verify(_DUMMY_HASH, password)
        audit.record(
            store, actor=username[:100] or "(blank)", channel="web", action="signin_failed",
            target="(no such user)" if row is None else username, client=client, chain=chain,
        )
        return SignIn(None, None)
    now = utc_now()
    if row["locked_until"] is not None and row["locked_until"] > now:
        _verify(_DUMMY_HASH, password)
        audit.record(
            store, actor=username, channel="web", action="signin_refused_locked",
            target=username, client=client, chain=chain,
        )
        return SignIn(None, None, locked_until=row["locked_until"])
    if not _verify(str(row["password_hash"]), password):
        until = store_users.record_failed_signin(
            store, username, lock_after=LOCK_AFTER, lock_for=LOCK_FOR
        )
        audit.record(
            store, actor=username, channel="web",
            action="account_locked" if until else "signin_failed", target=username,
            client=client, chain=chain,
        )
        return SignIn(None, None, locked_until=until)
    if _hasher.check_needs_rehash(str(row["password_hash"])):
        store_users.set_password_hash(store, username, _hasher.hash(password))
    store_users.record_signin(store, username)
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    store_users.create_session(
        store, token_hash=token_digest(token), username=username, csrf_token=csrf,
        lifetime=SESSION_LIFETIME, client=client,
    )
    audit.record(store, actor=username, channel="web", action="signed_in", target=username,
                 client=client, chain=chain)
    return SignIn(token, User.from_row({**row, "csrf_token": csrf}))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def session_user(store: Store, token: str | None) -> User | None:
    if not token:
        return None
    row = store_users.session_user(store, token_digest(token))
    return User.from_row(row) if row else None


@dataclass(frozen=True)
class _Known:
    user: User
    expires_at: dt.datetime
    read_at: float
    ended: int


class Sessions:
    """The server's memory of live sessions, so that each request need not read its session
    from the store: a session is read again after `SESSION_RECHECK_SECONDS`, and every one is
    forgotten whenever a session ends or an account is disabled in this process (while the
    server runs it is the only process that can change the store)."""

    LIMIT = 10_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, _Known] = {}

    def user(self, store: Store, token: str | None) -> User | None:
        if not token:
            return None
        digest = token_digest(token)
        ended = store_users.sessions_ended()
        with self._lock:
            known = self._known.get(digest)
        if (known is not None and known.ended == ended
                and time.monotonic() - known.read_at < SESSION_RECHECK_SECONDS
                and utc_now() < known.expires_at):
            return known.user
        row = store_users.session_user(store, digest)
        with self._lock:
            if row is None:
                self._known.pop(digest, None)
                return None
            if len(self._known) >= self.LIMIT:
                self._known.clear()
            user = User.from_row(row)
            self._known[digest] = _Known(user, row["expires_at"], time.monotonic(), ended)
            return user


def sign_out(store: Store, token: str, user: User, client: str | None,
             chain: audit.Chain | None = None) -> None:
    store_users.end_session(store, token_digest(token))
    audit.record(store, actor=user.username, channel="web", action="signed_out",
                 target=user.username, client=client, chain=chain)
