"""Time and peak memory of `clearsight link`, beside a plain Splink run with default comparisons
on the same subjects.

    python benchmarks/linkage.py --store /tmp/linkage-eval/la-50000-1.duckdb

The store must hold ingested agency files (for example from benchmarks/linkage_eval.py). Each
side runs in its own process so that its peak resident memory is its own:

- clearsight: `clearsight.linkage.link(store, retrain=True)` on a copy of the store (training,
  scoring, clustering with constraints, stable ids, households, everything written back);
- plain Splink: the same subjects, Splink's library comparisons with their defaults
  (NameComparison on given and family names, DateOfBirthComparison, PostcodeComparison,
  ExactMatch on sex), the same blocking rules, u by random sampling and m by EM on the same
  two training blocks and the same training sample, predict, and connected components at
  match probability 0.95.

Prints seconds and peak MB of each and the ratio. For a million subjects, link a synthetic
authority of about 275,000 children (`clearsight synth --children 275000`, then
`clearsight ingest`). `--copies K` instead makes a bigger store beside the given one with K
copies of every subject as other people (names kept, dates of birth, postcodes and
identifiers moved; `clearsight.store.linkage.replicate_subjects`): quick, but every copy
keeps the names, so name blocks grow far faster than in a real population.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def trace() -> None:
    """Log each step of a run to stderr as it starts and ends (elapsed seconds, peak MB), and
    Splink's own progress: for watching a long run, and for saying how far it got if it is
    stopped."""
    import functools

    from clearsight.linkage import model, run

    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:8.1f} s, peak {_peak_mb():7.0f} MB] {message}",
              file=sys.stderr, flush=True)

    def wrap(owner: object, name: str) -> None:
        inner = getattr(owner, name)

        @functools.wraps(inner)
        def traced(*args: object, **kwargs: object) -> object:
            say(f"{name} ...")
            out = inner(*args, **kwargs)
            rows = getattr(out, "num_rows", None)
            say(f"{name} done" + (f" ({rows:,} rows)" if rows is not None else ""))
            return out

        setattr(owner, name, traced)

    logging.basicConfig(stream=sys.stderr, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("splink").setLevel(logging.INFO)
    model._quiet = lambda: None  # type: ignore[attr-defined]
    for name in ("linkage_input", "save_pairs", "save_memberships"):
        wrap(run.db, name)
    for name in ("train", "predict"):
        wrap(model, name)
    for name in ("_decide", "cluster", "assign_ids"):
        wrap(run, name)
    wrap(run.households, "build")


def run_clearsight(store_path: Path) -> dict[str, float]:
    from clearsight.linkage import link
    from clearsight.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.duckdb"
        shutil.copy(store_path, copy)
        with Store.open(copy) as store:
            start = time.perf_counter()
            result = link(store, retrain=True)
            seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "subjects": result.subjects,
            "persons": result.persons}


def plain_splink(store_path: Path) -> tuple[dict[str, str], int]:
    """Plain Splink's persons on the store's subjects: (`agency:subject_ref` → cluster id,
    how many subjects)."""
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on

    from clearsight.linkage.model import BLOCKING_RULES, SEED, U_MAX_PAIRS, training_sample
    from clearsight.linkage.names import nickname_pairs
    from clearsight.store import Store
    from clearsight.store.linkage import linkage_input, splink_database_api

    with Store.open(store_path, read_only=True) as store:
        data = linkage_input(store, nickname_pairs())
    logging.getLogger("splink").setLevel(logging.ERROR)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given"),
            cl.NameComparison("family"),
            cl.DateOfBirthComparison("dob", input_is_string=False),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=list(BLOCKING_RULES),
    )
    # Trained as Clearsight trains (on the same sample above 200,000 subjects), then scores
    # every subject.
    training_api = splink_database_api()
    trainer = Linker(training_api.register(training_sample(data), table_name="training_in"),
                     settings, log_level=logging.ERROR)
    trainer.training.estimate_probability_two_random_records_match(
        [block_on("nhs"), block_on("upn")], recall=0.7)
    trainer.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=SEED)
    trainer.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    trainer.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_key", "family"))
    trained = trainer.misc.save_model_to_json()
    del trainer, training_api
    api = splink_database_api()
    linker = Linker(api.register(data, table_name="subjects_in"), trained,
                    log_level=logging.ERROR)
    scored = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        scored, threshold_match_probability=0.95)
    rows = clusters.as_duckdbpyrelation().project("unique_id, cluster_id").fetchall()
    return {str(k): str(c) for k, c in rows}, data.num_rows


def run_plain(store_path: Path) -> dict[str, float]:
    start = time.perf_counter()
    clusters, subjects = plain_splink(store_path)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "subjects": subjects,
            "persons": len(set(clusters.values()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--copies", type=int, default=0,
                        help="add this many copies of every subject as other people "
                        "(store.linkage.replicate_subjects), to reach a size")
    parser.add_argument("--side", choices=["clearsight", "plain"], default=None,
                        help="run one side only, in this process, and print its JSON")
    parser.add_argument("--trace", action="store_true",
                        help="with --side: log each step and Splink's progress to stderr")
    args = parser.parse_args()
    if args.trace:
        trace()
    if args.copies and not args.side:
        from clearsight.store import Store
        from clearsight.store.linkage import replicate_subjects

        bigger = args.store.with_name(f"{args.store.stem}-x{args.copies + 1}.duckdb")
        if not bigger.exists():
            shutil.copy(args.store, bigger)
            with Store.open(bigger) as store:
                print(f"{replicate_subjects(store, args.copies):,} subjects in {bigger}")
        args.store = bigger
    if args.side:
        side = run_clearsight if args.side == "clearsight" else run_plain
        print(json.dumps(side(args.store)))
        return
    results = {}
    for side in ("clearsight", "plain"):
        out = subprocess.run(
            [sys.executable, __file__, "--store", str(args.store), "--side", side],
            check=True, capture_output=True, text=True,
        )
        results[side] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}; store {args.store}")
    print("| run | subjects | persons | seconds | peak MB |")
    print("|---|---|---|---|---|")
    for side, r in results.items():
        print(f"| {side} | {r['subjects']:,} | {r['persons']:,} | {r['seconds']:.1f} | "
              f"{r['peak_mb']:.0f} |")
    c, p = results["clearsight"], results["plain"]
    print(f"| ratio clearsight / plain | | | {c['seconds'] / p['seconds']:.2f} | "
          f"{c['peak_mb'] / p['peak_mb']:.2f} |")


if __name__ == "__main__":
    main()
