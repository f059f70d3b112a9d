"""Text forms for matching: the same words however an outlet typed them.

Outlets differ in typography that says nothing about the words: curly or
straight quotes, dashes, non-breaking spaces, ``U.S.`` or ``US``. Matching
(duplicates, passages, quotes) works on :func:`fold`, which is
*length-preserving*, so an offset found in the folded text is the same
offset in the clean text. :func:`words` gives tokens with their offsets.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_CHAR_FOLDS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200a": " ", "\u3000": " ",
}


def _fold_char(ch: str) -> str:
    folded = _CHAR_FOLDS.get(ch)
    if folded is not None:
        return folded
    lower = ch.lower()
    if len(lower) != 1:
        return ch
    # Strip accents only when that leaves one character ("é" -> "e"), to keep length.
    base = unicodedata.normalize("NFD", lower)[0]
    return base if base.isalpha() and base.isascii() else lower


class _FoldTable(dict[int, str]):
    """Code point -> folded character, filled as characters are first seen (``str.translate`` reads it)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, accent- and typography-folded copy of ``text`` with the same length."""
    return text.translate(_FOLD_TABLE)  # in C, one character at a time: matching folds every word it sees


class Token(NamedTuple):
    """A word of the clean text: its normal form and its ``[start, end)`` offsets."""

    norm: str
    start: int
    end: int


# A word: letters/digits with inner apostrophes (straight or curly), hyphens or dots
# ("al-Maliki", "U.S.", "don't", "don’t"): "can’t" must stay one word as "can't" does.
_WORD = re.compile(r"\w+(?:['\u2019.\-]\w+)*\.?", re.UNICODE)


def normal_word(word: str) -> str:
    """The matching form of one word: folded, with acronym dots and possessive 's dropped.

    ``U.S.`` and ``US`` give ``us``; ``Russia's`` gives ``russia``.
    """
    w = fold(word)
    if w.endswith("'s"):
        w = w[:-2]
    if "." in w:
        w = w.replace(".", "")
    return w


def words(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets; punctuation is not a token."""
    tokens: list[Token] = []
    for m in _WORD.finditer(text):
        raw = m.group()
        end = m.end()
        # A trailing dot is a sentence end unless the word is an acronym ("U.S.").
        if raw.endswith(".") and raw.count(".") == 1:
            raw = raw[:-1]
            end -= 1
        norm = normal_word(raw)
        if norm:
            tokens.append(Token(norm, m.start(), end))
    return tokens
