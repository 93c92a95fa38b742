"""Linkage measured against a synthetic authority's ground truth.

    python benchmarks/linkage_eval.py --children 50000 --seed 1 --work /tmp/linkage-eval

Generates the authority (unless its folder exists), ingests every agency file into a fresh
store, runs `clearsight.linkage.link`, and compares the persons with `truth/persons.csv`:
pairwise precision, recall and F1 (all subjects, and children only), cluster measures (exact
clusters, persons split, persons merged), and children merged despite different valid NHS
numbers; then households, person by person (each true person scored by the linked person most
of its subjects went to): pairs of persons put in one household against pairs truly in one,
and the largest. Prints Markdown tables for docs/linkage.md.
"""

from __future__ import annotations

import argparse
import csv
import platform
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from clearsight.ingest import ingest_file
from clearsight.linkage import link
from clearsight.store import Store
from clearsight.store import linkage as db
from clearsight.synth import generate


def pairs(groups: dict[str, list[str]]) -> int:
    return sum(len(g) * (len(g) - 1) // 2 for g in groups.values())


def measure(predicted: dict[str, str], truth: dict[str, str], keep: set[str]) -> dict[str, float]:
    keys = [k for k in predicted if k in truth and k in keep]
    by_pred: dict[str, list[str]] = defaultdict(list)
    by_true: dict[str, list[str]] = defaultdict(list)
    cells: Counter[tuple[str, str]] = Counter()
    for k in keys:
        by_pred[predicted[k]].append(k)
        by_true[truth[k]].append(k)
        cells[(predicted[k], truth[k])] += 1
    tp = sum(n * (n - 1) // 2 for n in cells.values())
    pp, tpairs = pairs(by_pred), pairs(by_true)
    precision = tp / pp if pp else 1.0
    recall = tp / tpairs if tpairs else 1.0
    exact = sum(1 for g in by_true.values()
                if len({predicted[k] for k in g}) == 1 and len(by_pred[predicted[g[0]]]) == len(g))
    split = sum(1 for g in by_true.values() if len({predicted[k] for k in g}) > 1)
    merged = sum(1 for g in by_pred.values() if len({truth[k] for k in g}) > 1)
    return {
        "subjects": len(keys), "true_persons": len(by_true), "predicted_persons": len(by_pred),
        "true_pairs": tpairs, "predicted_pairs": pp, "true_positive_pairs": tp,
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "persons_exact": exact / len(by_true) if by_true else 1.0,
        "persons_split": split, "clusters_merging_people": merged,
    }


def households_of(store: Store) -> dict[str, str]:
    """Each linked person's household in the latest linkage run."""
    rows = store.rows(
        "SELECT person_id, household_id FROM household_members "
        "WHERE run_id = (SELECT max(run_id) FROM household_members)"
    )
    return {str(p): str(h) for p, h in rows}


def print_households(
    store: Store, predicted: dict[str, str], truth: dict[str, str], persons_csv: Path
) -> None:
    """Households scored pair by pair over true persons: a true person stands for the linked
    person most of its subjects were put in."""
    true_home: dict[str, str] = {}
    with persons_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            true_home[row["person_id"]] = row["household_id"]
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for key, person in predicted.items():
        if key in truth:
            votes[truth[key]][person] += 1
    linked_home = households_of(store)
    home_of = {
        true_person: linked_home[v.most_common(1)[0][0]]
        for true_person, v in votes.items()
        if v.most_common(1)[0][0] in linked_home
    }
    scores = measure(home_of, true_home, set(home_of))
    sizes = Counter(home_of.values())
    print("\nHouseholds (persons in one household, pair by pair):\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| persons scored | {scores['subjects']:,} |")
    print(f"| pairs put in one household | {scores['predicted_pairs']:,} |")
    print(f"| of them truly one household | {scores['true_positive_pairs']:,} |")
    print(f"| pairs truly in one household | {scores['true_pairs']:,} |")
    print(f"| pairwise precision | {scores['precision']:.4f} |")
    print(f"| pairwise recall | {scores['recall']:.4f} |")
    print(f"| largest household | {max(sizes.values())} |")
    print(f"| persons in households of more than 10 | "
          f"{sum(n for n in sizes.values() if n > 10):,} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=5000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/linkage-eval"))
    parser.add_argument("--link-weight", type=float, default=None)
    parser.add_argument("--review-weight", type=float, default=None)
    parser.add_argument("--retrain", action="store_true",
                        help="train the model again (a store linked before keeps its model)")
    parser.add_argument("--plain", action="store_true",
                        help="also measure a plain Splink run (benchmarks/linkage.py)")
    args = parser.parse_args()
    folder = args.work / f"la-{args.children}-{args.seed}"
    started = time.perf_counter()
    if not (folder / "truth" / "persons.csv").exists():
        generate(children=args.children, years=args.years, seed=args.seed, out=folder)
    generated = time.perf_counter()
    store_path = args.work / f"la-{args.children}-{args.seed}.duckdb"
    fresh = not store_path.exists()
    store = Store.open(store_path)
    if fresh:
        for path in sorted(folder.glob("*.csv")):
            ingest_file(store, path)
    ingested = time.perf_counter()
    options: dict[str, float | bool] = {"retrain": args.retrain}
    if args.link_weight is not None:
        options["link_weight"] = args.link_weight
    if args.review_weight is not None:
        options["review_weight"] = args.review_weight
    result = link(store, **options)
    linked = time.perf_counter()
    print(result.summary())
    predicted = {f"{r['agency']}:{r['subject_ref']}": r["person_id"] for r in db.persons(store)}
    truth: dict[str, str] = {}
    roles: dict[str, str] = {}
    with (folder / "truth" / "persons.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = f"{row['agency']}:{row['subject_ref']}"
            truth[key] = row["person_id"]
            roles[key] = row["role"]
    nhs = db.subject_nhs_numbers(store)
    children = {k for k, r in roles.items() if r in ("child", "unborn")}
    clash = 0
    by_person: dict[str, set[str]] = defaultdict(set)
    for key, person in predicted.items():
        if key in children and key in nhs:
            by_person[person].add(nhs[key])
    clash = sum(1 for numbers in by_person.values() if len(numbers) > 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nMachine: {platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}")
    print(f"Generate {generated - started:.1f}s, ingest {ingested - generated:.1f}s, "
          f"link {linked - ingested:.1f}s, peak memory {peak:.0f} MB\n")
    print("| measure | all subjects | children |")
    print("|---|---|---|")
    every = measure(predicted, truth, set(truth))
    kids = measure(predicted, truth, children)
    for name in every:
        a, b = every[name], kids[name]
        fmt = (lambda v: f"{v:.4f}") if isinstance(a, float) else (lambda v: f"{v:,}")
        print(f"| {name} | {fmt(a)} | {fmt(b)} |")
    print(f"| persons holding two different valid NHS numbers of children | | {clash} |")
    print(f"| pairs for review | {result.review_pairs:,} | |")
    print_households(store, predicted, truth, folder / "truth" / "persons.csv")
    if args.plain:
        sys.path.insert(0, str(Path(__file__).parent))
        from linkage import plain_splink  # the benchmark script beside this one

        store.close()
        start = time.perf_counter()
        plain, _ = plain_splink(store_path)
        print(f"\nPlain Splink (default comparisons, same blocking), "
              f"{time.perf_counter() - start:.1f}s:\n")
        print("| measure | all subjects | children |")
        print("|---|---|---|")
        every = measure(plain, truth, set(truth))
        kids = measure(plain, truth, children)
        for name in every:
            a, b = every[name], kids[name]
            fmt = (lambda v: f"{v:.4f}") if isinstance(a, float) else (lambda v: f"{v:,}")
            print(f"| {name} | {fmt(a)} | {fmt(b)} |")
        by_plain: dict[str, set[str]] = defaultdict(set)
        for key, person in plain.items():
            if key in children and key in nhs:
                by_plain[person].add(nhs[key])
        print("| persons holding two different valid NHS numbers of children | | "
              f"{sum(1 for n in by_plain.values() if len(n) > 1)} |")


if __name__ == "__main__":
    main()
