"""Gate: HTML main-text extraction must not fall below its pinned F1.

The floor and the hash of the gold snippets live in
evaluation/baselines/html.json; raise the floor when extraction improves,
and re-measure (never just re-pin) when the gold data changes.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

from testsupport import REPO, require_shared

BASELINE = json.loads((REPO / "evaluation" / "baselines" / "html.json").read_text(encoding="utf-8"))


def _html_eval():
    """evaluation/html_eval.py, imported by name so its worker processes can import it too."""
    folder = str(REPO / "evaluation")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module("html_eval")


@pytest.fixture(scope="module")
def eval_set() -> Path:
    return require_shared("eval", "trafilatura-en")


@pytest.mark.gate
def test_gold_snippets_are_the_ones_the_floor_was_measured_on(eval_set: Path):
    assert _html_eval().gold_sha256(eval_set) == BASELINE["evaldata_sha256"], (
        "evaldata.json changed: re-measure with `python evaluation/html_eval.py` and update the baseline"
    )


@pytest.mark.gate
def test_html_extraction_f1_stays_above_the_floor(eval_set: Path):
    scores = _html_eval().evaluate(eval_set).scores()
    assert scores["f1"] >= BASELINE["f1_floor"], f"HTML extraction F1 fell to {scores}; floor {BASELINE['f1_floor']}"
