"""Every stage must pass the same checks (scikit-learn's estimator_checks is the model).

A stage that passes can run on shards in any process or on a cluster and
give the same result: deterministic, never changes its input, copes with an
empty shard, keeps article ids, and pickles.
"""

from __future__ import annotations

import copy
import pickle

import pytest

from storytrace.models import Article, Rejected
from storytrace.pipeline import article_stages
from storytrace.settings import Options
from storytrace.stage import ArticleStage, StageStats

# Invented text with a little of everything the cleaning stages look at.
SAMPLE = (
    "Home / World / Harbour talks stall\n\n"
    "Harbour talks stall as ministers trade blame\n\n"
    "By Mira Okonjo\n\n"
    "(Northgate Wire) -- Talks over the Velmar harbour lease stalled on Tuesday after the two delegations "
    "accused each other of changing the terms at the last minute, officials said.\n\n"
    "\u201cWe came to sign, not to start again,\u201d said Deputy Minister Ana Kovrin, who led the delegation. "
    "She added that her government would wait for a written offer before returning to the table.\n\n"
    "Related: Velmar port workers strike for a second week\n\n"
    "The lease, worth an estimated 400 million crowns, would hand control of the northern quay to a "
    "consortium for thirty years. Opposition deputies have called the deal a sell-off of public land.\n"
)


def _stages() -> list[ArticleStage]:
    return [s for s in article_stages(Options()) if s.name != "read"]


def _article() -> Article:
    return Article.from_raw("sample-1", "sample.txt", SAMPLE, format="text")


def _run(stage: ArticleStage, articles: list[Article]) -> tuple[list[Article], list[Rejected]]:
    rejected: list[Rejected] = []
    out = list(stage.run(articles, rejected, StageStats(stage.name)))
    return out, rejected


@pytest.mark.parametrize("stage", _stages(), ids=lambda s: s.name)
def test_stage_is_deterministic(stage: ArticleStage):
    first, _ = _run(stage, [_article()])
    second, _ = _run(stage, [_article()])
    assert [(a.id, a.text, a.offsets) for a in first] == [(a.id, a.text, a.offsets) for a in second]


@pytest.mark.parametrize("stage", _stages(), ids=lambda s: s.name)
def test_stage_never_changes_its_input(stage: ArticleStage):
    article = _article()
    before = copy.deepcopy(article)
    _run(stage, [article])
    assert article == before


@pytest.mark.parametrize("stage", _stages(), ids=lambda s: s.name)
def test_stage_handles_an_empty_shard(stage: ArticleStage):
    assert _run(stage, []) == ([], [])


@pytest.mark.parametrize("stage", _stages(), ids=lambda s: s.name)
def test_stage_keeps_ids_and_offsets_valid(stage: ArticleStage):
    out, rejected = _run(stage, [_article()])
    assert out or rejected
    for article in out:
        assert article.id == "sample-1" or article.parent == "sample-1"
        assert article.offsets.clean_length == len(article.text)
        for pos in range(0, len(article.text), 7):
            raw_pos = article.offsets.to_raw(pos)
            assert 0 <= raw_pos < len(article.raw)


@pytest.mark.parametrize("stage", _stages(), ids=lambda s: s.name)
def test_stage_pickles(stage: ArticleStage):
    clone = pickle.loads(pickle.dumps(stage))
    assert _run(clone, [_article()])[0][0].text == _run(stage, [_article()])[0][0].text
