"""Benchmark: the web application under 50 concurrent signed-in users, from a second process.

    apt-get install wrk                                    # the load generator (Debian)
    .venv/bin/python benchmarks/web.py                     # 50,000 children, print the table
    .venv/bin/python benchmarks/web.py --write             # and update docs/performance.md
    .venv/bin/python benchmarks/web.py --children 10000 --duration 20
    .venv/bin/python benchmarks/web.py --profile person    # py-spy the server on one page

The store is built with the command line (`clearsight synth`, `ingest`, `link`, `detect
--as-of` the synthetic authority's last day), then `clearsight users add` adds the users: a mix
of roles (heads of service, the Director, Lead Members, inspectors, team managers of the teams
with the most alerts, practitioners with the most alerts). Everything is kept under `--work`
(default /tmp/clearsight-web-bench) with each step's time, and reused by the next run; each run
serves a fresh copy of it, so sessions and audit entries do not pile up from run to run.

`clearsight serve` runs in its own process; each user signs in through the real form (GET
/sign-in for the form's cookie and token, POST /sign-in). Then wrk (C, one thread, so that the
load generator takes little of the CPU the server needs) holds 50 connections open, each request
carrying one of the 50 users' session cookies in turn, for each page on its own:

- inbox: /alerts (and a severity filter, and its second page)
- alert: /alerts/ID, for alerts in the user's scope
- person: /people/REF, for the people of those alerts
- search: /search?q= a name or a date of birth in the user's scope (inspectors: a pseudonym)
- overview: /overview

each in three loads: `reading`, 50 users each waiting a random 5 to 15 seconds between pages
(about 5 requests a second in all, already brisker than people reading chronologies); `brisk`,
1 to 5 seconds (about 16 a second); and `saturated`, no wait at all, which finds the server's
capacity. wrk measures each request from when it is sent, so the wait is not in the latency.
Every measured run follows a warm-up of the same page and load; any response other than 200
counts as an error. The server's peak resident memory (VmHWM) and its CPU time per request are
read from /proc.

`--profile PAGE` instead runs the saturated load on one page with py-spy (`.venv/bin/pip
install py-spy`) sampling the server, and prints where its time goes.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import DOC, machine  # the ingest benchmark's helpers

ROOT = Path(__file__).resolve().parents[1]
#: The command line, run from the source chosen by `--source` (see `_source`).
CLI = [sys.executable, "-m", "clearsight.cli"]
START, END = "<!-- benchmark:web:start -->", "<!-- benchmark:web:end -->"
PASSWORD = "benchmark password 2026"
PAGES = ("inbox", "alert", "person", "search", "overview")
#: Each user's wait between pages, milliseconds (uniform between the two): reading, a page
#: every 5 to 15 s; brisk, every 1 to 5 s; saturated, no wait.
MODES: dict[str, tuple[int, int] | None] = {
    "reading": (5000, 15000), "brisk": (1000, 5000), "saturated": None,
}
#: The synthetic authority's histories end on 31 March 2025 (`clearsight synth`).
AS_OF = "2025-03-31"


def _source(work: Path, which: str) -> str:
    """Run every command from a snapshot of the last commit (`head`, so that edits in progress
    in the work tree do not change the figures, and the figures name a commit), or from the
    work tree as it is (`tree`). Sets PYTHONPATH for the child processes; returns the label."""
    if which == "tree":
        return "the work tree"
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            check=True, capture_output=True, text=True).stdout.strip()
    snapshot = work / f"src-{commit}"
    if not (snapshot / "src").exists():
        snapshot.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", "src"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(snapshot)], input=archive, check=True)
        built = Path("src/clearsight/web/static/build")  # made by `make setup`, not in git
        shutil.copytree(ROOT / built, snapshot / built)
    os.environ["PYTHONPATH"] = str(snapshot / "src")
    return f"commit {commit}"


# -- the store ------------------------------------------------------------------------------


def _step(name: str, argv: list[str], log: Path, stdin: str | None = None) -> dict[str, Any]:
    """Run one CLI step in its own process: seconds, CPU seconds and peak resident memory."""
    started = time.perf_counter()
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(argv)}\n")
        out.flush()
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=out, stderr=out, text=True)
        if stdin is not None and proc.stdin is not None:
            proc.stdin.write(stdin)
        if proc.stdin is not None:
            proc.stdin.close()
        _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{name} failed ({proc.returncode}); see {log}")
    return {"seconds": round(time.perf_counter() - started, 1),
            "cpu": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_mib": round(usage.ru_maxrss / 1024)}


def build(work: Path, children: int, years: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The store with users, built once per (children, years, seed) and kept in `work`."""
    home = work / f"children{children}-years{years}-seed{seed}"
    files, store, record = home / "files", home / "store.duckdb", home / "build.json"
    log = home / "build.log"
    done: dict[str, Any] = json.loads(record.read_text()) if record.exists() else {}
    home.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        record.write_text(json.dumps(done, indent=2))

    if "synth" not in done:
        shutil.rmtree(files, ignore_errors=True)
        store.unlink(missing_ok=True)
        done.clear()
        done["synth"] = _step("synth", [*CLI, "synth", "--children", str(children),
                                        "--years", str(years), "--seed", str(seed),
                                        "--out", str(files)], log)
        save()
    if "ingest" not in done:
        store.unlink(missing_ok=True)
        done["ingest"] = _step("ingest", [*CLI, "ingest", "--db", str(store),
                                          *sorted(str(p) for p in files.glob("*.csv"))], log)
        save()
    for name, argv in (("link", ["link"]), ("detect", ["detect", "--as-of", AS_OF])):
        if name not in done:
            done[name] = _step(name, [*CLI, *argv, "--db", str(store)], log)
            save()
    if "users" not in done:
        started = time.perf_counter()
        for user in _choose_users(store):
            extra = [x for k in ("team", "worker-name") if user.get(k)
                     for x in (f"--{k}", user[k])]
            _step("users add", [*CLI, "users", "add", user["name"], "--role", user["role"],
                                *extra, "--db", str(store)], log, stdin=PASSWORD + "\n")
        done["users"] = {"seconds": round(time.perf_counter() - started, 1)}
        save()
    if "facts" not in done:
        done["facts"] = _facts(store)
        save()
    return store, done


def _choose_users(store: Path, count: int = 50) -> list[dict[str, str]]:
    """50 users: 20 heads of service, 4 Directors, 4 Lead Members, 4 inspectors, 12 team
    managers (the teams with the most alerts, round again if fewer) and 6 practitioners (the
    busiest worker of each of the busiest teams), as `clearsight.demo` chooses its users."""
    code = (
        "import json, sys\n"
        "from clearsight.store import Store\n"
        "from clearsight.store.directory import busiest_allocations\n"
        "with Store.open(sys.argv[1], read_only=True) as s:\n"
        "    teams, by_team = busiest_allocations(s)\n"
        "print(json.dumps([teams, [by_team[t][0] for t in teams if by_team.get(t)]]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(store)], check=True,
                         capture_output=True, text=True).stdout
    teams, workers = json.loads(out.strip().splitlines()[-1])
    users: list[dict[str, str]] = []
    for role, n in (("head_of_service", 20), ("dcs", 4), ("lead_member", 4), ("inspector", 4)):
        users += [{"name": f"{role.replace('_', '')}{i:02d}", "role": role} for i in range(n)]
    users += [{"name": f"teammanager{i:02d}", "role": "team_manager",
               "team": teams[i % len(teams)]} for i in range(12)]
    users += [{"name": f"practitioner{i:02d}", "role": "practitioner",
               "worker-name": workers[i % len(workers)]} for i in range(6)]
    return users[:count]


def _facts(store: Path) -> dict[str, int]:
    code = (
        "import json, sys\n"
        "from clearsight.store import Store\n"
        "with Store.open(sys.argv[1], read_only=True) as s:\n"
        "    q = lambda sql: int(s.one(sql)[0])\n"
        "    print(json.dumps({'events': q('SELECT count(*) FROM current_events'),\n"
        "        'subjects': q('SELECT count(*) FROM subjects'),\n"
        "        'children': q(\"SELECT count(*) FROM subjects WHERE subject_role = 'child'\"),\n"
        "        'users': q('SELECT count(*) FROM users')}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(store)], check=True,
                         capture_output=True, text=True).stdout
    facts: dict[str, int] = json.loads(out.strip().splitlines()[-1])
    return facts


# -- the server and the users -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(store: Path, port: int, log: Path) -> tuple[subprocess.Popen[bytes], float]:
    """`clearsight serve` on a fresh copy of the store; the seconds until it answers."""
    run_copy = store.with_name("serving.duckdb")
    for suffix in ("", ".wal"):
        Path(f"{run_copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(store, run_copy)
    started = time.perf_counter()
    proc = subprocess.Popen([*CLI, "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--db", str(run_copy)], stdout=log.open("wb"),
                            stderr=subprocess.STDOUT)
    import httpx

    while True:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped ({proc.returncode}); see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sign-in", timeout=2).status_code == 200:
                return proc, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.5)


def sign_in(base: str, username: str) -> str:
    """Sign in through the form as a browser does; the session cookie's value."""
    import httpx

    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as client:
        form = client.get("/sign-in")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        if form.status_code != 200 or token is None:
            raise SystemExit(f"no sign-in form for {username}: {form.status_code}")
        done = client.post("/sign-in", data={"username": username, "password": PASSWORD,
                                             "csrf_token": token.group(1), "next": "/alerts"})
        session = done.cookies.get("clearsight_session")
        if done.status_code != 303 or not session:
            raise SystemExit(f"{username} could not sign in: {done.status_code}")
        return str(session)


def requests_for(base: str, users: dict[str, str], seed: int) -> dict[str, list[tuple[str, str]]]:
    """Per page, (session, path) pairs that each user may open, interleaved user by user."""
    import httpx

    per_user: dict[str, dict[str, list[str]]] = {}
    for session in users.values():
        cookies = {"clearsight_session": session}
        alerts: list[dict[str, Any]] = []
        for number in (1, 2):
            got = httpx.get(f"{base}/alerts.json", params={"status": "all", "page": number},
                            cookies=cookies, timeout=60)
            got.raise_for_status()
            alerts += got.json()["alerts"]
        people = list({a["person"]["ref"]: a["person"] for a in alerts}.values())[:20]
        searches = []
        for p in people:
            if "person_id" not in p:  # pseudonymised: inspectors find people by pseudonym
                searches.append(p["ref"])
            elif p.get("date_of_birth") and len(searches) % 4 == 3:
                searches.append(str(p["date_of_birth"]))
            else:
                words = p["name"].split()
                searches.append(words[-1] if len(searches) % 2 else " ".join(words))
        per_user[session] = {
            "inbox": ["/alerts", "/alerts", "/alerts?severity=critical&severity=high",
                      "/alerts?page=2"],
            "alert": [f"/alerts/{a['alert_id']}" for a in alerts[:20]],
            "person": [f"/people/{p['ref']}" for p in people],
            "search": ["/search?" + str(httpx.QueryParams({"q": q})) for q in searches],
            "overview": ["/overview"],
        }
    rng = random.Random(seed)
    out: dict[str, list[tuple[str, str]]] = {}
    for page in PAGES:
        lists = {s: rng.sample(p[page], len(p[page])) for s, p in per_user.items() if p[page]}
        longest = max(len(v) for v in lists.values())
        out[page] = [(s, v[k % len(v)]) for k in range(max(longest, 20)) for s, v in
                     lists.items()]
    return out


# -- the load ---------------------------------------------------------------------------------

_LUA = """
local reqs, i, threads, bad = {}, 0, {}, 0
function setup(thread) table.insert(threads, thread) end
function init(args)
  for line in io.lines(args[1]) do
    local cookie, path = line:match("([^\\t]*)\\t(.*)")
    table.insert(reqs, wrk.format("GET", path, {["Cookie"] = "clearsight_session=" .. cookie}))
  end
  math.randomseed(tonumber(args[2]))
end
function request() i = i %% #reqs + 1; return reqs[i] end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
  wrk.thread:set("bad", bad)
end
%(delay)s
function done(summary, latency, requests)
  local not200 = 0
  for _, t in ipairs(threads) do not200 = not200 + (t:get("bad") or 0) end
  local e = summary.errors
  local f = io.open("%(out)s", "w")
  f:write(string.format('{"requests": %%d, "duration_us": %%d, "bytes": %%d, "not200": %%d, ' ..
    '"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, "mean_us": %%.0f, ' ..
    '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d}',
    summary.requests, summary.duration, summary.bytes, not200, e.connect, e.read, e.write,
    e.timeout, latency.mean, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max))
  f:close()
end
"""
_DELAY = "function delay() return math.random(%d, %d) end"


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(base: str, reqs: list[tuple[str, str]], work: Path, name: str, seconds: int,
         connections: int, think: tuple[int, int] | None, server: int) -> dict[str, Any]:
    """One wrk run; its summary with the server's CPU time over it."""
    listing = work / f"{name}.requests"
    listing.write_text("".join(f"{s}\t{p}\n" for s, p in reqs), encoding="utf-8")
    out = work / f"{name}.json"
    out.unlink(missing_ok=True)
    script = work / f"{name}.lua"
    script.write_text(_LUA % {"out": out, "delay": _DELAY % think if think else ""},
                      encoding="utf-8")
    cpu = _cpu_seconds(server)
    subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
                    "-s", str(script), base, "--", str(listing), "7"],
                   check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.read_text())
    result["server_cpu"] = _cpu_seconds(server) - cpu
    _drain(server)
    return result


def _drain(server: int, limit: float = 300) -> None:
    """Wait until the server has finished the requests wrk left in flight (it goes on with them
    after wrk stops), so that they do not slow the next run: until it uses under 5% of a CPU
    for a second."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        before = _cpu_seconds(server)
        time.sleep(1)
        if _cpu_seconds(server) - before < 0.05:
            return


def _row(page: str, mode: str, r: dict[str, Any]) -> str:
    seconds = r["duration_us"] / 1e6
    errors = r["not200"] + r["connect"] + r["write"] + r["timeout"]
    cpu_ms = 1000 * r["server_cpu"] / max(1, r["requests"])
    return (f"| {page} | {mode} | {r['requests']:,} | {r['requests'] / seconds:.1f} | "
            f"{r['p50_us'] / 1000:,.0f} | {r['p95_us'] / 1000:,.0f} | "
            f"{r['p99_us'] / 1000:,.0f} | {errors} | {r['read']} | {cpu_ms:.0f} |")


def profile(base: str, reqs: list[tuple[str, str]], work: Path, page: str, seconds: int,
            connections: int, server: int) -> None:
    spy = ROOT / ".venv" / "bin" / "py-spy"
    if not spy.exists():
        raise SystemExit("py-spy is not installed: .venv/bin/pip install py-spy")
    raw = work / f"profile-{page}.txt"
    sampler = subprocess.Popen([str(spy), "record", "-p", str(server), "-d", str(seconds),
                                "-r", "50", "-f", "raw", "-o", str(raw), "--nonblocking"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r = load(base, reqs, work, f"profile-{page}", seconds, connections, None, server)
    sampler.wait()
    print(_row(page, "saturated, profiled", r))
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        frames = stack.split(";")
        total += int(samples)
        seen = set()
        for frame in frames:
            name = frame.split(" (")[0] + " (" + frame.split(" (")[-1].rsplit(":", 1)[0] + ")" \
                if " (" in frame else frame
            if name not in seen:
                own[name] += int(samples)
                seen.add(name)
    print(f"\n{raw}: {total} samples; functions by share of samples (inclusive):")
    for name, hits in own.most_common(60):
        print(f"{100 * hits / total:5.1f}%  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/clearsight-web-bench"))
    parser.add_argument("--users", type=int, default=50, help="concurrent connections")
    parser.add_argument("--duration", type=int, default=60, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=5, help="seconds before each")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES))
    parser.add_argument("--profile", choices=PAGES, help="py-spy the server on this page")
    parser.add_argument("--source", choices=("head", "tree"), default="head",
                        help="run the last commit (default) or the work tree as it is")
    parser.add_argument("--build-only", action="store_true", help="build the store and stop")
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    source = _source(args.work, args.source)
    store, built = build(args.work, args.children, args.years, args.seed)
    for step, figures in built.items():
        print(f"{step}: {figures}", flush=True)
    if args.build_only:
        return
    home = store.parent
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server, startup = serve(store, port, home / "serve.log")
    try:
        names = [line.split(",")[0] for line in subprocess.run(
            [*CLI, "users", "list", "--db", str(store)], check=True, capture_output=True,
            text=True).stdout.splitlines()[1:]][: args.users]
        started = time.perf_counter()
        sessions = {n: sign_in(base, n) for n in names}
        signin_s = (time.perf_counter() - started) / len(sessions)
        reqs = requests_for(base, sessions, args.seed)
        print(f"server ready in {startup:.1f} s (resident {_peak_mib(server.pid):.0f} MiB); "
              f"{len(sessions)} users signed in ({1000 * signin_s:.0f} ms each); requests: "
              + ", ".join(f"{p} {len(r)}" for p, r in reqs.items()), flush=True)
        if args.profile:
            load(base, reqs[args.profile], home, "warmup", args.warmup, args.users, None,
                 server.pid)
            profile(base, reqs[args.profile], home, args.profile, args.duration, args.users,
                    server.pid)
            return
        rows = []
        loads = [os.getloadavg()[0]]
        for page in args.pages:
            for mode in args.modes:
                think = MODES[mode]
                load(base, reqs[page], home, "warmup", args.warmup, args.users, think,
                     server.pid)
                r = load(base, reqs[page], home, f"{page}-{mode}", args.duration, args.users,
                         think, server.pid)
                rows.append(_row(page, mode, r))
                loads.append(os.getloadavg()[0])
                print(rows[-1], flush=True)
        peak = _peak_mib(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:  # still busy with requests left in flight
            server.kill()
            server.wait()
    facts = built["facts"]
    steps = ", ".join(f"{k} {built[k]['seconds']:,.0f} s" for k in
                      ("synth", "ingest", "link", "detect", "users"))
    table = "\n".join([
        f"Measured {dt.date.today().isoformat()} on {machine()}, by `benchmarks/web.py`: "
        f"{args.children:,} children, {args.years} years (seed {args.seed}): "
        f"{facts['events']:,} events, {facts['subjects']:,} agency subjects; built by the "
        f"command line in {steps}. Serving {source}: ready in {startup:.0f} s; "
        f"{len(sessions)} users signed in through the form ({1000 * signin_s:.0f} ms each, "
        f"argon2); server peak resident memory {peak:,.0f} MiB. wrk, one thread, "
        f"{args.users} connections, "
        f"{args.duration} s a run after a {args.warmup} s warm-up of the same. Each user "
        "waits between pages " + ", ".join(
            f"{w[0] // 1000} to {w[1] // 1000} s ({m})" if (w := MODES[m])
            else f"not at all ({m})" for m in args.modes)
        + ". Times in milliseconds. Errors: responses other than 200, timeouts (30 s) "
        "and failed connections; closed idle: keep-alive connections the server closed while "
        "the user waited (uvicorn keeps them 5 s; wrk, like a browser, opens another). CPU: the "
        "server process's CPU time per request. Load average (1 minute) during the runs: "
        f"{min(loads):.1f} to {max(loads):.1f}.",
        "",
        "| page | load | requests | per second | p50 | p95 | p99 | errors | closed idle | "
        "CPU ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
    ])
    print(table)
    if args.write:
        text = DOC.read_text(encoding="utf-8")
        block = f"{START}\n{table}\n{END}"
        if START in text:
            text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, text,
                          flags=re.DOTALL)
        else:
            text = text.rstrip("\n") + "\n\n## The web application\n\n" + block + "\n"
        DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
