"""Local alignment of shared passages from n-gram seeds."""

from __future__ import annotations

from reuse_helpers import article, paragraphs, sentences
from storytrace.reuse.align import align_pair, seed_runs
from storytrace.reuse.candidates import pair_seeds
from storytrace.reuse.tokens import make_docs
from storytrace.settings import ReuseOptions

OPTIONS = ReuseOptions()


def align(a: str, b: str, options: ReuseOptions = OPTIONS):
    da, db = make_docs([article("a", a), article("b", b)])
    sa, sb = pair_seeds(da, db, options.ngram)
    return align_pair(da, db, sa, sb, options)


def test_seed_runs_merge_touching_ngrams_on_one_diagonal():
    assert seed_runs([0, 1, 2, 10], [5, 6, 7, 15], 5) == [(0, 5, 7), (10, 15, 5)]
    assert seed_runs([0, 1], [0, 9], 5) == [(0, 0, 5), (1, 9, 5)]


def test_verbatim_copy_is_one_passage_over_the_whole_text():
    text = "\n\n".join(paragraphs(4, seed=1))
    (p,) = align(text, text)
    passage = p.passage()
    assert (passage.source_start, passage.target_start) == (0, 0)
    assert passage.source_end == passage.target_end == len(text) - 1  # the final period is not a word
    assert passage.score == 1.0 and passage.source_text == passage.target_text


def test_substitutions_insertions_and_deletions_stay_inside_one_passage():
    s = sentences(6, seed=2)
    source = " ".join(s)
    words = source.split()
    words[20] = "replacedword"
    del words[40:43]
    words.insert(55, "added words here")
    (p,) = align(source, " ".join(words))
    tags = [b[0] for b in p.blocks]
    assert tags.count("equal") >= 4 and {"replace", "delete", "insert"} & set(tags)
    assert p.a_start == 0 and p.a_end == len(make_docs([article("a", source)])[0])


def test_an_edit_near_the_start_is_still_covered():
    s = " ".join(sentences(4, seed=3))
    changed = "Zigzag " + s.split(" ", 1)[1]  # first word replaced: no n-gram seeds the first words
    (p,) = align(s, changed)
    # the second word on is aligned although the first n-gram differs
    assert p.b_start == 1 and p.a_start == 1


def test_passage_offsets_point_into_both_clean_texts():
    shared = " ".join(sentences(3, seed=4))
    a = "Intro words of the first text here. " + shared + " And a private ending for a."
    b = "Quite another opening sentence for b! " + shared.replace("U", "u") + " Closing b."
    (p,) = align(a, b)
    passage = p.passage()
    assert passage.source_text == a[passage.source_start : passage.source_end]
    assert passage.target_text == b[passage.target_start : passage.target_end]
    assert shared.rstrip(".") in passage.source_text


def test_typography_differences_do_not_break_a_passage():
    base = " ".join(sentences(3, seed=5))
    a = base[:60] + ' the U.S. envoy said "we agree" and ' + base[60:]
    b = base[:60] + " the US envoy said \u201cwe agree\u201d and " + base[60:]
    (p,) = align(a, b)
    assert p.score == 1.0


def test_a_dropped_paragraph_is_bridged_inside_one_passage():
    paras = paragraphs(5, seed=6, per=4)
    source = "\n\n".join(paras)
    copy = "\n\n".join(paras[:2] + paras[3:])
    (p,) = align(source, copy)
    assert ("delete",) == tuple({b[0] for b in p.blocks} - {"equal"})


def test_far_apart_passages_are_separate():
    one, two = " ".join(sentences(3, 7)), " ".join(sentences(3, 8))
    filler_a, filler_b = " ".join(sentences(5, 9)), " ".join(sentences(5, 10))
    passages = align(one + " " + filler_a + " " + two, one + " " + filler_b + " " + two)
    assert len(passages) == 2


def test_short_matches_are_dropped():
    a = "alder brisk cobalt dune ember fable glint onyx pebble quarry"
    b = "upland alder brisk cobalt dune ember fable wicket valley sluice"
    assert align(a, b, ReuseOptions(min_passage_words=8)) == []
    assert len(align(a, b, ReuseOptions(min_passage_words=6))) == 1


def test_flipped_alignment_reads_the_other_way():
    (p,) = align(" ".join(sentences(3, 11)), "Extra words first. " + " ".join(sentences(3, 11)))
    q = p.flipped()
    assert (q.a_start, q.b_start) == (p.b_start, p.a_start) and q.matched == p.matched
    assert q.passage().source_text == p.passage().target_text
