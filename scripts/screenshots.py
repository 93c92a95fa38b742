"""Screenshots of the web application for the documentation: `make screenshots`, or

    .venv/bin/python scripts/screenshots.py [--out docs/images] [--children 800] [--seed 7]

It builds a synthetic authority with the command line (`clearsight synth`, `ingest`, `link`,
`detect`, `users add`) in a temporary folder, serves it with `clearsight serve` on a free
loopback port, signs in through the form in Debian's Chromium (driven by Playwright, as the
browser tests do) and saves PNGs of the main pages to OUT/web-*.png:

    web-sign-in.png   the sign-in page
    web-inbox.png     the alert inbox of the Director of Children's Services
    web-alert.png     an alert: what it found, its rule's explanation and references
    web-alert-evidence.png  the same alert's evidence, outlined in the timeline and
                      highlighted in the chronology
    web-person.png    that child's page: the multi-agency timeline and the chronology
    web-overview.png  the authority overview

Only synthetic data appears: the authority is generated, every name in it invented. The same
seed gives the same authority, so the pictures change only when the pages do."""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from clearsight.synth import END_DATE

ROOT = Path(__file__).resolve().parents[1]
CLEARSIGHT = str(Path(sys.executable).with_name("clearsight"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
USER, PASSWORD = "director", "synthetic demo password"
#: The browser window, and the tallest picture taken of a long page.
WIDTH, HEIGHT, TALLEST = 1280, 900, 1600


def cli(*args: str, stdin: str | None = None) -> None:
    subprocess.run([CLEARSIGHT, *args], input=stdin, text=True, check=True,  # noqa: S603
                   stdout=subprocess.DEVNULL)


def build(folder: Path, children: int, seed: int) -> Path:
    data, db = folder / "authority", folder / "clearsight.duckdb"
    print(f"Generating a synthetic authority of {children:,} children (seed {seed})...")
    cli("synth", "--children", str(children), "--years", "2", "--seed", str(seed),
        "--out", str(data))
    cli("ingest", "--db", str(db), *sorted(str(p) for p in data.glob("*.csv")))
    cli("link", "--db", str(db))
    cli("detect", "--db", str(db), "--as-of", END_DATE.isoformat())
    cli("users", "add", USER, "--role", "dcs", "--display-name", "A. Director", "--db", str(db),
        stdin=PASSWORD + "\n")
    return db


@contextmanager
def serving(db: Path, log: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603
            [CLEARSIGHT, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", str(db)],
            stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"clearsight serve did not start:\n{log.read_text()}")
                try:
                    with urllib.request.urlopen(f"{base}/sign-in", timeout=2):  # noqa: S310
                        break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.1)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=15)


def shoot(page: Page, out: Path, name: str, start: str | None = None) -> None:
    """The page from the top (or from the element `start`, a CSS selector), as tall as it is,
    at most TALLEST pixels."""
    page.wait_for_load_state("networkidle")
    top = 0
    if start is not None:
        box = page.locator(start).bounding_box()
        assert box is not None, start
        top = max(0, int(box["y"]) - 20)
    height = min(TALLEST, int(page.evaluate("document.documentElement.scrollHeight")) - top)
    path = out / f"web-{name}.png"
    page.screenshot(path=str(path), full_page=True,
                    clip={"x": 0, "y": top, "width": WIDTH, "height": height})
    print(f"  {path}")


def example_alert(page: Page) -> dict[str, Any]:
    """A critical or high alert of a child known to several agencies, with a chronology short
    enough to read whole: the first of the inbox's first page that fits best."""
    best: tuple[int, dict[str, Any]] | None = None
    for row in page.request.get("/alerts.json").json()["alerts"][:25]:
        alert = page.request.get(f"/alerts/{row['alert_id']}.json").json()
        chronology = alert["chronology"]
        agencies, events = len(chronology["agencies"]), len(chronology["events"])
        injuries = sum(1 for e in chronology["events"] if e["injury"])
        score = (min(agencies, 6) * 10 + min(injuries, 3) * 5 + min(len(alert["evidence"]), 4)
                 - max(0, events - 30))
        if best is None or score > best[0]:
            best = (score, alert)
    if best is None:
        raise SystemExit("the synthetic authority has no alerts: try another --seed")
    return best[1]


def screenshots(base: str, out: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Chromium is not installed: `make browser` (Debian's chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base, viewport={"width": WIDTH, "height": HEIGHT})
        page = context.new_page()
        page.goto("/sign-in")
        shoot(page, out, "sign-in")
        page.get_by_label("User name").fill(USER)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/alerts")
        shoot(page, out, "inbox")
        alert = example_alert(page)
        page.goto(f"/alerts/{alert['alert_id']}")
        shoot(page, out, "alert")
        page.get_by_role("heading", name="The evidence in the chronology").wait_for()
        shoot(page, out, "alert-evidence", "h2:text('The evidence in the chronology')")
        page.goto(f"/people/{alert['person']['ref']}")
        shoot(page, out, "person")
        page.goto("/overview")
        shoot(page, out, "overview")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--children", type=int, default=800)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="clearsight-screenshots-") as tmp:
        folder = Path(tmp)
        db = build(folder, args.children, args.seed)
        with serving(db, folder / "serve.log") as base:
            print(f"Serving at {base}; saving screenshots:")
            screenshots(base, args.out)


if __name__ == "__main__":
    main()
