"""Word evidence for line-break hyphens and drop caps (invented sentences only)."""

from __future__ import annotations

import pytest

from storytrace.ingest.hyphenation import (
    HyphenChoice,
    decide_hyphen,
    document_vocabulary,
    join_decision,
    joins_drop_cap,
    joins_inline_drop_cap,
)

# (left, right, expected): the halves of a word broken at a line end, as in
# "... the harbour re-" / "gion ...", and what the break must become.
JOIN_CASES = [
    # typesetter's breaks inside one word
    ("disinte", "gration", "disintegration"),  # the quay's slow disinte- / gration
    ("re", "gion", "region"),  # across the whole re- / gion
    ("Rus", "sia", "Russia"),  # shipped from Rus- / sia by rail
    ("sectar", "ian", "sectarian"),  # a sectar- / ian quarrel
    ("govern", "ment", "government"),  # the Velmar govern- / ment
    ("recon", "sider", "reconsider"),  # refused to recon- / sider
    ("mem", "bers", "members"),  # our mem- / bers are tired
    ("sincere", "ly", "sincerely"),  # we sincere- / ly thank them
    ("long", "er", "longer"),  # no long- / er a partner
    ("some", "thing", "something"),  # some- / thing had changed
    ("man", "age", "manage"),  # would man- / age the berths
    ("open", "ness", "openness"),  # more open- / ness
    ("Oppo", "sition", "Opposition"),  # Oppo- / sition deputies said
    ("INTERNA", "TIONAL", "INTERNATIONAL"),  # a headline set in capitals
    # names: syllables, not words, after the break
    ("Teh", "ran", "Tehran"),
    ("Val", "entina", "Valentina"),
    ("Kov", "rin", "Kovrin"),  # Ana Kov- / rin, an invented minister
    ("Quil", "lon", "Quillon"),
    ("Okon", "jo", "Okonjo"),
    ("Varn", "holt", "Varnholt"),  # a name ending wordfreq knows, but no common word
    ("Irani", "an", "Iranian"),
    ("Iraq", "is", "Iraqis"),
    # real hyphens that fell at the line end
    ("pro", "Kremlin", "pro-Kremlin"),  # capital after a lower-case prefix
    ("anti", "Velmar", "anti-Velmar"),
    ("Iranian", "US", "Iranian-US"),
    ("Moscow-Tehran", "Damascus", "Moscow-Tehran-Damascus"),
    ("Russian", "made", "Russian-made"),
    ("Iran", "backed", "Iran-backed"),
    ("Kastrian", "backed", "Kastrian-backed"),  # an invented name before a common word
    ("Velmar", "based", "Velmar-based"),
    ("US", "led", "US-led"),
    ("Bush", "era", "Bush-era"),
    ("one", "time", "one-time"),
    ("well", "known", "well-known"),
    ("war", "torn", "war-torn"),
    ("thirty", "year", "thirty-year"),
    ("long", "term", "long-term"),
    ("self", "made", "self-made"),
    ("half", "hearted", "half-hearted"),
    ("by", "election", "by-election"),
    ("state", "run", "state-run"),
    # numbers keep their hyphen
    ("2011", "12", "2011-12"),
    ("1980", "88", "1980-88"),
    ("T", "90", "T-90"),
    ("Covid", "19", "Covid-19"),
    # suspended hyphens
    ("Soviet", "and", "Soviet- and"),  # Soviet- / and later Russian-made arms
    ("short", "and", "short- and"),  # short- / and long-term loans
    ("pre", "or", "pre- or"),
    # ...but a word that happens to end in a conjunction joins
    ("gr", "and", "grand"),
]


@pytest.mark.parametrize("left, right, expected", JOIN_CASES)
def test_join_decision(left, right, expected):
    assert join_decision(left, right, {}) == expected


def test_the_documents_own_spelling_wins_over_word_frequency():
    # Word frequency alone joins "database" and keeps "one-time".
    assert join_decision("data", "base", {}) == "database"
    assert join_decision("data", "base", {"data-base": 2}) == "data-base"
    assert join_decision("one", "time", {}) == "one-time"
    assert join_decision("one", "time", {"onetime": 1}) == "onetime"


def test_the_document_outvotes_a_capital_after_the_break():
    assert join_decision("Mac", "Dowell", {}) == "Mac-Dowell"
    assert join_decision("Mac", "Dowell", {"macdowell": 3}) == "MacDowell"


def test_a_tie_in_the_document_falls_back_to_word_frequency():
    assert join_decision("re", "gion", {"region": 1, "re-gion": 1}) == "region"


def test_the_last_part_of_a_compound_is_looked_up_too():
    # "Nuri al-Ma-" / "liki": the document spells "Maliki" elsewhere.
    assert join_decision("al-Ma", "liki", {"maliki": 4}) == "al-Maliki"


def test_decide_hyphen_names_the_choice():
    assert decide_hyphen("disinte", "gration", {}) is HyphenChoice.JOIN
    assert decide_hyphen("pro", "Kremlin", {}) is HyphenChoice.KEEP
    assert decide_hyphen("Soviet", "and", {}) is HyphenChoice.SUSPEND
    assert decide_hyphen("", "gration", {}) is HyphenChoice.KEEP


def test_document_vocabulary_keeps_compounds_and_skips_broken_halves():
    vocabulary = document_vocabulary(
        "The Velmar-based crew met the crew of the Kastrian tug.\nA Velmar-\nbased union"
    )
    assert vocabulary["velmar-based"] == 1  # the unbroken one only
    assert vocabulary["crew"] == 2
    assert "velmarbased" not in vocabulary


# (letter, fragment, joins): a lone capital line followed by a line starting with ``fragment``.
DROP_CAP_CASES = [
    ("I", "raqi", True),
    ("I", "ranian", True),
    ("H", "arbour", True),
    ("T", "he", True),
    ("W", "HEN", True),  # small capitals after the drop cap
    ("A", "lthough", True),
    ("I", "t", True),
    ("O", "n", True),
    ("A", "new", False),  # "A" / "new plan": two words
    ("I", "went", False),
    ("I", "am", False),
    ("I", "Went", False),  # a capitalised word starts on its own
    ("T", "", False),
    ("T", "42", False),
]


@pytest.mark.parametrize("letter, fragment, joins", DROP_CAP_CASES)
def test_joins_drop_cap(letter, fragment, joins):
    assert joins_drop_cap(letter, fragment, {}) is joins


def test_drop_cap_uses_the_documents_words():
    # "A" / "mble" joins because the document spells "amble" elsewhere...
    assert joins_drop_cap("A", "mble", {"amble": 2, "mble": 1})
    # ...and "A" / "new" stays apart when "new" is used elsewhere and "anew" never.
    assert not joins_drop_cap("A", "new", {"new": 3})


INLINE_CASES = [
    ("I", "raqi", True),
    ("I", "n", True),
    ("T", "he", True),
    ("S", "he", True),
    ("W", "hen", True),
    ("A", "new", False),
    ("A", "round", False),  # on one line, "A round" is two words
    ("U", "turn", False),
    ("X", "rays", False),
]


@pytest.mark.parametrize("letter, fragment, joins", INLINE_CASES)
def test_joins_inline_drop_cap(letter, fragment, joins):
    assert joins_inline_drop_cap(letter, fragment, {}) is joins
