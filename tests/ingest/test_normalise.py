import pickle
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.ingest.normalise import NormaliseUnicode, normalisation_edits, normalise_line, pieces
from storytrace.models import Article


def normalised(raw: str) -> Article:
    return NormaliseUnicode().process(Article.from_raw("a", "a.txt", raw))


def raw_of(article: Article, fragment: str) -> str:
    """The raw text behind the first occurrence of ``fragment`` in the clean text."""
    start = article.text.index(fragment)
    raw_start, raw_end = article.offsets.span_to_raw(start, start + len(fragment))
    return article.raw[raw_start:raw_end]


def test_mojibake_is_repaired_and_offsets_still_point_into_raw():
    raw = "Le caf\u00c3\u00a9 du port a dit \u00e2\u20ac\u0153bonjour\u00e2\u20ac\u009d hier soir."
    article = normalised(raw)
    assert article.text == "Le caf\u00e9 du port a dit \u201cbonjour\u201d hier soir."
    assert article.raw == raw  # raw is never touched
    # untouched words map to themselves, exactly
    for word in ("Le caf", "du port a dit", "bonjour", "hier soir."):
        assert raw_of(article, word) == word
    # a repaired character maps to the start of the bytes it replaced
    e_acute = article.text.index("\u00e9")
    assert raw[article.offsets.to_raw(e_acute) :].startswith("\u00c3\u00a9")
    opening = article.text.index("\u201c")
    assert raw[article.offsets.to_raw(opening) :].startswith("\u00e2\u20ac\u0153bonjour")
    assert not article.removed  # normalising is not a removal


def test_line_ends_become_line_feeds_with_offsets_kept():
    raw = "First line\r\nSecond line\rThird line\u2028Fourth"
    article = normalised(raw)
    assert article.text == "First line\nSecond line\nThird line\nFourth"
    assert raw_of(article, "Third line") == "Third line"
    assert raw_of(article, "Fourth") == "Fourth"


def test_odd_spaces_invisible_characters_and_trailing_spaces():
    raw = "Ten\u00a0km north\u2009of the\u202fbridge  \nsoft\u00adware and zero\u200bwidth\ufeff \t\nend"
    article = normalised(raw)
    assert article.text == "Ten km north of the bridge\nsoftware and zerowidth\nend"
    assert raw_of(article, "north of the") == "north\u2009of the"
    assert raw_of(article, "end") == "end"


def test_curly_quotes_and_dashes_are_kept():
    text = "\u201cNo,\u201d she said \u2014 \u2018not today\u2019."
    assert normalised(text).text == text


def test_decomposed_accents_are_composed():
    assert normalised("Cafe\u0301 cre\u0300me").text == "Caf\u00e9 cr\u00e8me"


def test_entities_are_unescaped_only_in_text_without_markup():
    assert normalised("AT&amp;T and Procter &amp; Gamble").text == "AT&T and Procter & Gamble"
    assert normalised("if a < b then &amp; stays").text == "if a < b then &amp; stays"


def test_joiners_needed_by_a_script_or_emoji_are_kept():
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert normalised(f"{persian} {family}").text == f"{persian} {family}"
    assert normalised("stray\u200d joiner\u200c").text == "stray joiner"


def test_clean_text_is_left_alone():
    text = "A clean line.\n\nAnother paragraph, with \u201cquotes\u201d and caf\u00e9.\n"
    assert list(normalisation_edits(text)) == []


def test_long_lines_are_repaired_in_pieces_that_never_split_mojibake():
    line = ("word " * 97 + "caf\u00c3\u00a9 \u00e2\u20ac\u0153ok\u00e2\u20ac\u009d ") * 30
    assert "".join(piece for _, piece in pieces(line)) == line
    fixed = normalised(line).text
    assert fixed.count("caf\u00e9") == 30
    assert fixed.count("\u201cok\u201d") == 30
    assert fixed == normalise_line(line)


def test_stage_is_picklable():
    stage = pickle.loads(pickle.dumps(NormaliseUnicode()))
    assert stage.process(Article.from_raw("a", "a", "x\u00a0y")).text == "x y"


def test_seed_articles_keep_exact_offsets(seed_texts):
    for raw in seed_texts.values():
        article = normalised(raw)
        positions = article.offsets.positions()
        assert len(positions) == len(article.text)
        same = sum(article.text[i] == raw[p] for i, p in enumerate(positions))
        assert same >= 0.995 * len(article.text)
        assert "\u00a0" not in article.text
        assert all(not line.endswith(" ") for line in article.text.split("\n"))


# Text made of words, odd spaces, invisible characters, line ends and mojibake.
_pieces = st.sampled_from([
    "word", "caf\u00e9", "\u201cq\u201d", " ", "\u00a0", "\u2009", "\u200b", "\u00ad", "\n", "\r\n", "\r",
    "caf\u00c3\u00a9", "\u00e2\u20ac\u2122", "  ", "\t", "e\u0301", "&amp;",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, max_size=40))
def test_every_clean_character_maps_inside_raw_and_letters_map_to_themselves(parts):
    raw = "".join(parts)
    article = normalised(raw)
    positions = article.offsets.positions()
    assert len(positions) == len(article.text)
    assert all(0 <= p < len(raw) for p in positions)
    assert list(positions) == sorted(positions)
    for i, ch in enumerate(article.text):
        if ch.isascii() and ch.isalpha():
            assert raw[positions[i]] == ch
    assert "\r" not in article.text and "\u00a0" not in article.text and "\u200b" not in article.text
    # normalising twice changes nothing more
    assert list(normalisation_edits(article.text)) == []
    # the fast whole-text scan gives what running every line through the rules gives
    lines = re.split(r"\r\n|[\r\n\u2028\u2029\x85]", raw)
    assert article.text == "\n".join(normalise_line(line, "<" not in raw) for line in lines)
