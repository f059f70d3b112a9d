"""Gate: news / opinion / analysis on the held-out half of the AllSides roundups must keep its floors.

``evaluation/genre_eval.py`` fits the classifier's weights on the train half
(even roundup ids) and the gate scores the odd half. Floors and the data hash
live in ``evaluation/baselines/genre.json``: raise a floor when the classifier
improves; re-measure (never just re-pin) when the data changes.
"""

from __future__ import annotations

import json

import pytest

from testsupport import REPO, load_script, require_shared

BASELINE = json.loads((REPO / "evaluation" / "baselines" / "genre.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result() -> dict:
    require_shared("eval", "allsides", "roundups.jsonl")
    return load_script(REPO / "evaluation" / "genre_eval.py").evaluate(BASELINE["gate"]["half"])


@pytest.mark.gate
def test_the_data_is_the_one_the_floors_were_measured_on(result: dict):
    assert result["articles"] == BASELINE["gate"]["articles"]
    assert result["data_sha256"] == BASELINE["gate"]["data_sha256"]


@pytest.mark.gate
def test_macro_f1_and_accuracy_stay_above_their_floors(result: dict):
    floors = BASELINE["gate"]["floors"]
    assert result["macro_f1"] >= floors["macro_f1"], result
    assert result["accuracy"] >= floors["accuracy"], result


@pytest.mark.gate
@pytest.mark.parametrize("genre", ["news", "opinion", "analysis"])
def test_each_genre_keeps_its_f1_floor(result: dict, genre: str):
    floor = BASELINE["gate"]["floors"][f"{genre}_f1"]
    assert result[genre]["f1"] >= floor, result[genre]
