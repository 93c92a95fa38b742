"""Every route against every role (and signed out): allowed, forbidden or not found, and what is
pseudonymised or suppressed; sign-in, sessions, CSRF, lock-out and the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clearsight.store import Store, audit
from clearsight.store.users import get_user
from clearsight.web import auth
from tests.web.conftest import HART, OKAFOR, PASSWORD, USERS, csrf_of, sign_in

Client = Callable[[str | None], TestClient]
ROLES: list[str | None] = [None, *USERS]
AUTHORITY = {"head_of_service", "dcs", "lead_member", "inspector"}
CASELOAD = {"practitioner", "team_manager"}  # both see the Hart family only


def alert_ids(db: Path) -> dict[str, str]:
    """The CS-001 alert of each child, by family name (and `Hart:CS-008`: the domestic abuse
    incident about Amelia Hart's mother)."""
    with Store.open(db) as store:
        rows = store.rows(
            "SELECT DISTINCT s.family_name, a.rule_id, a.alert_id FROM alerts a "
            "JOIN person_members m ON m.person_id = a.person_id AND m.to_run IS NULL "
            "JOIN subjects s USING (agency, subject_ref) "
            "WHERE a.rule_id IN ('CS-001', 'CS-008') AND s.family_name IS NOT NULL"
        )
    found = {str(f): str(a) for f, r, a in rows if r == "CS-001"}
    found.update({f"{f}:{r}": str(a) for f, r, a in rows if r == "CS-008"})
    return found


def expected(role: str | None, route: str) -> int:
    """The status each role should get (303: sent to sign in; 401: JSON, signed out)."""
    if role is None:
        return 401 if ".json" in route else 303
    if route in ("overview", "overview.json", "openapi.json"):
        return 200
    if route in ("audit", "audit.json"):
        return 200 if role == "dcs" else 403
    if role == "analyst":
        return 403
    if route in ("alerts", "alerts.json", "search", "search.json"):
        return 200
    family = route.split(":")[1]
    if route.startswith("person") and role == "inspector":
        return 404  # inspectors reach people by pseudonym only
    if role in AUTHORITY:
        return 200
    return 200 if family in ("Hart", "Jade") else 404


ROUTES = ["alerts", "alerts.json", "search", "search.json", "overview", "overview.json",
          "audit", "audit.json", "openapi.json",
          "alert:Hart", "alert:Okafor", "alert:Lane", "alert.json:Hart", "alert.json:Okafor",
          "person:Hart", "person:Jade", "person:Okafor", "person:Lane", "person.json:Okafor"]
PEOPLE = {"Hart": "P0000001", "Okafor": "P0000002", "Lane": "P0000003", "Jade": "P0000004"}


def url(route: str, ids: dict[str, str]) -> str:
    if ":" not in route:
        return {"search": "/search?q=Hart", "search.json": "/search.json?q=Hart"}.get(
            route, "/" + route)
    kind, family = route.split(":")
    suffix = ".json" if kind.endswith(".json") else ""
    if kind.startswith("alert"):
        return f"/alerts/{ids[family]}{suffix}"
    return f"/people/{PEOPLE[family]}{suffix}"


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "signed-out")
def test_every_route_for_every_role(role: str | None, client_for: Client, app_db: Path) -> None:
    ids = alert_ids(app_db)
    client = client_for(role)
    for route in ROUTES:
        response = client.get(url(route, ids), follow_redirects=False)
        assert response.status_code == expected(role, route), (role, route, response.text[:300])
        if response.status_code == 303:
            assert response.headers["location"].startswith("/sign-in?next=")
        if response.status_code == 200 and ".json" not in route:
            assert "<html" in response.text and "Signed in as" in response.text


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "signed-out")
def test_acknowledging_is_for_roles_that_act(role: str | None, client_for: Client,
                                             app_db: Path) -> None:
    ids = alert_ids(app_db)
    client = client_for(role)
    token = ""
    if role is not None:
        page = client.get(f"/alerts/{ids['Hart']}")
        token = csrf_of(page.text) if page.status_code == 200 else csrf_of(
            client.get("/overview").text)
    response = client.post(f"/alerts/{ids['Hart']}/acknowledge",
                           data={"note": "Spoke to the health visitor.", "csrf_token": token},
                           follow_redirects=False)
    acts = {"practitioner": 303, "team_manager": 303, "head_of_service": 303, "dcs": 303}
    want = 401 if role is None else acts.get(role, 403)
    assert response.status_code == want, (role, response.text[:300])
    with Store.open(app_db) as store:
        done = store.rows("SELECT actor, note FROM alert_actions WHERE alert_id = ?",
                          [ids["Hart"]])
    assert done == ([(USERS[role][0], "Spoke to the health visitor.")] if want == 303 else [])


def test_the_inbox_lists_alerts_most_severe_then_newest_and_filters(client_for: Client) -> None:
    client = client_for("dcs")
    data = client.get("/alerts.json").json()
    assert data["total"] == 7
    ranks = [("critical", "high", "medium", "low").index(a["severity"]) for a in data["alerts"]]
    assert ranks == sorted(ranks)
    critical = [a for a in data["alerts"] if a["severity"] == "critical"]
    raised = [a["raised_on"] for a in critical]
    assert raised == sorted(raised, reverse=True)
    only = client.get("/alerts.json?severity=high").json()
    assert only["total"] == 3 and {a["severity"] for a in only["alerts"]} == {"high"}
    team = client.get("/alerts.json", params={"team": "Not allocated"}).json()
    assert {a["person"]["name"] for a in team["alerts"]} == {"Cara Lane"}
    rule = client.get("/alerts.json?rule=CS-002").json()
    assert {a["rule_id"] for a in rule["alerts"]} == {"CS-002"}
    old = client.get("/alerts.json?older_than=180").json()
    assert all(a["days_open"] > 180 for a in old["alerts"]) and old["total"] == 7
    assert client.get("/alerts.json?severity=medium&older_than=7").json()["total"] == 1
    # bad filter values are ignored, not trusted
    odd = client.get("/alerts.json?severity=<b>&rule=DROP&older_than=x&status=zzz").json()
    assert odd["total"] == 7 and odd["filters"]["status"] == "unacknowledged"
    html = client.get("/alerts?severity=high").text
    assert "3 alerts match" in html


def test_a_practitioner_sees_only_their_caseload_and_its_household(client_for: Client) -> None:
    data = client_for("practitioner").get("/alerts.json").json()
    assert {a["person"]["name"] for a in data["alerts"]} == {"Amelia Hart"}
    found = client_for("practitioner").get("/search.json?q=Hart").json()["results"]
    assert {r["name"] for r in found} == {"Amelia Hart", "Jade Hart"}
    other = client_for("tm2").get("/alerts.json").json()
    assert {a["person"]["name"] for a in other["alerts"]} == {"Ben Okafor"}


def test_search_by_name_date_of_birth_and_identifier(client_for: Client) -> None:
    client = client_for("head_of_service")

    def names(q: str) -> set[str]:
        return {r["name"] for r in client.get("/search.json", params={"q": q}).json()["results"]}

    assert names("amel") == {"Amelia Hart"}
    assert names("Ben Okafor") == {"Ben Okafor"}
    assert names("01/11/2023") == {"Amelia Hart"} == names("2023-11-01")
    assert names(OKAFOR) == {"Ben Okafor"}
    assert names(f"{OKAFOR[:3]} {OKAFOR[3:6]} {OKAFOR[6:]}") == {"Ben Okafor"}
    assert names("C-HART") == {"Amelia Hart"}
    assert names("nobody") == set()


def test_inspectors_see_pseudonyms_not_names_or_identifiers(client_for: Client,
                                                            app_db: Path) -> None:
    ids = alert_ids(app_db)
    client = client_for("inspector")
    inbox = client.get("/alerts.json").json()
    alert = client.get(f"/alerts/{ids['Hart']}.json").json()
    page = client.get(f"/alerts/{ids['Hart']}").text
    ref = alert["person"]["ref"]
    assert re.fullmatch(r"X-[A-Z2-7]{8}", ref)
    person = client.get(f"/people/{ref}.json").json()
    person_page = client.get(f"/people/{ref}").text
    household = client.get(f"/alerts/{ids['Hart:CS-008']}").text
    for text in (str(inbox), str(alert), page, str(person), person_page, household):
        for secret in ("Amelia", "Hart", "Jade", HART, "C-HART", "RQX-1", "2023-11-01",
                       "ZZ99", "P0000001"):
            assert secret not in text, secret
    assert alert["person"]["name"].startswith("Child ")
    assert any("[name]" in (e["description"] or "") for e in alert["chronology"]["events"])
    # the same pseudonym every time, and search finds it by pseudonym only
    assert client.get(f"/alerts/{ids['Hart']}.json").json()["person"]["ref"] == ref
    assert [r["ref"] for r in client.get(f"/search.json?q={ref}").json()["results"]] == [ref]
    assert client.get("/search.json?q=Hart").json()["results"] == []


def test_analysts_see_aggregates_with_small_numbers_suppressed(client_for: Client) -> None:
    client = client_for("analyst")
    data = client.get("/overview.json").json()
    assert data["suppressed"] is True and "oldest_unacknowledged" not in data
    critical = next(r for r in data["by_severity"] if r["severity"] == "critical")
    assert critical["unacknowledged"] is None and critical["total"] is None  # 3: suppressed
    assert next(r for r in data["by_severity"] if r["severity"] == "low")["total"] == 0
    page = client.get("/overview").text
    assert ">c</abbr>" in page and "Amelia" not in page and "P0000001" not in page
    full = client_for("dcs").get("/overview.json").json()
    assert next(r for r in full["by_severity"] if r["severity"] == "critical")["total"] == 3
    assert len(full["oldest_unacknowledged"]) == 7


def test_secondary_suppression_hides_the_next_smallest_count() -> None:
    from clearsight.web.casebook import _cells

    row = _cells({"critical": 2, "high": 7, "medium": 30, "low": 0}, suppress=True)
    assert row == {"critical": None, "high": None, "medium": 30, "low": 0, "total": 39}
    assert _cells({"critical": 2, "high": 7}, suppress=False)["critical"] == 2


def test_the_alert_page_explains_the_rule_and_marks_the_evidence(client_for: Client,
                                                                 app_db: Path) -> None:
    ids = alert_ids(app_db)
    client = client_for("team_manager")
    data = client.get(f"/alerts/{ids['Hart']}.json").json()
    assert data["rule"]["references"] and data["rule"]["why"]
    assert [e["key"] for e in data["evidence_events"]] == ["health_hospital:ED-1"]
    assert data["evidence"] == ["health_hospital:ED-1"]
    html = client.get(f"/alerts/{ids['Hart']}").text
    assert html.count('data-evidence="yes"') == 1
    assert "cs-timeline__event--evidence" in html
    assert data["rule"]["references"][0]["citation"] in html.replace("&#39;", "'").replace(
        "&amp;", "&")


def test_evidence_about_a_parent_shows_the_household_chronology(client_for: Client,
                                                                 app_db: Path) -> None:
    ids = alert_ids(app_db)
    data = client_for("practitioner").get(f"/alerts/{ids['Hart:CS-008']}.json").json()
    assert data["chronology"]["others_included"] is True
    [evidence] = data["evidence_events"]
    assert evidence["key"] == "police:PN-1" and evidence["about"] == "Jade Hart (mother)"
    own = client_for("practitioner").get(f"/alerts/{ids['Hart']}.json").json()
    assert own["chronology"]["others_included"] is False
    assert all(e["about"] is None for e in own["chronology"]["events"])


def test_narrative_text_is_escaped_not_markup(client_for: Client) -> None:
    client = client_for("dcs")
    html = client.get("/people/P0000003").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_an_acknowledgement_needs_a_note_and_is_recorded_with_who_and_when(
    client_for: Client, app_db: Path
) -> None:
    ids = alert_ids(app_db)
    client = client_for("team_manager")
    page = client.get(f"/alerts/{ids['Hart']}")
    token = csrf_of(page.text)
    empty = client.post(f"/alerts/{ids['Hart']}/acknowledge",
                        data={"note": "  ", "csrf_token": token})
    assert empty.status_code == 400 and "There is a problem" in empty.text
    done = client.post(f"/alerts/{ids['Hart']}/acknowledge",
                       data={"note": "Strategy discussion booked.", "csrf_token": token})
    assert done.status_code == 200 and "Acknowledged by tm" in done.text
    assert client.get(f"/alerts/{ids['Hart']}.json").json()["acknowledged_by"] == "tm"
    waiting = client.get("/alerts.json").json()
    assert ids["Hart"] not in {a["alert_id"] for a in waiting["alerts"]}
    with Store.open(app_db) as store:
        entries = store.dicts("SELECT actor, action, detail, client FROM audit_log "
                              "WHERE action = 'acknowledge_alert'")
        assert entries == [{"actor": "tm", "action": "acknowledge_alert",
                            "detail": ids["Hart"], "client": "testclient"}]
        assert audit.verify_chain(store) == []


def test_forms_without_the_session_csrf_token_are_refused(client_for: Client,
                                                          app_db: Path) -> None:
    ids = alert_ids(app_db)
    client = client_for("dcs")
    for token in ("", "forged"):
        response = client.post(f"/alerts/{ids['Hart']}/acknowledge",
                               data={"note": "x", "csrf_token": token})
        assert response.status_code == 403
        out = client.post("/sign-out", data={"csrf_token": token})
        assert out.status_code == 403
    with Store.open(app_db) as store:
        assert store.rows("SELECT * FROM alert_actions") == []


def test_every_view_of_a_record_is_audited(client_for: Client, app_db: Path) -> None:
    ids = alert_ids(app_db)
    client = client_for("head_of_service")
    client.get("/people/P0000002")
    client.get(f"/alerts/{ids['Lane']}.json")
    client.get("/search?q=Okafor")
    with Store.open(app_db) as store:
        rows = store.rows("SELECT actor, channel, action, target, detail FROM audit_log "
                          "WHERE actor = 'hos' ORDER BY audit_id")
    assert rows == [
        ("hos", "web", "signed_in", "hos", None),
        ("hos", "web", "view_person", "P0000002", None),
        ("hos", "web", "view_alert", "P0000003", ids["Lane"]),
        ("hos", "web", "search", "people", "Okafor"),
    ]
    dcs = client_for("dcs").get("/audit.json").json()
    assert dcs["chain_intact"] is True
    assert {"view_person", "view_alert", "search"} <= {e["action"] for e in dcs["entries"]}


def test_sign_in_sign_out_and_sessions(client_for: Client, app: Any) -> None:
    client = TestClient(app, base_url="http://127.0.0.1")
    wrong = sign_in(client, "dcs", "not the password at all")
    assert wrong.status_code == 401 and "Enter a correct user name and password" in wrong.text
    unknown = sign_in(client, "nobody", PASSWORD)
    assert unknown.status_code == 401 and "Enter a correct user name and password" in unknown.text
    ok = sign_in(client, "dcs")
    assert ok.status_code == 303
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    page = client.get("/overview")
    out = client.post("/sign-out", data={"csrf_token": csrf_of(page.text)})
    assert out.status_code == 200 and "You have signed out" in out.text
    again = client.get("/alerts", follow_redirects=False)
    assert again.status_code == 303


def test_the_session_cookie_is_secure_off_this_machine(app: Any) -> None:
    client = TestClient(app, base_url="https://clearsight.example")
    response = sign_in(client, "dcs")
    assert response.status_code == 303
    assert "Secure" in response.headers["set-cookie"]
    assert "max-age=31536000" in client.get("/overview").headers["strict-transport-security"]


def test_sign_in_without_its_form_token_is_refused(app: Any) -> None:
    client = TestClient(app, base_url="http://127.0.0.1")
    response = client.post("/sign-in", data={"username": "dcs", "password": PASSWORD,
                                             "csrf_token": "made-up"})
    assert response.status_code == 400 and "expired" in response.text
    assert "clearsight_session" not in response.headers.get("set-cookie", "")


def test_sign_in_never_redirects_off_the_site(app: Any) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "javascript:alert(1)",
                   "/\\evil.example/x", "/\t/evil.example"):
        client = TestClient(app, base_url="http://127.0.0.1")
        client.get("/sign-in")
        response = client.post("/sign-in", data={
            "username": "dcs", "password": PASSWORD, "next": target,
            "csrf_token": client.cookies.get("clearsight_signin")}, follow_redirects=False)
        assert response.headers["location"] == "/", target


def test_repeated_failures_lock_the_account(app: Any, app_db: Path) -> None:
    client = TestClient(app, base_url="http://127.0.0.1")
    for _ in range(auth.LOCK_AFTER):
        assert sign_in(client, "lm", "wrong password, wrong").status_code == 401
    locked = sign_in(client, "lm")
    assert locked.status_code == 401 and "locked" in locked.text
    with Store.open(app_db) as store:
        user = get_user(store, "lm")
        assert user is not None and user["locked_until"] > dt.datetime.now(dt.UTC).replace(
            tzinfo=None)
        actions = [r[0] for r in store.rows(
            "SELECT action FROM audit_log WHERE target = 'lm' ORDER BY audit_id")]
    assert actions[-2:] == ["account_locked", "signin_refused_locked"]


def test_a_disabled_user_is_signed_out_at_once(client_for: Client, app: Any) -> None:
    client = client_for("lead_member")
    assert client.get("/overview").status_code == 200
    root = app.state.root
    auth.disable_user(root, "lm", by="tests")
    assert client.get("/overview", follow_redirects=False).status_code == 303
    assert sign_in(TestClient(app, base_url="http://127.0.0.1"), "lm").status_code == 401


def test_the_server_remembers_a_session_for_a_minute_and_forgets_all_when_one_ends(
    client_for: Client, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for("lead_member")
    other = client_for("dcs")
    assert client.get("/overview").status_code == 200
    # ended in the store behind the server's back (nothing else can while it runs): the
    # session it read less than a minute ago still counts
    app.state.root.execute("UPDATE web_sessions SET ended_at = now() WHERE username = 'lm'")
    assert client.get("/overview").status_code == 200
    monkeypatch.setattr(auth, "SESSION_RECHECK_SECONDS", 0.0)
    assert client.get("/overview", follow_redirects=False).status_code == 303
    monkeypatch.undo()
    # a sign-out through the server makes it read every session again at once
    assert other.get("/overview").status_code == 200
    app.state.root.execute("UPDATE web_sessions SET ended_at = now() WHERE username = 'dcs'")
    third = client_for("head_of_service")
    third.post("/sign-out", data={"csrf_token": csrf_of(third.get("/overview").text)})
    assert other.get("/overview", follow_redirects=False).status_code == 303


def test_pages_carry_strict_security_headers(client_for: Client) -> None:
    response = client_for("dcs").get("/alerts")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and f'nonce="{nonce.group(1)}"' in response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"


def test_the_openapi_document_describes_every_json_route(client_for: Client) -> None:
    paths = client_for("dcs").get("/openapi.json").json()["paths"]
    assert set(paths) == {"/alerts.json", "/alerts/{alert_id}.json",
                          "/alerts/{alert_id}/acknowledge", "/people/{ref}.json",
                          "/search.json", "/overview.json", "/audit.json"}
    assert all(op.get("description") or op.get("summary")
               for methods in paths.values() for op in methods.values())


def test_an_unknown_address_is_a_page_not_found(client_for: Client) -> None:
    client = client_for(None)
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "Page not found" in page.text
    assert client.get("/no-such-page.json").json() == {"error": "Not Found"}


def test_pages_read_the_serving_copy_and_it_matches_the_store(client_for: Client,
                                                              app: Any) -> None:
    """(The fixture's store file is web.duckdb; a store named serving.duckdb once clashed with
    the copy's name: `test_a_store_named_like_the_copy_still_serves` below.)"""
    from clearsight.store.serving import records_of

    assert app.state.serving_copy is True and app.state.casebook.serving_copy is True
    served = client_for("dcs").get("/people/P0000001.json").json()
    assert len(served["chronology"]["events"]) == 3
    root = app.state.root
    people = sorted(app.state.casebook.people)
    assert len(people) >= 4
    cited = ["police:PN-1", "health_hospital:ED-1", "no_such:record"]
    for person in people:
        for evidence in ([], cited):
            fast = records_of(root, person, cited=evidence, copy=True)
            slow = records_of(root, person, cited=evidence, copy=False)
            assert fast.subjects == slow.subjects and fast.subjects
            assert fast.events == [{k: e[k] for k in fast.events[0]} for e in slow.events]
    child = records_of(root, "P0000001", copy=True)
    with_mother = records_of(root, "P0000001", cited=cited, copy=True)
    assert [e["record_id"] for e in with_mother.events if e not in child.events] == ["PN-1"]
    assert {s["person_key"] for s in with_mother.subjects} == {"P0000001", "P0000004"}
    cursor = root.connection.cursor()
    try:
        tables = {r[0] for r in cursor.execute(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE database_name = 'clearsight_serving_copy'").fetchall()}
    finally:
        cursor.close()
    assert tables == {"person_events", "person_subjects"}


def test_a_store_named_like_the_copy_still_serves(web_db: Path, tmp_path: Path) -> None:
    from clearsight.store.serving import SCHEMA
    from clearsight.web import create_app

    for name in ("serving", SCHEMA):
        copy = tmp_path / f"{name}.duckdb"
        copy.write_bytes(web_db.read_bytes())
        application = create_app(copy)
        try:
            client = TestClient(application, base_url="http://127.0.0.1")
            assert sign_in(client, "dcs").status_code == 303
            assert client.get("/people/P0000001.json").status_code == 200
        finally:
            application.state.root.close()
