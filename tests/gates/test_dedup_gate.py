"""Gate: duplicate detection must keep its precision and recall on injected syndicated copies.

Builds a small variant of the reuse benchmark (3,000 real articles from
../shared/eval/allsides-articles plus 600 edited copies, seeded) with
evaluation/make_reuse_benchmark.py and scores find_duplicates on it with
evaluation/dedup_eval.py. Floors and the source file's sha256 live in
evaluation/baselines/dedup.json: raise a floor when detection improves;
never lower one without re-measuring and saying why in the baseline's note.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from testsupport import REPO, load_script, require_shared

BASELINE = json.loads((REPO / "evaluation" / "baselines" / "dedup.json").read_text(encoding="utf-8"))


def _load(name: str):
    return load_script(REPO / "evaluation" / f"{name}.py")


@pytest.fixture(scope="module")
def source() -> Path:
    return require_shared("eval", "allsides-articles", "articles.jsonl.gz")


@pytest.fixture(scope="module")
def result(source: Path, tmp_path_factory) -> dict:
    gate = BASELINE["gate"]
    folder = tmp_path_factory.mktemp("dedup-benchmark")
    _load("make_reuse_benchmark").build(folder, n_real=gate["real"], n_copies=gate["copies"], seed=gate["seed"],
                                        source=source)
    return _load("dedup_eval").evaluate(folder)


@pytest.mark.gate
def test_source_data_is_the_one_the_floors_were_measured_on(source: Path):
    assert _load("make_reuse_benchmark").sha256(source) == BASELINE["source_sha256"], (
        "articles.jsonl.gz changed: rebuild the benchmark, re-measure with evaluation/dedup_eval.py "
        "and update evaluation/baselines/dedup.json"
    )
    assert _load("make_reuse_benchmark").GENERATOR_VERSION == BASELINE["generator_version"]


@pytest.mark.gate
def test_precision_stays_above_the_floor(result: dict):
    floors = BASELINE["gate"]["floors"]
    assert floors["precision"] >= BASELINE["bar"]["precision"]
    assert result["precision"] >= floors["precision"], (
        f"precision {result['precision']} < {floors['precision']}; false positives: {result['false_positive_examples']}"
    )


@pytest.mark.gate
def test_recall_of_copies_with_containment_over_0_8_stays_above_the_floor(result: dict):
    floors = BASELINE["gate"]["floors"]
    assert floors["recall_containment_0.8"] >= BASELINE["bar"]["recall_containment_0.8"]
    got = result["recall_containment_0.8"]["recall"]
    assert got >= floors["recall_containment_0.8"], (
        f"recall {got} < {floors['recall_containment_0.8']}; missed: {result['missed_containment_0.8']}"
    )


@pytest.mark.gate
def test_recall_of_all_copies_stays_above_the_floor(result: dict):
    assert result["recall_all"]["recall"] >= BASELINE["gate"]["floors"]["recall_all"]
