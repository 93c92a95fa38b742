"""A small synthetic authority, generated once for the tests that only read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearsight.synth import Summary, generate

SHARED = Path(__file__).resolve().parents[3] / "shared"
CIN_XSD = SHARED / "data" / "samples" / "cin_census" / "CIN_schema_2026.xsd"


@pytest.fixture(scope="session")
def small_authority(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("synth") / "authority"
    # Enough families for several of each trajectory type.
    summary = generate(children=2500, years=3, seed=7, out=out, harm_rate=0.02,
                       benign_rate=0.01)
    return out, summary
