"""Gate: direct-quote extraction and speaker attribution on PolNeAR dev must not fall below their floors.

Scores the first ``gate.limit`` dev articles of ../shared/eval/polnear with
``evaluation/quotes_eval.py`` (tuned on train, reported on dev). Floors, the
sample size and the hash of the sampled data live in
``evaluation/baselines/quotes.json``: raise a floor when attribution improves;
re-measure (never just re-pin) when the data or the spaCy model changes.
"""

from __future__ import annotations

import json

import pytest

from testsupport import REPO, load_script, require_shared

BASELINE = json.loads((REPO / "evaluation" / "baselines" / "quotes.json").read_text(encoding="utf-8"))


def _quotes_eval():
    return load_script(REPO / "evaluation" / "quotes_eval.py")


@pytest.fixture(scope="module")
def result() -> dict:
    require_shared("eval", "polnear", "data", "dev")
    gate = BASELINE["gate"]
    return _quotes_eval().evaluate(gate["split"], gate["limit"], show=10)


@pytest.mark.gate
def test_the_data_is_the_one_the_floors_were_measured_on(result: dict):
    assert result["articles"] == BASELINE["gate"]["articles"]
    assert result["data_sha256"] == BASELINE["gate"]["data_sha256"], (
        "PolNeAR dev changed: re-measure with evaluation/quotes_eval.py and update evaluation/baselines/quotes.json"
    )


@pytest.mark.gate
@pytest.mark.parametrize("metric", ["precision", "recall", "speaker_accuracy"])
def test_metric_stays_above_its_floor(result: dict, metric: str):
    floor = BASELINE["gate"]["floors"][metric]
    assert result[metric] >= floor, (
        f"{metric} {result[metric]} < {floor}; missed: {result['missed_examples']}; "
        f"false positives: {result['false_positive_examples']}; wrong speakers: {result['wrong_speaker_examples']}"
    )
