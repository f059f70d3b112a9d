"""Normal text and shingles: the same words as textnorm.words, hashed the same everywhere."""

from __future__ import annotations

import random
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.dedup.shingles import normal_bytes, normal_text, shingle_hashes, text_shingles, token_hashes
from storytrace.textnorm import fold, words

# Characters fold() turns into an apostrophe; dedup reads them as one (see shingles._word_form).
_APOSTROPHES = {c: "'" for c in map(chr, range(0x3000)) if not re.match(r"\w", c) and c != "'" and fold(c) == "'"}
_TO_APOSTROPHE = str.maketrans(_APOSTROPHES)


def reference(text: str) -> str:
    """What normal_text must equal: textnorm.words on the text with typographic apostrophes as '."""
    return " ".join(t.norm for t in words(text.translate(_TO_APOSTROPHE)))


def test_typographic_apostrophes_are_the_ones_fold_knows():
    assert {"\u2019", "\u2018", "`"} <= set(_APOSTROPHES)


def test_normal_text_examples():
    assert normal_text("The U.S. said: al-Maliki's visit ended.") == "the us said al-maliki visit ended"
    assert normal_text("  \u201cIt\u2019s   D\u00c9J\u00c0 vu\u201d \u2014 they\u2019re back... ") == "it dej\u00e0 vu they're back".replace("\u00e0", "a")
    assert normal_text("") == ""
    assert normal_text(" \n\t--- ... ''") == ""


def test_curly_and_straight_apostrophes_give_the_same_words():
    assert normal_text("Vorland\u2019s mayor can\u2019t stay") == normal_text("Vorland's mayor can't stay")


@given(st.text(alphabet=st.sampled_from(list("ab Z9_'.-\u2019\u2018`\u00e9\u00c9\u0130\u00df\u00bd\u2014\u201c \n\t,;\u0301\u0663\u017f")), max_size=80))
@settings(max_examples=400, deadline=None)
def test_normal_text_equals_textnorm_words_on_tricky_text(text):
    assert normal_text(text) == reference(text)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_normal_text_equals_textnorm_words_on_any_text(text):
    assert normal_text(text) == reference(text)


def test_normal_text_equals_textnorm_words_on_seed_articles(seed_texts):
    for text in seed_texts.values():
        assert normal_text(text) == reference(text)


def test_normal_bytes_is_utf8_of_normal_text():
    text = "Caf\u00e9 \u0423\u043a\u0440\u0430\u0457\u043d\u0430 n\u00b0 5"
    assert normal_bytes(text).tobytes().decode("utf-8") == normal_text(text)


def test_one_shingle_per_window_of_k_words():
    toks = token_hashes(normal_bytes("alpha beta gamma delta epsilon zeta eta"))
    assert len(toks) == 7
    assert len(shingle_hashes(toks, 5)) == 3
    assert len(shingle_hashes(toks, 1)) == 7


def test_short_text_is_one_shingle_and_empty_text_none():
    assert len(shingle_hashes(token_hashes(normal_bytes("just two")), 5)) == 1
    assert len(shingle_hashes(token_hashes(normal_bytes("")), 5)) == 0
    assert len(text_shingles("", 5)) == 0


def test_same_word_same_hash_anywhere():
    toks = token_hashes(normal_bytes("zan lo zan vik lo zan"))
    assert toks[0] == toks[2] == toks[5]
    assert toks[1] == toks[4]
    assert len(set(toks.tolist())) == 3
    # A word's hash does not depend on its position or neighbours.
    assert token_hashes(normal_bytes("vik"))[0] == toks[3]


def test_shingles_depend_on_word_order_not_on_typography():
    a = text_shingles("Trelo ka vik-san said \u201cnu\u201d, and left.", 3)
    b = text_shingles("TRELO KA VIK-SAN SAID \"NU\" AND LEFT", 3)
    c = text_shingles("ka trelo vik-san said nu and left", 3)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_long_words_and_long_texts_hash_consistently():
    word = "qu" * 5000  # longer than the cached powers
    assert token_hashes(normal_bytes(word))[0] == token_hashes(normal_bytes(f"lo {word} lo"))[1]
    rng = random.Random(3)
    big = " ".join(rng.choice(["ka", "lo", "mi", "tre"]) for _ in range(300_000))
    assert len(token_hashes(normal_bytes(big))) == 300_000
    assert np.array_equal(token_hashes(normal_bytes(big))[:5], token_hashes(normal_bytes(big[:20]))[:5])


def test_hashes_are_pinned():
    # Shingles (and the signatures built on them) are cached and compared across processes and
    # versions: a change here invalidates every stored signature, so it must be deliberate.
    assert int(token_hashes(normal_bytes("StoryTrace"))[0]) == 14920351567028654777
    assert text_shingles("One two three four five.", 5).tolist() == [14093795734702344248]
