"""Gate: framing term pairs on NewsWCL50 must keep naming the same gold concepts.

``evaluation/framing_eval.py`` builds the framing table of each NewsWCL50 event
(five outlets) and checks each term pair against the coded word-choice
mentions of ``Annotations.csv``. Floors and the data hash live in
``evaluation/baselines/framing.json``.
"""

from __future__ import annotations

import json

import pytest

from testsupport import REPO, load_script, require_shared

BASELINE = json.loads((REPO / "evaluation" / "baselines" / "framing.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result() -> dict:
    require_shared("eval", "newswcl50", "Annotations.csv")
    return load_script(REPO / "evaluation" / "framing_eval.py").evaluate(show=20)


@pytest.mark.gate
def test_the_data_is_the_one_the_floors_were_measured_on(result: dict):
    assert result["events"] == BASELINE["gate"]["events"]
    assert result["data_sha256"] == BASELINE["gate"]["data_sha256"]


@pytest.mark.gate
def test_term_pairs_name_the_same_gold_concept(result: dict):
    floors = BASELINE["gate"]["floors"]
    assert result["coded_pairs"] >= floors["coded_pairs"], result
    assert result["agreement"] >= floors["agreement"], result["examples"]
