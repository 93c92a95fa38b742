"""The Department's own CIN census rules, run on a generated census (optional).

`csc-validator-be-cin` pins an old pandas, so it lives in its own virtual environment; point
`CLEARSIGHT_CIN_VALIDATOR_PYTHON` at that environment's python to run this test, e.g.

    python3.11 -m venv /tmp/cinval
    /tmp/cinval/bin/pip install csc-validator-be-cin==0.1.13 "numpy<2" pytest
    CLEARSIGHT_CIN_VALIDATOR_PYTHON=/tmp/cinval/bin/python pytest tests/synth -k dfe
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from clearsight.synth import END_DATE, generate

SCRIPT = """
import importlib, sys, warnings
warnings.filterwarnings("ignore")
import xml.etree.ElementTree as ET
from cin_validator import cin_validator
root = ET.parse(sys.argv[1]).getroot()
data = cin_validator.process_data(cin_validator.convert_data(root))
registry = getattr(importlib.import_module("cin_validator.rules.cin2025_26"), "registry")
issues = cin_validator.CinValidator(data, registry, selected_rules=None).full_issue_df
for code, group in issues.groupby("rule_code"):
    print(f"{code}\\t{len(group)}\\t{group.iloc[0]['rule_description']}")
"""


def test_cin_census_passes_the_departments_rules(tmp_path: Path) -> None:
    python = os.environ.get("CLEARSIGHT_CIN_VALIDATOR_PYTHON")
    if not python:
        pytest.skip("set CLEARSIGHT_CIN_VALIDATOR_PYTHON to run the DfE CIN validator")
    out = tmp_path / "authority"
    generate(children=3000, years=2, seed=1, out=out)
    census = out / "returns" / f"cin_census_{END_DATE.year}.xml"
    result = subprocess.run([python, "-c", SCRIPT, str(census)], capture_output=True,
                            text=True, check=True, timeout=600)
    failures = [line for line in result.stdout.splitlines()
                if line and not line.split("\t")[0].endswith("Q")]  # Q: a query, not an error
    assert failures == []


SCRIPT_903 = """
import importlib, sys, warnings
warnings.filterwarnings("ignore")
import logging
logging.disable(logging.CRITICAL)
from pathlib import Path
from lac_validator import lac_validator
from lac_validator.report import Report
from lac_validator.utils import process_uploaded_files
folder = Path(sys.argv[1])
files = [str(folder / n) for n in ("header.csv", "episodes.csv", "reviews.csv")]
metadata = {"collectionYear": "2025", "localAuthority": "E09000027"}
registry = getattr(importlib.import_module("lac_validator.rules.lac2024_25"), "registry")
v = lac_validator.LacValidator(metadata=metadata, files=process_uploaded_files(
    {"This year": files}), registry=registry, selected_rules=None)
r = Report(v.ds_results, registry)
issues = lac_validator.create_issue_df(r.report, r.error_report)
for code, group in issues.groupby("rule_code"):
    print(f"{code}\\t{len(group)}\\t{group.iloc[0]['rule_description']}")
"""

#: Rules that fail only because the postcodes are fictional (the `QX` area does not exist, so
#: the placement's authority and location cannot be derived from it).
FICTIONAL_POSTCODE_RULES = {"169", "179", "392c"}


def test_ssda903_passes_the_departments_rules(tmp_path: Path) -> None:
    """As above, with `csc-validator-be-903==0.1.17` in `CLEARSIGHT_903_VALIDATOR_PYTHON`."""
    python = os.environ.get("CLEARSIGHT_903_VALIDATOR_PYTHON")
    if not python:
        pytest.skip("set CLEARSIGHT_903_VALIDATOR_PYTHON to run the DfE SSDA903 validator")
    out = tmp_path / "authority"
    generate(children=15000, years=3, seed=8, out=out)
    folder = out / "returns" / f"ssda903_{END_DATE.year}"
    result = subprocess.run([python, "-c", SCRIPT_903, str(folder)], capture_output=True,
                            text=True, check=True, timeout=900)
    failures = [line for line in result.stdout.splitlines()
                if "\t" in line and line.split("\t")[0] not in FICTIONAL_POSTCODE_RULES
                and not line.split("\t")[0].endswith("Q")]
    assert failures == []
