"""The probabilistic model: Splink settings, training from the data alone, and scoring.

Settings are data (`settings()` returns Splink's creator, compiled to SQL per dialect by
Splink), so the same model runs on DuckDB here and on Spark at national scale. Parameters are
estimated without labels: u from random pairs (seeded), m by expectation maximisation on two
blocking passes, each of which leaves the other comparisons free to be estimated.
"""

from __future__ import annotations

import json
import logging
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import splink.comparison_level_library as cll
from splink import Linker, SettingsCreator, block_on
from splink.comparison_library import CustomComparison
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.dialects import SplinkDialect

from clearsight.store.linkage import splink_database_api

#: Random pairs drawn to estimate u; and the seed, so a retrain on the same data is the same.
U_MAX_PAIRS = 2e6
SEED = 42
#: Below this many subjects the data cannot estimate the model; the bundled one is used.
MIN_TRAINING_SUBJECTS = 2000
#: Above this many subjects the model is trained on a random sample of this many (seeded).
#: Training blocks on date of birth alone and on given name with family name alone, whose pairs
#: grow with the square of the subjects; a uniform sample keeps the share of pairs that match
#: (so the same probability that two random records match) and bounds the work.
MAX_TRAINING_SUBJECTS = 200_000
BUNDLED = Path(__file__).with_name("bundled_model.json")

#: How far below the review floor pairs are still scored, so identifier pairs are kept.
IDENTIFIER_MARGIN = 10.0


class SwappedNamesLevel(ComparisonLevelCreator):
    """Given and family names recorded the wrong way round: each name in the other's other
    place, allowing a slip (Jaro-Winkler at least 0.9) or a nickname on either side. The
    similarity function is the dialect's own, so the level runs on DuckDB and on Spark."""

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        jw = sql_dialect.jaro_winkler_function_name
        return (
            f"(given_l = family_r OR given_key_l = family_key_r OR {jw}(given_l, family_r) >= 0.9)"
            f" AND (family_l = given_r OR family_key_l = given_key_r"
            f" OR {jw}(family_l, given_r) >= 0.9)"
        )

    def create_label_for_charts(self) -> str:
        return "given and family names swapped"


def _swapped() -> Any:
    return SwappedNamesLevel()


def comparisons() -> list[Any]:
    """The compared fields, each as levels from most to least alike."""
    given = CustomComparison(
        output_column_name="given_name",
        comparison_description="given name",
        comparison_levels=[
            cll.NullLevel("given"),
            cll.ExactMatchLevel("given").configure(label_for_charts="same given name"),
            _swapped(),
            cll.ArrayIntersectLevel("given_keys", 1).configure(
                label_for_charts="same name by nickname, spelling or alias"
            ),
            cll.JaroWinklerLevel("given", 0.92).configure(
                label_for_charts="given names nearly the same (Jaro-Winkler >= 0.92)"
            ),
            cll.JaroWinklerLevel("given", 0.8).configure(
                label_for_charts="given names alike (Jaro-Winkler >= 0.8)"
            ),
            cll.ElseLevel().configure(label_for_charts="given names differ"),
        ],
    )
    family = CustomComparison(
        output_column_name="family_name",
        comparison_description="family name",
        comparison_levels=[
            cll.NullLevel("family"),
            cll.ExactMatchLevel("family").configure(label_for_charts="same family name"),
            _swapped(),
            cll.ArrayIntersectLevel("family_names", 1).configure(
                label_for_charts="a family name either was recorded under"
            ),
            cll.JaroWinklerLevel("family", 0.92).configure(
                label_for_charts="family names nearly the same (Jaro-Winkler >= 0.92)"
            ),
            cll.JaroWinklerLevel("family", 0.8).configure(
                label_for_charts="family names alike (Jaro-Winkler >= 0.8)"
            ),
            cll.ElseLevel().configure(label_for_charts="family names differ"),
        ],
    )
    dob = CustomComparison(
        output_column_name="date_of_birth",
        comparison_description="date of birth",
        comparison_levels=[
            cll.NullLevel("dob_text"),
            cll.ExactMatchLevel("dob_text").configure(label_for_charts="same date of birth"),
            cll.CustomLevel(
                "dob_swapped_l = dob_text_r", label_for_charts="day and month swapped"
            ),
            cll.LevenshteinLevel("dob_text", 1).configure(
                label_for_charts="dates of birth one character apart"
            ),
            cll.LevenshteinLevel("dob_text", 2).configure(
                label_for_charts="dates of birth two characters apart"
            ),
            cll.ElseLevel().configure(label_for_charts="dates of birth differ"),
        ],
    )
    sex = CustomComparison(
        output_column_name="sex",
        comparison_description="sex",
        comparison_levels=[
            cll.NullLevel("sex"),
            cll.ExactMatchLevel("sex").configure(label_for_charts="same sex"),
            cll.ElseLevel().configure(label_for_charts="different sex"),
        ],
    )
    postcode = CustomComparison(
        output_column_name="postcode",
        comparison_description="postcode history",
        comparison_levels=[
            cll.CustomLevel(
                "postcode_l IS NULL OR postcode_r IS NULL"
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("postcode").configure(label_for_charts="same postcode"),
            cll.ArrayIntersectLevel("postcodes", 1).configure(
                label_for_charts="a postcode in common in their histories"
            ),
            cll.ExactMatchLevel("postcode_district").configure(
                label_for_charts="same postcode district"
            ),
            cll.ElseLevel().configure(label_for_charts="postcodes differ"),
        ],
    )
    identifier = CustomComparison(
        output_column_name="identifier",
        comparison_description="NHS number or UPN",
        comparison_levels=[
            cll.CustomLevel(
                "(nhs_l IS NULL OR nhs_r IS NULL) AND (upn_l IS NULL OR upn_r IS NULL)"
            ).configure(is_null_level=True),
            cll.CustomLevel("nhs_l = nhs_r OR upn_l = upn_r",
                            label_for_charts="same NHS number or UPN"),
            cll.ElseLevel().configure(label_for_charts="different NHS number or UPN"),
        ],
    )
    return [given, family, dob, sex, postcode, identifier]


def _intersects(sql_dialect: SplinkDialect, column: str) -> str:
    if sql_dialect.sql_dialect_str == "duckdb":
        return f'len(list_intersect(l."{column}", r."{column}")) > 0'
    return f"size(array_intersect(l.`{column}`, r.`{column}`)) > 0"


def _given_could_agree(sql_dialect: SplinkDialect) -> str:
    """The given names are not "given names differ" (the level the twin guard refuses): either
    is missing, or they are alike (Jaro-Winkler at least 0.8), share a nickname key or an alias,
    or the names are the wrong way round."""
    jw = sql_dialect.jaro_winkler_function_name
    return (
        f"l.given IS NULL OR r.given IS NULL OR {jw}(l.given, r.given) >= 0.8"
        f" OR {_intersects(sql_dialect, 'given_keys')}"
        f" OR ((l.given = r.family OR l.given_key = r.family_key OR {jw}(l.given, r.family) >= 0.9)"
        f" AND (l.family = r.given OR l.family_key = r.given_key"
        f" OR {jw}(l.family, r.given) >= 0.9))"
    )


def _dob_could_agree(sql_dialect: SplinkDialect) -> str:
    """The dates of birth are not two or more characters apart (the levels the sibling guard
    refuses): either is missing, or they are the same, one character apart or day and month
    swapped."""
    lev = sql_dialect.levenshtein_function_name
    return (
        "l.dob_text IS NULL OR r.dob_text IS NULL OR l.dob_swapped = r.dob_text"
        f" OR {lev}(l.dob_text, r.dob_text) <= 1"
    )


GUARDS = {"given could agree": _given_could_agree, "dates of birth could agree": _dob_could_agree}


class GuardedBlock(BlockingRuleCreator):
    """Pairs equal on `keys` whose other field does not already rule them out: what the twin or
    the sibling guard (`run._decide`) would never let the model link is not scored. The join is
    still an equality join on `keys`; the guard is a filter on its pairs, cheap beside scoring
    them, and written in the dialect's own functions so the rule runs on DuckDB and on Spark."""

    def __init__(self, keys: tuple[str, ...], guard: str | None = None) -> None:
        super().__init__()
        self.keys = keys
        self.guard = guard

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        equal = " AND ".join(
            f"l.{_q(sql_dialect, k)} = r.{_q(sql_dialect, k)}" for k in self.keys
        )
        if self.guard is None:
            return equal if len(self.keys) == 1 else f"({equal})"
        return f"({equal}) AND ({GUARDS[self.guard](sql_dialect)})"


def _q(sql_dialect: SplinkDialect, column: str) -> str:
    return f"`{column}`" if sql_dialect.sql_dialect_str == "spark" else f'"{column}"'


#: Which pairs are scored at all: (equal keys, guard). Each rule is an equality join; the
#: guards keep the blocks from growing with the square of the population: apart from the
#: identifiers, only pairs the twin and sibling guards could let the model link are scored.
#: Date of birth alone, and given name with family name alone, were the rules until 26
#: November 2026: in an authority of 275,000 children (1,021,538 agency subjects) they made
#: 157 of the 181 million pairs, nearly all of them twins, siblings and strangers the guards
#: refuse anyway, and the three narrower rules 23 million more; with the guards, 4.0 million
#: pairs, finding the same true pairs the guards could let link (benchmarks/linkage_blocks.py).
#: The last three rules catch a date of birth swapped or mistyped together with a
#: changed name, kept narrow (initial, district) because a block on name and year alone grows
#: with the square of the population too (on the 50,000-child authority: 8.6 million pairs for
#: family name and year, 0.7 million with the initial added).
BLOCKING: list[tuple[tuple[str, ...], str | None]] = [
    (("nhs",), None),
    (("upn",), None),
    (("dob",), "given could agree"),
    (("given_key", "family"), "dates of birth could agree"),
    (("family", "birth_year", "given_initial"), "dates of birth could agree"),
    (("given_key", "birth_year", "postcode_district"), "dates of birth could agree"),
    (("postcode", "given_initial"), "dates of birth could agree"),
]
BLOCKING_RULES: list[BlockingRuleCreator] = [GuardedBlock(k, g) for k, g in BLOCKING]


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=list[Any](BLOCKING_RULES),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=[],
    )


def _quiet() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)


def training_sample(data: pa.Table) -> pa.Table:
    """The subjects training learns from: all of them, or a seeded uniform sample of
    `MAX_TRAINING_SUBJECTS` when there are more (the same data gives the same sample)."""
    if data.num_rows <= MAX_TRAINING_SUBJECTS:
        return data
    rng = random.Random(SEED)  # noqa: S311 - a reproducible sample, not a secret
    rows = sorted(rng.sample(range(data.num_rows), MAX_TRAINING_SUBJECTS))
    return data.take(pa.array(rows, type=pa.int64()))


def train(data: pa.Table) -> dict[str, Any]:
    """Estimate the model from the data (a sample of it above `MAX_TRAINING_SUBJECTS`): u by
    random sampling, m by EM. Returns the settings dictionary with every parameter, ready to be
    stored and reused."""
    _quiet()
    api = splink_database_api()
    frame = api.register(training_sample(data), table_name="subjects_in")
    linker = Linker(frame, settings(), log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nhs"), block_on("upn")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("dob"), estimate_without_term_frequencies=True
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_key", "family"), estimate_without_term_frequencies=True
    )
    return dict(linker.misc.save_model_to_json())


def bundled() -> dict[str, Any]:
    """The model trained on a synthetic 50,000-child authority (benchmarks/linkage_eval.py),
    for stores too small to train on."""
    settings: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return settings


@dataclass(frozen=True)
class Level:
    label: str
    bayes_factor: float
    is_null: bool


def levels(model: dict[str, Any]) -> dict[str, list[Level]]:
    """Each comparison's levels with their Bayes factors, to explain a scored pair."""
    out: dict[str, list[Level]] = {}
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        levels_here = comparison["comparison_levels"]
        result: list[Level] = []
        for level in levels_here:
            if level.get("is_null_level"):
                result.append(Level("missing", 1.0, True))
                continue
            m = level.get("m_probability")
            u = level.get("u_probability")
            bf = float(m) / float(u) if m and u else 1.0
            label = str(level.get("label_for_charts") or level["sql_condition"])
            result.append(Level(label, bf, False))
        out[name] = result
    return out


#: Levels that say two records are of different people unless something else explains it.
GIVEN_DIFFERS = "given names differ"
DOB_DIFFERS = ("dates of birth two characters apart", "dates of birth differ")


@dataclass(frozen=True)
class Explanation:
    agreed: list[str]  # fields whose level weighed for a match
    labels: dict[str, str]  # field -> "level (weight)"
    level: dict[str, str]  # field -> level label

    @property
    def given_differs(self) -> bool:
        return self.level.get("given_name") == GIVEN_DIFFERS

    @property
    def dob_differs(self) -> bool:
        return self.level.get("date_of_birth") in DOB_DIFFERS


def explain(per_field: dict[str, float], model_levels: dict[str, list[Level]],
            cache: dict[tuple[str, float], str] | None = None) -> Explanation:
    """From a pair's per-field match weights: the fields that agreed (weight above zero) and,
    for every field, the level it fell in (the level whose weight it is). Give the same
    `cache` for every pair of a run: each field has only a few distinct weights."""
    memo = {} if cache is None else cache
    agreed: list[str] = []
    labels: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for field, weight in per_field.items():
        label = memo.get((field, weight))
        if label is None:
            options = model_levels.get(field, [])
            if options:
                best = min(options, key=lambda lv: (abs(math.log2(lv.bayes_factor) - weight),
                                                    not lv.is_null))
                label = memo[(field, weight)] = best.label
        if label is not None:
            labels[field] = f"{label} ({weight:+.1f})"
            chosen[field] = label
        if weight > 0:
            agreed.append(field)
    return Explanation(agreed, labels, chosen)


def predict(data: pa.Table, model: dict[str, Any], floor_weight: float) -> pa.Table:
    """Score every blocked pair and keep those at or above `floor_weight`, plus every pair
    sharing an identifier (kept whatever its weight, for the identifier rules)."""
    _quiet()
    api = splink_database_api()
    frame = api.register(data, table_name="subjects_in")
    scoring = {**model, "retain_intermediate_calculation_columns": True}
    linker = Linker(frame, scoring, log_level=logging.ERROR)
    # Pairs far below the floor are dropped while scoring; a pair sharing an identifier whose
    # names and date of birth both disagree scores below it and is not an identifier link.
    scored = linker.inference.predict(threshold_match_weight=floor_weight - IDENTIFIER_MARGIN)
    relation = scored.as_duckdbpyrelation()
    names = [c for c in relation.columns if c.startswith("mw_")]
    keep = relation.filter(
        f"match_weight >= {float(floor_weight)!r} OR mw_identifier > 0"
    ).project(
        ", ".join(["unique_id_l", "unique_id_r", "match_weight", "match_probability", *names])
    )
    return keep.to_arrow_table()
