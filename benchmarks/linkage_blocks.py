"""How many pairs each blocking rule makes, and how many true pairs the rules find together.

    python benchmarks/linkage_blocks.py --store STORE [--truth FOLDER/truth/persons.csv]

For each rule of `clearsight.linkage.model.BLOCKING_RULES` (or another set, `--rules old`):
the pairs it makes on the store's subjects (each equality block counted as n(n-1)/2), the pairs
it adds to the rules before it (what Splink scores), and, given a synthetic authority's truth,
the true pairs (two subjects of one true person) that no rule before it found. Counting only:
nothing is scored, so it is quick even at a million subjects and shows how blocks grow before a
run is started.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from clearsight.linkage.names import nickname_pairs
from clearsight.store import Store
from clearsight.store.linkage import linkage_input

#: The rules before 26 November 2026 (no guards): date of birth and given name with family name
#: on their own.
OLD_RULES = [
    ("nhs",), ("upn",), ("dob",), ("given_key", "family"),
    ("family", "birth_year", "given_initial"), ("given_key", "birth_year", "postcode_district"),
    ("postcode", "given_initial"),
]


def _cond(keys: tuple[str, ...]) -> str:
    return "(" + " AND ".join(f'l."{k}" = r."{k}"' for k in keys) + ")"


def rules_of(which: str) -> list[tuple[str, tuple[str, ...], str]]:
    """(label, equal keys, the rule's SQL condition on `l` and `r`)."""
    if which == "old":
        return [(" + ".join(keys), keys, _cond(keys)) for keys in OLD_RULES]
    from clearsight.linkage.model import BLOCKING, GuardedBlock

    out = []
    for keys, guard in BLOCKING:
        sql = GuardedBlock(keys, guard).get_blocking_rule("duckdb").blocking_rule_sql
        out.append((" + ".join(keys) + (f", if {guard}" if guard else ""), keys, sql))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--truth", type=Path, default=None)
    parser.add_argument("--rules", choices=["current", "old"], default="current")
    parser.add_argument("--memory", default="4GB")
    args = parser.parse_args()
    rules = rules_of(args.rules)
    with Store.open(args.store, read_only=True) as store:
        data = linkage_input(store, nickname_pairs())
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{args.memory}'")
    con.register("subjects_arrow", data)
    con.execute("CREATE TABLE s AS SELECT * FROM subjects_arrow")
    print(f"{data.num_rows:,} subjects")
    truth = args.truth is not None
    if truth:
        con.execute(
            f"""CREATE TABLE t AS SELECT agency || ':' || subject_ref AS unique_id, person_id,
                role IN ('child', 'unborn') AS child
                FROM read_csv('{args.truth}', all_varchar = true)
                WHERE agency || ':' || subject_ref IN (SELECT unique_id FROM s)"""
        )
        con.execute(
            """CREATE TABLE tp AS SELECT a.unique_id AS l_id, b.unique_id AS r_id,
                      a.child AND b.child AS child
               FROM t a JOIN t b ON a.person_id = b.person_id AND a.unique_id < b.unique_id"""
        )
        total, kids = con.execute("SELECT count(*), count(*) FILTER (child) FROM tp").fetchone()
        print(f"{total:,} true pairs ({kids:,} of children)")
    print("| rule | pairs in its blocks | new pairs (scored) | true pairs newly found | "
          "of children | seconds |")
    print("|---|---:|---:|---:|---:|---:|")
    earlier: list[str] = []
    scored = found = found_kids = 0
    for label, keys, rule in rules:
        start = time.perf_counter()
        cols = ", ".join(f'"{k}"' for k in keys)
        nonnull = " AND ".join(f'"{k}" IS NOT NULL' for k in keys)
        (raw,) = con.execute(
            f"SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM "
            f"(SELECT count(*) AS n FROM s WHERE {nonnull} GROUP BY {cols})"
        ).fetchone()
        exclude = "".join(f" AND NOT coalesce({c}, false)" for c in earlier)
        (new,) = con.execute(
            f"SELECT count(*) FROM s l JOIN s r ON {rule} "
            f"WHERE l.unique_id < r.unique_id{exclude}"
        ).fetchone()
        line = f"| {label} | {raw:,} | {new:,} |"
        if truth:
            hit, hit_kids = con.execute(
                f"""SELECT count(*), count(*) FILTER (tp.child) FROM tp
                    JOIN s l ON l.unique_id = tp.l_id JOIN s r ON r.unique_id = tp.r_id
                    WHERE coalesce({rule}, false){exclude}"""
            ).fetchone()
            found += hit
            found_kids += hit_kids
            line += f" {hit:,} | {hit_kids:,} |"
        else:
            line += " | |"
        print(f"{line} {time.perf_counter() - start:.1f} |", flush=True)
        scored += new
        earlier.append(rule)
    line = f"| all rules | | {scored:,} |"
    if truth:
        line += (f" {found:,} ({found / total:.4f}) | {found_kids:,} "
                 f"({found_kids / kids:.4f}) |")
    print(line + " |")


if __name__ == "__main__":
    main()
