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
