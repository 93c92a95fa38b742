"""The paper trail (decision 0505): a share of the drift-on-plan children are visited on time
while other agencies' concerns keep arriving, with no strategy discussion; concerns about
ordinary children on plans; and the new records change no other record of any family."""

from __future__ import annotations

import csv
import importlib
from datetime import date, timedelta
from pathlib import Path

import pytest

from clearsight.synth import generate
from clearsight.synth.voices import AGENCY_FILES
from clearsight.synth.writer import EXTRA_SERIES_SIZE, PAPER_TRAIL_RECORD_BASE

#: The concerns the story is made of, as the exchange format codes them.
CONCERN_TYPES = {"injury_observed", "emergency_attendance", "domestic_abuse_incident",
                 "new_adult_in_household", "safeguarding_referral_made"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(record_id: str) -> int:
    digits = "".join(ch for ch in record_id if ch.isdigit())
    return int(digits) if digits else 0


def _is_paper_trail(record_id: str) -> bool:
    return PAPER_TRAIL_RECORD_BASE < _number(record_id) <= \
        PAPER_TRAIL_RECORD_BASE + EXTRA_SERIES_SIZE


def _keys(trajectory: dict[str, str]) -> list[str]:
    """A trajectory's key events, `agency:record_id` each."""
    return [k for k in trajectory["key_events"].split(";") if k]


def _in_trail(key: str) -> bool:
    return _is_paper_trail(key.split(":", 1)[1])


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough drift-on-plan families for several with the paper trail (seed 7 at this size
    has six drift trajectories, four of them with it)."""
    out = tmp_path_factory.mktemp("paper") / "authority"
    generate(children=2500, years=3, seed=7, out=out, harm_rate=0.04, benign_rate=0.01)
    return out


def test_paper_trail_children_are_visited_while_concerns_go_unanswered(authority: Path) -> None:
    records = {f"{a}:{r['record_id']}": r for a in AGENCY_FILES
               for r in _rows(authority / f"{a}.csv")}
    persons = {(r["agency"], r["subject_ref"]): r for r in _rows(authority / "truth" /
                                                                "persons.csv")}
    with_trail = plain = 0
    for t in _rows(authority / "truth" / "trajectories.csv"):
        if t["type"] != "drift_on_plan":
            assert not any(_in_trail(k) for k in _keys(t))
            continue
        harm = date.fromisoformat(t["harm_date"])
        trail = [records[k] for k in _keys(t) if _in_trail(k)]
        if not trail:
            plain += 1
            continue
        with_trail += 1
        # Every new record comes before the harm, about the child or the child's household.
        assert all(date.fromisoformat(r["event_date"]) < harm for r in trail)
        assert {persons[(r["agency"], r["subject_ref"])]["household_id"] for r in trail} \
            == {t["household_id"]}
        concerns = sorted(date.fromisoformat(r["event_date"]) for r in trail
                          if r["agency"] != "social_care" and r["event_type"] in CONCERN_TYPES)
        # Concerns from other agencies, apart in time, within eight months of the harm.
        assert len(concerns) >= 2, t["trajectory_id"]
        assert concerns[-1] - concerns[0] >= timedelta(days=1)
        assert harm - concerns[0] <= timedelta(days=245)
        # The social worker only notes what is passed on.
        assert all(r["event_type"] == "note" for r in trail if r["agency"] == "social_care")
        # Meanwhile the plan goes on: visits at which the child is seen, and no strategy
        # discussion or section 47 enquiry over those months.
        refs = dict(ref.split(":", 1) for ref in t["subject_refs"].split(";"))
        own = [r for r in _rows(authority / "social_care.csv")
               if r["subject_ref"] == refs["social_care"]
               and concerns[0] - timedelta(days=90) <= date.fromisoformat(r["event_date"]) < harm]
        assert sum(r["event_type"] == "home_visit" and r["child_seen"] in ("yes", "alone")
                   for r in own) >= 3
        assert not any(r["event_type"] in ("strategy_discussion", "section47_start")
                       for r in own)
    assert with_trail >= 2 and plain >= 1, (with_trail, plain)


def test_children_on_plans_have_concerns_too(authority: Path) -> None:
    """Concerns like the story's arrive about children of families with no trajectory."""
    harmed = {r["household_id"] for r in _rows(authority / "truth" / "trajectories.csv")}
    persons = {(r["agency"], r["subject_ref"]): r["household_id"]
               for r in _rows(authority / "truth" / "persons.csv")}
    ordinary = [r for a in AGENCY_FILES if a != "social_care"
                for r in _rows(authority / f"{a}.csv")
                if _is_paper_trail(r["record_id"])
                and persons[(a, r["subject_ref"])] not in harmed]
    assert ordinary
    assert {r["event_type"] for r in ordinary} <= CONCERN_TYPES


def test_paper_trail_records_change_no_other_record(
    authority: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the paper-trail records, every other row of every file is the same, in the same
    order, and the ground truth differs only in the drift trajectories' key events."""
    gen = importlib.import_module("clearsight.synth.generate")  # the module, not the function
    traj = importlib.import_module("clearsight.synth.trajectories")
    monkeypatch.setattr(gen, "plan_concerns", lambda *a, **k: None)
    monkeypatch.setattr(traj, "paper_trail_history", lambda *a, **k: [])
    without = tmp_path / "without"
    generate(children=2500, years=3, seed=7, out=without, harm_rate=0.04, benign_rate=0.01)
    added = 0
    for agency in AGENCY_FILES:
        name = f"{agency}.csv"
        now = (authority / name).read_text(encoding="utf-8").splitlines()
        before = (without / name).read_text(encoding="utf-8").splitlines()
        kept = [line for line in now if not _is_paper_trail(next(csv.reader([line]))[2])]
        assert kept == before, agency
        added += len(now) - len(before)
    assert added > 0
    for name in ("persons.csv", "households.csv", "calibration.csv"):
        assert (authority / "truth" / name).read_bytes() == \
            (without / "truth" / name).read_bytes()
    for returns in sorted((without / "returns").rglob("*.*")):
        relative = returns.relative_to(without)
        assert (authority / relative).read_bytes() == returns.read_bytes(), relative
    now_t = _rows(authority / "truth" / "trajectories.csv")
    before_t = _rows(without / "truth" / "trajectories.csv")
    assert len(now_t) == len(before_t)
    changed = 0
    for a, b in zip(now_t, before_t, strict=True):
        keys = _keys(a)
        assert {k: v for k, v in a.items() if k != "key_events"} == \
            {k: v for k, v in b.items() if k != "key_events"}
        kept_keys = [k for k in keys if not _in_trail(k)]
        assert kept_keys == _keys(b)
        if kept_keys != keys:
            assert a["type"] == "drift_on_plan"
            changed += 1
    assert changed >= 2
