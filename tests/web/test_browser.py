"""The web application in a real browser: `clearsight serve` runs in a subprocess on a copy of
the invented authority of conftest.py, and Debian's Chromium, driven by Playwright, walks the
journeys people make every day. axe-core checks every page against WCAG 2.2 AA.

Chromium comes from the system (`make browser` installs Debian's package; CI runs it), never
from `playwright install`. Without it these tests fail, saying so: they are not skipped."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.web.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CLEARSIGHT = Path(sys.executable).with_name("clearsight")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: How long the server may take to start answering (it loads the store's casebook first).
STARTUP_SECONDS = 60
#: Names and identifiers of the invented children and adults, which an inspector never sees.
REAL_NAMES = ("Amelia", "Hart", "Jade", "Okafor", "Ben ", "Cara", "Lane ")


#: (server, user name) -> the cookies of a session signed in through the form, reused by later
#: tests on the same server (signing in costs an argon2 hash); a test that signs out signs in
#: afresh, so that it ends only its own session. Forgotten when the server stops.
SESSIONS: dict[tuple[str, str], Any] = {}


# -- the server -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path, log: Path) -> Iterator[str]:
    """`clearsight serve` on `db` and a free loopback port; yields its address once it answers
    and stops it (and waits for it) afterwards, whatever happened."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(CLEARSIGHT), "serve", "--host", "127.0.0.1", "--port", str(port), "--db",
             str(db)],
            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                if process.poll() is not None:
                    pytest.fail(f"clearsight serve exited ({process.returncode}):\n"
                                f"{log.read_text()}")
                try:
                    with urllib.request.urlopen(f"{base}/sign-in", timeout=2) as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"clearsight serve did not answer within {STARTUP_SECONDS} s:\n"
                                f"{log.read_text()}")
                time.sleep(0.1)  # polling for start-up, not an assertion
            yield base
        finally:
            for key in [k for k in SESSIONS if k[0] == base]:
                del SESSIONS[key]
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _copy(web_db: Path, folder: Path) -> Path:
    db = folder / "web.duckdb"
    db.write_bytes(web_db.read_bytes())
    return db


@pytest.fixture(scope="module")
def server(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server for the tests that only read (signing in and viewing write sessions and the
    audit log, which no test here counts)."""
    folder = tmp_path_factory.mktemp("served")
    with serving(_copy(web_db, folder), folder / "serve.log") as base:
        yield base


@pytest.fixture
def own_server(web_db: Path, tmp_path: Path) -> Iterator[str]:
    """A server of its own, for a test that changes what others would see."""
    with serving(_copy(web_db, tmp_path), tmp_path / "serve.log") as base:
        yield base


# -- the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Chromium is not installed: the browser tests need Debian's chromium "
                    "(`make browser`, or `apt-get install chromium`). Do not run "
                    "`playwright install`.")
    launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@dataclass
class Tab:
    """A page, and what went wrong in it that a person would not see: script errors and
    requests refused by the Content-Security-Policy."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def check_clean(self) -> None:
        assert self.problems == [], self.problems


def _watch(page: Page) -> Tab:
    tab = Tab(page)

    def console(message: Any) -> None:
        # a page served as 4xx on purpose (a wrong password, a 404) is logged as "Failed to
        # load resource"; the responses are checked below instead
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            tab.problems.append(message.text)

    def response(r: Any) -> None:
        # the browser asks for /favicon.ico, which the application does not serve
        if r.status >= 400 and not r.request.is_navigation_request() and \
                not r.url.endswith("/favicon.ico"):
            tab.problems.append(f"{r.status} {r.url}")

    page.on("console", console)
    page.on("response", response)
    page.on("requestfailed", lambda r: tab.problems.append(f"failed: {r.url} {r.failure}"))
    page.on("pageerror", lambda error: tab.problems.append(f"script error: {error}"))
    return tab


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """A new browser (its own cookies) on a server, optionally signed in as a user. Pages are
    served under their real Content-Security-Policy, so GOV.UK Frontend's script must work
    within it; `bypass_csp` is only for axe (below)."""
    contexts: list[BrowserContext] = []

    def make(base: str, username: str | None = None, bypass_csp: bool = False,
             fresh: bool = False) -> Tab:
        saved = None if fresh or username is None else SESSIONS.get((base, username))
        context = browser.new_context(base_url=base, bypass_csp=bypass_csp,
                                      storage_state=saved)
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = _watch(context.new_page())
        if username is not None and saved is None:
            sign_in(tab.page, username)
            expect(tab.page.get_by_text("Signed in as")).to_be_visible()
            if not fresh:
                SESSIONS[(base, username)] = context.storage_state()
        elif username is not None:
            tab.page.goto("/")
            expect(tab.page.get_by_text("Signed in as")).to_be_visible()
        return tab

    yield make
    for context in contexts:
        context.close()


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def get_json(page: Page, path: str) -> Any:
    """The JSON twin of a page, fetched with the browser's own session."""
    response = page.request.get(path)
    assert response.ok, (path, response.status)
    return response.json()


def main(page: Page) -> Any:
    return page.locator("main")


# -- the journeys -----------------------------------------------------------------------------

def test_a_wrong_password_shows_the_error_summary(server: str, open_tab: Callable[..., Tab]
                                                  ) -> None:
    tab = open_tab(server)
    page = tab.page
    sign_in(page, "hos", "not the password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text("Enter a correct user name and password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    # GOV.UK Frontend's script (running under the CSP) moves focus to the summary
    expect(summary).to_be_focused()
    expect(page.locator("#username-error")).to_contain_text("Enter a correct user name")
    expect(page.get_by_label("User name")).to_have_value("hos")
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    # the link in the summary leads to the field
    summary.get_by_role("link").click()
    expect(page.get_by_label("User name")).to_be_focused()
    tab.check_clean()


def test_sign_in_opens_the_inbox_and_filters_it_by_severity(
        server: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(server, "dcs")
    page = tab.page
    expect(page).to_have_url(f"{server}/alerts")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alerts")
    expect(page.get_by_text("Signed in as")).to_contain_text("Director of Children's Services")
    rows = main(page).locator("table tbody tr")
    everything = get_json(page, "/alerts.json")
    high = get_json(page, "/alerts.json?severity=high")
    assert 0 < high["total"] < everything["total"], "the fixture has high and other alerts"
    expect(rows).to_have_count(everything["total"])
    # most severe first
    shown = [t.strip() for t in rows.locator("td:first-child").all_inner_texts()]
    ranks = {"Critical": 0, "High": 1, "Medium": 2, "Low": 3}
    assert [ranks[s] for s in shown] == sorted(ranks[s] for s in shown)

    page.get_by_label("High", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/alerts\?(.*&)?severity=high"))
    expect(rows).to_have_count(high["total"])
    assert {t.strip() for t in rows.locator("td:first-child").all_inner_texts()} == {"High"}
    expect(page.get_by_label("High", exact=True)).to_be_checked()
    expect(page.get_by_label("Critical", exact=True)).not_to_be_checked()
    expect(main(page)).to_contain_text(f"{high['total']} alerts match")
    tab.check_clean()


def test_an_alert_shows_its_evidence_in_the_table_and_the_timeline(
        server: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(server, "dcs")
    page = tab.page
    first = main(page).locator("table tbody tr").first.get_by_role("link")
    title = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/alerts/A-[0-9a-f]+$"))
    alert_id = page.url.rsplit("/", 1)[1]
    data = get_json(page, f"/alerts/{alert_id}.json")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert title == data["rule"]["title"] and title != data["rule_id"]
    # the rule's explanation and references
    expect(main(page)).to_contain_text(data["rule"]["detects"])
    assert data["rule"]["detects"] and data["rule"]["references"]
    for reference in data["rule"]["references"]:
        expect(main(page)).to_contain_text(reference["citation"])

    # the evidence rows of the chronology, highlighted (and marked in words, not by colour)
    evidence = page.locator("#chronology tbody tr[data-evidence='yes']")
    expect(evidence).to_have_count(len(data["evidence"]))
    assert len(data["evidence"]) >= 1
    for key in data["evidence"]:
        expect(page.locator("#chronology tbody tr", has_text=key)).to_have_attribute(
            "data-evidence", "yes")
    for i in range(evidence.count()):
        expect(evidence.nth(i).locator(".govuk-tag", has_text="Evidence")).to_be_visible()
        expect(evidence.nth(i)).to_have_css("background-color", "rgb(255, 221, 0)")
    others = page.locator("#chronology tbody tr:not([data-evidence])")
    for i in range(others.count()):
        expect(others.nth(i)).not_to_have_css("background-color", "rgb(255, 221, 0)")

    # and in the timeline: the same events outlined
    svg = page.get_by_role("img", name="Multi-agency timeline")
    expect(svg).to_be_visible()
    outlined = svg.locator(".cs-timeline__event--evidence")
    expect(outlined).to_have_count(len(data["evidence_events"]))
    for i in range(outlined.count()):
        expect(outlined.nth(i)).to_have_css("stroke-width", "3px")
    dates = {e["when"] for e in data["evidence_events"]}
    for i in range(outlined.count()):
        assert (outlined.nth(i).locator("title").text_content() or "").split(":")[0] in dates
    expect(page.get_by_text("Thick black outline: evidence for this alert.")).to_be_visible()
    tab.check_clean()


def test_the_person_page_draws_the_timeline_with_a_lane_per_agency(
        server: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(server, "dcs")
    page = tab.page
    page.goto("/search")
    page.get_by_label("Name, date of birth or identifier").fill("Amelia Hart")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Amelia Hart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    ref = page.url.rsplit("/", 1)[1]
    data = get_json(page, f"/people/{ref}.json")
    chronology = data["chronology"]
    lanes = [a["label"] for a in chronology["agencies"]]
    assert len(lanes) >= 2, "Amelia is known to social care and the hospital"

    svg = page.get_by_role("img", name="Multi-agency timeline")
    expect(svg).to_be_visible()
    expect(svg.locator(".cs-timeline__lane-label")).to_have_text(lanes)
    expect(svg.locator(".cs-timeline__event")).to_have_count(len(chronology["events"]))
    injuries = [e for e in chronology["events"] if e["injury"]]
    assert injuries, "Amelia's bruise is in the fixture"
    marks = svg.locator(".cs-timeline__event--injury")
    expect(marks).to_have_count(len(injuries))
    for i in range(marks.count()):
        red, green, blue = _rgb(marks.nth(i))
        assert red > 150 and green < 100 and blue < 100, "an injury is marked in red"
        expect(marks.nth(i).locator("title")).to_have_text(re.compile(r"\(injury\)$"))
    plain = svg.locator(".cs-timeline__event:not(.cs-timeline__event--injury)")
    assert plain.count() >= 1 and _rgb(plain.first) != _rgb(marks.first)
    expect(svg.locator(".cs-timeline__event--missed")).to_have_count(
        sum(1 for e in chronology["events"] if e["missed"]))
    # an injury's mark is in its agency's lane
    hospital = lanes.index(injuries[0]["agency_label"])
    lane_y = float(svg.locator(".cs-timeline__lane").nth(hospital).get_attribute("y1") or "")
    box = marks.first.bounding_box()
    svg_box = svg.bounding_box()
    assert box is not None and svg_box is not None
    scale = svg_box["height"] / float((svg.get_attribute("viewBox") or "").split()[3])
    assert abs(box["y"] + box["height"] / 2 - svg_box["y"] - lane_y * scale) < 2
    # nothing is outlined as evidence on the person page
    expect(svg.locator(".cs-timeline__event--evidence")).to_have_count(0)

    # the same events as a table, with the injury tagged in words
    table = page.locator("#chronology")
    expect(table.locator("tbody tr")).to_have_count(len(chronology["events"]))
    expect(table.locator(".govuk-tag", has_text="Injury")).to_have_count(len(injuries))
    expect(main(page)).to_contain_text("Jade Hart")  # the household
    tab.check_clean()


def _rgb(mark: Any) -> tuple[int, ...]:
    fill = mark.evaluate("e => getComputedStyle(e).fill")
    return tuple(int(n) for n in re.findall(r"\d+", fill)[:3])


def test_acknowledging_an_alert_needs_a_note_and_records_who(
        own_server: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(own_server, "prac")
    page = tab.page
    rows = main(page).locator("table tbody tr")
    before = rows.count()
    assert before >= 1, "Y. Adebayo's caseload has alerts"
    rows.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/alerts/A-[0-9a-f]+$"))
    alert_url = page.url
    alert_id = alert_url.rsplit("/", 1)[1]
    expect(page.locator("main .govuk-tag", has_text="Not acknowledged")).to_be_visible()

    # an empty note is refused, with the GOV.UK error summary and the field's own message
    page.get_by_role("button", name="Acknowledge").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator("#note-error")).to_be_visible()
    summary.get_by_role("link").click()
    expect(page.get_by_label("Acknowledge this alert")).to_be_focused()
    assert get_json(page, f"/alerts/{alert_id}.json")["acknowledged"] is False

    note = "Discussed with the health visitor; strategy discussion booked."
    page.get_by_label("Acknowledge this alert").fill(note)
    page.get_by_role("button", name="Acknowledge").click()
    expect(page).to_have_url(alert_url)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator("main .govuk-tag", has_text="Acknowledged by prac")).to_be_visible()
    done = page.locator("main li", has_text=note)
    expect(done).to_contain_text("prac")
    expect(done).to_contain_text("UTC")
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)

    # the inbox (not acknowledged, by default) no longer lists it; "Acknowledged" does
    page.goto("/alerts")
    expect(rows).to_have_count(before - 1)
    expect(page.locator(f"a[href='/alerts/{alert_id}']")).to_have_count(0)
    page.get_by_label("Status").select_option("acknowledged")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(f"a[href='/alerts/{alert_id}']")).to_have_count(1)
    tab.check_clean()


def test_signing_out_ends_the_session(server: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(server, "tm", fresh=True)
    page = tab.page
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Clearsight")
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    page.goto("/alerts")
    expect(page).to_have_url(f"{server}/sign-in?next=%2Falerts")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Clearsight")
    assert page.request.get("/alerts.json").status == 401
    tab.check_clean()


def test_an_inspector_sees_pseudonyms_not_names(server: str, open_tab: Callable[..., Tab]
                                                ) -> None:
    tab = open_tab(server, "insp")
    page = tab.page
    children = main(page).locator("table tbody tr td:nth-child(3)")
    assert children.count() >= 1
    for text in children.all_inner_texts():
        assert re.match(r"^Child [A-Z2-7]{8}\b", text), text
    for name in REAL_NAMES:
        expect(main(page)).not_to_contain_text(name)

    main(page).locator("table tbody tr").first.get_by_role("link").click()
    page.locator("main a[href^='/people/']").first.click()
    expect(page).to_have_url(re.compile(r"/people/X-[A-Z2-7]{8}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Child [A-Z2-7]{8}$"))
    body = page.locator("body").inner_text()
    for name in REAL_NAMES:
        assert name not in body, name
    assert not re.search(r"\b999\d{7}\b", body), "an NHS number is shown"
    expect(page.get_by_role("img", name="Multi-agency timeline")).to_be_visible()
    tab.check_clean()


def test_a_practitioner_cannot_open_another_teams_child(
        server: str, open_tab: Callable[..., Tab]) -> None:
    director = open_tab(server, "dcs").page
    ben = get_json(director, "/search.json?q=Okafor")["results"]
    (ben_ref,) = [r["ref"] for r in ben if r["name"] == "Ben Okafor"]
    ben_alerts = [a["alert_id"] for a in get_json(director, "/alerts.json")["alerts"]
                  if a["person"]["ref"] == ben_ref]
    assert ben_alerts

    tab = open_tab(server, "prac")
    page = tab.page
    expect(main(page)).not_to_contain_text("Okafor")
    for path in (f"/people/{ben_ref}", f"/alerts/{ben_alerts[0]}"):
        response = page.goto(path)
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(main(page)).not_to_contain_text("Okafor")
    page.goto("/search?q=Okafor")
    expect(main(page)).to_contain_text("0 results")
    tab.check_clean()


# -- accessibility: axe-core on every page ----------------------------------------------------

def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations of WCAG 2.0, 2.1 and 2.2 A and AA."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed ({AXE}): run `make setup` (npm ci)")
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
        }""",
        AXE_TAGS,
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def _alert_of(page: Page) -> str:
    alerts = get_json(page, "/alerts.json?status=all")["alerts"]
    return str(alerts[0]["alert_id"])


def _person_of(page: Page) -> str:
    return str(get_json(page, "/search.json?q=Amelia Hart")["results"][0]["ref"])


def _visit(page: Page, path: str) -> None:
    page.goto(path)


def _wrong_password(page: Page) -> None:
    sign_in(page, "lm", "not the password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _empty_note(page: Page) -> None:
    page.goto(f"/alerts/{_alert_of(page)}")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


#: page -> (who is signed in, how to get there, the status the page is served with)
PAGES: dict[str, tuple[str | None, Callable[[Page], None], int]] = {
    "sign-in": (None, lambda p: _visit(p, "/sign-in"), 200),
    "sign-in, wrong password": (None, _wrong_password, 401),
    "inbox": ("dcs", lambda p: _visit(p, "/alerts"), 200),
    "inbox, filtered": ("dcs", lambda p: _visit(
        p, "/alerts?severity=critical&severity=high&status=all&older_than=30"), 200),
    "inbox, nothing matches": ("dcs", lambda p: _visit(p, "/alerts?severity=low"), 200),
    "inbox, inspector": ("insp", lambda p: _visit(p, "/alerts"), 200),
    "alert": ("dcs", lambda p: _visit(p, f"/alerts/{_alert_of(p)}"), 200),
    "alert, empty note": ("prac", _empty_note, 400),
    "person": ("dcs", lambda p: _visit(p, f"/people/{_person_of(p)}"), 200),
    "search, with results": ("dcs", lambda p: _visit(p, "/search?q=Hart"), 200),
    "search, no results": ("dcs", lambda p: _visit(p, "/search?q=Nobody"), 200),
    "overview, director": ("dcs", lambda p: _visit(p, "/overview"), 200),
    "overview, analyst": ("analyst", lambda p: _visit(p, "/overview"), 200),
    "overview, practitioner": ("prac", lambda p: _visit(p, "/overview"), 200),
    "audit log": ("dcs", lambda p: _visit(p, "/audit"), 200),
    "403": ("analyst", lambda p: _visit(p, "/audit"), 403),
    "404": ("dcs", lambda p: _visit(p, "/alerts/A-000000000000"), 404),
}


def test_axe_itself_finds_problems(server: str, open_tab: Callable[..., Tab]) -> None:
    """The checker runs and reports: a page spoiled on purpose fails it."""
    page = open_tab(server, bypass_csp=True).page
    page.goto("/sign-in")
    page.evaluate("""() => {
        document.querySelector('label[for=password]').remove();
        document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/x.png">');
    }""")
    found = {v["id"] for v in axe_violations(page)}
    assert {"label", "image-alt"} <= found, found


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_problem(name: str, server: str, open_tab: Callable[..., Tab]
                                      ) -> None:
    who, go, status = PAGES[name]
    # axe is added to the page as an inline script, which the page's own Content-Security-
    # Policy (scripts from this server, or with the request's nonce) rightly refuses; this
    # browser ignores the CSP so that the checker can run. The journeys above keep the CSP.
    tab = open_tab(server, who, bypass_csp=True)
    page = tab.page
    documents: list[int] = []
    page.on("response", lambda r: documents.append(r.status)
            if r.request.is_navigation_request() and r.frame == page.main_frame else None)
    go(page)
    assert documents and documents[-1] == status, (name, documents)
    expect(page.locator("main h1")).to_have_count(1)
    violations = axe_violations(page)
    assert violations == [], "\n".join(
        f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"])
        for v in violations)
    tab.check_clean()
