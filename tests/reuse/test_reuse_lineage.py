"""Lineage: closest sources, chains, siblings, cycles."""

from __future__ import annotations

import pytest
from reuse_helpers import article, paragraphs
from storytrace.reuse import find_reuse
from storytrace.reuse.lineage import _find_cycle
from storytrace.settings import ReuseOptions

PARAS = paragraphs(6, seed=51, per=3)


def run(articles):
    reuse, edits, lineage = find_reuse(articles, [], ReuseOptions())
    return {(r.source, r.target): r for r in reuse}, lineage


def test_a_chain_goes_through_the_copy_that_carries_the_edits():
    original = "\n\n".join(PARAS)
    edited = [p.replace(p.split()[3], "zanzibar", 1) if i == 1 else p for i, p in enumerate(PARAS)]
    first_copy = "\n\n".join(edited[:5])
    second_copy = "\n\n".join(edited[:4])
    reuse, lineage = run([
        article("c2", second_copy), article("a", original, outlet="Quill Gazette"),
        article("c1", first_copy, credit="Quill Gazette"),
    ])
    assert set(reuse) == {("a", "c1"), ("c1", "c2"), ("a", "c2")}
    edges = {(e["source"], e["target"]): e for e in lineage}
    assert edges[("a", "c1")]["direct"] and edges[("a", "c1")]["attributed"]
    assert edges[("c1", "c2")]["direct"] and not edges[("c1", "c2")]["attributed"]
    assert edges[("a", "c2")]["via"] == ["c1"] and not edges[("a", "c2")]["direct"]
    assert {e["component"] for e in lineage} == {0}
    assert set(lineage[0]) == {"component", "source", "target", "attributed", "via", "direct", "signal"}
    assert reuse[("a", "c2")].evidence["lineage"] == {"relation": "indirect", "via": ["c1"]}


def test_two_copies_of_one_source_are_siblings():
    original = "\n\n".join(PARAS)
    reuse, lineage = run([
        article("a", original, outlet="Quill Gazette"),
        article("b", "\n\n".join(PARAS[0:4]), credit="Quill Gazette"),
        article("c", "\n\n".join(PARAS[2:6]), credit="Quill Gazette"),
    ])
    assert {(e["source"], e["target"]) for e in lineage} == {("a", "b"), ("a", "c")}
    sibling = [r for (s, t), r in reuse.items() if {s, t} == {"b", "c"}]
    assert sibling and sibling[0].evidence["lineage"] == {"relation": "sibling", "common_sources": ["a"]}


def test_unrelated_stories_are_separate_components():
    other = paragraphs(3, seed=52)
    _, lineage = run([
        article("a", "\n\n".join(PARAS), outlet="Quill Gazette"),
        article("b", "\n\n".join(PARAS), credit="Quill Gazette"),
        article("x", "\n\n".join(other), outlet="Ember News"),
        article("y", "\n\n".join(other), credit="Ember News"),
    ])
    assert {(e["source"], e["target"], e["component"]) for e in lineage} == {("a", "b", 0), ("x", "y", 1)}


def test_shared_quotations_are_not_lineage():
    remark = "the lantern kiln will burn brightly over the quiet harbor tonight and tomorrow"
    a = " ".join(paragraphs(2, 53)) + f' The mayor said "{remark}".'
    b = f"\u201c{remark.capitalize()},\u201d the mayor said. " + " ".join(paragraphs(2, 54))
    reuse, lineage = run([article("a", a), article("b", b)])
    assert [r.kind for r in reuse.values()] == ["quotation"] and lineage == []


def test_find_cycle():
    assert _find_cycle({1: {2}, 2: {3}, 3: set()}) is None
    cycle = _find_cycle({1: {2}, 2: {3}, 3: {1}})
    assert cycle is not None and len(cycle) == 3 and {c for _, c in cycle} == {1, 2, 3}


def test_verbatim_copies_published_at_one_time_are_siblings_not_a_chain():
    # Wire copies often carry one timestamp: equal times put neither copy between the source and the other.
    text = "\n\n".join(PARAS)
    reuse, lineage = run([
        article("a", text, outlet="Quill Gazette", published="2024-03-01T08:00:00Z"),
        article("b", text, outlet="Ember News", published="2024-03-01T09:30:00Z"),
        article("c", text, outlet="Harbor Post", published="2024-03-01T09:30:00Z"),
    ])
    assert {(e["source"], e["target"]) for e in lineage} == {("a", "b"), ("a", "c")}
    assert all(e["direct"] for e in lineage)
    sibling = [r for (s, t), r in reuse.items() if {s, t} == {"b", "c"}]
    assert sibling and sibling[0].evidence["lineage"] == {"relation": "sibling", "common_sources": ["a"]}


@pytest.mark.parametrize("source_time, copy_times", [
    ("2024-03-01T08:00:00Z", ("2024-03-01T09:30:00Z", "2024-03-01T11:00:00Z")),  # b strictly between
    ("2024-02-27", ("2024-03-01", "2024-03-01")),  # same day, no time of day: b may lie between
])
def test_a_copy_published_between_the_source_and_a_later_copy_is_the_closer_source(source_time, copy_times):
    text = "\n\n".join(PARAS)
    _, lineage = run([
        article("a", text, outlet="Quill Gazette", published=source_time),
        article("b", text, outlet="Ember News", published=copy_times[0]),
        article("c", text, outlet="Harbor Post", published=copy_times[1]),
    ])
    edges = {(e["source"], e["target"]): e for e in lineage}
    assert edges[("a", "c")]["via"] == ["b"] and edges[("b", "c")]["direct"]
