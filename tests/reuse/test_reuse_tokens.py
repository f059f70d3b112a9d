"""Word sequences: the words of textnorm, hyphens split, spellings keyed, offsets kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reuse_helpers import article
from storytrace.reuse.tokens import Vocabulary, fast_fold, make_doc, make_docs, spelling_key
from storytrace.textnorm import fold, words


def expected_words(text: str) -> list[tuple[str, int, int]]:
    """What make_doc should give: words(fold(text)), hyphenated words split, spelling keys."""
    out = []
    folded = fold(text)
    for tok in words(folded):
        raw = folded[tok.start : tok.end]
        if raw == "s" and tok.start >= 2 and folded[tok.start - 2 : tok.start] == ".'":
            continue
        offset = 0
        for piece in raw.split("-"):
            if piece:
                pw = words(piece)
                if pw:
                    out.append((spelling_key(pw[0].norm), tok.start + offset, tok.start + offset + len(piece)))
            offset += len(piece) + 1
    return out


def doc_words(text: str) -> list[tuple[str, int, int]]:
    doc = make_doc(0, article("a", text), Vocabulary())
    return list(zip(doc.keys, doc.starts.tolist(), doc.ends.tolist()))


def test_words_match_textnorm_with_hyphens_split():
    text = "The U.S. said: al-Maliki\u2019s war-torn \u201cdefence\u201d plan, Russia's."
    assert [k for k, _, _ in doc_words(text)] == ["the", "us", "said", "al", "maliki", "war", "torn", "defense", "plan", "russia"]
    assert doc_words(text) == expected_words(text)


def test_offsets_point_at_the_words():
    text = "Iraq\u2019s vice-president met the U.S. envoy."
    doc = make_doc(0, article("a", text), Vocabulary())
    assert [text[s:e] for s, e in zip(doc.starts, doc.ends)] == ["Iraq\u2019s", "vice", "president", "met", "the", "U.S.", "envoy"]


def test_typography_does_not_change_words():
    plain = doc_words("He said \"it's the US plan\" today.")
    curly = doc_words("He said \u201cit\u2019s the U.S. plan\u201d today.")
    assert [k for k, _, _ in plain] == [k for k, _, _ in curly]


def test_acronym_possessive_is_one_word():
    assert [k for k, _, _ in doc_words("the U.S.'s rival")] == [k for k, _, _ in doc_words("the US\u2019s rival")]


def test_british_and_american_spellings_share_a_key():
    for uk, us in [("defence", "defense"), ("favourably", "favorably"), ("organisation", "organization"),
                   ("centre", "center"), ("travelled", "traveled"), ("catalogue", "catalog")]:
        assert spelling_key(uk) == spelling_key(us), (uk, us)
    for word in ["four", "hour", "fence", "size", "your"]:
        assert spelling_key(word) == word


def test_one_vocabulary_gives_one_id_per_word():
    a, b = make_docs([article("a", "cobalt ember"), article("b", "ember cobalt")])
    assert a.ids == b.ids[::-1]
    assert a.hashes.tolist() == b.hashes.tolist()[::-1]


def test_empty_text_gives_an_empty_doc():
    (doc,) = make_docs([article("a", "")])
    assert len(doc) == 0 and len(doc.hashes) == 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab\u00e9E U.S-'\u2019\u201c\u201d\n\u03a3\u0130", max_size=40))
def test_fast_fold_is_fold(text):
    assert fast_fold(text) == fold(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc D-'.\u2019 \n", max_size=40))
def test_make_doc_agrees_with_textnorm(text):
    assert doc_words(text) == expected_words(text)
