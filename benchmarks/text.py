"""Benchmark: narratives read per second by `clearsight.text.read`, on one core.

    .venv/bin/python benchmarks/text.py                    # 20,000 narratives, print the table
    .venv/bin/python benchmarks/text.py --narratives 50000
    .venv/bin/python benchmarks/text.py --write            # and update docs/performance.md

The narratives are made from the labelled sentences (tests/text/labelled_sentences.jsonl): each
is 1 to 6 of them, drawn with a fixed seed, with plain sentences ("Home visit completed.") mixed
in so that about a third of the text holds no fact, as in a real chronology. The first call is
timed apart (the patterns are compiled at import, so it should not differ much).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import time
from pathlib import Path

from clearsight.text import read

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
LABELLED = ROOT / "tests" / "text" / "labelled_sentences.jsonl"
START, END = "<!-- benchmark:text:start -->", "<!-- benchmark:text:end -->"
INTRO = (
    "`.venv/bin/python benchmarks/text.py [--narratives N] [--write]`: reads N narratives made\n"
    "from the labelled sentences (1 to 4 of them and up to 2 plain sentences each, fixed seed)\n"
    "with `clearsight.text.read`, in one process, then N narratives of plain sentences with no\n"
    "fact. Wall-clock time is shared with whatever else the machine runs; CPU time is this\n"
    "process's own and the fairer figure. The reader keeps no state between calls, so a large\n"
    "run splits across processes (one per core) with no coordination."
)
PLAIN = [
    "Home visit completed.",
    "Case discussed with the team manager.",
    "Letter sent to the family with the date of the next meeting.",
    "Children seen in the living room, playing with toys.",
    "Telephone call to the school to arrange a meeting.",
]


def narratives(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    sentences = [
        json.loads(line)["text"] for line in LABELLED.read_text(encoding="utf-8").splitlines()
    ]
    out = []
    for _ in range(count):
        parts = rng.choices(sentences, k=rng.randint(1, 4)) + rng.choices(
            PLAIN, k=rng.randint(0, 2)
        )
        rng.shuffle(parts)
        out.append(" ".join(parts))
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--narratives", type=int, default=20_000)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()

    texts = narratives(args.narratives)
    chars = sum(map(len, texts))
    t0 = time.perf_counter()
    read(texts[0])
    first = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    found = sum(len(read(t)) for t in texts)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    rate = len(texts) / elapsed
    plain = [" ".join(random.Random(i).choices(PLAIN, k=3)) for i in range(len(texts))]
    c0 = time.process_time()
    for t in plain:
        read(t)
    plain_rate = len(plain) / (time.process_time() - c0)
    hours = 20_000_000 / (len(texts) / cpu) / 3600
    table = "\n".join(
        [
            f"Run on {dt.datetime.now(dt.UTC):%d %B %Y, %H:%M} UTC: {machine()}, one process.",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| narratives | {len(texts):,} (mean {chars / len(texts):.0f} characters) |",
            f"| facts read | {found:,} |",
            f"| first call | {first * 1000:.1f} ms |",
            f"| time (wall clock) | {elapsed:.2f} s |",
            f"| time (CPU of this process) | {cpu:.2f} s |",
            f"| narratives per second (wall clock) | {rate:,.0f} |",
            f"| narratives per CPU second | {len(texts) / cpu:,.0f} |",
            f"| characters per CPU second | {chars / cpu:,.0f} |",
            f"| narratives with no fact (3 plain sentences) per CPU second | {plain_rate:,.0f} |",
            f"| 20 million fact-dense narratives, one core (CPU time) | {hours:.1f} hours |",
        ]
    )
    print(table)
    if args.write:
        text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
        block = f"{START}\n{table}\n{END}"
        if START in text:
            text = re.sub(
                re.escape(START) + ".*?" + re.escape(END), lambda _m: block, text, flags=re.DOTALL
            )
        else:
            text = text.rstrip("\n") + "\n\n## Reading narratives (`benchmarks/text.py`)\n\n"
            text += INTRO + "\n\n" + block + "\n"
        DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
