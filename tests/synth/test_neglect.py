"""The start-again history (decision 0503): neglect signs from school and health, contacts
closed with no plan; and the new records change no other record of any family."""

from __future__ import annotations

import csv
import importlib
from datetime import date
from pathlib import Path

import pytest

from clearsight.synth import Summary, generate
from clearsight.synth.voices import AGENCY_FILES
from clearsight.synth.writer import EXTRA_RECORD_BASE, EXTRA_SERIES_SIZE


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _is_extra(record_id: str) -> bool:
    """One of the neglect records (the first series of extra records; decision 0505's paper
    trail is numbered after it)."""
    digits = "".join(ch for ch in record_id if ch.isdigit())
    return bool(digits) and EXTRA_RECORD_BASE < int(digits) <= \
        EXTRA_RECORD_BASE + EXTRA_SERIES_SIZE


def test_start_again_children_have_a_history_of_neglect(
    small_authority: tuple[Path, Summary],
) -> None:
    out, _ = small_authority
    records = {f"{a}:{r['record_id']}": r for a in AGENCY_FILES for r in _rows(out / f"{a}.csv")}
    found = 0
    for t in _rows(out / "truth" / "trajectories.csv"):
        if t["type"] != "start_again":
            continue
        harm = date.fromisoformat(t["harm_date"])
        before = [records[k] for k in t["key_events"].split(";")
                  if date.fromisoformat(records[k]["event_date"]) < harm]
        signs = [r for r in before if r["agency"] != "social_care" and _is_extra(r["record_id"])]
        contacts = [r for r in before if r["agency"] == "social_care"
                    and r["event_type"] == "contact" and r["action"] == "No further action"]
        assert signs and contacts, t
        found += 1
    assert found


def test_extra_records_change_no_other_record(
    small_authority: tuple[Path, Summary], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the neglect records, every other row of every file is the same."""
    out, _ = small_authority
    gen = importlib.import_module("clearsight.synth.generate")  # the module, not the function
    traj = importlib.import_module("clearsight.synth.trajectories")

    monkeypatch.setattr(gen, "background_signs", lambda *a, **k: None)
    monkeypatch.setattr(traj, "start_again_history", lambda *a, **k: [])
    without = tmp_path / "without"
    generate(children=2500, years=3, seed=7, out=without, harm_rate=0.02, benign_rate=0.01)
    added = 0
    for agency in AGENCY_FILES:
        name = f"{agency}.csv"
        now = (out / name).read_text(encoding="utf-8").splitlines()
        before = (without / name).read_text(encoding="utf-8").splitlines()
        kept = [line for line in now if not _is_extra(next(csv.reader([line]))[2])]
        assert kept == before, agency
        added += len(now) - len(before)
    assert added > 0
    for name in ("persons.csv", "households.csv", "calibration.csv"):
        assert (out / "truth" / name).read_bytes() == (without / "truth" / name).read_bytes()
