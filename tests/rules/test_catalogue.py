"""The rule catalogue: each rule documented, cited, portable, and shown firing and not firing
on its own examples."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest
import sqlglot

from clearsight.ingest import ingest_file
from clearsight.rules import REGISTRY, Example, Rule, catalogue, detect
from clearsight.rules.docs import module_of, render_catalogue
from clearsight.store import Store

RULES = catalogue()
ROOT = Path(__file__).resolve().parents[2]


def test_ids_are_stable_and_the_catalogue_has_the_rules() -> None:
    ids = [r.rule_id for r in RULES]
    assert all(re.fullmatch(r"CS-\d{3}", i) for i in ids)
    assert len(ids) == len(set(ids)) >= 13


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.rule_id)
def test_rule_is_documented_and_cited(rule: Rule) -> None:
    assert len(rule.title.split()) >= 2, rule.rule_id
    for text in (rule.detects, rule.why, rule.limits):
        assert len(text.split()) >= 10, rule.rule_id
    assert rule.references and all(r.citation for r in rule.references)
    assert any(e.fires for e in rule.examples), f"{rule.rule_id} has no firing example"
    assert any(not e.fires for e in rule.examples), f"{rule.rule_id} has no non-firing example"
    assert set(rule.parameter_help) == set(rule.parameters), rule.rule_id


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.rule_id)
def test_each_rule_has_a_module_of_its_own_named_after_its_id(rule: Rule) -> None:
    import clearsight.rules.catalogue as declared

    name = module_of(rule)
    assert name.startswith(rule.rule_id.lower().replace("-", "") + "_")
    module = getattr(declared, name)
    assert [v for v in vars(module).values() if isinstance(v, Rule)] == [rule]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.rule_id)
def test_rule_sql_is_portable(rule: Rule) -> None:
    sql = rule.compiled("2025-03-31")
    for dialect in ("postgres", "spark"):
        translated = sqlglot.transpile(sql, read="duckdb", write=dialect)
        assert translated and translated[0].strip()


def test_the_catalogue_document_is_up_to_date() -> None:
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == render_catalogue(RULES), (
        "docs/rules.md is out of date: run `.venv/bin/python -m clearsight.rules.docs`"
    )


def _write(path: Path, rows: tuple[dict[str, str], ...]) -> Path:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path


EXAMPLES = [(r, e) for r in RULES for e in r.examples]


@pytest.mark.parametrize(
    ("rule", "example"), EXAMPLES, ids=[f"{r.rule_id}-{e.note[:30]}" for r, e in EXAMPLES]
)
def test_examples(rule: Rule, example: Example, tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        result = ingest_file(store, _write(tmp_path / "rows.csv", example.rows))
        assert result.outcome == "loaded", [str(p) for p in result.problems]
        person_map = (
            [(r["agency"], r["subject_ref"], "P1") for r in example.rows]
            if example.one_person
            else None
        )
        detection = detect(
            store, as_of=dt.date(2025, 3, 31), rule_ids=[rule.rule_id], person_map=person_map
        )
    assert bool(detection.alerts) is example.fires, [a["summary"] for a in detection.alerts]
    for alert in detection.alerts:
        assert alert["rule_id"] == rule.rule_id
        assert alert["severity"] == rule.severity
        assert alert["evidence"]
        assert alert["raised_on"] <= dt.date(2025, 3, 31)
        # a summary is read by a manager: agencies by name, no codes
        assert not re.search(r"[a-z]_[a-z]", alert["summary"]), alert["summary"]


def test_registry_refuses_a_reused_id() -> None:
    from clearsight.rules.registry import register

    with pytest.raises(ValueError, match="used twice"):
        register(REGISTRY["CS-001"])


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "under a day"),
        (9, "9 days"),
        (13, "13 days"),
        (14, "2 weeks"),
        (90, "12 weeks"),
        (91, "2 months"),
        (425, "13 months"),
        (730, "23 months"),
        (731, "2 years"),
        (1100, "3 years"),
    ],
)
def test_ages_are_said_in_days_weeks_months_or_years(days: int, words: str) -> None:
    from clearsight.rules.catalogue._shared import _age_words

    assert duckdb.connect().execute(f"SELECT {_age_words(str(days))}").fetchone() == (words,)


@pytest.mark.parametrize(
    ("summary", "read"),
    [
        (
            "Injuries 0 days apart (health_gp, then health_visiting)",
            "Injuries on the same day (GP, then health visiting)",
        ),
        (
            "Injuries 1 days apart (hospital, then hospital)",
            "Injuries 1 day apart (hospital, then hospital)",
        ),
        (
            "Re-referred 0 days after the case was closed",
            "Re-referred on the day the case was closed",
        ),
        (
            "Re-referred 1 days after the case was closed",
            "Re-referred 1 day after the case was closed",
        ),
        ("a child aged 1 years, 11 days later", "a child aged 1 year, 11 days later"),
        ("3 injuries within 21 days, 10.1 weeks", "3 injuries within 21 days, 10.1 weeks"),
        ("head_injury recorded by social_care", "head injury recorded by children's social care"),
    ],
)
def test_summaries_are_put_in_words(summary: str, read: str) -> None:
    from clearsight.store.rules import _in_words

    assert duckdb.connect().execute(f"SELECT {_in_words('?')}", [summary]).fetchone() == (read,)
