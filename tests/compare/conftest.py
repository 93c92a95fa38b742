"""One store loaded with the bundled public statistics, shared by the compare tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clearsight.compare.analysis import Dataset
from clearsight.compare.dataset import load
from clearsight.compare.loader import PublicStats, read_all
from clearsight.store import Store


@pytest.fixture(scope="session")
def stats_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("compare") / "stats.duckdb"
    with Store.open(path) as store:
        load(store)
    yield path


@pytest.fixture(scope="session")
def stats() -> PublicStats:
    return read_all()


@pytest.fixture(scope="session")
def dataset(stats_db: Path) -> Dataset:
    with Store.open(stats_db) as store:
        return Dataset.from_store(store)
