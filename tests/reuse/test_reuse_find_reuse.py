"""find_reuse as the pipeline calls it: records, determinism, edge cases."""

from __future__ import annotations

import copy
import json
import pickle

from reuse_helpers import article, paragraphs
from storytrace.models import Duplicate
from storytrace.reuse import find_reuse
from storytrace.settings import ReuseOptions

PARAS = paragraphs(5, seed=90)


def corpus():
    return [
        article("orig", "\n\n".join(PARAS), outlet="Quill Gazette"),
        article("copy", "\n\n".join(PARAS[1:]).replace("alder", "ember", 1), credit="Quill Gazette"),
        article("other", "\n\n".join(paragraphs(3, seed=91))),
    ]


def test_records_and_their_export():
    reuse, edits, lineage = find_reuse(corpus(), [], ReuseOptions())
    (r,) = reuse
    assert (r.source, r.target, r.kind, r.attributed) == ("orig", "copy", "copy", True)
    assert r.evidence["direction"] in {"credit", "containment"}
    json.dumps([x.to_export() for x in reuse] + [e.to_export() for e in edits] + lineage)
    (e,) = edits
    assert (e.source, e.target) == ("orig", "copy")


def test_empty_and_single_inputs():
    assert find_reuse([], [], ReuseOptions()) == ([], [], [])
    assert find_reuse([article("a", "")], [], ReuseOptions()) == ([], [], [])
    assert find_reuse(corpus()[:1], [], ReuseOptions()) == ([], [], [])


def test_deterministic_and_input_untouched():
    articles = corpus()
    before = copy.deepcopy(articles)
    first = find_reuse(articles, [], ReuseOptions())
    second = find_reuse(articles, [], ReuseOptions())
    assert first == second
    assert [a.text for a in articles] == [a.text for a in before]


def test_results_pickle():
    reuse, edits, lineage = find_reuse(corpus(), [], ReuseOptions())
    assert pickle.loads(pickle.dumps((reuse, edits, lineage))) == (reuse, edits, lineage)


def test_listed_duplicates_are_aligned_even_when_their_ngrams_are_common():
    text = "\n\n".join(PARAS)
    articles = [article(f"d{i}", text, outlet=f"Site {chr(65 + i)}") for i in range(5)]
    options = ReuseOptions(max_ngram_df=3)
    assert find_reuse(articles, [], options)[0] == []
    dup = Duplicate("d0", "d3", "exact", 1.0, 1.0)
    (r,) = find_reuse(articles, [dup], options)[0]
    assert {r.source, r.target} == {"d0", "d3"}
