"""Score the reader against labelled sentences: precision and recall per kind of fact.

    .venv/bin/python -m clearsight.text.evaluate tests/text/labelled_sentences.jsonl

Each line of the labelled file is a JSON object: `text`, and `facts`, a list of
`{"kind", "value", "polarity", "body_sites"?, "patterned"?, "about"?}`. Scoring is by sentence
and by set: within one sentence a fact counts once however often it is mentioned, and it
is right when its kind, value and polarity are all right ("strict"), or its kind and value
whatever the polarity ("found"). Body sites are scored as (injury type, site, polarity)
triples, and `about` as the share of right answers among the labelled facts the reader found.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clearsight.text.facts import POLARITIES
from clearsight.text.lexicon import KINDS
from clearsight.text.reader import read


@dataclass
class Counts:
    """True positives, false positives and false negatives; precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: set[Any], found: set[Any]) -> None:
        self.tp += len(expected & found)
        self.fp += len(found - expected)
        self.fn += len(expected - found)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """The scores over a labelled set."""

    sentences: int = 0
    strict: dict[str, Counts] = field(default_factory=dict)
    found: dict[str, Counts] = field(default_factory=dict)
    polarity: dict[str, Counts] = field(default_factory=dict)
    body_sites: Counts = field(default_factory=Counts)
    patterned: Counts = field(default_factory=Counts)
    about_right: int = 0
    about_asked: int = 0
    errors: list[str] = field(default_factory=list)

    def total(self, table: dict[str, Counts]) -> Counts:
        out = Counts()
        for c in table.values():
            out.tp, out.fp, out.fn = out.tp + c.tp, out.fp + c.fp, out.fn + c.fn
        return out


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled sentences of a JSON Lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(items: Iterable[dict[str, Any]]) -> Report:
    """Read every labelled sentence and count what the reader got right and wrong."""
    report = Report(
        strict={k: Counts() for k in KINDS},
        found={k: Counts() for k in KINDS},
        polarity={p: Counts() for p in POLARITIES},
    )
    for item in items:
        report.sentences += 1
        expected = item["facts"]
        facts = read(item["text"])
        for kind in KINDS:
            exp = {(f["value"], f["polarity"]) for f in expected if f["kind"] == kind}
            got = {(f.value, f.polarity) for f in facts if f.kind == kind}
            report.strict[kind].add(exp, got)
            report.found[kind].add({v for v, _ in exp}, {v for v, _ in got})
            if exp != got:
                report.errors.append(
                    f"{item.get('id', '?')} {kind}: expected {sorted(exp)}, read {sorted(got)}"
                    f"  | {item['text']}"
                )
        for pol in POLARITIES:
            report.polarity[pol].add(
                {(f["kind"], f["value"]) for f in expected if f["polarity"] == pol},
                {(f.kind, f.value) for f in facts if f.polarity == pol},
            )
        report.body_sites.add(
            {
                (f["value"], s, f["polarity"])
                for f in expected
                if f["kind"] == "injury"
                for s in f.get("body_sites", ())
            },
            {(f.value, s, f.polarity) for f in facts if f.kind == "injury" for s in f.body_sites},
        )
        report.patterned.add(
            {f["value"] for f in expected if f.get("patterned")},
            {f.value for f in facts if f.patterned},
        )
        for f in expected:
            if f.get("about"):
                same = [
                    g
                    for g in facts
                    if (g.kind, g.value, g.polarity) == (f["kind"], f["value"], f["polarity"])
                ]
                if same:
                    report.about_asked += 1
                    report.about_right += any(g.about == f["about"] for g in same)
    return report


def table(report: Report) -> str:
    """The report as a Markdown table."""
    lines = [
        "| fact | labelled | precision | recall | F1 | found, any polarity: P / R |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, c in report.strict.items():
        f = report.found[kind]
        lines.append(
            f"| {kind} | {c.support} | {c.precision:.2f} | {c.recall:.2f} | {c.f1:.2f} "
            f"| {f.precision:.2f} / {f.recall:.2f} |"
        )
    t, tf = report.total(report.strict), report.total(report.found)
    lines.append(
        f"| **all facts** | {t.support} | {t.precision:.2f} | {t.recall:.2f} | {t.f1:.2f} "
        f"| {tf.precision:.2f} / {tf.recall:.2f} |"
    )
    for name, c in (("body sites", report.body_sites), ("patterned", report.patterned)):
        lines.append(
            f"| {name} | {c.support} | {c.precision:.2f} | {c.recall:.2f} | {c.f1:.2f} | |"
        )
    lines += ["", "| polarity | labelled | precision | recall |", "|---|---:|---:|---:|"]
    for pol, c in report.polarity.items():
        lines.append(f"| {pol} | {c.support} | {c.precision:.2f} | {c.recall:.2f} |")
    if report.about_asked:
        lines += [
            "",
            f"Who a fact is about: right for {report.about_right} of the {report.about_asked} "
            f"labelled facts the reader found ({report.about_right / report.about_asked:.0%}).",
        ]
    return "\n".join(lines)


def split(items: list[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    """The "dev" half (even lines: the sentences whose errors were looked at while the lexicon
    was tuned), the "held-out" half (odd lines: never looked at), or "all"."""
    if part == "all":
        return items
    parity = {"dev": 0, "held-out": 1}[part]
    return [item for i, item in enumerate(items) if i % 2 == parity]


def main(argv: list[str] | None = None) -> int:
    """Print the scores for a labelled file.

    Options: `--errors` lists every sentence read wrongly; `--part dev|held-out|all`.
    """
    args = sys.argv[1:] if argv is None else argv
    part = args[args.index("--part") + 1] if "--part" in args else "all"
    paths = [a for a in args if not a.startswith("--") and a != part]
    items = load(Path(paths[0] if paths else "tests/text/labelled_sentences.jsonl"))
    report = score(split(items, part))
    print(f"{report.sentences} sentences\n")
    print(table(report))
    if "--errors" in args:
        print("\n" + "\n".join(report.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
