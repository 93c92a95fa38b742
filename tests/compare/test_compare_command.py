"""`clearsight compare`: the summary, the report page, the tidy CSV and its documentation."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearsight.cli import app
from clearsight.compare import page as html
from clearsight.compare import report
from clearsight.compare.analysis import Dataset
from clearsight.compare.indicators import INDICATORS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "compare.md"
runner = CliRunner()


@pytest.fixture()
def db(stats_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store.duckdb"
    shutil.copy(stats_db, copy)
    return copy


def test_summary_for_an_authority_by_name(db: Path) -> None:
    result = runner.invoke(app, ["compare", "haringey", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Haringey (E09000014, DfE number 309)")
    assert "Where it stands" in result.stdout and "What changed" in result.stdout
    # the Haringey question: children taken into care fell against England, tested
    assert re.search(r"Children who started to be looked after: relative to England it has "
                     r"been falling .* a real divergence", result.stdout)
    # and the last two years are below the control chart's lower limit
    assert ("Children looked after at 31 March: 2024 and 2025: outside the process limits "
            "(lower)") in result.stdout


def test_the_view_from_a_past_year(db: Path) -> None:
    result = runner.invoke(app, ["compare", "Haringey", "--up-to", "2016", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "As it looked with figures up to reporting year 2016 only." in result.stdout
    assert "2025" not in result.stdout.split("Latest figures:")[1].split("Statistical")[0]
    late = runner.invoke(app, ["compare", "Haringey", "--up-to", "2031", "--db", str(db)])
    assert late.exit_code == 2
    assert "cover reporting years 2010 to 2025" in " ".join(late.stderr.split())


def test_authority_by_code_or_number(db: Path) -> None:
    for query in ("E09000014", "309"):
        result = runner.invoke(app, ["compare", query, "--db", str(db)])
        assert result.exit_code == 0
        assert result.stdout.startswith("Haringey")


def test_unknown_authority_lists_close_matches(db: Path) -> None:
    result = runner.invoke(app, ["compare", "Harringay", "--db", str(db)])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "No local authority matches 'Harringay'" in message
    assert "Haringey (E09000014)" in message


def test_indicators_csv_has_the_contract_columns(db: Path) -> None:
    result = runner.invoke(app, ["compare", "--indicators", "--format", "csv", "--db", str(db)])
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["authority_code", "authority", "year", "indicator", "numerator",
                       "denominator", "value", "published_value"]
    assert len(rows) > 20_000
    assert {r[3] for r in rows[1:]} == {i.name for i in INDICATORS}
    haringey = [r for r in rows if r[0] == "E09000014" and r[2] == "2025"
                and r[3] == "cla_rate"]
    assert haringey == [["E09000014", "Haringey", "2025", "cla_rate", "325", "53648",
                         haringey[0][6], "61"]]
    assert round(float(haringey[0][6])) == 61


def test_suppressed_figures_are_empty_in_the_csv_not_zero(db: Path) -> None:
    result = runner.invoke(app, ["compare", "--indicators", "--db", str(db)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # Isles of Scilly 2025: 0 second plans, but the plans started are suppressed ('c')
    scilly = [r for r in rows if r["authority_code"] == "E06000053" and r["year"] == "2025"
              and r["indicator"] == "cpp_second_or_later_pct"]
    assert [(r["numerator"], r["denominator"], r["value"]) for r in scilly] == [("0", "", "")]
    for r in rows:
        if r["numerator"] == "" or r["denominator"] == "":
            assert r["value"] == "", r


def test_bad_format_is_refused(db: Path) -> None:
    result = runner.invoke(app, ["compare", "--indicators", "--format", "xml", "--db", str(db)])
    assert result.exit_code == 2 and "unknown --format 'xml'" in result.stderr


def test_every_indicator_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", text, flags=re.MULTILINE))
    assert documented == {i.name for i in INDICATORS}


def test_every_compare_option_is_documented() -> None:
    from typer.main import get_command

    command = get_command(app).commands["compare"]  # type: ignore[attr-defined]
    options = [opt for param in command.params for opt in param.opts if opt.startswith("--")]
    assert {"--html", "--indicators", "--format", "--reload", "--db"} <= set(options)
    text = DOCS.read_text(encoding="utf-8")
    for option in options:
        assert f"`{option}" in text, f"{option} is not in docs/compare.md"
    assert "CLEARSIGHT_DB" in text


@pytest.fixture(scope="module")
def page(dataset: Dataset) -> str:
    return html.render(dataset, report.build(dataset, "Haringey"))


def test_report_page_has_charts_readings_and_specs(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page
    assert page.count('<svg role="img" aria-label=') >= 20
    assert "very unlikely to be chance" in page or "consistent with chance" in page
    specs = re.findall(r'<script type="application/json" class="vega-lite-spec" '
                       r'data-chart="(\w+)">(.*?)</script>', page, flags=re.DOTALL)
    assert len(specs) >= 20
    for kind, body in specs:
        spec = json.loads(body)
        assert spec["$schema"].endswith("vega-lite/v5.json") and kind in ("funnel", "trend")
    for fetch in ("<script src", 'href="http', "url(http", "<link "):
        assert fetch not in page  # self-contained: nothing fetched


def test_spec_json_cannot_close_the_script_element() -> None:
    text = html.spec_json({"title": "</script><script>alert(1)</script> & co"})
    assert "</script>" not in text and "<" not in text
    assert json.loads(text)["title"] == "</script><script>alert(1)</script> & co"


def test_html_option_writes_the_page(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["compare", "Isles of Scilly", "--html", str(out),
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "Isles of Scilly" in out.read_text(encoding="utf-8")


def test_an_outlier_is_read_in_plain_english(dataset: Dataset) -> None:
    built = report.build(dataset, "Kingston upon Thames")
    stands = " ".join(built.where_it_stands())
    # the joint Kingston and Richmond workforce return: turnover 28.0% against England 11.8%
    assert ("Social worker turnover 2025: 28.0 % of FTE in post (England 11.8) — above the "
            "upper 99.8% limit: very unlikely to be chance.") in stands
    assert any("joint return" in note for note in built.history_notes)


def test_neighbours_are_the_2025_model_and_their_median(dataset: Dataset) -> None:
    built = report.build(dataset, "Haringey")
    assert [name for _, name, _ in built.neighbours][:3] == ["Waltham Forest", "Ealing",
                                                             "Lewisham"]
    values = sorted(dataset.record("cla_rate", key, 2025).value  # type: ignore[union-attr]
                    for _, key, _ in dataset.neighbours["309"])
    median, count = dataset.neighbour_median("cla_rate", "309", 2025)
    assert count == 10 and median == (values[4] + values[5]) / 2


def test_an_authority_or_indicators_is_needed_but_not_both(db: Path) -> None:
    neither = runner.invoke(app, ["compare", "--db", str(db)])
    assert neither.exit_code == 2 and "name an authority" in " ".join(neither.stderr.split())
    both = runner.invoke(app, ["compare", "Haringey", "--indicators", "--db", str(db)])
    assert both.exit_code == 2 and "not both" in both.stderr


def test_json_report(db: Path) -> None:
    result = runner.invoke(app, ["compare", "309", "--format", "json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["authority"] == {"name": "Haringey", "code": "E09000014", "dfe_number": "309"}
    starts = next(f for f in data["findings"] if f["indicator"] == "cla_starts_rate")
    assert starts["year"] == 2025 and starts["funnel"]["band"] == "within 95%"
    assert starts["trend_against_england"]["p_value"] < 0.001
    assert len(data["neighbours"]) == 10
    wrong = runner.invoke(app, ["compare", "309", "--format", "csv", "--db", str(db)])
    assert wrong.exit_code == 2 and "use text or json" in wrong.stderr


def test_every_authority_reports_as_strict_json(dataset: Dataset) -> None:
    refs = dataset.refs()
    assert len(refs) >= 153
    for ref in refs:
        json.dumps(report.to_dict(report.build_for(dataset, ref)), allow_nan=False)
