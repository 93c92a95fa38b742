"""`clearsight users add|list|disable` and `serve`'s option checks, through the real CLI."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from clearsight.cli import app
from clearsight.store import Store, audit
from clearsight.web import auth

runner = CliRunner()


def _run(db: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", str(db)], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_and_disable_users(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    code, out, _ = _run(db, "users", "add", "asha", "--role", "team_manager", "--team",
                        "Assessment team", "--display-name", "Asha Patel",
                        stdin="a long pass phrase\n")
    assert code == 0 and "Added asha (Team manager, Assessment team)" in out
    code, out, _ = _run(db, "users", "add", "yaw", "--role", "practitioner",
                        "--worker-name", "Y. Adebayo", stdin="another long phrase\n")
    assert code == 0 and "caseload of Y. Adebayo" in out
    code, out, _ = _run(db, "users", "list")
    assert out.splitlines() == [
        "username,display_name,role,team,worker_name,status,last_signin",
        "asha,Asha Patel,team_manager,Assessment team,,active,",
        "yaw,yaw,practitioner,,Y. Adebayo,active,",
    ]
    with Store.open(db) as store:
        assert auth.sign_in(store, "asha", "a long pass phrase", None).token is not None
    code, out, _ = _run(db, "users", "disable", "asha")
    assert code == 0 and "Disabled asha." in out
    with Store.open(db) as store:
        assert auth.sign_in(store, "asha", "a long pass phrase", None).token is None
        stored = store.one("SELECT password_hash FROM users WHERE username = 'yaw'")
        assert stored is not None and stored[0].startswith("$argon2id$")
        assert "another long phrase" not in str(store.rows("SELECT * FROM users"))
        actions = [r[0] for r in store.rows("SELECT action FROM audit_log ORDER BY audit_id")]
        assert actions[:3] == ["user_added", "user_added", "signed_in"]
        assert actions[-2:] == ["user_disabled", "signin_failed"]
        assert audit.verify_chain(store) == []
    assert "disabled" in _run(db, "users", "list")[1].splitlines()[1]


def test_bad_users_are_refused_with_a_reason(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    cases = [
        (("users", "add", "a", "--role", "dcs"), "short\n", "at least 12 characters"),
        (("users", "add", "a", "--role", "boss"), "a long pass phrase\n", "is not a role"),
        (("users", "add", "a", "--role", "team_manager"), "a long pass phrase\n", "--team"),
        (("users", "add", "two words", "--role", "dcs"), "a long pass phrase\n", "one word"),
        (("users", "disable", "nobody"), "", "no user called 'nobody'"),
    ]
    for args, stdin, message in cases:
        code, _, err = _run(db, *args, stdin=stdin)
        assert code == 2 and message in err, (args, err)
    assert _run(db, "users", "add", "a", "--role", "dcs", stdin="a long pass phrase\n")[0] == 0
    code, _, err = _run(db, "users", "add", "a", "--role", "dcs", stdin="a long pass phrase\n")
    assert code == 2 and "already a user called 'a'" in err
    with Store.open(db) as store:
        assert store.one("SELECT count(*) FROM users") == (1,)


def test_serve_wants_both_halves_of_a_certificate(tmp_path: Path) -> None:
    code, _, err = _run(tmp_path / "s.duckdb", "serve", "--tls-cert", str(tmp_path / "c.pem"))
    assert code == 2 and "both --tls-cert and --tls-key" in err
