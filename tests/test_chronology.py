"""The merged chronology: order, ages, gaps, possible duplicates, and safe exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clearsight.chronology import ChronologyError, build_chronology, render
from clearsight.chronology.build import age_between
from clearsight.chronology.render import COLUMNS
from clearsight.ingest import ingest_file
from clearsight.store import Store
from tests.conftest import EXAMPLES, base_row, write_csv

FAMILY = [
    "social_care:C-88123",
    "health_visiting:RX4412",
    "police:N-771209",
    "social_care:P-55310",
]


@pytest.fixture
def examples(store: Store) -> Store:
    for name in ("social_care.csv", "health_visiting.csv", "police.jsonl"):
        assert ingest_file(store, EXAMPLES / name).outcome == "loaded"
    return store


def test_merged_chronology_orders_every_agency_in_time(examples: Store) -> None:
    chronology = build_chronology(examples, FAMILY)
    keys = [e.key for e in chronology.entries]
    assert keys == [
        "health_visiting:HV-77301",
        "police:PNC-2024-33917",
        "health_visiting:HV-77342",
        "health_visiting:HV-77343",
        "social_care:SC-1001",
        "social_care:SC-1002",
        "social_care:SC-1003",
        "social_care:SC-1004",
        "social_care:SC-1005",
        "social_care:SC-1006",
    ]
    assert chronology.agencies == ["social_care", "police", "health_visiting"]
    assert chronology.child_name == "Jayden Morris"
    assert [e.days_since_previous for e in chronology.entries][:3] == [None, 59, 15]
    assert [e.age for e in chronology.entries][:3] == ["3 months", "5 months", "5 months"]


def test_one_subject_alone(examples: Store) -> None:
    chronology = build_chronology(examples, ["police:N-771209"])
    assert [e.key for e in chronology.entries] == ["police:PNC-2024-33917"]
    # an adult's chronology: the age is the subject's own
    assert chronology.entries[0].age == "30 years 6 months"


def test_same_day_records_of_one_happening_are_marked_not_merged(examples: Store) -> None:
    chronology = build_chronology(examples, FAMILY)
    marks = {e.key: e.possible_duplicates for e in chronology.entries if e.possible_duplicates}
    assert marks == {
        "health_visiting:HV-77343": ["social_care:SC-1001", "social_care:SC-1002"],
        "social_care:SC-1001": ["health_visiting:HV-77343"],
        "social_care:SC-1002": ["health_visiting:HV-77343"],
    }
    assert len(chronology.entries) == 10  # nothing merged away


def test_same_agency_same_day_is_not_a_duplicate(store: Store, tmp_path: Path) -> None:
    rows = [base_row(record_id="A"), base_row(record_id="B")]
    ingest_file(store, write_csv(tmp_path / "a.csv", rows))
    chronology = build_chronology(store, ["social_care:C-1"])
    assert all(not e.possible_duplicates for e in chronology.entries)


@pytest.mark.parametrize(
    ("birth", "day", "expected"),
    [
        (dt.date(2024, 3, 14), dt.date(2024, 3, 14), "0 days"),
        (dt.date(2024, 3, 14), dt.date(2024, 4, 13), "30 days"),
        (dt.date(2024, 3, 14), dt.date(2024, 4, 14), "1 month"),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), "29 days"),
        (dt.date(2022, 3, 14), dt.date(2024, 3, 13), "23 months"),
        (dt.date(2022, 3, 14), dt.date(2024, 3, 14), "2 years"),
        (dt.date(2020, 2, 29), dt.date(2024, 8, 1), "4 years 5 months"),
        (dt.date(2024, 3, 14), dt.date(2024, 3, 1), "unborn (1 week before birth)"),
    ],
)
def test_age_at_event(birth: dt.date, day: dt.date, expected: str) -> None:
    assert age_between(birth, day)[1] == expected


def test_unknown_subject_suggests_close_matches(examples: Store) -> None:
    with pytest.raises(
        ChronologyError, match=r"no subject social_care:C-88124.*social_care:C-88123"
    ):
        build_chronology(examples, ["social_care:C-88124"])
    with pytest.raises(ChronologyError, match="not an agency code"):
        build_chronology(examples, ["socialcare:C-88123"])
    with pytest.raises(ChronologyError, match="give agency:subject_ref"):
        build_chronology(examples, ["C-88123"])


_HOSTILE = '=HYPERLINK("http://evil.example","click") <script>alert(1)</script>'


@pytest.fixture
def hostile(store: Store, tmp_path: Path) -> Store:
    rows = [
        base_row(record_id="A", description=_HOSTILE, practitioner="@admin", team="+team"),
        base_row(record_id="B", event_date="2024-01-12", description="-2 on the scale"),
    ]
    assert ingest_file(store, write_csv(tmp_path / "h.csv", rows)).outcome == "loaded"
    return store


def test_csv_export_neutralises_formulas(hostile: Store) -> None:
    text = render(build_chronology(hostile, ["social_care:C-1"]), "csv")
    assert isinstance(text, str)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(COLUMNS)
    assert list(COLUMNS[:5]) == ["event_date", "agency", "record_id", "event_type", "description"]
    assert rows[0]["description"] == "'" + _HOSTILE
    assert rows[0]["practitioner"] == "'@admin"
    assert rows[0]["team"] == "'+team"
    assert rows[1]["description"] == "'-2 on the scale"
    assert rows[1]["days_since_previous"] == "2"


def test_xlsx_export_holds_text_not_formulas(hostile: Store, tmp_path: Path) -> None:
    content = render(build_chronology(hostile, ["social_care:C-1"]), "xlsx")
    assert isinstance(content, bytes)
    path = tmp_path / "c.xlsx"
    path.write_bytes(content)
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    description = sheet.cell(2, header.index("description") + 1)
    assert description.value == "'" + _HOSTILE
    assert description.data_type == "s"
    assert sheet.cell(2, 1).value == dt.datetime(2024, 1, 10)


def test_html_escapes_text_and_is_an_accessible_page(hostile: Store) -> None:
    page = render(build_chronology(hostile, ["social_care:C-1"]), "html")
    assert isinstance(page, str)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<html lang="en-GB">' in page
    assert "<caption>" in page and 'scope="col"' in page
    assert "@media print" in page


def test_json_export_carries_derived_fields(examples: Store) -> None:
    document = json.loads(str(render(build_chronology(examples, FAMILY), "json")))
    injury = next(e for e in document["events"] if e["record_id"] == "HV-77342")
    assert injury["age"] == "5 months"
    assert injury["body_sites"] == ["cheek", "ear"]
    assert injury["event_date"] == "2024-09-02"
    assert document["date_of_birth"] == "2024-03-14"
    assert {s["agency"] for s in document["subjects"]} == {
        "social_care",
        "health_visiting",
        "police",
    }


def test_page_names_who_each_event_is_about(examples: Store) -> None:
    chronology = build_chronology(examples, FAMILY)
    about = {e.key: e.about for e in chronology.entries}
    assert about["police:PNC-2024-33917"] == "Dean Carter (partner)"
    assert about["social_care:SC-1006"] == "Shannon Morris (mother)"
    assert about["health_visiting:HV-77342"] == ""  # the child, as the health visitor knows him
    page = str(render(chronology, "html"))
    assert "About Dean Carter (partner)" in page
    assert "Health visitor contact" in page and "Section 47 start" in page
