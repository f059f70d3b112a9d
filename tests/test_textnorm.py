from storytrace.textnorm import fold, normal_word, words


def test_fold_keeps_length_and_unifies_typography():
    text = "\u201cIt\u2019s done\u201d \u2014 caf\u00e9\u00a0US"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "\"it's done\" - cafe us"


def test_acronym_dots_and_possessives_match_plain_forms():
    assert normal_word("U.S.") == normal_word("US") == "us"
    assert normal_word("Russia\u2019s") == "russia"


def test_words_give_offsets_into_the_text():
    text = "The U.S. said: al-Maliki's visit ended."
    toks = words(text)
    assert [t.norm for t in toks] == ["the", "us", "said", "al-maliki", "visit", "ended"]
    for t in toks:
        assert fold(text[t.start : t.end]).replace(".", "").removesuffix("'s") == t.norm


def test_curly_and_straight_apostrophes_give_the_same_words():
    assert [t.norm for t in words("We can\u2019t wait")] == [t.norm for t in words("We can't wait")] == ["we", "can't", "wait"]


def test_fold_matches_folding_each_character_on_its_own():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from storytrace.textnorm import _fold_char

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=40))
    def check(text: str) -> None:
        folded = fold(text)
        assert folded == "".join(_fold_char(ch) for ch in text)
        assert len(folded) == len(text)

    check()
