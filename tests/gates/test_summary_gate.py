"""Gate: attributed summaries on NeuS val must keep their ROUGE floors and full support.

Scores ``neus.val`` (307 stories) with ``evaluation/summary_eval.py``: the
summariser's weights and word budget were fitted on ``neus.train`` only. LexRank
and lead baselines run in the same call on the same data with the same per-story
word budget; storytrace must stay above them. Floors and the hash of the data live in ``evaluation/baselines/summary.json``:
raise a floor when the summary improves; re-measure (never just re-pin) when
the data changes.
"""

from __future__ import annotations

import json

import pytest

from testsupport import REPO, load_script, require_shared

BASELINE = json.loads((REPO / "evaluation" / "baselines" / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result() -> dict:
    require_shared("eval", "allsides", "neus.val.source")
    return load_script(REPO / "evaluation" / "summary_eval.py").evaluate(BASELINE["gate"]["split"])


@pytest.mark.gate
def test_the_data_is_the_one_the_floors_were_measured_on(result: dict):
    assert result["stories"] == BASELINE["gate"]["stories"]
    assert result["data_sha256"] == BASELINE["gate"]["data_sha256"], (
        "NeuS val changed: re-measure with evaluation/summary_eval.py and update evaluation/baselines/summary.json"
    )


@pytest.mark.gate
@pytest.mark.parametrize("metric", ["rouge1", "rouge2"])
def test_rouge_stays_above_its_floor_and_the_baselines(result: dict, metric: str):
    floor = BASELINE["gate"]["floors"][metric]
    assert result["storytrace"][metric] >= floor, f"{metric} {result['storytrace'][metric]} < {floor}: {result}"
    assert result["storytrace"][metric] > result["lexrank"][metric], result
    assert result["storytrace"][metric] > result["lead"][metric], result
    assert result["storytrace"][metric] > result["lead_each"][metric], result


@pytest.mark.gate
def test_every_summary_sentence_carries_support(result: dict):
    assert result["summary_sentences"] > 0
    assert result["supported_share"] == 1.0
    assert result["multi_supported_share"] >= BASELINE["gate"]["floors"]["multi_supported_share"]
