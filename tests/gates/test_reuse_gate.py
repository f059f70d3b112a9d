"""Gate: reuse detection on injected copies must not fall below its pinned floors.

A small sample of each kind (see ``evaluation/reuse_eval.py``): the shared benchmark
generator's copies and the evaluation's own (credits, chains). Floors, sample sizes
and the hashes of the corpus and of the generated labels live in
``evaluation/baselines/reuse.json``; raise a floor when detection improves, and
re-measure (never just re-pin) when the data or a generator changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from testsupport import REPO, load_script, require_shared

BASELINE = json.loads((REPO / "evaluation" / "baselines" / "reuse.json").read_text(encoding="utf-8"))


def _reuse_eval():
    return load_script(REPO / "evaluation" / "reuse_eval.py")


@pytest.fixture(scope="module")
def corpus() -> Path:
    return require_shared("eval", "allsides-articles", "articles.jsonl.gz")


@pytest.fixture(scope="module")
def reuse_eval():
    return _reuse_eval()


@pytest.mark.gate
def test_corpus_is_the_one_the_floors_were_measured_on(corpus: Path, reuse_eval):
    assert reuse_eval.corpus_sha256(corpus) == BASELINE["corpus_sha256"], (
        "articles.jsonl.gz changed: re-measure with `python evaluation/reuse_eval.py` and update the baseline"
    )


@pytest.mark.gate
@pytest.mark.parametrize("sample", sorted(BASELINE["samples"]))
def test_reuse_detection_stays_above_the_floors(corpus: Path, reuse_eval, sample: str):
    pinned = BASELINE["samples"][sample]
    if sample == "shared":
        assert reuse_eval.shared_generator() is not None, "evaluation/make_reuse_benchmark.py is missing"
    scores = reuse_eval.evaluate(sample, pinned["real"], pinned["copies"], pinned["seed"], pinned["pool"])
    assert scores["labels_sha256"] == pinned["labels_sha256"], (
        f"the {sample} sample's labels changed (generator or corpus): re-measure and update the baseline"
    )
    low = {k: (scores[k], floor) for k, floor in pinned["floors"].items() if scores[k] < floor}
    assert not low, f"{sample}: below the floor (score, floor): {low}; all scores: {scores}"
