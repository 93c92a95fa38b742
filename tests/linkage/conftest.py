"""One store, trained once per session on an invented population with the hand-written hard
cases among it; tests that change it work on a copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from clearsight.ingest import ingest_file
from clearsight.linkage import link
from clearsight.store import Store
from tests.conftest import write_csv
from tests.linkage.population import background, nhs_number, row

TT30, TT31, TT32, TT33, TT34, TT35, TT36, TT37 = (f"TT{n} {n - 29}AB" for n in range(30, 38))


def hard_cases() -> list[dict[str, str]]:
    """Each case: subjects that are, or are not, one person (see test_hard_cases.py)."""
    return [
        # alias: known to the police under an alias social care recorded
        row("social_care", "SC-A1", "A1", given="anna", family="kowalczyk", dob=date(2015, 4, 21),
            sex="F", postcode=TT30, other_names="Ania Kowalczyk;Anna Fairweather"),
        row("police", "PO-A1", "A2", given="anna", family="fairweather", dob=date(2015, 4, 21),
            sex="F", postcode=TT30),
        # day and month of the date of birth swapped
        row("health_gp", "GP-B1", "B1", given="kacper", family="pemberton",
            dob=date(2019, 3, 7), sex="M", postcode=TT31, nhs=nhs_number(9001)),
        row("education", "ED-B1", "B2", given="kacper", family="pemberton",
            dob=date(2019, 7, 3), sex="M", postcode=TT31),
        # twins: same family, birthday and address; different names and NHS numbers
        row("health_gp", "GP-C1", "C1", given="jack", family="ashworth", dob=date(2017, 9, 12),
            sex="M", postcode=TT32, nhs=nhs_number(9002)),
        row("health_gp", "GP-C2", "C2", given="oliver", family="ashworth",
            dob=date(2017, 9, 12), sex="M", postcode=TT32, nhs=nhs_number(9003)),
        row("education", "ED-C1", "C3", given="jack", family="ashworth", dob=date(2017, 9, 12),
            sex="M", postcode=TT32),
        row("education", "ED-C2", "C4", given="oliver", family="ashworth",
            dob=date(2017, 9, 12), sex="M", postcode=TT32),
        # a mother and her daughter with the same name at the same address
        row("housing", "HO-D1", "D1", given="mary", family="fairclough", dob=date(1986, 5, 2),
            sex="F", postcode=TT33, role="mother"),
        row("health_gp", "GP-D1", "D2", given="mary", family="fairclough", dob=date(1986, 5, 2),
            sex="F", postcode=TT33, role="mother", nhs=nhs_number(9004)),
        row("social_care", "SC-D1", "D3", given="mary", family="fairclough",
            dob=date(2009, 11, 20), sex="F", postcode=TT33),
        # a mother's partner who uses two surnames
        row("police", "PO-E1", "E1", given="dean", family="harrowby", dob=date(1988, 2, 11),
            sex="M", postcode=TT34, role="partner", other_names="Dean Whitlock"),
        row("social_care", "SC-E1", "E2", given="dean", family="whitlock", dob=date(1988, 2, 11),
            sex="M", postcode=TT34, role="partner"),
        # same name and birthday, two different valid NHS numbers: never one person
        row("health_gp", "GP-F1", "F1", given="ruby", family="okonjo", dob=date(2016, 1, 30),
            sex="F", postcode=TT35, nhs=nhs_number(9005)),
        row("health_hospital", "HH-F1", "F2", given="ruby", family="okonjo",
            dob=date(2016, 1, 30), sex="F", postcode=TT35, nhs=nhs_number(9006)),
        # a child recorded under a brother's NHS number (valid, but his)
        row("health_gp", "GP-I1", "I1", given="kyle", family="evanson", dob=date(2019, 1, 12),
            sex="M", postcode=TT36, nhs=nhs_number(9007)),
        row("health_hospital", "HH-I2", "I2", given="kyla", family="evanson",
            dob=date(2016, 10, 5), sex="F", postcode=TT36, nhs=nhs_number(9007)),
        # nickname
        row("education", "ED-G1", "G1", given="alex", family="pennington", dob=date(2012, 8, 8),
            sex="M", postcode=TT36),
        row("social_care", "SC-G1", "G2", given="alexander", family="pennington",
            dob=date(2012, 8, 8), sex="M", postcode=TT36),
        # given and family names recorded the wrong way round
        row("police", "PO-H1", "H1", given="quigley", family="tobias", dob=date(2010, 10, 10),
            sex="M", postcode=TT37),
        row("social_care", "SC-H1", "H2", given="tobias", family="quigley",
            dob=date(2010, 10, 10), sex="M", postcode=TT37),
    ]


@pytest.fixture(scope="session")
def linked_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("linkage")
    path = folder / "linked.duckdb"
    population, _ = background(folder / "background.csv")
    cases = write_csv(folder / "cases.csv", hard_cases())
    with Store.open(path) as store:
        for file in (population, cases):
            result = ingest_file(store, file)
            assert result.stored_everything, result.problems[:3]
        # under MIN_TRAINING_SUBJECTS: --retrain makes it learn from this data anyway
        link(store, retrain=True)
    return path


@pytest.fixture
def linked(linked_store_file: Path, tmp_path: Path) -> Iterator[Store]:
    """A copy of the trained, linked store, for a test to change."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(linked_store_file, copy)
    with Store.open(copy) as store:
        yield store
