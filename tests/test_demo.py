"""`make demo` works: the invented family and a synthetic authority, ingested and merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearsight.demo.__main__ import run
from clearsight.store import Store


def test_demo_builds_stores_and_chronologies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    assert run(out) == 0
    printed = capsys.readouterr().out
    assert "The merged chronology of Amelia Hart and her household (19 events, 6 agencies)" in (
        printed
    )
    page = (out / "chronology-amelia-hart.html").read_text(encoding="utf-8")
    assert "Injury: head injury, fracture to head, scalp" in page
    with Store.open(out / "synthetic-authority" / "clearsight.duckdb", read_only=True) as store:
        row = store.one("SELECT count(*) FROM submissions WHERE outcome = 'loaded'")
        assert row == (8,)
    assert list(out.glob("chronology-T*.html")), "a harm trajectory's chronology is written"
    assert "people in" in printed and "Detection as of 2025-03-31" in printed
    with Store.open(out / "synthetic-authority" / "clearsight.duckdb", read_only=True) as store:
        assert store.one("SELECT count(*) > 0 FROM alerts") == (True,)
        assert store.one("SELECT count(DISTINCT person_id) > 100 FROM person_members") == (True,)
        roles = {r[0] for r in store.rows("SELECT role FROM users")}
    assert roles == {"practitioner", "team_manager", "head_of_service", "dcs", "lead_member",
                     "inspector", "analyst"}
    assert "Demo users of the web application, one for each role" in printed
    users = (out / "synthetic-authority" / "demo-users.txt").read_text(encoding="utf-8")
    assert len(users.splitlines()) == 7
    from clearsight.store.users import get_user
    from clearsight.web.auth import User
    from clearsight.web.casebook import Casebook, InboxFilters

    with Store.open(out / "synthetic-authority" / "clearsight.duckdb") as store:
        book = Casebook(store)
        for name in ("prac", "manager", "director"):
            row = get_user(store, name)
            assert row is not None
            inbox = book.inbox(User.from_row(row), InboxFilters(status="all"))
            assert inbox["total"] > 0, f"the demo {name} has an empty inbox"
